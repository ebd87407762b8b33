import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { rl } = s;
const near = (a: readonly number[], b: readonly number[], tol: number, label = ''): void => {
  assert.equal(a.length, b.length, label);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) <= tol, `${label}[${i}]: ${v} vs ${b[i]}`));
};

test('SPEC §13.7 CartPole: exact Euler steps match the reference vectors', () => {
  const env = new rl.CartPole();
  env.reset({ seed: 0 });
  env.state = [0, 0, 0, 0];
  near(env.step(1).observation, [0, 0.19512195, 0, -0.29268293], 1e-7, 'first push');
  near(env.step(1).observation, [0.00390244, 0.3902439, -0.00585366, -0.58536585], 1e-7, 'second push');
  env.state = [0.01, -0.02, 0.03, 0.04];
  near(env.step(0).observation, [0.0096, -0.21553902, 0.0308, 0.34199522], 1e-7, 'push left');
});

test('SPEC §13.7 CartPole: pushing right from rest ends after 9 steps; random play averages 22.4; 500-step truncation', () => {
  const env = new rl.CartPole();
  env.reset();
  env.state = [0, 0, 0, 0];
  let steps = 0;
  for (let r = env.step(1); ; r = env.step(1)) {
    steps++;
    assert.equal(r.reward, 1);
    if (r.terminated) break;
  }
  assert.equal(steps, 9);
  const random = new s.Generator(5);
  const returns = rl.evaluatePolicyReturns(new rl.TimeLimit(new rl.CartPole(), 500), () => random.integer(0, 2), 3000, 0);
  const average = rl.mean(returns);
  assert.ok(Math.abs(average - 22.4) < 0.8, `random-policy return ${average}`);
  const balanced = new rl.TimeLimit(new rl.CartPole(), 500);
  // A simple controller (push towards the pole's lean) survives to the time limit: truncated, not terminated.
  let last: s.rl.StepResult<number[]> | null = null;
  let obs = balanced.reset({ seed: 1 }).observation;
  let count = 0;
  do {
    last = balanced.step(obs[2]! + 0.5 * obs[3]! > 0 ? 1 : 0);
    obs = last.observation;
    count++;
  } while (!last.terminated && !last.truncated);
  assert.deepEqual([count, last.truncated, last.terminated], [500, true, false]);
});

test('environments are reproducible under a seed and reject bad actions', () => {
  const a = new rl.CartPole();
  const b = new rl.CartPole();
  assert.deepEqual(a.reset({ seed: 42 }).observation, b.reset({ seed: 42 }).observation);
  assert.notDeepEqual(a.reset({ seed: 43 }).observation, b.reset({ seed: 42 }).observation);
  assert.throws(() => a.step(2), { name: 'ValueError', message: /action must be 0 or 1/ });
  const lake = new rl.FrozenLake();
  assert.throws(() => lake.step(0), { name: 'ValueError', message: /reset/ });
  const walk = (seed: number): number[] => {
    lake.reset({ seed });
    return Array.from({ length: 30 }, () => lake.step(2).observation);
  };
  assert.deepEqual(walk(7), walk(7));
});

test('SPEC §13.8 MountainCar: one step of the reference dynamics, and the left wall stops the car', () => {
  const env = new rl.MountainCar();
  env.reset({ seed: 0 });
  env.state = [-0.5, 0];
  const v = -0.0025 * Math.cos(-1.5) + 0.001;
  near(env.step(2).observation, [Math.fround(-0.5 + v), Math.fround(v)], 1e-7);
  env.state = [-1.19, -0.05];
  const r = env.step(0);
  assert.deepEqual(r.observation, [Math.fround(-1.2), 0]);
  assert.equal(r.reward, -1);
});

test('SPEC §13.3 FrozenLake model: slippery moves go three ways with 1/3 each; walls keep the position; holes and goal are terminal', () => {
  const { mdp } = new rl.FrozenLake();
  assert.deepEqual(mdp.transitions[0]![0]!.map((t) => [t.next, t.probability]), [[0, 2 / 3], [4, 1 / 3]]);
  // RIGHT from 14 slips DOWN (into the wall: stays), goes RIGHT (goal) or slips UP.
  assert.deepEqual(mdp.transitions[14]![2]!.map((t) => [t.next, t.reward, t.terminal]), [[14, 0, false], [15, 1, true], [10, 0, false]]);
  assert.deepEqual([5, 7, 11, 12, 15].map((st) => mdp.terminal[st]), [true, true, true, true, true]);
  for (const row of mdp.transitions) for (const outcomes of row) assert.ok(Math.abs(outcomes.reduce((p, t) => p + t.probability, 0) - 1) < 1e-12);
  const still = new rl.FrozenLake({ slippery: false }).mdp;
  assert.deepEqual(still.transitions[1]![3], [{ probability: 1, next: 1, reward: 0, terminal: false }]);
});

test('TimeLimit truncates, RecordEpisodeStatistics reports, SyncVectorEnv auto-resets with the final observation', () => {
  const env = new rl.RecordEpisodeStatistics(new rl.TimeLimit(new rl.GridWorld({ map: ['S..G'], rewards: { step: -1, goal: 5 } }), 3));
  env.reset();
  const steps = [env.step(0), env.step(0), env.step(0)];
  assert.deepEqual(steps.map((r) => [r.truncated, r.terminated]), [[false, false], [false, false], [true, false]]);
  assert.deepEqual(steps[2]!.info.episode, { return: -3, length: 3 });
  const vec = new rl.SyncVectorEnv([new rl.GridWorld({ map: ['SG'] }), new rl.GridWorld({ map: ['S.G'] })]);
  assert.deepEqual(vec.reset({ seed: 1 }), [0, 0]);
  const r = vec.step([2, 2]);
  assert.deepEqual(r.terminated, [true, false]);
  assert.deepEqual(r.observations, [0, 1]);
  assert.equal(r.infos[0]!.finalObservation, 1);
  assert.throws(() => vec.step([2]), { name: 'ValueError', message: /expected 2 actions/ });
});
