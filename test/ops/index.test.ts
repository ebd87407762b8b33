import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { checkFixtures } from '../helpers.js';

checkFixtures('index', {
  gather: ([x, i], { dim }) => x!.gather(dim, i!),
  scatter: ([x, i, src], { dim, rows }) => x!.scatter(dim, rows ? i!.narrow(0, 0, rows) : i!, src!),
  scatterAdd: ([x, i, src], { dim }) => x!.scatterAdd(dim, i!, src!),
  indexSelect: ([x, i], { dim }) => x!.indexSelect(dim, i!),
  take: ([x, i], { dim }) => x!.index(i!, dim),
  embedding: ([w, i]) => w!.index(i!),
  oneHot: ([i], { numClasses }) => s.oneHot(i!, numClasses),
});

const idx = (values: number[]): s.Tensor => s.tensor(values, { dtype: 'int32' });

test('out-of-range and wrongly typed indices are rejected', () => {
  assert.throws(() => s.zeros([3]).gather(0, idx([3])), { name: 'IndexError', message: /gather: index 3 is out of bounds for a dim of size 3/ });
  assert.throws(() => s.zeros([3]).gather(0, s.tensor([0])), { name: 'DTypeError', message: /index must be an int32 tensor, got float32/ });
  assert.throws(() => s.zeros([3, 2]).indexSelect(0, idx([0]).reshape([1, 1])), { name: 'ShapeError', message: /index must be 1-D/ });
});

test('negative integer-tensor indices count from the end', () => {
  assert.deepEqual(s.arange(5).index(idx([-1, 0])).toArray(), [4, 0]);
});

test('scatterAdd accumulates repeated indices; gather backward accumulates too', () => {
  assert.deepEqual(s.zeros([3]).scatterAdd(0, idx([1, 1, 2]), s.ones([3])).toArray(), [0, 2, 1]);
  const x = s.tensor([1, 2, 3], { requiresGrad: true });
  x.gather(0, idx([0, 0, 2])).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [2, 0, 1]);
});

test('scatter from a source larger than the index reads it at the index coordinates, on every backend', () => {
  const active = s.getBackend().name;
  try {
    for (const name of s.listBackends()) {
      s.setBackend(name);
      const src = s.arange(8).reshape([2, 4]).to('float32');
      const index = s.tensor([[3, 0], [1, 2]], { dtype: 'int32' });
      assert.deepEqual(s.zeros([2, 4]).scatter(1, index, src).toArray(), [[1, 0, 0, 0], [0, 4, 5, 0]], name);
      assert.deepEqual(s.ones([2, 4]).scatterAdd(1, index, src).toArray(), [[2, 1, 1, 1], [1, 5, 6, 1]], name);
    }
  } finally {
    s.setBackend(active);
  }
});

test('indexSelect along dim 0 copies whole rows: repeats, int tensors, gradients summed into repeated rows, twice differentiable, range-checked', () => {
  const x = s.arange(0, 24, 1, { dtype: 'float64' }).reshape([4, 3, 2]).requiresGrad_();
  const index = s.tensor([2, 0, 2, 3], { dtype: 'int32' });
  const picked = s.indexSelect(x, 0, index);
  assert.deepEqual(picked.shape, [4, 3, 2]);
  assert.deepEqual([...picked.select(0, 0).dataSync()], [12, 13, 14, 15, 16, 17]);
  assert.deepEqual([...picked.dataSync()], [...s.gather(x, 0, index.reshape([4, 1, 1]).expand([4, 3, 2]).contiguous()).dataSync()]);
  picked.mul(s.arange(1, 25, 1, { dtype: 'float64' }).reshape([4, 3, 2])).sum().backward();
  assert.deepEqual([...x.grad!.select(0, 2).dataSync()], [1 + 13, 2 + 14, 3 + 15, 4 + 16, 5 + 17, 6 + 18], 'row 2 picked twice');
  assert.deepEqual([...x.grad!.select(0, 1).dataSync()], [0, 0, 0, 0, 0, 0]);
  assert.ok(s.gradgradcheck((t) => s.indexSelect(t, 0, index), [x]));
  assert.deepEqual([...s.indexSelect(s.tensor([[1, 2], [3, 4]], { dtype: 'int32' }), 0, s.tensor([1, 1], { dtype: 'int32' })).dataSync()], [3, 4, 3, 4]);
  assert.throws(() => s.indexSelect(x, 0, s.tensor([4], { dtype: 'int32' })), { name: 'IndexError', message: /index 4 is out of bounds for a dim of size 4/ });
});
