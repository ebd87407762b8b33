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

checkFixtures('convnd', {
  conv1d: ([x, w, b], attrs) => s.conv1d(x!, w!, b ?? null, attrs),
  conv2d: ([x, w, b], attrs) => s.conv2d(x!, w!, b ?? null, attrs),
  conv3d: ([x, w, b], attrs) => s.conv3d(x!, w!, b ?? null, attrs),
  convTranspose1d: ([x, w, b], attrs) => s.convTranspose1d(x!, w!, b ?? null, attrs),
  convTranspose2d: ([x, w, b], attrs) => s.convTranspose2d(x!, w!, b ?? null, attrs),
  convTranspose3d: ([x, w, b], attrs) => s.convTranspose3d(x!, w!, b ?? null, attrs),
}, { rtol: 1e-5, atol: 1e-5 });

test('conv2d equals a direct sum over the window on a known case', () => {
  const x = s.arange(16).float().reshape([1, 1, 4, 4]);
  const w = s.tensor([[1, 0], [0, -1]]).reshape([1, 1, 2, 2]);
  // out[i][j] = x[i][j] − x[i+1][j+1] = −5 everywhere.
  assertClose(s.conv2d(x, w), s.full([1, 1, 3, 3], -5));
});

test('conv1d/2d/3d have first and second derivatives through their fused product (gradcheck, gradgradcheck), with bias, groups and strides', () => {
  s.manualSeed(3);
  const f64 = (shape: number[]): s.Tensor => s.randn(shape, { dtype: 'float64', requiresGrad: true });
  const [x, w, b] = [f64([2, 4, 5, 6]), f64([6, 2, 3, 2]), f64([6])];
  const conv = (xs: s.Tensor, ws: s.Tensor, bs: s.Tensor): s.Tensor => s.conv2d(xs, ws, bs, { padding: 1, groups: 2, stride: [1, 2] });
  s.gradcheck(conv, [x, w, b]);
  s.gradgradcheck(conv, [x, w, b]);
  s.gradgradcheck((xs, ws) => s.conv1d(xs, ws, null, { dilation: 2 }), [f64([2, 3, 7]), f64([2, 3, 2])]);
  s.gradgradcheck((xs, ws, bs) => s.conv3d(xs, ws, bs, { padding: [0, 1, 0] }), [f64([1, 2, 3, 3, 4]), f64([3, 2, 2, 2, 2]), f64([3])]);
});

test('conv2d of an empty batch is an empty batch of outputs, and its gradients are zeros', () => {
  const x = s.zeros([0, 3, 5, 5], { requiresGrad: true });
  const w = s.randn([2, 3, 3, 3], { requiresGrad: true });
  const y = s.conv2d(x, w, s.zeros([2]), { padding: 1 });
  assert.deepEqual(y.shape, [0, 2, 5, 5]);
  y.sum().backward();
  assert.deepEqual(x.grad!.shape, [0, 3, 5, 5]);
  assertClose(w.grad!, s.zeros([2, 3, 3, 3]));
});

test('conv2d and pooling reject bad shapes with named errors', () => {
  const x = s.zeros([1, 3, 5, 5]);
  assert.throws(() => s.conv2d(x, s.zeros([2, 3, 3, 3]), s.zeros([3])), { name: 'ShapeError', message: /bias must be \[2\], got \[3\]/ });
  assert.throws(() => s.conv2d(x, s.zeros([2, 2, 3, 3])), { name: 'ShapeError', message: /has 3 channels but weight \[2, 2, 3, 3\] expects 2/ });
  assert.throws(() => s.conv2d(x, s.zeros([2, 3, 3, 3]), null, { groups: 2 }), { name: 'ValueError', message: /groups=2 must divide/ });
  assert.throws(() => s.conv2d(x, s.zeros([2, 3, 7, 7])), { name: 'ShapeError', message: /too small/ });
  assert.throws(() => s.conv2d(s.zeros([5, 5]), s.zeros([2, 3, 3, 3])), { name: 'ShapeError', message: /\[N, C, H, W\] or \[C, H, W\]/ });
  assert.throws(() => s.conv2d(x, s.zeros([2, 3, 3, 3]), null, { padding: 'same', stride: 2 }), { name: 'ValueError', message: /stride 1/ });
  assert.throws(() => s.maxPool2d(x, 2, { padding: 2 }), { name: 'ValueError', message: /at most half/ });
});

test('conv3d with a depth-1 kernel is conv2d on every frame (SPEC §10.1)', () => {
  const clip = s.randn([2, 3, 4, 6, 5]);
  const w = s.randn([4, 3, 1, 3, 3]);
  const frames = s.stack(Array.from({ length: 4 }, (_, t) => s.conv2d(clip.select(2, t), w.select(2, 0), null, { padding: 1 })), 2);
  assertClose(s.conv3d(clip, w, null, { padding: [0, 1, 1] }), frames, { rtol: 1e-5, atol: 1e-5 });
});

test('conv3d on a clip of identical frames is conv2d with the kernel summed over time, on interior frames (SPEC §10.1)', () => {
  const frame = s.randn([2, 3, 6, 5]);
  const clip = frame.unsqueeze(2).expand([2, 3, 5, 6, 5]);
  const w = s.randn([4, 3, 3, 3, 3]);
  const expected = s.conv2d(frame, w.sum(2), null, { padding: 1 }).unsqueeze(2).expand([2, 4, 3, 6, 5]);
  assertClose(s.conv3d(clip, w, null, { padding: [0, 1, 1] }), expected, { rtol: 1e-4, atol: 1e-4 });
});

test('conv3d and convTranspose3d have gradients at the video models\' shapes: 4³ kernels with stride 2 and padding 1, 1³ strided shortcuts (gradcheck)', () => {
  s.manualSeed(4);
  const f64 = (shape: number[]): s.Tensor => s.randn(shape, { dtype: 'float64', requiresGrad: true });
  s.gradcheck((x, w, b) => s.conv3d(x, w, b, { stride: 2, padding: 1 }), [f64([2, 2, 4, 6, 4]), f64([3, 2, 4, 4, 4]), f64([3])]);
  s.gradcheck((x, w, b) => s.convTranspose3d(x, w, b, { stride: 2, padding: 1 }), [f64([2, 3, 2, 3, 2]), f64([3, 2, 4, 4, 4]), f64([2])]);
  s.gradcheck((x, w) => s.conv3d(x, w, null, { stride: 2 }), [f64([1, 2, 3, 5, 4]), f64([3, 2, 1, 1, 1])]);
});

test('convTranspose2d is the input-gradient of conv2d', () => {
  const x = s.randn([2, 3, 7, 8]).requiresGrad_();
  const w = s.randn([4, 3, 3, 3]);
  const y = s.conv2d(x, w, null, { stride: 2, padding: 1 });
  const g = s.randn(y.shape);
  const [dx] = s.grad([y], [x], { gradOutputs: [g] });
  assertClose(s.convTranspose2d(g, w, null, { stride: 2, padding: 1, outputPadding: [0, 1] }), dx!, { rtol: 1e-5, atol: 1e-5 });
});

test('convolutions reject bad arguments with named errors', () => {
  assert.throws(() => s.conv1d(s.zeros([1, 2, 3, 4]), s.zeros([1, 2, 3])), { name: 'ShapeError', message: /\[N, C, L\]/ });
  assert.throws(() => s.conv3d(s.zeros([1, 2, 4, 4, 4]), s.zeros([1, 2, 3, 3])), { name: 'ShapeError', message: /weight must be \[O, C\/groups, kd, kh, kw\]/ });
  assert.throws(() => s.conv2d(s.zeros([1, 2, 4, 4]), s.zeros([1, 2, 3, 3]), null, { padding: [1, 1, 1] }), { name: 'ValueError', message: /padding must be/ });
  assert.throws(() => s.conv2d(s.zeros([1, 2, 3, 3]), s.zeros([1, 2, 3, 3]), null, { padding: 3, paddingMode: 'reflect' }), { name: 'ValueError', message: /reflect padding/ });
  assert.throws(() => s.convTranspose2d(s.zeros([1, 2, 3, 3]), s.zeros([2, 1, 3, 3]), null, { stride: 2, outputPadding: 2 }), { name: 'ValueError', message: /output padding 2 must be smaller/ });
  assert.throws(() => s.convTranspose1d(s.zeros([1, 3, 5]), s.zeros([2, 1, 3])), { name: 'ShapeError', message: /has 3 channels but weight \[2, 1, 3\] expects 2/ });
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
