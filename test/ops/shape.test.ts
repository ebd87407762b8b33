import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { checkFixtures } from '../helpers.js';

checkFixtures('shape', {
  reshape: ([x], { shape }) => x!.reshape(shape),
  permute: ([x], { dims }) => x!.permute(dims),
  transpose: ([x], { dim0, dim1 }) => x!.transpose(dim0, dim1),
  expand: ([x], { shape }) => x!.expand(shape),
  slice: ([x], { dim, start, end, step }) => x!.slice(dim, start, end, step),
  narrow: ([x], { dim, start, length }) => x!.narrow(dim, start, length),
  select: ([x], { dim, index }) => x!.select(dim, index),
  squeeze: ([x]) => x!.squeeze(),
  unsqueeze: ([x], { dim }) => x!.unsqueeze(dim),
  flatten: ([x], { startDim }) => x!.flatten(startDim),
  flip: ([x], { dims }) => x!.flip(dims),
  repeat: ([x], { reps }) => x!.repeat(reps),
  tril: ([x], { diagonal }) => x!.tril(diagonal),
  triu: ([x], { diagonal }) => s.triu(x!, diagonal),
  get: ([x], { spec }) => x!.get(spec),
  sliceScatter: ([x, v], { spec }) => s.sliceScatter(x!, spec, v!),
  cat: (xs, { dim }) => s.cat(xs, dim),
  stack: (xs, { dim }) => s.stack(xs, dim),
  split: ([x], { size, dim, part }) => x!.split(size, dim)[part]!,
  chunk: ([x], { chunks, dim, part }) => x!.chunk(chunks, dim)[part]!,
  pad: ([x], { pads, mode, value }) => x!.pad(pads, mode, value),
});

test('views share storage: writes through a view are seen by the base', () => {
  const base = s.zeros([2, 3]);
  const v = base.T.narrow(0, 1, 1);
  s.noGrad(() => v.fill_(7));
  assert.deepEqual(base.toArray(), [[0, 7, 0], [0, 7, 0]]);
  assert.equal(base.reshape([3, 2]).storage, base.storage);
  assert.notEqual(base.T.reshape([6]).storage, base.storage, 'a transposed reshape must copy');
});

test('set writes a slice in place, as pe[:, 0::2] = v does, and keeps the graph', () => {
  const pe = s.zeros([2, 4]);
  pe.set([null, '0::2'], s.tensor([[1, 2], [3, 4]]));
  pe.set([1, '1::2'], 9);
  assert.deepEqual(pe.toArray(), [[1, 0, 2, 0], [3, 9, 4, 9]]);
  const v = s.tensor([1, 2], { requiresGrad: true });
  const x = s.tensor([[1, 1, 1]], { requiresGrad: true });
  const y = x.mul(2).set([0, ':2'], v);
  y.mul(s.tensor([[10, 20, 30]])).sum().backward();
  assert.deepEqual(y.toArray(), [[1, 2, 2]]);
  assert.deepEqual(v.grad!.toArray(), [10, 20]);
  assert.deepEqual(x.grad!.toArray(), [[0, 0, 60]]);
  assert.throws(() => x.set([0], 1), { name: 'AutogradError', message: /leaf tensor that requires grad/ });
  assert.throws(() => pe.set([0, '1:2:0'], 1), { name: 'IndexError', message: /step cannot be zero/ });
  assert.throws(() => pe.set([0, 'a:'], 1), { name: 'IndexError', message: /neither an integer, null nor a slice/ });
  assert.throws(() => pe.set([0, 0, 0], 1), { name: 'IndexError', message: /3 entries for a tensor of shape \[2, 4\]/ });
  assert.throws(() => pe.set([null, '0::2'], s.zeros([3])), { name: 'IndexError', message: /cannot be broadcast to the slice's shape \[2, 2\]/ });
});

test('view refuses incompatible strides; reshape copies instead', () => {
  const t = s.zeros([2, 3]).T;
  assert.throws(() => t.view([6]), { name: 'ShapeError', message: /view: shape \[6\] is not compatible/ });
  assert.deepEqual(t.reshape([6]).shape, [6]);
  assert.throws(() => s.zeros([4]).reshape([3, -1]), { name: 'ShapeError', message: /reshape: shape \[3, -1\] is invalid for input of size 4/ });
});

test('split/chunk sizes and errors follow PyTorch', () => {
  assert.deepEqual(s.zeros([7]).chunk(3).map((t) => t.shape[0]), [3, 3, 1]);
  assert.deepEqual(s.zeros([5]).split([2, 3]).map((t) => t.shape[0]), [2, 3]);
  assert.throws(() => s.zeros([5]).split([2, 2]), { name: 'ValueError', message: /must sum to the size of dim 0 \(5\)/ });
});

test('cat and stack validate shapes', () => {
  assert.throws(() => s.cat([s.zeros([2, 3]), s.zeros([2, 4])], 0), { name: 'ShapeError', message: /cat: tensor 1 has shape \[2, 4\]/ });
  assert.throws(() => s.stack([s.zeros([2]), s.zeros([3])]), { name: 'ShapeError', message: /stack: tensor 1 has shape \[3\]/ });
  assert.equal(s.cat([s.zeros([1]), s.zeros([1], { dtype: 'float64' })]).dtype, 'float64');
});

test('expand rejects non-singleton mismatches; reflect padding must be smaller than the dim', () => {
  assert.throws(() => s.zeros([2, 3]).expand([2, 4]), { name: 'ShapeError', message: /expand: the input's size 3 at dim 1 must match 4/ });
  assert.throws(() => s.zeros([1, 3]).pad([3, 0], 'reflect'), { name: 'ValueError', message: /reflect padding/ });
});

test('slicing: negative bounds, steps and clipping like Python', () => {
  const x = s.arange(10);
  assert.deepEqual(x.slice(0, -3).toArray(), [7, 8, 9]);
  assert.deepEqual(x.slice(0, 1, null, 3).toArray(), [1, 4, 7]);
  assert.deepEqual(x.slice(0, 8, 100).toArray(), [8, 9]);
  assert.deepEqual(x.slice(0, 5, 2).toArray(), []);
  assert.throws(() => x.narrow(0, 8, 3), { name: 'IndexError' });
  assert.throws(() => x.select(0, 10), { name: 'IndexError', message: /select: index 10 is out of bounds for dim 0 with size 10/ });
});
