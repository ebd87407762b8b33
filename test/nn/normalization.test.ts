import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose } from '../helpers.js';

const { nn, F } = s;
const f64 = (shape: number[], scale = 1, shift = 0): s.Tensor => s.randn(shape, { dtype: 'float64' }).mul(scale).add(shift).requiresGrad_();

test('SPEC §4 (a): BatchNorm training output has per-channel mean 0 and biased variance σ²/(σ²+ε)', () => {
  const x = s.randn([8, 3, 5, 5]).mul(2).add(1);
  const y = new nn.BatchNorm2d(3).forward(x);
  const dims = [0, 2, 3];
  assertClose(y.mean(dims), s.zeros([3]), { atol: 1e-6 });
  const v = x.var({ dim: dims, correction: 0 });
  assertClose(y.var({ dim: dims, correction: 0 }), v.div(v.add(1e-5)), { rtol: 1e-5, atol: 1e-6 });
});

test('SPEC §4 (b, c): one step moves the running stats by momentum (unbiased variance); eval uses them', () => {
  const bn = new nn.BatchNorm2d(2);
  const x = s.randn([4, 2, 3, 3]).mul(3).add(2);
  bn.forward(x);
  const dims = [0, 2, 3];
  assertClose(bn.runningMean!, x.mean(dims).mul(0.1), { rtol: 1e-5, atol: 1e-6 });
  assertClose(bn.runningVar!, x.var({ dim: dims }).mul(0.1).add(0.9), { rtol: 1e-5, atol: 1e-6 });
  assert.equal(bn.numBatchesTracked!.item(), 1);
  bn.eval();
  const z = s.randn([2, 2, 3, 3]);
  const expected = z.sub(bn.runningMean!.reshape([2, 1, 1])).div(bn.runningVar!.add(1e-5).sqrt().reshape([2, 1, 1]));
  assertClose(bn.forward(z), expected, { rtol: 1e-5, atol: 1e-6 });
  assert.throws(() => new nn.BatchNorm1d(3).forward(s.zeros([1, 3])), { name: 'ValueError', message: /more than 1 value per channel/ });
});

test('SPEC §4 (d): GroupNorm with G = C is InstanceNorm, and with G = 1 is LayerNorm over (C, H, W)', () => {
  const x = s.randn([2, 4, 3, 5]);
  assertClose(F.groupNorm(x, 4), F.instanceNorm(x), { rtol: 1e-5, atol: 1e-6 });
  assertClose(F.groupNorm(x, 1), F.layerNorm(x, [4, 3, 5]), { rtol: 1e-5, atol: 1e-6 });
});

test('normalization functionals pass gradcheck (fused kernels) and gradgradcheck (the backward in ops) in float64', () => {
  const w = f64([3], 0.5, 1);
  const b = f64([3]);
  s.gradcheck((x, g, h) => F.batchNorm(x, null, null, g, h, { training: true }), [f64([4, 3, 2], 2, 1), w, b]);
  s.gradcheck((x, g, h) => F.instanceNorm(x, null, null, g, h), [f64([2, 3, 5], 2, 1), w, b]);
  s.gradcheck((x, g, h) => F.groupNorm(x, 3, g, h), [f64([2, 3, 2, 2]), w, b]);
  s.gradcheck((x, g, h) => F.layerNorm(x, [3], g, h), [f64([4, 3], 2), w, b]);
  s.gradgradcheck((x) => F.layerNorm(x, [3]), [f64([2, 3])]);
  s.gradgradcheck((x, g) => F.batchNorm(x, null, null, g, null, { training: true }), [f64([4, 3, 2], 2, 1), w]);
  // Weight and bias together are applied inside the standardisation (its own backward for them).
  s.gradgradcheck((x, g, h) => F.batchNorm(x, null, null, g, h, { training: true }), [f64([4, 3, 2], 2, 1), w, b]);
  s.gradgradcheck((x, g, h) => F.instanceNorm(x, null, null, g, h), [f64([2, 3, 5], 2, 1), w, b]);
});

test('batch and instance norm with weight and bias equal the standardisation followed by the affine map', () => {
  const x = s.randn([4, 3, 5, 2]);
  const [w, b] = [s.randn([3]), s.randn([3])];
  const [wc, bc] = [w.reshape([3, 1, 1]), b.reshape([3, 1, 1])];
  assertClose(F.batchNorm(x, null, null, w, b, { training: true }), F.batchNorm(x, null, null, null, null, { training: true }).mul(wc).add(bc), { rtol: 1e-5, atol: 1e-5 });
  assertClose(F.instanceNorm(x, null, null, w, b), F.instanceNorm(x).mul(wc).add(bc), { rtol: 1e-5, atol: 1e-5 });
});

test('batch and instance norm gradients are the same whether the backward is recorded (ops) or not (kernel)', () => {
  const x = s.randn([4, 3, 5], { dtype: 'float64', requiresGrad: true });
  const [w, b] = [s.randn([3], { dtype: 'float64', requiresGrad: true }), s.randn([3], { dtype: 'float64', requiresGrad: true })];
  const r = s.randn([4, 3, 5], { dtype: 'float64' });
  for (const norm of [() => F.batchNorm(x, null, null, w, b, { training: true }), () => F.instanceNorm(x, null, null, w, b)]) {
    const kernel = s.grad([norm().mul(r).sum()], [x, w, b]);
    const ops = s.grad([norm().mul(r).sum()], [x, w, b], { createGraph: true });
    ops.forEach((g, i) => assertClose(g!, kernel[i]!, { rtol: 1e-10, atol: 1e-10 }));
  }
});

test('normalization layers reject bad input with named errors', () => {
  assert.throws(() => new nn.BatchNorm2d(3).forward(s.zeros([2, 3, 4])), { name: 'ShapeError', message: /\[N, C, H, W\]/ });
  assert.throws(() => new nn.BatchNorm2d(3).forward(s.zeros([2, 4, 2, 2])), { name: 'ShapeError', message: /must have 4 elements|runningMean/ });
  assert.throws(() => new nn.GroupNorm(3, 4), { name: 'ValueError', message: /divisible/ });
  assert.throws(() => new nn.LayerNorm([4]).forward(s.zeros([2, 3])), { name: 'ShapeError', message: /normalized shape/ });
  assert.throws(() => new nn.InstanceNorm2d(3).forward(s.zeros([1, 2, 4, 4])), { name: 'ShapeError', message: /expected 3 channels/ });
});

test('SPEC §3.1 FReLU: zero funnel is ReLU; identity funnel is ≈ x; shape kept; weight gradient only where T(x) > x', () => {
  const x = s.randn([2, 3, 5, 5]);
  const frelu = new nn.FReLU(3);
  s.noGrad(() => {
    frelu.conv.weight.zero_();
    frelu.conv.bias!.zero_();
    frelu.bn.weight!.zero_();
  });
  assertClose(frelu.forward(x), x.relu(), { atol: 0 });
  frelu.eval();
  assertClose(frelu.forward(x), x.relu(), { atol: 0 });
  const identity = new nn.FReLU(3).eval();
  s.noGrad(() => {
    identity.conv.weight.zero_();
    identity.conv.weight.select(2, 1).select(2, 1).fill_(1);
    identity.conv.bias!.zero_();
  });
  const y = identity.forward(x);
  assert.deepEqual(y.shape, x.shape);
  assertClose(y, x.maximum(x.div(Math.sqrt(1 + 1e-5))), { atol: 1e-7 });
  // With T(x) < x everywhere (a large negative bias) no gradient reaches the funnel's conv.
  const funnel = new nn.FReLU(3).eval();
  s.noGrad(() => funnel.conv.bias!.fill_(-100));
  funnel.forward(x).sum().backward();
  assert.equal(funnel.conv.weight.grad!.abs().sum().item(), 0);
});

test('SPEC §6 ResNet block: stride 2 with projection maps [N,64,32,32] → [N,128,16,16]; γ = β = 0 gives ReLU(x)', () => {
  const block = new s.models.BasicBlock(64, 128, { stride: 2, downsample: s.models.projection(64, 128, 2) });
  assert.deepEqual(block.forward(s.randn([1, 64, 32, 32])).shape, [1, 128, 16, 16]);
  const identity = new s.models.BasicBlock(4, 4).eval();
  s.noGrad(() => identity.bn2.weight!.zero_());
  const x = s.randn([2, 4, 5, 5]);
  assertClose(identity.forward(x), x.relu(), { atol: 0 });
  const zeroInit = new s.models.ResNet({ layers: [1], inChannels: 1, zeroInitResidual: true });
  assert.equal((zeroInit.stages[0]!.at(0) as s.models.BasicBlock).bn2.weight!.abs().sum().item(), 0);
});

test('SPEC §6 (3): a ResNet-8 memorises random labels (gradients flow through the residual stack)', () => {
  s.manualSeed(3);
  const x = s.randn([32, 1, 8, 8]);
  const y = s.randint(0, 4, [32]);
  const net = new s.models.ResNet({ layers: [1, 1, 1], widths: [8, 8, 8], inChannels: 1, numClasses: 4 });
  const opt = new s.optim.Adam(net.parameters(), { lr: 1e-2 });
  for (let step = 0; step < 60; step++) {
    opt.zeroGrad();
    F.crossEntropy(net.forward(x), y).backward();
    opt.step();
  }
  net.eval();
  const accuracy = net.forward(x).argmax(1).eq(y).float().mean().item() as number;
  assert.ok(accuracy >= 0.9, `train accuracy ${accuracy}`);
});

test('conv layers initialise as PyTorch: weight and bias in U(±1/√fan_in), fan_in from weight dim 1', () => {
  const conv = new nn.Conv2d(16, 32, 3);
  const bound = 1 / Math.sqrt(16 * 9);
  assert.ok((conv.weight.abs().amax().item() as number) <= bound && (conv.bias!.abs().amax().item() as number) <= bound);
  assert.ok((conv.weight.abs().amax().item() as number) > 0.9 * bound);
  const deconv = new nn.ConvTranspose2d(32, 8, 4, { groups: 2 });
  assert.deepEqual(deconv.weight.shape, [32, 4, 4, 4]);
  assert.ok((deconv.weight.abs().amax().item() as number) <= 1 / Math.sqrt(4 * 16));
  assert.throws(() => new nn.Conv2d(3, 4, 3, { groups: 2 }), { name: 'ValueError', message: /groups=2 must divide/ });
});

test('SPEC §5 Dropout2d zeroes whole channels with probability p and scales the rest; eval is the identity', () => {
  const x = s.ones([200, 50, 2, 2]);
  const drop = new nn.Dropout2d(0.3);
  const y = drop.forward(x);
  const perChannel = y.amax([2, 3]);
  assert.deepEqual(y.amin([2, 3]).toArray(), perChannel.toArray(), 'a channel is kept or dropped as a whole');
  const dropped = perChannel.eq(0).float().mean().item() as number;
  assert.ok(Math.abs(dropped - 0.3) < 0.02, `dropped fraction ${dropped}`);
  assertClose(perChannel.amax(), s.tensor(1 / 0.7), { rtol: 1e-6 });
  assert.equal(drop.eval().forward(x), x);
});
