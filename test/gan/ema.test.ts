import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose } from '../helpers.js';

const { gan, nn } = s;

test('WeightAverage starts at the source weights and then follows θ_ema ← β·θ_ema + (1 − β)·θ; buffers are copied', () => {
  const make = (): s.nn.Sequential => new nn.Sequential(new nn.Linear(3, 2), new nn.BatchNorm1d(2));
  const G = make();
  const ema = new gan.WeightAverage(G, make(), 0.9);
  assertClose(ema.average.stateDict()['0.weight']!, G.stateDict()['0.weight']!, { atol: 0 });
  const before = G.stateDict()['0.weight']!.clone();
  s.noGrad(() => (G.at(0) as s.nn.Linear).weight.add_(1));
  G.forward(s.randn([8, 3])); // moves the BatchNorm statistics
  ema.update();
  assertClose(ema.average.stateDict()['0.weight']!, before.add(0.1), { atol: 1e-6 });
  assertClose(ema.average.stateDict()['1.running_mean']!, G.stateDict()['1.running_mean']!, { atol: 0 });
  assert.equal(ema.average.training, false);
  assert.throws(() => new gan.WeightAverage(G, make(), 1), s.ValueError);
});
