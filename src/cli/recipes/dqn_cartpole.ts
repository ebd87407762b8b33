/**
 * @file `dqn-cartpole`: DQN with RL-zoo's CartPole-v1 settings (50k steps). DQN is unstable on
 * CartPole, so, as the zoo's EvalCallback does, the policy is evaluated periodically and the
 * best checkpoint kept; the summary reports both it and the final policy.
 */
import { DQN } from '../../rl/agents/dqn.js';
import { evaluatePolicyReturns, mean } from '../../rl/evaluate.js';
import { mlp } from '../../rl/networks.js';
import { defaultGenerator } from '../../tensor/random.js';
import type { Recipe } from '../recipe.js';
import { BestCheckpoint, cartPoleFilmStrip, cartPoleV1, greedyOf, plotReturns } from './rl_common.js';

export const dqnCartpole: Recipe = {
  name: 'dqn-cartpole',
  description: 'DQN on CartPole-v1 (RL-zoo settings, 50k steps), keeping the best periodically evaluated checkpoint',
  defaults: { epochs: 10, batchSize: 64, lr: 2.3e-3 },
  options: [
    { flags: '--steps <n>', description: 'environment steps (split evenly over --epochs chunks, each evaluated)', default: 50000 },
    { flags: '--eval-episodes <n>', description: 'greedy episodes per periodic evaluation', default: 10 },
    { flags: '--double <0|1>', description: 'Double DQN targets', default: 0 },
  ],
  run(run, o) {
    const steps = Number(o.steps);
    const chunk = Math.ceil(steps / o.epochs);
    const agent = run.register('agent', new DQN(4, 2, { lr: o.lr, batchSize: o.batchSize, totalSteps: steps, double: Number(o.double) === 1 }));
    const best = run.register('best', new BestCheckpoint(mlp(4, agent.options.hidden, 2)));
    const env = cartPoleV1();
    const evalEnv = cartPoleV1();
    run.say(`${agent.qNet.toString()}\nDQN, ${steps} steps in ${o.epochs} chunks; settings ${JSON.stringify(agent.options)}`);
    run.stage('train', {
      epochs: o.epochs,
      optimizer: agent.optimizer,
      batchesPerEpoch: 1,
      epoch(_epoch, bar) {
        const returns = agent.collect(env, chunk, defaultGenerator, defaultGenerator.integer(0, 2 ** 31));
        const greedyReturn = mean(evaluatePolicyReturns(evalEnv, greedyOf(agent.qNet), Number(o.evalEpisodes), 5_000_000 + agent.steps));
        const improved = best.offer(agent.qNet, greedyReturn);
        bar.tick({ return: greedyReturn });
        return { envSteps: agent.steps, trainReturn: returns.length > 0 ? mean(returns) : null, episodes: returns.length, greedyReturn, bestReturn: best.best, improved };
      },
    });
    plotReturns(run, 'train', 'envSteps', 'environment steps');
    const finalReturns = evaluatePolicyReturns(evalEnv, greedyOf(agent.qNet), 100, 9_000_000);
    const bestReturns = evaluatePolicyReturns(evalEnv, greedyOf(best.net), 100, 9_000_000);
    cartPoleFilmStrip(run.file('cartpole-episode.png'), greedyOf(best.net), 9_000_000);
    run.say(`best checkpoint: mean return ${mean(bestReturns).toFixed(1)} over 100 episodes; final policy ${mean(finalReturns).toFixed(1)}`);
    return { meanReturn: mean(bestReturns), meanReturnFinal: mean(finalReturns), envSteps: agent.steps };
  },
};
