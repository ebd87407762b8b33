import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, checkFixtures } from '../helpers.js';

checkFixtures('conv', {
  conv2d: ([x, w, b], attrs) => s.conv2d(x!, w!, b ?? null, attrs),
  unfold: ([x], { kernel, ...o }) => s.unfold(x!, kernel, o),
  fold: ([c], { output, kernel, ...o }) => s.fold(c!, output, kernel, o),
  maxPool2d: ([x], { kernel, ...o }) => s.maxPool2d(x!, kernel, o),
}, { rtol: 1e-5, atol: 1e-5 });

test('conv2d equals a direct sum over the window on a known case', () => {
  const x = s.arange(16).float().reshape([1, 1, 4, 4]);
  const w = s.tensor([[1, 0], [0, -1]]).reshape([1, 1, 2, 2]);
  // out[i][j] = x[i][j] − x[i+1][j+1] = −5 everywhere.
  assertClose(s.conv2d(x, w), s.full([1, 1, 3, 3], -5));
});

test('conv2d and pooling reject bad shapes with named errors', () => {
  const x = s.zeros([1, 3, 5, 5]);
  assert.throws(() => s.conv2d(x, s.zeros([2, 2, 3, 3])), { name: 'ShapeError', message: /has 3 channels but weight \[2, 2, 3, 3\] expects 2/ });
  assert.throws(() => s.conv2d(x, s.zeros([2, 3, 3, 3]), null, { groups: 2 }), { name: 'ValueError', message: /groups=2 must divide/ });
  assert.throws(() => s.conv2d(x, s.zeros([2, 3, 7, 7])), { name: 'ShapeError', message: /too small/ });
  assert.throws(() => s.conv2d(s.zeros([3, 5, 5]), s.zeros([2, 3, 3, 3])), { name: 'ShapeError', message: /\[N, C, H, W\]/ });
  assert.throws(() => s.conv2d(x, s.zeros([2, 3, 3, 3]), null, { padding: 'same', stride: 2 }), { name: 'ValueError', message: /stride 1/ });
  assert.throws(() => s.maxPool2d(x, 2, { padding: 2 }), { name: 'ValueError', message: /at most half/ });
});

test('the native backend, when built, gives the same convolution as js', () => {
  const x = s.randn([2, 3, 9, 8]);
  const w = s.randn([5, 3, 3, 3]);
  const before = s.getBackend().name;
  s.setBackend('js');
  const reference = s.conv2d(x, w, null, { padding: 1, stride: 2 });
  s.setBackend(before);
  assertClose(s.conv2d(x, w, null, { padding: 1, stride: 2 }), reference, { rtol: 1e-5, atol: 1e-5 });
});
