/** @file MountainCar-v0 with Gymnasium's dynamics (SPEC §13.8). */
import { ValueError } from '../../errors.js';
import { Box, Discrete } from '../spaces.js';
import { EnvRandom, type Env, type ResetResult, type StepResult } from '../env.js';

/**
 * Drive an underpowered car up the right hill: actions 0 push left, 1 none, 2 push right;
 * −1 per step; terminated at x ≥ 0.5 with v ≥ 0. Observations [x, v] rounded to float32.
 * MountainCar-v0 truncates at 200 steps: wrap it in TimeLimit(env, 200).
 * Gymnasium: `gymnasium.make('MountainCar-v0')`.
 * @example new rl.TimeLimit(new rl.MountainCar(), 200)
 */
export class MountainCar implements Env<number[], number> {
  readonly observationSpace = new Box([-1.2, -0.07], [0.6, 0.07]);
  readonly actionSpace = new Discrete(3);
  /** [position, velocity]. */
  state: number[] = [];
  private readonly random = new EnvRandom();

  reset({ seed }: { seed?: number } = {}): ResetResult<number[]> {
    const g = this.random.forReset(seed);
    this.state = [-0.6 + 0.2 * g.random(), 0];
    return { observation: this.state.map(Math.fround), info: {} };
  }

  /** Pushes left (0), not at all (1) or right (2) for one step (Gymnasium's MountainCar-v0). */
  step(action: number): StepResult<number[]> {
    if (this.state.length === 0) throw new ValueError('MountainCar: call reset() before step()');
    if (!this.actionSpace.contains(action)) throw new ValueError(`MountainCar: action must be 0, 1 or 2, got ${action}`);
    let [x, v] = this.state as [number, number];
    v = Math.min(Math.max(v + (action - 1) * 0.001 - 0.0025 * Math.cos(3 * x), -0.07), 0.07);
    x = Math.min(Math.max(x + v, -1.2), 0.6);
    if (x === -1.2 && v < 0) v = 0;
    this.state = [x, v];
    return { observation: this.state.map(Math.fround), reward: -1, terminated: x >= 0.5 && v >= 0, truncated: false, info: {} };
  }
}
