/** @file CartPole-v1 with Gymnasium's exact dynamics (SPEC §13.7). */
import { ValueError } from '../../errors.js';
import { Box, Discrete } from '../spaces.js';
import { EnvRandom, type Env, type ResetResult, type StepResult } from '../env.js';

const GRAVITY = 9.8;
const MASS_POLE = 0.1;
const TOTAL_MASS = 1.1;
const HALF_LENGTH = 0.5;
const POLE_MASS_LENGTH = MASS_POLE * HALF_LENGTH;
const FORCE = 10;
const TAU = 0.02;
const X_LIMIT = 2.4;
const THETA_LIMIT = (12 * 2 * Math.PI) / 360;

/**
 * Balance a pole on a cart by pushing it left (0) or right (1); +1 per step, including the
 * step that ends the episode by |x| > 2.4 or |θ| > 12°. The state is float64 (explicit Euler,
 * positions from the old velocities); observations [x, ẋ, θ, θ̇] are rounded to float32.
 * CartPole-v1 truncates at 500 steps: wrap it in TimeLimit(env, 500).
 * Gymnasium: `gymnasium.make('CartPole-v1')`.
 * @example const { observation } = new rl.CartPole().reset({ seed: 0 }) // [x, ẋ, θ, θ̇]
 */
export class CartPole implements Env<number[], number> {
  readonly observationSpace = new Box([-4.8, -Infinity, -0.41887903, -Infinity], [4.8, Infinity, 0.41887903, Infinity]);
  readonly actionSpace = new Discrete(2);
  /** [x, ẋ, θ, θ̇], the float64 state. */
  state: number[] = [];
  private readonly random = new EnvRandom();

  reset({ seed }: { seed?: number } = {}): ResetResult<number[]> {
    const g = this.random.forReset(seed);
    this.state = Array.from({ length: 4 }, () => -0.05 + 0.1 * g.random());
    return { observation: this.observation(), info: {} };
  }

  /** Applies a push left (0) or right (1) and integrates the physics one step (Gymnasium's CartPole-v1). */
  step(action: number): StepResult<number[]> {
    if (this.state.length === 0) throw new ValueError('CartPole: call reset() before step()');
    if (action !== 0 && action !== 1) throw new ValueError(`CartPole: action must be 0 or 1, got ${action}`);
    const [x, xDot, theta, thetaDot] = this.state as [number, number, number, number];
    const force = action === 1 ? FORCE : -FORCE;
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
    const thetaAcc = (GRAVITY * sin - cos * temp) / (HALF_LENGTH * (4 / 3 - (MASS_POLE * cos * cos) / TOTAL_MASS));
    const xAcc = temp - (POLE_MASS_LENGTH * thetaAcc * cos) / TOTAL_MASS;
    this.state = [x + TAU * xDot, xDot + TAU * xAcc, theta + TAU * thetaDot, thetaDot + TAU * thetaAcc];
    const [nx, , nTheta] = this.state as [number, number, number, number];
    const terminated = nx < -X_LIMIT || nx > X_LIMIT || nTheta < -THETA_LIMIT || nTheta > THETA_LIMIT;
    return { observation: this.observation(), reward: 1, terminated, truncated: false, info: {} };
  }

  private observation(): number[] {
    return this.state.map(Math.fround);
  }
}
