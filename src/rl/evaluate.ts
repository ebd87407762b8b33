/** @file Greedy evaluation of a policy: returns of whole episodes. */
import type { Env } from './env.js';

/**
 * Runs `episodes` episodes (episode i reset with seed + i) choosing actions with `policy`, and
 * returns each one's undiscounted return. The env should carry its time limit.
 * Stable-Baselines3: `evaluate_policy(model, env, n_eval_episodes, return_episode_rewards=True)`.
 * @example rl.evaluatePolicyReturns(env, (obs) => agent.act(obs), 100, 0) // 100 returns, seeds 0…99
 */
export function evaluatePolicyReturns<O, A>(env: Env<O, A>, policy: (observation: O) => A, episodes: number, seed: number): number[] {
  const returns: number[] = [];
  for (let i = 0; i < episodes; i++) {
    let { observation } = env.reset({ seed: seed + i });
    let total = 0;
    for (;;) {
      const r = env.step(policy(observation));
      total += r.reward;
      observation = r.observation;
      if (r.terminated || r.truncated) break;
    }
    returns.push(total);
  }
  return returns;
}

/**
 * The mean of a list of numbers (NaN for an empty list).
 * PyTorch: none; `numpy.mean(values)`.
 * @example rl.mean(rl.evaluatePolicyReturns(env, policy, 100, 0)) // average return
 */
export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
