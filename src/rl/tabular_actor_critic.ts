/**
 * @file Tabular one-step actor-critic (Sutton & Barto §13.5; SPEC §13.4): a softmax policy table
 * θ[s, a] as the actor, state values V[s] as the critic, and the TD error as the advantage.
 */
import { ValueError } from '../errors.js';
import { Module } from '../nn/module.js';
import { zeros } from '../tensor/creation.js';
import type { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Env } from './env.js';
import { checkOptions } from '../options.js';

/** Options of `TabularActorCritic` (PyTorch's keyword arguments, where it has them). */
export interface TabularActorCriticOptions {
  gamma?: number;
  /** Critic step size α_w (default 0.1). */
  criticLr?: number;
  /** Actor step size α_θ (default 0.1). */
  actorLr?: number;
  /** Scale the actor step by I = γ^t within the episode (the textbook form; default false, I = 1). */
  discountActor?: boolean;
}

/**
 * δ = r + γ(1 − terminated)V[s'] − V[s];  V[s] += α_w δ;  θ[s, b] += α_θ I δ (1[b = a] − π(b|s)).
 * The tables are float64 buffers, so `stateDict()` (and a recipe's checkpoint) holds them.
 * PyTorch: none; Sutton & Barto §13.5 (one-step actor-critic) with tabular softmax preferences.
 * @example const ac = new TabularActorCritic(16, 4); ac.trainEpisode(new TimeLimit(new FrozenLake(), 100), gen);
 */
export class TabularActorCritic extends Module {
  declare preferences: Tensor;
  declare stateValues: Tensor;
  readonly gamma: number;
  readonly criticLr: number;
  readonly actorLr: number;

  private readonly options: TabularActorCriticOptions;

  constructor(readonly nStates: number, readonly nActions: number, options?: TabularActorCriticOptions) {
    super();
    this.options = checkOptions<TabularActorCriticOptions>('TabularActorCritic', options, { gamma: true, criticLr: true, actorLr: true, discountActor: true });
    if (!Number.isInteger(nStates) || nStates <= 0 || !Number.isInteger(nActions) || nActions <= 0) {
      throw new ValueError(`TabularActorCritic: state and action counts must be positive integers, got ${nStates} and ${nActions}`);
    }
    this.registerBuffer('preferences', zeros([nStates, nActions], { dtype: 'float64' }));
    this.registerBuffer('stateValues', zeros([nStates], { dtype: 'float64' }));
    this.gamma = this.options.gamma ?? 0.99;
    this.criticLr = this.options.criticLr ?? 0.1;
    this.actorLr = this.options.actorLr ?? 0.1;
  }

  /** θ[s, a], row-major (a live view of the buffer). */
  get theta(): Float64Array {
    return this.preferences.contiguousData() as Float64Array;
  }

  /** V[s] (a live view of the buffer). */
  get values(): Float64Array {
    return this.stateValues.contiguousData() as Float64Array;
  }

  forward(): never {
    throw new ValueError('TabularActorCritic: use policy(), greedy() and update()');
  }

  /** π(·|s) = softmax(θ[s, ·]). */
  policy(s: number): number[] {
    const row = Array.from(this.theta.subarray(s * this.nActions, (s + 1) * this.nActions));
    const max = Math.max(...row);
    const e = row.map((t) => Math.exp(t - max));
    const z = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / z);
  }

  /** An action drawn from π(·|s). */
  sample(s: number, generator: Generator): number {
    const p = this.policy(s);
    let u = generator.random();
    for (let a = 0; a < p.length - 1; a++) {
      if (u < p[a]!) return a;
      u -= p[a]!;
    }
    return p.length - 1;
  }

  /** The most probable action (the lowest index on ties). */
  greedy(s: number): number {
    const p = this.policy(s);
    return p.indexOf(Math.max(...p));
  }

  /** One update from the transition (s, a, r, s'); returns δ. */
  update(s: number, a: number, reward: number, next: number, terminated: boolean, scale = 1): number {
    const values = this.values;
    const theta = this.theta;
    const delta = reward + (terminated ? 0 : this.gamma * values[next]!) - values[s]!;
    // The actor uses δ and π from before this step's updates.
    const p = this.policy(s);
    values[s]! += this.criticLr * delta;
    for (let b = 0; b < this.nActions; b++) theta[s * this.nActions + b]! += this.actorLr * scale * delta * ((b === a ? 1 : 0) - p[b]!);
    return delta;
  }

  /** Runs one episode, learning online; returns its undiscounted return. */
  trainEpisode(env: Env<number, number>, generator: Generator, seed?: number): number {
    let s = env.reset({ seed }).observation;
    let total = 0;
    let scale = 1;
    for (;;) {
      const a = this.sample(s, generator);
      const r = env.step(a);
      this.update(s, a, r.reward, r.observation, r.terminated, scale);
      if (this.options.discountActor) scale *= this.gamma;
      total += r.reward;
      s = r.observation;
      if (r.terminated || r.truncated) return total;
    }
  }
}
