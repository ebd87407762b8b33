import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { rl } = s;
const close = (a: readonly number[], b: readonly number[], tol = 1e-9): void => a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) <= tol, `[${i}] ${v} vs ${b[i]}`));

/** A corridor S . . . G seen as one-hot vectors, for agents that take vector observations. */
class OneHotCorridor implements s.rl.Env<number[], number> {
  readonly grid = new rl.GridWorld({ map: ['S...G'], rewards: { step: -0.1, goal: 1 }, actions: ['left', 'right'] });
  readonly observationSpace = new rl.Box(new Array(5).fill(0), new Array(5).fill(1));
  readonly actionSpace = this.grid.actionSpace;
  private encode = (st: number): number[] => Array.from({ length: 5 }, (_, i) => (i === st ? 1 : 0));
  reset(o?: { seed?: number }): s.rl.ResetResult<number[]> { return { observation: this.encode(this.grid.reset(o).observation), info: {} }; }
  step(a: number): s.rl.StepResult<number[]> {
    const r = this.grid.step(a);
    return { ...r, observation: this.encode(r.observation) };
  }
}

test('SPEC Appendix B: n-step returns of a rollout that terminates at step 2, bootstrapped with V = 10', () => {
  close(rl.nStepReturns([1, 1, 1, 1, 1], [false, false, true, false, false], 10, 0.99), [2.9701, 1.99, 1, 11.791, 10.9]);
  const eps = rl.linearSchedule(1, 0.05, 100);
  close([eps(0), eps(50), eps(100), eps(1000)], [1, 0.525, 0.05, 0.05]);
});

test('SPEC Appendix B: DQN and Double DQN targets', () => {
  // Q_online(s') = [1, 3, 2], Q_target(s') = [2.5, 0.5, 4] (constant single-layer nets), r = 1, γ = 0.99.
  const net = (bias: number[]): s.nn.StateDict => ({ '0.weight': s.zeros([3, 1]), '0.bias': s.tensor(bias) });
  const agent = (double: boolean): s.rl.DQN => {
    const a = new rl.DQN(1, 3, { hidden: [], gamma: 0.99, double });
    a.qNet.loadStateDict(net([1, 3, 2]));
    a.targetNet.loadStateDict(net([2.5, 0.5, 4]));
    return a;
  };
  const batch = { observations: s.zeros([1, 1]), actions: s.tensor([0], { dtype: 'int32' }), rewards: s.tensor([1]), nextObservations: s.zeros([1, 1]), terminated: s.tensor([0]) };
  close([agent(false).targets(batch).item() as number], [4.96], 1e-6);
  close([agent(true).targets(batch).item() as number], [1.495], 1e-6);
  close([agent(false).targets({ ...batch, terminated: s.tensor([1]) }).item() as number], [1]);
});

test('the replay buffer is a ring that samples only stored transitions, reproducibly', () => {
  const buffer = new rl.ReplayBuffer(3, 2);
  for (let i = 0; i < 5; i++) buffer.add([i, i], i % 2, i, [i + 1, i + 1], i === 4);
  assert.equal(buffer.size, 3);
  const batch = buffer.sample(200, new s.Generator(1));
  const seen = new Set(batch.rewards.toArray() as number[]);
  assert.deepEqual([...seen].sort(), [2, 3, 4]);
  assert.deepEqual(batch.terminated.toArray(), (batch.rewards.toArray() as number[]).map((r) => (r === 4 ? 1 : 0)));
  assert.deepEqual(buffer.sample(5, new s.Generator(9)).rewards.toArray(), buffer.sample(5, new s.Generator(9)).rewards.toArray());
  assert.throws(() => buffer.add([1], 0, 0, [1, 1], false), { name: 'ValueError', message: /2 values/ });
});

test('tabular actor-critic learns the shortest path of a grid world', () => {
  const env = new rl.TimeLimit(new rl.GridWorld({ map: ['S.#', '..#', '#.G'], rewards: { step: -0.05, goal: 1 } }), 50);
  const ac = new rl.TabularActorCritic(9, 4, { gamma: 0.95, criticLr: 0.2, actorLr: 0.5 });
  const g = new s.Generator(0);
  for (let e = 0; e < 300; e++) ac.trainEpisode(env, g, e);
  const returns = rl.evaluatePolicyReturns(env, (st: number) => ac.greedy(st), 1, 0);
  assert.ok(Math.abs(returns[0]! - (1 - 0.05 * 3)) < 1e-9, `greedy return ${returns[0]} (a shortest, 4-move path gives 0.85)`);
  assert.ok(ac.values[0]! > 0.5);
});

test('DQN learns a one-hot corridor within 1500 steps', () => {
  s.manualSeed(0);
  const env = new rl.TimeLimit(new OneHotCorridor(), 30);
  const agent = new rl.DQN(5, 2, { hidden: [32], lr: 3e-3, learningStarts: 100, trainFreq: 4, gradientSteps: 1, targetUpdateInterval: 100,
    batchSize: 32, bufferSize: 2000, totalSteps: 1500, explorationFraction: 0.5, gamma: 0.9 });
  agent.collect(env, 1500, s.defaultGenerator, 0);
  assert.equal(agent.steps, 1500);
  const [ret] = rl.evaluatePolicyReturns(env, (o: number[]) => agent.greedy(o), 1, 0);
  assert.ok(Math.abs(ret! - 0.7) < 1e-6, `greedy return ${ret} (four moves right: 0.7)`);
});

test('A2C improves on CartPole in a few thousand steps, and the same seed gives the same run', () => {
  const train = (seed: number): { before: number; after: number; weights: number[] } => {
    s.manualSeed(seed);
    const agent = new rl.A2C(4, 2);
    const envs = new rl.SyncVectorEnv(Array.from({ length: 8 }, () => new rl.TimeLimit(new rl.CartPole(), 500)));
    const evalEnv = new rl.TimeLimit(new rl.CartPole(), 500);
    const score = (): number => rl.mean(rl.evaluatePolicyReturns(evalEnv, (o: number[]) => agent.greedy(o), 5, 1000));
    const before = score();
    agent.collect(envs, 500, s.defaultGenerator, envs.reset({ seed }));
    return { before, after: score(), weights: [...agent.policyNet.at(0).parameters()].flatMap((p) => [...p.dataSync()].slice(0, 5)) };
  };
  const a = train(3);
  assert.ok(a.after > Math.max(2 * a.before, 60), `greedy return ${a.before} → ${a.after} after 20k steps`);
  assert.deepEqual(train(3).weights, a.weights);
});
