/**
 * @file `value-iteration` and `policy-iteration`: plan on a tabular environment's model, print the
 * value map and the greedy policy as arrows, and check the policy's success probability
 * exactly (dynamic programming) and by simulating episodes.
 */
import { policyIteration, reachProbability, valueIteration, type Policy } from '../../rl/mdp.js';
import { TimeLimit } from '../../rl/wrappers.js';
import type { Recipe, RecipeOption } from '../recipe.js';
import type { Run } from '../run.js';
import { drawValueMap, policyArrows, TABULAR_TASKS, tabularEnvOption, valueMap } from './rl_common.js';

const options: RecipeOption[] = [
  tabularEnvOption,
  { flags: '--gamma <γ>', description: 'discount factor', default: 0.99 },
  { flags: '--theta <θ>', description: 'stop when a sweep changes no value by more than this', default: 1e-10 },
  { flags: '--episodes <n>', description: 'simulated episodes for the empirical success rate', default: 10000 },
];

/** The fraction of `episodes` simulated episodes (seeds seed, seed + 1, …) that end in a goal. */
function simulateSuccess(env: TimeLimit<number, number>, policy: Policy, goals: ReadonlySet<number>, episodes: number, seed: number): number {
  let successes = 0;
  for (let i = 0; i < episodes; i++) {
    let state = env.reset({ seed: seed + i }).observation;
    for (;;) {
      const r = env.step(policy[state]!);
      state = r.observation;
      if (r.terminated || r.truncated) {
        if (r.terminated && goals.has(state)) successes++;
        break;
      }
    }
  }
  return successes / episodes;
}

/** Reports a planned policy: maps, exact and simulated success, PNG; returns the summary figures. */
function report(run: Run, o: Record<string, string | number | boolean>, method: string, result: { values: Float64Array; policy: Policy; iterations: number }): Record<string, number> {
  const task = TABULAR_TASKS[String(o.env)]!();
  const { grid } = task;
  const goals = grid.goals();
  const success = reachProbability(grid.mdp, result.policy, goals, task.timeLimit);
  const unbounded = reachProbability(grid.mdp, result.policy, goals);
  const episodes = Number(o.episodes);
  const simulated = simulateSuccess(new TimeLimit(grid, task.timeLimit), result.policy, goals, episodes, Number(o.seed) * 1_000_003);
  run.say(`${method} on ${o.env} (γ = ${o.gamma}): ${result.iterations} iterations\nV*:\n${valueMap(task, result.values)}\ngreedy policy:\n${policyArrows(task, result.policy)}`);
  run.say(`V(start) = ${result.values[grid.mdp.start]!.toFixed(6)}; success within ${task.timeLimit} steps: exact ${success.toFixed(4)}, simulated ${simulated.toFixed(4)} over ${episodes} episodes; without a time limit ${unbounded.toFixed(4)}`);
  drawValueMap(run.file('values.png'), task, result.values, result.policy);
  return {
    startValue: result.values[grid.mdp.start]!, successProbability: success, successRateSimulated: simulated,
    successProbabilityUnbounded: unbounded, iterations: result.iterations,
  };
}

export const valueIterationRecipe: Recipe = {
  name: 'value-iteration',
  description: 'value iteration on FrozenLake (or another tabular env): V*, greedy policy, exact and simulated success probability',
  defaults: { epochs: 1, batchSize: 1, lr: 1 },
  options,
  run(run, o) {
    const task = TABULAR_TASKS[String(o.env)]!();
    return report(run, o, 'value iteration', valueIteration(task.grid.mdp, { gamma: Number(o.gamma), theta: Number(o.theta) }));
  },
};

export const policyIterationRecipe: Recipe = {
  name: 'policy-iteration',
  description: 'policy iteration (exact evaluation) on FrozenLake (or another tabular env); agrees with value iteration',
  defaults: { epochs: 1, batchSize: 1, lr: 1 },
  options,
  run(run, o) {
    const task = TABULAR_TASKS[String(o.env)]!();
    return report(run, o, 'policy iteration', policyIteration(task.grid.mdp, { gamma: Number(o.gamma), theta: Number(o.theta) }));
  },
};
