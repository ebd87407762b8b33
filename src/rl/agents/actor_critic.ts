/**
 * @file One-step actor-critic with neural networks (Sutton & Barto §13.5): after every step the
 * critic moves V(s) towards r + γV(s') and the actor follows δ·∇log π(a|s).
 */
import { noGrad } from '../../autograd/grad_mode.js';
import type { Sequential } from '../../nn/container.js';
import { Module } from '../../nn/module.js';
import { Adam } from '../../optim/adam.js';
import { tensor } from '../../tensor/creation.js';
import type { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Env } from '../env.js';
import { mlp } from '../networks.js';
import { checkOptions } from '../../options.js';

/** Options of `ActorCritic` (PyTorch's keyword arguments, where it has them). */
export interface ActorCriticOptions {
  hidden?: readonly number[];
  actorLr?: number;
  criticLr?: number;
  gamma?: number;
}

/**
 * δ = r + γ(1 − terminated)·V(s') − V(s);  critic loss δ²;  actor loss −δ·log π(a|s) (δ held
 * fixed), each network with its own learning rate.
 * PyTorch: none built in; pytorch/examples' `reinforcement_learning/actor_critic.py` (one-step form).
 * @example const ac = new ActorCritic(4, 2); for (let e = 0; e < 1000; e++) ac.trainEpisode(env, gen);
 */
export class ActorCritic extends Module {
  readonly policyNet: Sequential;
  readonly valueNet: Sequential;
  /** One Adam over both networks, with the actor's and the critic's learning rates as two groups. */
  readonly optimizer: Adam;
  readonly gamma: number;

  constructor(readonly observationSize: number, readonly nActions: number, options?: ActorCriticOptions) {
    super();
    const { hidden = [128], actorLr = 1e-3, criticLr = 5e-3, gamma = 0.99 } = checkOptions<ActorCriticOptions>('ActorCritic', options, { hidden: true, actorLr: true, criticLr: true, gamma: true });
    this.policyNet = mlp(observationSize, hidden, nActions);
    this.valueNet = mlp(observationSize, hidden, 1);
    this.optimizer = new Adam([{ params: this.policyNet.parameters(), lr: actorLr }, { params: this.valueNet.parameters(), lr: criticLr }]);
    this.gamma = gamma;
  }

  /** The most probable action. */
  greedy(observation: readonly number[]): number {
    return noGrad(() => this.policyNet.forward(tensor([...observation]).unsqueeze(0)).argmax(1).item() as number);
  }

  /** Runs one episode, updating after every step; returns its undiscounted return. */
  trainEpisode(env: Env<number[], number>, generator: Generator, seed?: number): number {
    let { observation } = env.reset({ seed });
    let total = 0;
    for (;;) {
      const x = tensor([observation]);
      const logProbs = this.policyNet.forward(x).logSoftmax(1);
      const probs = logProbs.exp().dataSync();
      let u = generator.random();
      let action = this.nActions - 1;
      for (let a = 0; a < this.nActions - 1; a++) {
        u -= probs[a]!;
        if (u < 0) {
          action = a;
          break;
        }
      }
      const r = env.step(action);
      const next = r.terminated ? 0 : noGrad(() => this.valueNet.forward(tensor([r.observation])).item() as number);
      const value = this.valueNet.forward(x).reshape([]);
      const delta = value.neg().add(r.reward + this.gamma * next);
      const advantage = delta.item() as number;
      // The two losses touch disjoint networks, so one backward and one step update both.
      this.optimizer.zeroGrad();
      delta.square().add(logProbs.select(1, action).sum().mul(-advantage)).backward();
      this.optimizer.step();
      total += r.reward;
      observation = r.observation;
      if (r.terminated || r.truncated) return total;
    }
  }

  forward(x: Tensor): Tensor {
    return this.policyNet.forward(x);
  }
}
