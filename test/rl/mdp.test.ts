import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { rl } = s;
const LEFT = 0, DOWN = 1, RIGHT = 2, UP = 3;

test('SPEC §13.3: value iteration gives V* of FrozenLake 4×4 for γ = 0.9, 0.95, 0.99, 1 and the reference greedy policy', () => {
  const { mdp } = new rl.FrozenLake();
  const vi = rl.valueIteration(mdp, { gamma: 0.99, theta: 1e-12 });
  const expected = [0.5420, 0.4988, 0.4707, 0.4569, 0.5585, 0, 0.3583, 0, 0.5918, 0.6431, 0.6152, 0, 0, 0.7417, 0.8628, 0];
  vi.values.forEach((v, st) => assert.ok(Math.abs(v - expected[st]!) < 5e-5, `V*(${st}) = ${v}`));
  const policy = vi.policy.map((a, st) => (mdp.terminal[st] ? -1 : a));
  assert.deepEqual(policy, [LEFT, UP, UP, UP, LEFT, -1, LEFT, -1, UP, DOWN, LEFT, -1, -1, RIGHT, DOWN, -1]);
  for (const [gamma, start] of [[0.9, 0.0689], [0.95, 0.1805], [1, 14 / 17]] as const) {
    const v = rl.valueIteration(mdp, { gamma, theta: 1e-12 }).values[0]!;
    assert.ok(Math.abs(v - start) < 5e-5, `γ=${gamma}: V*(start) ${v}`);
  }
});

test('SPEC §13.2: policy iteration (exact or iterative evaluation) agrees with value iteration in 7 rounds from all-LEFT', () => {
  const { mdp } = new rl.FrozenLake();
  const vi = rl.valueIteration(mdp, { gamma: 0.99, theta: 1e-13 });
  for (const exact of [true, false]) {
    const pi = rl.policyIteration(mdp, { gamma: 0.99, exact, theta: 1e-13 });
    pi.values.forEach((v, st) => assert.ok(Math.abs(v - vi.values[st]!) < 1e-9, `exact=${exact} V(${st})`));
    assert.deepEqual(pi.policy, vi.policy);
    // Seven evaluate–improve rounds; the seventh finds the policy stable.
    assert.equal(pi.iterations, 7);
  }
});

test('policy evaluation: sweeps equal the linear solve; Q-value iteration equals Q from V*', () => {
  const { mdp } = new rl.FrozenLake();
  const policy = Array.from({ length: 16 }, (_, st) => st % 4);
  const exact = rl.evaluatePolicyExact(mdp, policy, 0.9);
  rl.evaluatePolicy(mdp, policy, { gamma: 0.9, theta: 1e-13 }).values.forEach((v, st) => assert.ok(Math.abs(v - exact[st]!) < 1e-10));
  const { q } = rl.qValueIteration(mdp, { gamma: 0.9, theta: 1e-13 });
  const fromV = rl.qFromV(mdp, rl.valueIteration(mdp, { gamma: 0.9, theta: 1e-13 }).values, 0.9);
  q.forEach((row, st) => row.forEach((x, a) => assert.ok(Math.abs(x - fromV[st]![a]!) < 1e-9)));
});

test('SPEC §13.3: the γ=0.99 policy succeeds with probability 0.8235 (no limit) and 0.7402 within 100 steps; simulation agrees', () => {
  const lake = new rl.FrozenLake();
  const { policy } = rl.valueIteration(lake.mdp, { gamma: 0.99 });
  assert.ok(Math.abs(rl.reachProbability(lake.mdp, policy, lake.goals()) - 14 / 17) < 1e-6);
  const within100 = rl.reachProbability(lake.mdp, policy, lake.goals(), 100);
  assert.ok(Math.abs(within100 - 0.7402) < 5e-4, `exact 100-step success ${within100}`);
  const returns = rl.evaluatePolicyReturns(new rl.TimeLimit(lake, 100), (st: number) => policy[st]!, 10_000, 0);
  assert.ok(Math.abs(rl.mean(returns) - within100) < 0.01, `simulated success ${rl.mean(returns)}`);
});

test('hand-computed cases: CliffWalking’s optimum walks the edge (−13); a deterministic corridor; discounted returns', () => {
  const cliff = new rl.CliffWalking();
  assert.equal(rl.valueIteration(cliff.mdp, { gamma: 1 }).values[cliff.mdp.start], -13);
  const corridor = new rl.GridWorld({ map: ['S..G'], rewards: { step: -1, goal: 10 } });
  const v = rl.valueIteration(corridor.mdp, { gamma: 0.5 }).values;
  // From cell 2: 10; from 1: −1 + 0.5·10 = 4; from 0: −1 + 0.5·4 = 1.
  assert.deepEqual([...v], [1, 4, 10, 0]);
  assert.equal(rl.discountedReturn([1, 2, 3], 0.5), 1 + 1 + 0.75);
  assert.throws(() => rl.valueIteration(corridor.mdp, { gamma: 2 }), { name: 'ValueError', message: /gamma/ });
});
