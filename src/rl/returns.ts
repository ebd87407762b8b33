/** @file Bootstrapped returns for actor-critic methods (SPEC §13.6). */

/**
 * n-step returns of one rollout, backwards: R_k = r_k + γ(1 − done_k)R_{k+1} with R_n the
 * bootstrap value V(s_n). `dones[k]` is true when the episode terminated at step k (the return
 * then restarts from that step's reward alone).
 * Stable-Baselines3: `RolloutBuffer.compute_returns_and_advantage` with λ = 1.
 * @example nStepReturns([1, 1, 1, 1, 1], [false, false, true, false, false], 10, 0.99) // [2.9701, 1.99, 1, 11.791, 10.9]
 */
export function nStepReturns(rewards: readonly number[], dones: readonly boolean[], bootstrap: number, gamma: number): number[] {
  const out = new Array<number>(rewards.length);
  let next = bootstrap;
  for (let k = rewards.length - 1; k >= 0; k--) {
    next = rewards[k]! + (dones[k] ? 0 : gamma * next);
    out[k] = next;
  }
  return out;
}

/**
 * Moves linearly from `start` to `end` over `duration` steps, then stays at `end` (ε-greedy's schedule).
 * Stable-Baselines3: `get_linear_fn(start, end, end_fraction)`.
 * @example const epsilon = rl.linearSchedule(1, 0.05, 10_000); epsilon(5_000) // 0.525
 */
export function linearSchedule(start: number, end: number, duration: number): (t: number) => number {
  return (t) => start + (end - start) * (duration <= 0 ? 1 : Math.min(1, t / duration));
}
