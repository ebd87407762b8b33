import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose } from '../helpers.js';

const { models } = s;

test('Highway: u·(1 − T) + ReLU(W_H u + b_H)·T with T = σ(W_T u + b_T); the gate bias starts at −1', () => {
  s.manualSeed(1);
  const h = new models.Highway(3);
  assert.deepEqual([...h.gate.bias!.dataSync()], [-1, -1, -1]);
  const u = s.randn([2, 3]);
  const t = u.matmul(h.gate.weight.mT).add(h.gate.bias!).sigmoid();
  const hidden = u.matmul(h.transform.weight.mT).add(h.transform.bias!).relu();
  assertClose(h.forward(u), hidden.mul(t).add(u.mul(t.neg().add(1))), { atol: 1e-6 });
});

test('CBHG: [B, T, C] → [B, T, 2·gruSize] for odd and even bank widths; with lengths each sequence gives what it gives alone', () => {
  s.manualSeed(2);
  const cbhg = new models.Cbhg(6, { bankSize: 4, bankChannels: 5, projections: [7, 6], highwaySize: 8, highwayLayers: 2, gruSize: 3 }).eval();
  const x = s.randn([2, 9, 6]);
  assert.deepEqual(cbhg.forward(x).shape, [2, 9, 6]);
  const state = cbhg.stateDict();
  for (const k of ['bank.3.conv.weight', 'projection2.norm.running_mean', 'pre_highway.weight', 'highways.1.gate.bias', 'gru.weight_hh_l0_reverse']) assert.ok(k in state, k);
  assert.deepEqual(state['bank.3.conv.weight']!.shape, [5, 6, 4]);
  const y = cbhg.forward(x, [9, 5]);
  assertClose(y.narrow(0, 1, 1).narrow(1, 0, 5), cbhg.forward(x.narrow(0, 1, 1).narrow(1, 0, 5)), { atol: 1e-5 }, 'the short sequence alone');
  assertClose(y.narrow(0, 0, 1), cbhg.forward(x.narrow(0, 0, 1)), { atol: 1e-5 }, 'the full-length one alone');
  assert.deepEqual([...y.select(0, 1).narrow(0, 5, 4).abs().sum().dataSync()], [0], 'padded steps are zero');
  assert.throws(() => new models.Cbhg(6, { projections: [7, 5] }), { name: 'ValueError', message: /inputSize = 6/ });
});
