import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { gan } = s;

test('consistencyLoss is the batch mean of per-sample squared distances', () => {
  const a = s.tensor([[1, 2], [0, 0]]);
  const b = s.tensor([[1, 0], [3, 0]]);
  assert.equal(Number(gan.consistencyLoss(a, b).item()), (4 + 9) / 2);
  assert.throws(() => gan.consistencyLoss(a, s.zeros([2])), s.ShapeError);
});

test('bCR: T = identity gives exactly 0, λ = 0 leaves the base loss bit-exact, and the fake term acts on T(x̃)', () => {
  const D = new s.nn.Sequential(new s.nn.Flatten(), new s.nn.Linear(16, 1));
  // Six rows each: D's product then takes the same kernel for one batch as for the joined twelve
  // (products of at most 4 rows take the few-row kernel, which sums in another order).
  const [real, fake] = [s.randn([6, 1, 4, 4]), s.randn([6, 1, 4, 4])];
  const [r, f] = [D.forward(real), D.forward(fake)];
  const d = (x: s.Tensor): s.Tensor => D.forward(x);
  assert.equal(Number(gan.balancedConsistency(d, (x) => x, real, fake, r, f).item()), 0);
  const base = gan.discriminatorLoss('nonSaturating', r, f);
  const shift = (x: s.Tensor): s.Tensor => gan.translate(x, [...Array(x.shape[0])].map(() => [1, 0] as [number, number]));
  const zero = gan.balancedConsistency(d, shift, real, fake, r, f, { lambdaReal: 0, lambdaFake: 0 });
  assert.equal(Number(base.add(zero).item()), Number(base.item()));
  const onlyFake = Number(gan.balancedConsistency(d, shift, real, fake, r, f, { lambdaReal: 0, lambdaFake: 1 }).item());
  assert.ok(Math.abs(onlyFake - Number(gan.consistencyLoss(f, D.forward(shift(fake))).item())) < 1e-6);
  assert.ok(onlyFake > 0);
});

test('zCR: z′ is z plus N(0, σ²) noise, and the generator term −λ·‖G(z) − G(z′)‖² falls as the outputs move apart', () => {
  const z = s.zeros([20000, 1]);
  const dz = gan.perturbLatent(z, 0.03);
  assert.ok(Math.abs(Number(dz.std().item()) - 0.03) < 0.001);
  const gTerm = (gap: number): number => -0.5 * Number(gan.consistencyLoss(s.zeros([2, 3]), s.full([2, 3], gap)).item());
  assert.ok(gTerm(2) < gTerm(1) && gTerm(1) < gTerm(0));
});
