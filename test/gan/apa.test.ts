import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { gan } = s;

test('pseudoAugment: p = 0 is the real batch, p = 1 replaces every real, and the replaced fraction ≈ p', () => {
  const real = s.zeros([4000, 1, 2, 2]);
  const fake = s.ones([4000, 1, 2, 2]);
  assert.equal(gan.pseudoAugment(real, fake, 0), real);
  assert.equal(Number(gan.pseudoAugment(real, fake, 1).mean().item()), 1);
  const mixed = gan.pseudoAugment(real, fake, 0.3, new s.Generator(2));
  const perSample = mixed.flatten(1).mean(1).dataSync();
  assert.ok([...perSample].every((v) => v === 0 || v === 1), 'whole images are replaced');
  const fraction = Number(mixed.mean().item());
  assert.ok(Math.abs(fraction - 0.3) < 0.025, `replaced fraction ${fraction}`);
});

test('pseudo-reals carry no gradient to G', () => {
  const G = new s.nn.Linear(3, 4);
  const fake = G.forward(s.randn([8, 3]));
  const mixed = gan.pseudoAugment(s.randn([8, 4]), fake, 1);
  assert.equal(mixed.requiresGrad, false);
  assert.throws(() => gan.pseudoAugment(s.zeros([2, 3]), s.zeros([3, 3]), 0.5), s.ShapeError);
  assert.throws(() => gan.pseudoAugment(s.zeros([2, 3]), s.zeros([2, 3]), 1.5), s.ValueError);
});
