/**
 * @file DQN (Mnih et al. 2015) and Double DQN (van Hasselt et al. 2016), SPEC §13.5: a Q-network
 * fitted to bootstrapped targets from a target network, on minibatches from experience replay,
 * acting ε-greedily with a linearly decaying ε.
 */
import { noGrad } from '../../autograd/grad_mode.js';
import { ValueError } from '../../errors.js';
import type { Sequential } from '../../nn/container.js';
import { smoothL1Loss } from '../../nn/functional/loss.js';
import { Module } from '../../nn/module.js';
import { clipGradNorm_ } from '../../nn/utils/clip_grad.js';
import { Adam } from '../../optim/adam.js';
import { tensor } from '../../tensor/creation.js';
import type { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Env } from '../env.js';
import { mlp } from '../networks.js';
import { ReplayBuffer, type ReplayBatch } from '../replay_buffer.js';
import { linearSchedule } from '../returns.js';
import { withDefaults } from '../../options.js';

/** DQN's settings; the defaults are RL-zoo's CartPole-v1 configuration. */
export interface DqnOptions {
  hidden?: readonly number[];
  lr?: number;
  gamma?: number;
  batchSize?: number;
  bufferSize?: number;
  /** Environment steps before training starts. */
  learningStarts?: number;
  /** Train every this many environment steps … */
  trainFreq?: number;
  /** … with this many gradient steps. */
  gradientSteps?: number;
  /** Update the target network every this many environment steps. */
  targetUpdateInterval?: number;
  /** Target update θ⁻ ← τθ + (1 − τ)θ⁻ (1 = hard copy). */
  tau?: number;
  /** ε decays from `explorationInitialEps` to `explorationFinalEps` over this fraction of `totalSteps`. */
  explorationFraction?: number;
  explorationInitialEps?: number;
  explorationFinalEps?: number;
  /** Total environment steps planned (sets the ε schedule). */
  totalSteps?: number;
  maxGradNorm?: number;
  /** Double DQN targets: the online net picks a', the target net rates it. */
  double?: boolean;
}

const ZOO_CARTPOLE: Required<DqnOptions> = {
  hidden: [256, 256], lr: 2.3e-3, gamma: 0.99, batchSize: 64, bufferSize: 100_000, learningStarts: 1000, trainFreq: 256,
  gradientSteps: 128, targetUpdateInterval: 10, tau: 1, explorationFraction: 0.16, explorationInitialEps: 1,
  explorationFinalEps: 0.04, totalSteps: 50_000, maxGradNorm: 10, double: false,
};

/**
 * A DQN agent: `qNet`, `targetNet` and its replay buffer are children, so `stateDict()` (and a
 * recipe's checkpoint) holds all of them; `steps` counts environment steps.
 * PyTorch: none built in; the PyTorch DQN tutorial and Stable-Baselines3's `DQN`.
 * @example const agent = new DQN(4, 2); agent.collect(new TimeLimit(new CartPole(), 500), 50_000, gen, 0);
 */
export class DQN extends Module {
  readonly qNet: Sequential;
  readonly targetNet: Sequential;
  readonly replay: ReplayBuffer;
  declare stepCount: Tensor;
  readonly options: Required<DqnOptions>;
  readonly optimizer: Adam;
  private readonly epsilon: (t: number) => number;

  constructor(readonly observationSize: number, readonly nActions: number, options?: DqnOptions) {
    super();
    this.options = withDefaults('DQN', options, ZOO_CARTPOLE);
    const o = this.options;
    if (!(o.gamma >= 0 && o.gamma <= 1) || !(o.tau > 0 && o.tau <= 1)) throw new ValueError(`DQN: gamma must be in [0, 1] and tau in (0, 1], got ${o.gamma} and ${o.tau}`);
    this.qNet = mlp(observationSize, o.hidden, nActions);
    this.targetNet = mlp(observationSize, o.hidden, nActions);
    this.targetNet.loadStateDict(this.qNet.stateDict());
    this.replay = new ReplayBuffer(o.bufferSize, observationSize);
    this.registerBuffer('stepCount', tensor([0], { dtype: 'int32' }));
    this.optimizer = new Adam(this.qNet.parameters(), { lr: o.lr });
    this.epsilon = linearSchedule(o.explorationInitialEps, o.explorationFinalEps, o.explorationFraction * o.totalSteps);
  }

  /** Environment steps taken so far. */
  get steps(): number {
    return this.stepCount.contiguousData()[0]!;
  }

  /** argmax_a Q(s, a). */
  greedy(observation: readonly number[]): number {
    return noGrad(() => this.qNet.forward(tensor([...observation]).unsqueeze(0)).argmax(1).item() as number);
  }

  /** ε-greedy with the current ε. */
  act(observation: readonly number[], generator: Generator): number {
    return generator.random() < this.epsilon(this.steps) ? generator.integer(0, this.nActions) : this.greedy(observation);
  }

  /** y = r + γ(1 − terminated)·Q⁻(s', a'), a' = argmax Q⁻ (or argmax Q with Double DQN). */
  targets(batch: ReplayBatch): Tensor {
    return noGrad(() => {
      const next = this.targetNet.forward(batch.nextObservations);
      const best = this.options.double
        ? next.gather(1, this.qNet.forward(batch.nextObservations).argmax(1, true)).squeeze(1)
        : next.amax(1);
      return batch.rewards.add(batch.terminated.neg().add(1).mul(best).mul(this.options.gamma));
    });
  }

  /** One gradient step of the Huber loss on a replayed minibatch; returns the loss. */
  trainStep(batch: ReplayBatch): number {
    const y = this.targets(batch);
    const q = this.qNet.forward(batch.observations).gather(1, batch.actions.unsqueeze(1)).squeeze(1);
    const loss = smoothL1Loss(q, y);
    this.optimizer.zeroGrad();
    loss.backward();
    clipGradNorm_(this.qNet.parameters(), this.options.maxGradNorm);
    this.optimizer.step();
    return loss.item() as number;
  }

  /** θ⁻ ← τθ + (1 − τ)θ⁻. */
  updateTarget(): void {
    const online = [...this.qNet.parameters()];
    noGrad(() => [...this.targetNet.parameters()].forEach((p, i) => p.mul_(1 - this.options.tau).add_(online[i]!.mul(this.options.tau))));
  }

  /**
   * Takes `steps` environment steps from a fresh episode (reset with `seed`), storing every
   * transition and training on the schedule; returns the returns of the episodes it finished.
   */
  collect(env: Env<number[], number>, steps: number, generator: Generator, seed: number): number[] {
    const o = this.options;
    const finished: number[] = [];
    let { observation } = env.reset({ seed });
    let total = 0;
    for (let i = 0; i < steps; i++) {
      const action = this.act(observation, generator);
      const r = env.step(action);
      this.replay.add(observation, action, r.reward, r.observation, r.terminated);
      total += r.reward;
      observation = r.observation;
      if (r.terminated || r.truncated) {
        finished.push(total);
        total = 0;
        observation = env.reset().observation;
      }
      const t = this.steps + 1;
      this.stepCount.contiguousData()[0] = t;
      if (t > o.learningStarts && t % o.trainFreq === 0) {
        for (let g = 0; g < o.gradientSteps; g++) this.trainStep(this.replay.sample(o.batchSize, generator));
      }
      if (t % o.targetUpdateInterval === 0) this.updateTarget();
    }
    return finished;
  }

  forward(x: Tensor): Tensor {
    return this.qNet.forward(x);
  }
}
