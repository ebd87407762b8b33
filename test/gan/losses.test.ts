import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, decode } from '../helpers.js';
import { ganCases } from './fixtures.js';

const { gan } = s;
const { real, fake, kinds } = ganCases.losses;

for (const kind of gan.GAN_LOSS_KINDS) {
  test(`${kind}: D and G losses and their gradients match PyTorch`, () => {
    const expected = kinds[kind];
    const [r, f] = [decode(real).requiresGrad_(), decode(fake).requiresGrad_()];
    const d = gan.discriminatorLoss(kind, r, f);
    assert.ok(Math.abs(Number(d.item()) - expected.d) < 1e-5, `D loss ${d.item()} vs ${expected.d}`);
    const [dr, df] = s.grad(d, [r, f]);
    assertClose(dr!, expected.dReal);
    assertClose(df!, expected.dFake);
    const f2 = decode(fake).requiresGrad_();
    const g = gan.generatorLoss(kind, f2);
    assert.ok(Math.abs(Number(g.item()) - expected.g) < 1e-5, `G loss ${g.item()} vs ${expected.g}`);
    assertClose(s.grad(g, f2)[0]!, expected.gFake);
  });
}

test('the minimax generator loss saturates where the non-saturating one does not', () => {
  const confident = s.tensor([-8]).requiresGrad_();
  const [minimax] = s.grad(gan.generatorLoss('minimax', confident), confident);
  const [ns] = s.grad(gan.generatorLoss('nonSaturating', confident), confident);
  assert.ok(Math.abs(Number(minimax!.item())) < 1e-3 && Math.abs(Number(ns!.item())) > 0.99);
});

test('unknown loss kinds throw', () => {
  assert.throws(() => gan.discriminatorLoss('bce' as never, s.zeros([2]), s.zeros([2])), { name: 'ValueError', message: /nonSaturating, minimax/ });
  assert.throws(() => gan.generatorLoss('wgan' as never, s.zeros([2])), { name: 'ValueError' });
});

test('clipWeights_ clamps every critic parameter to [−c, c]', () => {
  const critic = new s.nn.Sequential(new s.nn.Linear(4, 8), new s.nn.Linear(8, 1));
  gan.clipWeights_(critic, 0.01);
  for (const p of critic.parameters()) assert.ok(Number(p.abs().amax().item()) <= 0.01 + 1e-9);
  assert.ok(Number(critic.parameters().next().value!.abs().amax().item()) > 0.009);
  assert.throws(() => gan.clipWeights_(critic, 0), { name: 'ValueError' });
});
