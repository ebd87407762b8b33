import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { gan } = s;

test('with real outputs all positive and B = 64, each adjustment adds 64·4/500000 = 5.12e−4 (every 4 batches)', () => {
  const ada = new gan.AdaptiveProbability();
  const logits = s.full([64, 1], 1);
  const ps = Array.from({ length: 12 }, () => ada.observe(logits));
  assert.deepEqual(ps.map((p) => p / 5.12e-4).map(Math.round), [0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3]);
  assert.ok(Math.abs(ada.p - 3 * 5.12e-4) < 1e-15);
});

test('with real outputs negative p stays at 0; it falls again when D is unsure and never leaves [0, 1]', () => {
  const ada = new gan.AdaptiveProbability({ kimg: 0.128 });
  for (let i = 0; i < 8; i++) ada.observe(s.full([64], -1));
  assert.equal(ada.p, 0);
  for (let i = 0; i < 4 * 5; i++) ada.observe(s.full([64], 3));
  assert.equal(ada.p, 1, 'each adjustment adds 2, clamped at 1');
  // r_t = 0.5 < 0.6: half the outputs positive.
  for (let i = 0; i < 4; i++) ada.observe(s.tensor([1, -1, 2, -2]));
  assert.ok(Math.abs(ada.p - (1 - 16 / 128)) < 1e-12, `p ${ada.p}`);
});

test('the controller state round-trips through a state dict, so a resumed run keeps p', () => {
  const a = new gan.AdaptiveProbability();
  for (let i = 0; i < 6; i++) a.observe(s.ones([64]));
  const b = new gan.AdaptiveProbability();
  b.loadStateDict(a.stateDict());
  assert.equal(b.p, a.p);
  b.observe(s.ones([64]));
  b.observe(s.ones([64]));
  assert.ok(b.p > a.p, 'the two batches already seen count towards the next adjustment');
  assert.throws(() => new gan.AdaptiveProbability({ interval: 0 }), s.ValueError);
  assert.throws(() => new gan.AdaptiveProbability({ target: 2 }), s.ValueError);
});

test('signMean is the r_t of the last adjustment', () => {
  const ada = new gan.AdaptiveProbability({ interval: 2 });
  assert.ok(Number.isNaN(ada.signMean));
  ada.observe(s.tensor([1, 1, -1, 1]));
  ada.observe(s.tensor([1, -1, -1, -1]));
  assert.equal(ada.signMean, 0);
  ada.observe(s.tensor([1, 1, 1, 1]));
  assert.equal(ada.signMean, 0, 'unchanged until the next adjustment');
});
