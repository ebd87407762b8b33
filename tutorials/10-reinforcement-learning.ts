/**
 * # 10. Reinforcement learning
 *
 * An agent acts, the environment answers with a reward and a new state. When the environment is
 * known (a finite MDP such as FrozenLake), value iteration computes the best policy exactly; when
 * it is not (CartPole's physics), DQN learns action values from its own experience, with a replay
 * buffer and a target network.
 * (`npx shinsou train planning`, `actor-critic`, `dqn-cartpole` and `a2c-cartpole` are the full recipes.)
 */
import { rl, Generator, manualSeed } from 'shinsou';
import { budget } from './budget.js';

manualSeed(0);
const lake = new rl.FrozenLake();
const { values, policy, iterations } = rl.valueIteration(lake.mdp, { gamma: 0.99 });
console.log(`FrozenLake 4×4: value iteration converged in ${iterations} sweeps; value of the start state ${values[0]!.toFixed(3)}`);
console.log('greedy policy (0 left, 1 down, 2 right, 3 up):', [...policy].join(''));

const env = new rl.TimeLimit(new rl.CartPole(), 500);
const steps = budget(20000, 500);
const agent = new rl.DQN(4, 2, { totalSteps: steps });
const generator = new Generator(0);
const returns = agent.collect(env, steps, generator, 1);
const last = returns.slice(-10);
console.log(`CartPole: ${returns.length} episodes in ${steps} steps; mean return of the last ${last.length}: ${rl.mean(last).toFixed(1)} (random play ≈ 22, the cap 500)`);
const greedy = rl.evaluatePolicyReturns(env, (obs: number[]) => agent.greedy(obs), 5, 2);
console.log(`greedy policy over 5 episodes: mean return ${rl.mean(greedy).toFixed(1)}`);
