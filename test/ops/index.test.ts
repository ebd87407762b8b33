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
