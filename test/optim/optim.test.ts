import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, loadFixture } from '../helpers.js';

const { optim } = s;

interface Enc { shape: number[]; data: number[] }
const fromEnc = (e: Enc): s.Tensor => s.tensor(e.data).reshape(e.shape);

interface OptimCase {
  optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop' | 'Adagrad' | 'Adadelta' | 'Adamax' | 'NAdam' | 'RAdam';
  options: Record<string, unknown>;
  groups: boolean;
  steps: { w: number[]; b: number[] }[];
}

const fixture = loadFixture<{ X: Enc; Y: Enc; W0: Enc; B0: Enc; cases: OptimCase[] }>('nn/optim.json');

function make(name: OptimCase['optimizer'], params: s.optim.ParamsInput<never>, options: Record<string, unknown>): s.optim.Optimizer<{ lr: number }> {
  const ctor = { SGD: optim.SGD, Adam: optim.Adam, AdamW: optim.AdamW, RMSprop: optim.RMSprop, Adagrad: optim.Adagrad,
    Adadelta: optim.Adadelta, Adamax: optim.Adamax, NAdam: optim.NAdam, RAdam: optim.RAdam }[name];
  return new (ctor as unknown as new (p: unknown, o: unknown) => s.optim.Optimizer<{ lr: number }>)(params, options);
}

fixture.cases.forEach((c, i) => {
  test(`${c.optimizer} #${i} ${JSON.stringify(c.options)}${c.groups ? ' (2 groups)' : ''}: 10 steps match PyTorch parameter by parameter`, () => {
    const X = fromEnc(fixture.X);
    const Y = fromEnc(fixture.Y);
    const w = fromEnc(fixture.W0).requiresGrad_();
    const b = fromEnc(fixture.B0).requiresGrad_();
    const params = c.groups ? [{ params: [w] }, { params: [b], lr: 0.01 }] : [w, b];
    const opt = make(c.optimizer, params as never, c.options);
    c.steps.forEach((expected, step) => {
      opt.zeroGrad();
      X.matmul(w).add(b).sub(Y).pow(2).mean().backward();
      opt.step();
      assertClose(w.reshape([-1]), expected.w, { rtol: 1e-5, atol: 1e-6 }, `step ${step} w`);
      assertClose(b, expected.b, { rtol: 1e-5, atol: 1e-6 }, `step ${step} b`);
    });
  });
});

test('SPEC first steps: Adam moves every coordinate by ≈ lr regardless of scale; RMSprop by ≈ 0.1', () => {
  const p = s.zeros([3], { dtype: 'float64', requiresGrad: true });
  const adam = new optim.Adam([p], { lr: 1e-3 });
  p.grad = s.tensor([1e-3, 1, -50], { dtype: 'float64' });
  adam.step();
  assertClose(p, [-0.00099999, -0.001, 0.001], { rtol: 1e-5, atol: 0 });
  const q = s.zeros([2], { dtype: 'float64', requiresGrad: true });
  const rms = new optim.RMSprop([q], { lr: 0.01 });
  q.grad = s.tensor([1, -2], { dtype: 'float64' });
  rms.step();
  assertClose(q, [-0.1, 0.1], { rtol: 1e-6, atol: 0 });
});

test('SPEC: AdamW with zero gradient shrinks θ by exactly (1 − lr·λ); Adam with weight decay moves it by ≈ lr', () => {
  const a = s.tensor([2, -3], { dtype: 'float64', requiresGrad: true });
  const opt = new optim.AdamW([a], { lr: 0.1, weightDecay: 0.5 });
  a.grad = s.zeros([2], { dtype: 'float64' });
  opt.step();
  assertClose(a, [2 * 0.95, -3 * 0.95], { rtol: 1e-15, atol: 0 });
  const b = s.tensor([2, -3], { dtype: 'float64', requiresGrad: true });
  const adam = new optim.Adam([b], { lr: 0.1, weightDecay: 0.5 });
  b.grad = s.zeros([2], { dtype: 'float64' });
  adam.step();
  assertClose(b, [1.9, -2.9], { rtol: 1e-6, atol: 0 });
});

test('SPEC: PyTorch-form and classic heavy-ball momentum agree at constant lr and differ after an lr change', () => {
  const A = [1, 10];
  const run = (changeAt: number | null): { pt: number[]; classic: number[] } => {
    const theta = s.tensor([1, 1], { dtype: 'float64', requiresGrad: true });
    const opt = new optim.SGD([theta], { lr: 0.01, momentum: 0.9 });
    let classic = [1, 1];
    let v = [0, 0];
    let lr = 0.01;
    for (let t = 0; t < 100; t++) {
      if (t === changeAt) {
        lr = 0.001;
        opt.paramGroups[0]!.lr = lr;
      }
      theta.grad = theta.detach().mul(s.tensor(A, { dtype: 'float64' }));
      opt.step();
      v = v.map((vi, i) => 0.9 * vi - lr * A[i]! * classic[i]!);
      classic = classic.map((c, i) => c + v[i]!);
    }
    return { pt: theta.toArray() as number[], classic };
  };
  const same = run(null);
  same.pt.forEach((x, i) => assert.ok(Math.abs(x - same.classic[i]!) < 1e-12));
  const changed = run(50);
  assert.ok(Math.abs(changed.pt[1]! - changed.classic[1]!) > 1e-6);
});

test('optimizer state dict round-trips and resumes the same trajectory', () => {
  const lossOf = (w: s.Tensor): s.Tensor => w.sub(s.tensor([1, -2, 3])).pow(2).sum();
  const w1 = s.zeros([3], { requiresGrad: true });
  const o1 = new optim.Adam([w1], { lr: 0.1 });
  for (let i = 0; i < 6; i++) {
    o1.zeroGrad();
    lossOf(w1).backward();
    o1.step();
  }
  const w2 = s.zeros([3], { requiresGrad: true });
  const o2 = new optim.Adam([w2], { lr: 0.1 });
  for (let i = 0; i < 3; i++) {
    o2.zeroGrad();
    lossOf(w2).backward();
    o2.step();
  }
  const w3 = w2.detach().clone().requiresGrad_();
  const o3 = new optim.Adam([w3], { lr: 0.5 });
  o3.loadStateDict(o2.stateDict());
  assert.equal(o3.paramGroups[0]!.lr, 0.1);
  for (let i = 0; i < 3; i++) {
    o3.zeroGrad();
    lossOf(w3).backward();
    o3.step();
  }
  assert.deepEqual(w3.toArray(), w1.toArray());
});

test('optimizers validate their arguments', () => {
  const p = s.zeros([1], { requiresGrad: true });
  assert.throws(() => new optim.SGD([p], { lr: -1 }), { name: 'ValueError', message: /invalid learning rate/ });
  assert.throws(() => new optim.SGD([p], { nesterov: true }), { name: 'ValueError', message: /Nesterov/ });
  assert.throws(() => new optim.Adam([p], { betas: [1, 0.999] }), { name: 'ValueError', message: /invalid beta parameter at index 0/ });
  assert.throws(() => new optim.Adam([]), { name: 'ValueError', message: /empty parameter list/ });
  assert.throws(() => new optim.SGD([{ params: [p] }, { params: [p] }]), { name: 'ValueError', message: /more than one group/ });
});
