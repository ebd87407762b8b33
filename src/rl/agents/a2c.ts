/**
 * @file A2C, synchronous advantage actor-critic (Mnih et al. 2016; SPEC §13.6): N environments
 * in lock-step, n-step bootstrapped returns, one RMSprop step per rollout on
 * −mean(log π(a|s)·A) + c_v·mean((R − V)²) − c_e·mean(H(π)), with global gradient clipping.
 */
import { noGrad } from '../../autograd/grad_mode.js';
import { ValueError } from '../../errors.js';
import type { Sequential } from '../../nn/container.js';
import { Module } from '../../nn/module.js';
import { clipGradNorm_ } from '../../nn/utils/clip_grad.js';
import { RMSprop } from '../../optim/rmsprop.js';
import { tensor } from '../../tensor/creation.js';
import type { Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import type { SyncVectorEnv } from '../vector_env.js';
import { mlp } from '../networks.js';
import { nStepReturns } from '../returns.js';
import { withDefaults } from '../../options.js';

/** A2C's settings; the defaults are Stable-Baselines3's (RL-zoo CartPole-v1 uses them with 8 envs). */
export interface A2cOptions {
  hidden?: readonly number[];
  lr?: number;
  gamma?: number;
  /** Steps per environment per update. */
  nSteps?: number;
  valueCoef?: number;
  entropyCoef?: number;
  maxGradNorm?: number;
  /** RMSprop smoothing and ε (PyTorch semantics: ε added outside the square root). */
  rmsAlpha?: number;
  rmsEps?: number;
}

const SB3_DEFAULTS: Required<A2cOptions> = {
  hidden: [64, 64], lr: 7e-4, gamma: 0.99, nSteps: 5, valueCoef: 0.5, entropyCoef: 0, maxGradNorm: 0.5, rmsAlpha: 0.99, rmsEps: 1e-5,
};

/** Statistics of one update. */
export interface A2cUpdate {
  policyLoss: number;
  valueLoss: number;
  entropy: number;
}

/**
 * Separate policy and value MLPs (tanh, SB3's orthogonal init: gain √2 hidden, 0.01 policy
 * head, 1 value head) trained by A2C.
 * PyTorch: none built in; Stable-Baselines3's `A2C('MlpPolicy', env)`.
 * @example const agent = new A2C(4, 2); agent.collect(vecEnv, 500_000 / 8 / 5, gen);
 */
export class A2C extends Module {
  readonly policyNet: Sequential;
  readonly valueNet: Sequential;
  readonly options: Required<A2cOptions>;
  readonly optimizer: RMSprop;
  declare stepCount: Tensor;

  constructor(readonly observationSize: number, readonly nActions: number, options?: A2cOptions) {
    super();
    this.options = withDefaults('A2C', options, SB3_DEFAULTS);
    const o = this.options;
    if (!Number.isInteger(o.nSteps) || o.nSteps <= 0) throw new ValueError(`A2C: nSteps must be a positive integer, got ${o.nSteps}`);
    this.policyNet = mlp(observationSize, o.hidden, nActions, { activation: 'tanh', orthogonal: { hiddenGain: Math.SQRT2, outputGain: 0.01 } });
    this.valueNet = mlp(observationSize, o.hidden, 1, { activation: 'tanh', orthogonal: { hiddenGain: Math.SQRT2, outputGain: 1 } });
    this.registerBuffer('stepCount', tensor([0], { dtype: 'int32' }));
    this.optimizer = new RMSprop(this.parameters(), { lr: o.lr, alpha: o.rmsAlpha, eps: o.rmsEps });
  }

  /** Environment steps taken so far (all envs together). */
  get steps(): number {
    return this.stepCount.contiguousData()[0]!;
  }

  /** The most probable action. */
  greedy(observation: readonly number[]): number {
    return noGrad(() => this.policyNet.forward(tensor([...observation]).unsqueeze(0)).argmax(1).item() as number);
  }

  /** V(s) for a batch of observations, without recording. */
  private values(observations: readonly (readonly number[])[]): number[] {
    return noGrad(() => [...this.valueNet.forward(tensor(observations.map((o) => [...o]))).reshape([-1]).dataSync()]);
  }

  /** One action per observation, drawn from π(·|s). */
  private sample(observations: readonly (readonly number[])[], generator: Generator): number[] {
    const probs = noGrad(() => this.policyNet.forward(tensor(observations.map((o) => [...o]))).softmax(1).dataSync());
    return observations.map((_, i) => {
      let u = generator.random();
      for (let a = 0; a < this.nActions - 1; a++) {
        u -= probs[i * this.nActions + a]!;
        if (u < 0) return a;
      }
      return this.nActions - 1;
    });
  }

  /**
   * Runs `updates` rollouts of nSteps on every env of `envs` (continuing from `observations`,
   * or fresh episodes), one update each. A truncated episode's last reward gets γV(final
   * observation) added, as Stable-Baselines3 does. Returns the finished episodes' returns, the
   * last update's statistics and the observations to continue from.
   */
  collect(envs: SyncVectorEnv<number[], number>, updates: number, generator: Generator, observations: number[][]): { returns: number[]; last: A2cUpdate | null; observations: number[][] } {
    const { nSteps, gamma } = this.options;
    const n = envs.numEnvs;
    const finished: number[] = [];
    const running = new Array<number>(n).fill(0);
    let obs = observations;
    let last: A2cUpdate | null = null;
    for (let u = 0; u < updates; u++) {
      const batchObs: number[][] = [];
      const actions: number[] = [];
      const rewards: number[][] = Array.from({ length: n }, () => []);
      const dones: boolean[][] = Array.from({ length: n }, () => []);
      for (let t = 0; t < nSteps; t++) {
        const a = this.sample(obs, generator);
        const r = envs.step(a);
        const cut = r.truncated.map((t, i) => t && !r.terminated[i]);
        const cutValues = cut.some(Boolean) ? this.values(r.infos.filter((_, i) => cut[i]).map((info) => info.finalObservation as number[])) : [];
        let next = 0;
        for (let i = 0; i < n; i++) {
          let reward = r.rewards[i]!;
          if (cut[i]) reward += gamma * cutValues[next++]!;
          rewards[i]!.push(reward);
          dones[i]!.push(r.terminated[i]! || r.truncated[i]!);
          running[i]! += r.rewards[i]!;
          if (r.terminated[i] || r.truncated[i]) {
            finished.push(running[i]!);
            running[i] = 0;
          }
        }
        batchObs.push(...obs);
        actions.push(...a);
        obs = r.observations;
      }
      const bootstrap = this.values(obs);
      // Rollout rows are time-major ([t][env]); returns are computed per env, then laid out the same way.
      const perEnv = rewards.map((rs, i) => nStepReturns(rs, dones[i]!, bootstrap[i]!, gamma));
      const returns = Array.from({ length: nSteps * n }, (_, k) => perEnv[k % n]![Math.floor(k / n)]!);
      last = this.update(batchObs, actions, returns);
      this.stepCount.contiguousData()[0] = this.steps + nSteps * n;
    }
    return { returns: finished, last, observations: obs };
  }

  /** One gradient step on a rollout batch. */
  update(observations: number[][], actions: number[], returns: number[]): A2cUpdate {
    const o = this.options;
    const x = tensor(observations);
    const logProbs = this.policyNet.forward(x).logSoftmax(1);
    const values = this.valueNet.forward(x).reshape([-1]);
    const target = tensor(returns);
    const advantage = target.sub(values).detach();
    const taken = logProbs.gather(1, Tensor.fromData(Int32Array.from(actions), [actions.length, 1])).reshape([-1]);
    const policyLoss = taken.mul(advantage).mean().neg();
    const valueLoss = target.sub(values).square().mean();
    const entropy = logProbs.exp().mul(logProbs).sum(1).mean().neg();
    const loss = policyLoss.add(valueLoss.mul(o.valueCoef)).sub(entropy.mul(o.entropyCoef));
    this.optimizer.zeroGrad();
    loss.backward();
    clipGradNorm_(this.parameters(), o.maxGradNorm);
    this.optimizer.step();
    return { policyLoss: policyLoss.item() as number, valueLoss: valueLoss.item() as number, entropy: entropy.item() as number };
  }

  forward(x: Tensor): Tensor {
    return this.policyNet.forward(x);
  }
}
