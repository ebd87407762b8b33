import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, checkFixtures } from '../helpers.js';

const F = s.F;

checkFixtures('activation', {
  leakyRelu: ([x]) => F.leakyRelu(x!, 0.2),
  elu: ([x]) => F.elu(x!, 1.3),
  selu: ([x]) => F.selu(x!),
  gelu: ([x]) => F.gelu(x!),
  geluTanh: ([x]) => F.gelu(x!, 'tanh'),
  silu: ([x]) => F.silu(x!),
  mish: ([x]) => F.mish(x!),
  softplus: ([x]) => F.softplus(x!),
  softplusBeta: ([x]) => F.softplus(x!, 2, 3),
  softsign: ([x]) => F.softsign(x!),
  hardtanh: ([x]) => F.hardtanh(x!, -0.5, 0.8),
  relu6: ([x]) => F.relu6(x!.mul(4)),
  logSigmoid: ([x]) => F.logSigmoid(x!),
  glu: ([x]) => F.glu(x!, 1),
  swish: ([x, b]) => F.swish(x!, b!),
});

checkFixtures('loss', {
  mse: ([a, b], { reduction }) => F.mseLoss(a!, b!, { reduction }),
  l1: ([a, b], { reduction }) => F.l1Loss(a!, b!, { reduction }),
  smoothL1: ([a, b], { beta }) => F.smoothL1Loss(a!, b!, { beta }),
  huber: ([a, b], { delta }) => F.huberLoss(a!, b!, { delta }),
  crossEntropy: ([z, y], { reduction, labelSmoothing, scale }) => F.crossEntropy(scale ? z!.mul(scale) : z!, y!, { reduction, labelSmoothing }),
  crossEntropyWeighted: ([z, y, w], { labelSmoothing }) => F.crossEntropy(z!, y!, { weight: w!, labelSmoothing }),
  crossEntropyIgnore: ([z, y], { reduction, labelSmoothing }) => F.crossEntropy(z!, s.where(y!.eq(0), -100, y!), { reduction, labelSmoothing }),
  crossEntropyProbs: ([z, q], { labelSmoothing }) => F.crossEntropy(z!, q!, { labelSmoothing }),
  nll: ([z, y], { reduction }) => F.nllLoss(z!.logSoftmax(1), y!, { reduction }),
  bce: ([p, t], { reduction }) => F.binaryCrossEntropy(p!, t!, { reduction }),
  bceLogits: ([z, t], { reduction }) => F.binaryCrossEntropyWithLogits(z!, t!, { reduction }),
  bceLogitsPosWeight: ([z, t, w]) => F.binaryCrossEntropyWithLogits(z!, t!, { posWeight: w! }),
  klDiv: ([z, q], { reduction }) => F.klDiv(z!.logSoftmax(-1), q!, { reduction }),
}, { rtol: 1e-5, atol: 1e-5 });

test('SPEC golden vectors: CE, label smoothing, BCE with logits, MSE', () => {
  const z = s.tensor([[2, 1, 0.1]]);
  const y = s.tensor([0], { dtype: 'int32' });
  assertClose(F.crossEntropy(z, y), s.tensor(0.41703), { rtol: 1e-5 });
  assertClose(F.crossEntropy(z, y, { labelSmoothing: 0.1 }), s.tensor(0.5136967), { rtol: 1e-6 });
  const logits = s.tensor([-100, -2, 0, 3, 100], { dtype: 'float64' });
  const t = s.tensor([0, 1, 1, 0, 1], { dtype: 'float64' });
  assertClose(F.binaryCrossEntropyWithLogits(logits, t, { reduction: 'none' }), [3.72e-44, 2.126928, 0.6931472, 3.0485874, 3.72e-44], { rtol: 1e-5, atol: 1e-45 });
  const a = s.tensor([1, 2], { requiresGrad: true });
  const mse = F.mseLoss(a, s.zeros([2]));
  mse.backward();
  assert.equal(mse.item(), 2.5);
  assert.deepEqual(a.grad!.toArray(), [1, 2]);
});

test('BCE with logits has gradient σ(z) − t even at z = 0', () => {
  const z = s.zeros([2], { requiresGrad: true });
  F.binaryCrossEntropyWithLogits(z, s.tensor([1, 0]), { reduction: 'sum' }).backward();
  assert.deepEqual(z.grad!.toArray(), [-0.5, 0.5]);
});

test('SPEC activation table at x = [−3, −1, −0.5, 0, 0.5, 1, 3]', () => {
  const x = s.tensor([-3, -1, -0.5, 0, 0.5, 1, 3], { dtype: 'float64' });
  const tol = { rtol: 1e-7, atol: 1e-8 };
  assertClose(F.gelu(x), [-0.00404969, -0.15865525, -0.15426877, 0, 0.34573123, 0.84134475, 2.99595031], tol);
  assertClose(F.gelu(x, 'tanh'), [-0.00363739, -0.15880801, -0.15428599, 0, 0.34571401, 0.84119199, 2.99636261], tol);
  assertClose(F.mish(x), [-0.14564746, -0.30340146, -0.22074377, 0, 0.37524521, 0.86509839, 2.986535], { rtol: 1e-6, atol: 1e-7 });
  assertClose(F.silu(x), [-0.14227762, -0.26894142, -0.18877033, 0, 0.31122967, 0.73105858, 2.85772238], tol);
});

test('losses reject bad targets with named errors', () => {
  const z = s.zeros([2, 3]);
  assert.throws(() => F.crossEntropy(z, s.tensor([0, 1])), { name: 'ShapeError' });
  assert.throws(() => F.crossEntropy(z, s.tensor([0, 3], { dtype: 'int32' })), { name: 'ValueError', message: /targets must be in \[0, 2\]/ });
  assert.throws(() => F.nllLoss(z, s.tensor([0], { dtype: 'int32' })), { name: 'ShapeError', message: /needs a target of shape \[2\]/ });
  assert.throws(() => F.mseLoss(z, s.zeros([3])), { name: 'ShapeError', message: /must have the same shape/ });
  assert.throws(() => F.binaryCrossEntropy(s.tensor([1.5]), s.tensor([1])), { name: 'ValueError', message: /probabilities in \[0, 1\]/ });
  assert.throws(() => F.mseLoss(z, z, { reduction: 'avg' as s.F.Reduction }), { name: 'ValueError', message: /reduction must be/ });
  assert.throws(() => F.glu(s.zeros([3])), { name: 'ValueError', message: /even size/ });
});

test('dropout: drop rate, scaling, identity in eval, gradient is the scaled mask', () => {
  s.manualSeed(1);
  const n = 1_000_000;
  const x = s.ones([n], { requiresGrad: true });
  const y = F.dropout(x, { p: 0.3 });
  const zeroFraction = (y.eq(0).sum().item() as number) / n;
  assert.ok(Math.abs(zeroFraction - 0.3) < 0.002, `zero fraction ${zeroFraction}`);
  assert.ok(Math.abs((y.mean().item() as number) - 1) < 3 * Math.sqrt(0.3 / 0.7 / n));
  y.sum().backward();
  assertClose(x.grad!, y.detach());
  assert.equal(F.dropout(x, { p: 0.3, training: false }), x);
  assert.deepEqual(F.dropout(s.ones([3]), { p: 1 }).toArray(), [0, 0, 0]);
});
