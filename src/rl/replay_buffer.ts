/**
 * @file Experience replay (SPEC §13.5): a ring buffer of (s, a, r, s', terminated) sampled
 * uniformly with replacement. It is a Module whose storage is buffers, so a run's checkpoint
 * keeps it and a resumed DQN continues with the same memory.
 */
import { ValueError } from '../errors.js';
import { Module } from '../nn/module.js';
import { tensor, zeros } from '../tensor/creation.js';
import type { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';

/** A sampled minibatch: observations [B, D], actions [B] (int32), rewards, next observations, terminated (0/1). */
export interface ReplayBatch {
  observations: Tensor;
  actions: Tensor;
  rewards: Tensor;
  nextObservations: Tensor;
  terminated: Tensor;
}

/**
 * Stores up to `capacity` transitions of `observationSize`-dim observations, overwriting the oldest.
 * Stable-Baselines3: `ReplayBuffer(buffer_size, …)`; the PyTorch DQN tutorial's `ReplayMemory`.
 * @example const buffer = new rl.ReplayBuffer(50_000, 4); buffer.add(obs, action, reward, nextObs, terminated)
 */
export class ReplayBuffer extends Module {
  declare observations: Tensor;
  declare actions: Tensor;
  declare rewards: Tensor;
  declare nextObservations: Tensor;
  declare terminated: Tensor;
  /** [next write position, filled size]. */
  declare cursor: Tensor;

  constructor(readonly capacity: number, readonly observationSize: number) {
    super();
    if (!Number.isInteger(capacity) || capacity <= 0) throw new ValueError(`ReplayBuffer: capacity must be a positive integer, got ${capacity}`);
    this.registerBuffer('observations', zeros([capacity, observationSize]));
    this.registerBuffer('actions', zeros([capacity], { dtype: 'int32' }));
    this.registerBuffer('rewards', zeros([capacity]));
    this.registerBuffer('nextObservations', zeros([capacity, observationSize]));
    this.registerBuffer('terminated', zeros([capacity]));
    this.registerBuffer('cursor', tensor([0, 0], { dtype: 'int32' }));
  }

  /** Transitions stored so far (at most `capacity`). */
  get size(): number {
    return this.cursor.contiguousData()[1]!;
  }

  /** Stores one transition; `terminated` must be false for time-limit truncations (they bootstrap). */
  add(observation: readonly number[], action: number, reward: number, nextObservation: readonly number[], terminated: boolean): void {
    if (observation.length !== this.observationSize || nextObservation.length !== this.observationSize) {
      throw new ValueError(`ReplayBuffer: observations must have ${this.observationSize} values, got ${observation.length} and ${nextObservation.length}`);
    }
    const cursor = this.cursor.contiguousData();
    const i = cursor[0]!;
    this.observations.contiguousData().set(observation, i * this.observationSize);
    this.nextObservations.contiguousData().set(nextObservation, i * this.observationSize);
    this.actions.contiguousData()[i] = action;
    this.rewards.contiguousData()[i] = reward;
    this.terminated.contiguousData()[i] = terminated ? 1 : 0;
    cursor[0] = (i + 1) % this.capacity;
    cursor[1] = Math.min(cursor[1]! + 1, this.capacity);
  }

  /** `batchSize` transitions drawn uniformly (with replacement) from the filled part. */
  sample(batchSize: number, generator: Generator): ReplayBatch {
    const size = this.size;
    if (size === 0) throw new ValueError('ReplayBuffer: cannot sample from an empty buffer');
    const index = Tensor.fromData(Int32Array.from({ length: batchSize }, () => generator.integer(0, size)), [batchSize]);
    return {
      observations: this.observations.index(index),
      actions: this.actions.index(index),
      rewards: this.rewards.index(index),
      nextObservations: this.nextObservations.index(index),
      terminated: this.terminated.index(index),
    };
  }

  forward(): never {
    throw new ValueError('ReplayBuffer: a buffer is not called; use add() and sample()');
  }
}
