import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, checkFixtures } from '../helpers.js';

const indices = (pool: typeof s.maxPool2dWithIndices) => ([x]: s.Tensor[], { kernel, ...o }: Record<string, any>) => pool(x!, kernel, o).indices; // eslint-disable-line @typescript-eslint/no-explicit-any

checkFixtures('pool', {
  maxPool1d: ([x], { kernel, ...o }) => s.maxPool1d(x!, kernel, o),
  maxPool3d: ([x], { kernel, ...o }) => s.maxPool3d(x!, kernel, o),
  maxPool1dIndices: indices(s.maxPool1dWithIndices),
  maxPool2dIndices: indices(s.maxPool2dWithIndices),
  maxPool3dIndices: indices(s.maxPool3dWithIndices),
  avgPool1d: ([x], { kernel, ...o }) => s.avgPool1d(x!, kernel, o),
  avgPool2d: ([x], { kernel, ...o }) => s.avgPool2d(x!, kernel, o),
  avgPool3d: ([x], { kernel, ...o }) => s.avgPool3d(x!, kernel, o),
  adaptiveAvgPool1d: ([x], { size }) => s.adaptiveAvgPool1d(x!, size),
  adaptiveAvgPool2d: ([x], { size }) => s.adaptiveAvgPool2d(x!, size),
  adaptiveAvgPool3d: ([x], { size }) => s.adaptiveAvgPool3d(x!, size),
  adaptiveMaxPool2d: ([x], { size }) => s.adaptiveMaxPool2d(x!, size),
}, { rtol: 1e-5, atol: 1e-5 });

test('global average pooling is the mean over H and W, and null keeps a dim', () => {
  const x = s.randn([2, 3, 5, 4]);
  assertClose(s.adaptiveAvgPool2d(x, 1), x.mean([2, 3], true), { atol: 1e-6 });
  assert.deepEqual(s.adaptiveAvgPool2d(x, [null, 2]).shape, [2, 3, 5, 2]);
});

test('pooling accepts unbatched input and rejects bad arguments with named errors', () => {
  assert.deepEqual(s.maxPool2d(s.zeros([3, 6, 6]), 2).shape, [3, 3, 3]);
  assert.throws(() => s.maxPool2d(s.zeros([1, 3, 5, 5]), 2, { padding: 2 }), { name: 'ValueError', message: /at most half/ });
  assert.throws(() => s.avgPool2d(s.zeros([1, 1, 2, 2]), 3), { name: 'ShapeError', message: /too small/ });
  assert.throws(() => s.avgPool1d(s.zeros([1, 1, 4]), 2, { divisorOverride: 0 }), { name: 'ValueError', message: /divisorOverride/ });
  assert.throws(() => s.adaptiveAvgPool2d(s.zeros([1, 1, 4, 4]), [2, 0]), { name: 'ValueError', message: /output size/ });
  assert.throws(() => s.maxPool3d(s.zeros([1, 4, 4]), 2), { name: 'ShapeError', message: /\[N, C, D, H, W\]/ });
});
