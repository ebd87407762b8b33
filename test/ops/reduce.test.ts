import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, checkFixtures } from '../helpers.js';

checkFixtures('reduce', {
  sum: ([x], { dim, keepdim }) => x!.sum(dim, keepdim),
  mean: ([x], { dim, keepdim }) => x!.mean(dim, keepdim),
  prod: ([x], { dim, keepdim }) => x!.prod(dim, keepdim),
  amax: ([x], { dim, keepdim }) => x!.amax(dim, keepdim),
  amin: ([x], { dim, keepdim }) => x!.amin(dim, keepdim),
  maxDim: ([x], { dim, keepdim }) => x!.max(dim, keepdim).values,
  maxDimIndices: ([x], { dim, keepdim }) => x!.max(dim, keepdim).indices,
  minDim: ([x], { dim, keepdim }) => x!.min(dim, keepdim).values,
  argmax: ([x], { dim, keepdim }) => x!.argmax(dim, keepdim),
  argmin: ([x], { dim, keepdim }) => x!.argmin(dim, keepdim),
  var: ([x], attrs) => x!.var(attrs),
  std: ([x], attrs) => x!.std(attrs),
  norm: ([x], { p, dim, keepdim }) => x!.norm(p === 'inf' ? Infinity : p, dim, keepdim),
  logsumexp: ([x], { dim }) => x!.logsumexp(dim),
  logsumexpBig: ([x], { dim }) => x!.mul(1000).logsumexp(dim),
  all: ([x], { dim }) => x!.all(dim),
  any: ([x], { dim }) => x!.any(dim),
  cumsum: ([x], { dim }) => x!.cumsum(dim),
  softmax: ([x], { dim }) => x!.softmax(dim),
  logSoftmax: ([x], { dim }) => x!.logSoftmax(dim),
  logSoftmaxBig: ([x], { dim }) => x!.mul(1000).logSoftmax(dim),
  sort: ([x], { dim, descending }) => x!.sort(dim, descending).values,
  sortIndices: ([x], { dim, descending }) => x!.sort(dim, descending).indices,
  topk: ([x], { k, dim, largest }) => x!.topk(k, dim, largest).values,
  topkIndices: ([x], { k, dim, largest }) => x!.topk(k, dim, largest).indices,
}, { rtol: 1e-5, atol: 1e-5 });

test('amax shares the gradient between ties; max(dim) sends it to the first maximum', () => {
  const x = s.tensor([1, 3, 3], { requiresGrad: true });
  x.amax().backward();
  assert.deepEqual(x.grad!.toArray(), [0, 0.5, 0.5]);
  const y = s.tensor([[1, 3, 3]], { requiresGrad: true });
  y.max(1).values.sum().backward();
  assert.deepEqual(y.grad!.toArray(), [[0, 1, 0]]);
});

test('max() and min() without a dim reduce every element as in PyTorch (ties share the gradient)', () => {
  const x = s.tensor([[1, 3], [3, -2]], { requiresGrad: true });
  const top = x.max();
  assert.deepEqual([top.shape, top.item(), x.min().item(), s.min(x).item()], [[], 3, -2, -2]);
  top.backward();
  assert.deepEqual(x.grad!.toArray(), [[0, 0.5], [0.5, 0]]);
});

test('sum over int32 and bool gives int32; mean of integers is a DTypeError', () => {
  assert.equal(s.tensor([true, true, false]).sum().item(), 2);
  assert.equal(s.arange(5).sum().dtype, 'int32');
  assert.throws(() => s.arange(5).mean(), { name: 'DTypeError', message: /mean: input dtype must be floating point, got int32/ });
});

test('reductions reject dims out of range with an IndexError naming the op', () => {
  assert.throws(() => s.zeros([2, 3]).sum(2), { name: 'IndexError', message: /sum: dimension 2 out of range \(expected to be in \[-2, 1\]\)/ });
  assert.throws(() => s.zeros([2, 3]).sum([0, -2]), { name: 'ValueError', message: /appears multiple times/ });
});

test('norm has a zero (not NaN) gradient at the origin, like PyTorch', () => {
  const x = s.zeros([3], { requiresGrad: true });
  x.norm().backward();
  assert.deepEqual(x.grad!.toArray(), [0, 0, 0]);
});

test('logsumexp and logSoftmax handle -inf rows and huge values', () => {
  const x = s.tensor([[-Infinity, -Infinity], [1e30, 1e30]]);
  const lse = x.logsumexp(1).toArray() as number[];
  assert.equal(lse[0], -Infinity);
  assert.ok(Math.abs(lse[1]! - 1e30) / 1e30 < 1e-6);
  assertClose(s.tensor([1000, 0]).logSoftmax(0), [0, -1000]);
});

test('sort is stable and puts NaN last', () => {
  const { values, indices } = s.tensor([2, NaN, 1, 2]).sort();
  assert.deepEqual(indices.toArray(), [2, 0, 3, 1]);
  assert.ok(Number.isNaN((values.toArray() as number[])[3]!));
  assert.throws(() => s.zeros([3]).topk(4), { name: 'ValueError', message: /topk: k must be in \[0, 3\], got 4/ });
});

test('var with correction 0 and 1 on a known vector', () => {
  const x = s.tensor([1, 2, 3, 4], { dtype: 'float64' });
  assert.equal(x.var().item(), 5 / 3);
  assert.equal(x.var({ correction: 0 }).item(), 1.25);
});

test('reducing several dims at once equals reducing them one at a time, adjacent runs or not', () => {
  const x = s.randn([2, 3, 4, 5]);
  for (const dims of [[0, 1, 3], [1, 2], [0, 2], [0, 1, 2, 3]]) {
    const oneByOne = (f: (t: s.Tensor, d: number) => s.Tensor) => [...dims].reverse().reduce((t, d) => f(t, d), x);
    assertClose(x.sum(dims), oneByOne((t, d) => t.sum(d)), { rtol: 1e-5, atol: 1e-5 });
    assertClose(x.amax(dims, true), oneByOne((t, d) => t.amax(d, true)).reshape(x.amax(dims, true).shape), { rtol: 0, atol: 0 });
    assertClose(x.prod(dims), oneByOne((t, d) => t.prod(d)), { rtol: 1e-5, atol: 1e-6 });
  }
});
