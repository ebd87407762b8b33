/** @file Environment wrappers: TimeLimit (truncation) and RecordEpisodeStatistics. */
import { ValueError } from '../errors.js';
import type { Env, ResetResult, StepResult } from './env.js';

/** Forwards everything to an inner environment; wrappers override what they change. */
abstract class Wrapper<O, A> implements Env<O, A> {
  constructor(readonly env: Env<O, A>) {}

  get observationSpace(): Env<O, A>['observationSpace'] {
    return this.env.observationSpace;
  }

  get actionSpace(): Env<O, A>['actionSpace'] {
    return this.env.actionSpace;
  }

  reset(options?: { seed?: number }): ResetResult<O> {
    return this.env.reset(options);
  }

  step(action: A): StepResult<O> {
    return this.env.step(action);
  }
}

/**
 * Ends episodes after `maxEpisodeSteps` steps with `truncated: true` (not `terminated`: the last
 * state still has a value to bootstrap from). Gymnasium: `gymnasium.wrappers.TimeLimit`.
 * @example new rl.TimeLimit(new rl.CartPole(), 500) // truncated after 500 steps
 */
export class TimeLimit<O, A> extends Wrapper<O, A> {
  private elapsed = 0;

  constructor(env: Env<O, A>, readonly maxEpisodeSteps: number) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps <= 0) throw new ValueError(`TimeLimit: maxEpisodeSteps must be a positive integer, got ${maxEpisodeSteps}`);
  }

  /** Resets the episode and its step count. */
  override reset(options?: { seed?: number }): ResetResult<O> {
    this.elapsed = 0;
    return this.env.reset(options);
  }

  /** Steps the environment; the episode is truncated when it reaches the limit. */
  override step(action: A): StepResult<O> {
    const r = this.env.step(action);
    this.elapsed++;
    return this.elapsed >= this.maxEpisodeSteps && !r.terminated ? { ...r, truncated: true } : r;
  }
}

/** The return and length of a finished episode. */
export interface EpisodeStatistics {
  return: number;
  length: number;
}

/**
 * Adds `info.episode = { return, length }` on the step that ends each episode and keeps the
 * finished episodes in `episodes`. Gymnasium: `gymnasium.wrappers.RecordEpisodeStatistics`.
 * @example const env = new rl.RecordEpisodeStatistics(new rl.CartPole()); … env.episodes.at(-1)?.return
 */
export class RecordEpisodeStatistics<O, A> extends Wrapper<O, A> {
  readonly episodes: EpisodeStatistics[] = [];
  private total = 0;
  private length = 0;

  /** Resets the environment and the running return and length. */
  override reset(options?: { seed?: number }): ResetResult<O> {
    this.total = 0;
    this.length = 0;
    return this.env.reset(options);
  }

  /** Steps the environment; at an episode's end `info.episode` holds its return and length. */
  override step(action: A): StepResult<O> {
    const r = this.env.step(action);
    this.total += r.reward;
    this.length++;
    if (!r.terminated && !r.truncated) return r;
    const episode = { return: this.total, length: this.length };
    this.episodes.push(episode);
    return { ...r, info: { ...r.info, episode } };
  }
}
