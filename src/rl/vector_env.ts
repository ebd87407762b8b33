/**
 * @file A synchronous vector environment: N copies stepped in lock-step, each reset as soon as
 * its episode ends (the final observation goes to `infos[i].finalObservation`, as
 * Stable-Baselines3's VecEnv does, so a truncated episode can still bootstrap from it).
 */
import { ValueError } from '../errors.js';
import type { Env, Info } from './env.js';

/** What `SyncVectorEnv.step` returns: one entry per environment. */
export interface VectorStep<O> {
  observations: O[];
  rewards: number[];
  terminated: boolean[];
  truncated: boolean[];
  infos: Info[];
}

/**
 * Steps `envs` together.
 * Gymnasium: `gymnasium.vector.SyncVectorEnv` (with same-step auto-reset).
 * @example new SyncVectorEnv(Array.from({ length: 8 }, () => new TimeLimit(new CartPole(), 500)))
 */
export class SyncVectorEnv<O, A> {
  constructor(readonly envs: readonly Env<O, A>[]) {
    if (envs.length === 0) throw new ValueError('SyncVectorEnv: needs at least one environment');
  }

  get numEnvs(): number {
    return this.envs.length;
  }

  /** Resets every copy; copy i gets seed + i when a seed is given. */
  reset({ seed }: { seed?: number } = {}): O[] {
    return this.envs.map((e, i) => e.reset({ seed: seed === undefined ? undefined : seed + i }).observation);
  }

  /** Steps every environment with its action; finished ones reset themselves (their last observation is in the info). */
  step(actions: readonly A[]): VectorStep<O> {
    if (actions.length !== this.envs.length) throw new ValueError(`SyncVectorEnv: expected ${this.envs.length} actions, got ${actions.length}`);
    const out: VectorStep<O> = { observations: [], rewards: [], terminated: [], truncated: [], infos: [] };
    this.envs.forEach((env, i) => {
      const r = env.step(actions[i]!);
      let { observation, info } = r;
      if (r.terminated || r.truncated) {
        info = { ...info, finalObservation: observation };
        observation = env.reset().observation;
      }
      out.observations.push(observation);
      out.rewards.push(r.reward);
      out.terminated.push(r.terminated);
      out.truncated.push(r.truncated);
      out.infos.push(info);
    });
    return out;
  }
}
