/**
 * @file `a2c-cartpole`: A2C with RL-zoo's CartPole-v1 settings (8 environments, 500k steps,
 * Stable-Baselines3 defaults), judged by the final policy's greedy return.
 */
import { A2C } from '../../rl/agents/a2c.js';
import { evaluatePolicyReturns, mean } from '../../rl/evaluate.js';
import { SyncVectorEnv } from '../../rl/vector_env.js';
import { defaultGenerator } from '../../tensor/random.js';
import type { Recipe } from '../recipe.js';
import { cartPoleFilmStrip, cartPoleV1, plotReturns } from './rl_common.js';

export const a2cCartpole: Recipe = {
  name: 'a2c-cartpole',
  description: 'A2C on CartPole-v1 (8 envs, n-step 5, RMSprop 7e-4, 500k steps); reports the mean greedy return',
  defaults: { epochs: 10, batchSize: 5, lr: 7e-4 },
  options: [
    { flags: '--steps <n>', description: 'environment steps over all envs (split evenly over --epochs chunks)', default: 500000 },
    { flags: '--envs <n>', description: 'parallel environments', default: 8 },
  ],
  run(run, o) {
    const nEnvs = Number(o.envs);
    const agent = run.register('agent', new A2C(4, 2, { lr: o.lr, nSteps: o.batchSize }));
    const envs = new SyncVectorEnv(Array.from({ length: nEnvs }, cartPoleV1));
    const evalEnv = cartPoleV1();
    const updates = Math.ceil(Number(o.steps) / (o.epochs * nEnvs * o.batchSize));
    run.say(`A2C: ${nEnvs} envs × ${o.batchSize} steps per update, ${updates} updates per chunk, ${o.epochs} chunks; settings ${JSON.stringify(agent.options)}`);
    run.stage('train', {
      epochs: o.epochs,
      optimizer: agent.optimizer,
      batchesPerEpoch: 1,
      epoch(_epoch, bar) {
        // Each chunk starts fresh episodes (seeded from the run's generator), so a resumed run is exact.
        const { returns, last } = agent.collect(envs, updates, defaultGenerator, envs.reset({ seed: defaultGenerator.integer(0, 2 ** 31) }));
        const greedyReturn = mean(evaluatePolicyReturns(evalEnv, (x: number[]) => agent.greedy(x), 10, 5_000_000 + agent.steps));
        bar.tick({ return: greedyReturn });
        return { envSteps: agent.steps, trainReturn: returns.length > 0 ? mean(returns) : null, episodes: returns.length, greedyReturn, ...last };
      },
    });
    plotReturns(run, 'train', 'envSteps', 'environment steps');
    const returns = evaluatePolicyReturns(evalEnv, (x: number[]) => agent.greedy(x), 100, 9_000_000);
    cartPoleFilmStrip(run.file('cartpole-episode.png'), (x) => agent.greedy(x), 9_000_000);
    run.say(`final policy: mean greedy return ${mean(returns).toFixed(1)} over 100 episodes after ${agent.steps} environment steps`);
    return { meanReturn: mean(returns), envSteps: agent.steps };
  },
};
