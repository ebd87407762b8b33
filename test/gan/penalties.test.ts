import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, decode, type Encoded } from '../helpers.js';
import { ganCases, stateOf } from './fixtures.js';

const { gan, nn } = s;

function critic(): s.nn.Sequential {
  return new nn.Sequential(new nn.Conv2d(1, 2, 3, { padding: 1 }), new nn.LeakyReLU(0.2), new nn.Flatten(), new nn.Linear(32, 1));
}

function checkParameterGrads(model: s.nn.Module, penalty: s.Tensor, expected: Record<string, unknown>): void {
  const named = [...model.namedParameters()];
  const grads = s.grad(penalty, named.map(([, p]) => p), { allowUnused: true });
  named.forEach(([name], i) => {
    const want = expected[name] as Encoded | null;
    // A parameter the penalty does not depend on (the last bias; the conv bias through a
    // piecewise-linear activation) may get no gradient here where PyTorch reports zeros.
    if (want === null || want.data.every((v) => v === 0)) assert.ok(grads[i] === null || Number(grads[i]!.abs().amax().item()) === 0, `${name} has no gradient in PyTorch`);
    else assertClose(grads[i]!, want, { rtol: 1e-4, atol: 1e-5 }, name);
  });
}

test('WGAN-GP penalty and its critic gradients (double backward through conv) match PyTorch', () => {
  const c = ganCases.gradientPenalty;
  const D = critic();
  D.loadStateDict(stateOf(c.state));
  const penalty = gan.gradientPenalty((x) => D.forward(x), decode(c.real), decode(c.fake), { epsilon: decode(c.epsilon) });
  assert.ok(Math.abs(Number(penalty.item()) - c.penalty) < 1e-4 * Math.max(1, c.penalty), `${penalty.item()} vs ${c.penalty}`);
  checkParameterGrads(D, penalty, c.grads);
});

test('R1 penalty and its critic gradients match PyTorch', () => {
  const c = ganCases.r1;
  const D = critic();
  D.loadStateDict(stateOf(c.state));
  const x = decode(c.real).requiresGrad_();
  const penalty = gan.r1Penalty(D.forward(x), x);
  assert.ok(Math.abs(Number(penalty.item()) - c.penalty) < 1e-4 * Math.max(1, c.penalty), `${penalty.item()} vs ${c.penalty}`);
  checkParameterGrads(D, penalty, c.grads);
});

test('a linear critic wᵀx has penalty (‖w‖ − 1)² at every x̂, with gradient 2(‖w‖ − 1)·w/‖w‖', () => {
  const w = s.tensor([0.3, -1.2, 2.0, 0.5], { dtype: 'float64' }).requiresGrad_();
  const lin = (x: s.Tensor): s.Tensor => x.flatten(1).matmul(w);
  const real = s.randn([5, 1, 2, 2], { dtype: 'float64' });
  const penalty = gan.gradientPenalty(lin, real, s.randn([5, 1, 2, 2], { dtype: 'float64' }), { lambda: 1 });
  const norm = Math.hypot(0.3, -1.2, 2.0, 0.5);
  assert.ok(Math.abs(Number(penalty.item()) - (norm - 1) ** 2) < 1e-12);
  assertClose(s.grad(penalty, w)[0]!, w.detach().mul(2 * (norm - 1) / norm), { atol: 1e-12 });
});

test('both penalties pass gradcheck in the critic weights (float64, second derivatives of the critic)', () => {
  const x = s.randn([2, 1, 4, 4], { dtype: 'float64' });
  const xf = s.randn([2, 1, 4, 4], { dtype: 'float64' });
  const eps = s.rand([2], { dtype: 'float64' });
  const convW = s.randn([2, 1, 3, 3], { dtype: 'float64' }).mul(0.5).requiresGrad_();
  const linW = s.randn([1, 32], { dtype: 'float64' }).mul(0.3).requiresGrad_();
  const D = (cw: s.Tensor, lw: s.Tensor) => (v: s.Tensor): s.Tensor => s.F.linear(s.F.softplus(s.F.conv2d(v, cw, null, { padding: 1 })).flatten(1), lw);
  assert.equal(s.gradcheck((cw, lw) => gan.gradientPenalty(D(cw!, lw!), x, xf, { epsilon: eps }), [convW, linW]), true);
  assert.equal(s.gradcheck((cw, lw) => {
    const xr = x.clone().requiresGrad_();
    return gan.r1Penalty(D(cw!, lw!)(xr), xr);
  }, [convW, linW]), true);
});

test('penalty arguments are checked', () => {
  const f = (x: s.Tensor): s.Tensor => x.sum([1, 2, 3]);
  assert.throws(() => gan.gradientPenalty(f, s.zeros([2, 1, 2, 2]), s.zeros([3, 1, 2, 2])), { name: 'ShapeError' });
  assert.throws(() => gan.gradientPenalty(f, s.zeros([2, 1, 2, 2]), s.zeros([2, 1, 2, 2]), { epsilon: s.zeros([3]) }), { name: 'ShapeError' });
  assert.throws(() => gan.r1Penalty(s.zeros([2]), s.zeros([2]).requiresGrad_(), -1), { name: 'ValueError' });
});
