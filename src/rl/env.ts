/**
 * @file The environment interface, Gymnasium style: `reset({ seed })` and `step(action)` with
 * separate `terminated` (a terminal state: do not bootstrap) and `truncated` (a time limit: do).
 */
import { Generator } from '../tensor/random.js';
import type { Space } from './spaces.js';

/** Extra information an environment returns with a step (Gymnasium's `info`). */
export type Info = Record<string, unknown>;

/** What `reset` returns: the first observation and info. */
export interface ResetResult<O> {
  observation: O;
  info: Info;
}

/** What `step` returns: observation, reward, terminated, truncated and info (Gymnasium's API). */
export interface StepResult<O> {
  observation: O;
  reward: number;
  /** The episode reached a terminal state (its value is 0). */
  terminated: boolean;
  /** The episode was cut short (e.g. a time limit); the state still has a value. */
  truncated: boolean;
  info: Info;
}

/**
 * An environment with observations `O` and actions `A`.
 * Gymnasium: `gymnasium.Env` (reset → (obs, info), step → (obs, reward, terminated, truncated, info)).
 */
export interface Env<O = number | number[], A = number> {
  readonly observationSpace: Space;
  readonly actionSpace: Space;
  /** Starts an episode; a seed restarts the environment's random stream. */
  reset(options?: { seed?: number }): ResetResult<O>;
  step(action: A): StepResult<O>;
}

/**
 * The random stream of an environment: reseeded by `reset({ seed })`, else continued.
 * Gymnasium: `self.np_random`, reseeded by `super().reset(seed=seed)`.
 * @example const generator = this.random.forReset(options?.seed) // in an Env's reset
 */
export class EnvRandom {
  private generator = new Generator(0);

  /** The generator for this episode (a fresh stream when a seed is given). */
  forReset(seed?: number): Generator {
    if (seed !== undefined) this.generator = new Generator(seed);
    return this.generator;
  }

  get current(): Generator {
    return this.generator;
  }
}
