import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, checkFixtures, type OpFn } from '../helpers.js';

const unary = (f: (x: s.Tensor) => s.Tensor): OpFn => ([x]) => f(x!);
const binary = (f: (a: s.Tensor, b: s.Tensor) => s.Tensor): OpFn => ([a, b]) => f(a!, b!);

checkFixtures('elementwise', {
  neg: unary(s.neg), abs: unary(s.abs), sign: unary(s.sign), exp: unary(s.exp), log: unary(s.log),
  log1p: unary(s.log1p), expm1: unary(s.expm1), sqrt: unary(s.sqrt), rsqrt: unary(s.rsqrt),
  reciprocal: unary(s.reciprocal), sin: unary(s.sin), cos: unary(s.cos), tanh: unary(s.tanh),
  sigmoid: unary(s.sigmoid), relu: unary(s.relu), erf: unary(s.erf), floor: unary(s.floor),
  ceil: unary(s.ceil), round: unary(s.round), isnan: unary(s.isnan), isfinite: unary(s.isfinite),
  logicalNot: unary(s.logicalNot),
  add: binary(s.add), sub: binary(s.sub), mul: binary(s.mul), div: binary(s.div), pow: binary(s.pow),
  maximum: binary(s.maximum), minimum: binary(s.minimum),
  eq: binary(s.eq), ne: binary(s.ne), lt: binary(s.lt), le: binary(s.le), gt: binary(s.gt), ge: binary(s.ge),
  logicalAnd: binary(s.logicalAnd), logicalOr: binary(s.logicalOr), logicalXor: binary(s.logicalXor),
  powScalar: ([x]) => x!.pow(3),
  addScalar: ([x]) => x!.add(2.5),
  rsubScalar: ([x]) => s.sub(1, x!),
  where: ([c, a, b]) => s.where(c!, a!, b!),
  maskedFill: ([x, m], { value }) => x!.maskedFill(m!, value),
  clamp: ([x], { min, max }) => x!.clamp(min, max),
  toFloat64: ([x]) => x!.to('float64').mul(3),
  toInt32: ([x]) => x!.mul(3).to('int32'),
}, { rtol: 1e-5, atol: 1e-6 });

test('broadcasting follows PyTorch shapes and rejects mismatches with a ShapeError', () => {
  assert.deepEqual(s.add(s.zeros([3, 1, 4]), s.zeros([2, 1])).shape, [3, 2, 4]);
  assert.deepEqual(s.mul(s.zeros([]), s.zeros([5])).shape, [5]);
  assert.throws(() => s.add(s.zeros([2, 3]), s.zeros([4])), {
    name: 'ShapeError',
    message: /add: shapes \[2, 3\] and \[4\] cannot be broadcast together/,
  });
});

test('type promotion: int32 with a fractional scalar becomes float32, float32 with float64 becomes float64', () => {
  const i = s.tensor([1, 2], { dtype: 'int32' });
  assert.equal(i.add(1).dtype, 'int32');
  assert.equal(i.mul(0.5).dtype, 'float32');
  assert.equal(i.div(2).dtype, 'float32');
  assert.equal(s.zeros([2]).add(s.zeros([2], { dtype: 'float64' })).dtype, 'float64');
  assert.equal(s.zeros([2]).add(1.5).dtype, 'float32');
  assert.equal(s.tensor([true]).add(s.tensor([1], { dtype: 'int32' })).dtype, 'int32');
});

test('erf is accurate far into the tails', () => {
  // Reference values of erf from the closed-form tables (Abramowitz & Stegun 7.1).
  assertClose(s.erf(s.tensor([0.5, 1, 2, 3, -4], { dtype: 'float64' })),
    [0.5204998778130465, 0.8427007929497149, 0.9953222650189527, 0.9999779095030014, -0.9999999845827421], { rtol: 1e-14, atol: 0 });
});

test('sigmoid and tanh stay finite for huge inputs', () => {
  assert.deepEqual(s.sigmoid(s.tensor([-1000, 1000])).toArray(), [0, 1]);
  assert.deepEqual(s.tanh(s.tensor([-1000, 1000])).toArray(), [-1, 1]);
});

test('NaN propagates through maximum, relu and comparisons like PyTorch', () => {
  const x = s.tensor([NaN, 1]);
  assert.ok(Number.isNaN(s.maximum(x, 0).dataSync()[0]!));
  assert.ok(Number.isNaN(x.relu().dataSync()[0]!));
  assert.deepEqual(x.eq(x).toArray(), [false, true]);
});

test('maximum splits the gradient at ties', () => {
  const a = s.tensor([1, 2], { requiresGrad: true });
  const b = s.tensor([1, 3], { requiresGrad: true });
  s.maximum(a, b).sum().backward();
  assert.deepEqual(a.grad!.toArray(), [0.5, 0]);
  assert.deepEqual(b.grad!.toArray(), [0.5, 1]);
});

test('clamp passes the gradient on its closed interval only', () => {
  const x = s.tensor([-1, 0, 0.5, 1, 2], { requiresGrad: true });
  x.clamp(0, 1).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [0, 1, 1, 1, 0]);
});

test('maskedFill needs a bool mask', () => {
  assert.throws(() => s.zeros([2]).maskedFill(s.zeros([2]), 1), { name: 'DTypeError', message: /maskedFill: mask must be bool, got float32/ });
});
