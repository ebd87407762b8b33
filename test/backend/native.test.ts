/** Every native kernel against the js reference, on random shapes including odd sizes and transposes. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { ConvGeometry, ConvProduct } from '../../src/backend/backend.js';
import { groupProduct } from '../../src/backend/js/conv.js';
import { jsBackend } from '../../src/backend/js/index.js';
import { getNumThreads, nativeBackend, nativeIsa, setNumThreads } from '../../src/backend/native/index.js';
import { Generator } from '../../src/tensor/random.js';
import { assertNear, BATCH_LAYOUTS, productCases } from './products.js';

const g = new Generator(99);
const randArray = (n: number): Float32Array => Float32Array.from({ length: n }, () => g.normal());
const skip = nativeBackend === null ? 'native kernels not built' : false;

test('native sgemm matches js on odd sizes, transposes, batches and shared operands', { skip }, () => {
  const shapes = [[1, 1, 1], [3, 5, 7], [17, 33, 9], [64, 1, 64], [100, 300, 50], [255, 257, 129], [8, 600, 33], [1, 2048, 3], [32, 200, 9], [0, 5, 7], [7, 5, 0], [4, 0, 3]];
  for (const threads of [1, 2]) {
    setNumThreads(threads);
    for (const { a, b, args, label, tol } of productCases(shapes, g)) {
      assertNear(nativeBackend!.matmul(a, b, ...args), jsBackend.matmul(a, b, ...args), tol, `threads ${threads} ${label}`);
    }
  }
  setNumThreads(2);
});

test('native few-row products (decoding steps) match js on odd sizes, transposes, batches and shared operands', { skip }, () => {
  const shapes = [[1, 1, 1], [1, 128, 512], [2, 129, 513], [3, 7, 1001], [4, 300, 5], [1, 2048, 3], [4, 0, 3]];
  for (const { a, b, args, label, tol } of productCases(shapes, g, [[1, false, false], [4, false, false], ...BATCH_LAYOUTS.slice(1)])) {
    assertNear(nativeBackend!.matmulFewRows(a, b, ...args), jsBackend.matmul(a, b, ...args), tol, label);
  }
});

test('native sgemm splits a batch of small products across threads correctly', { skip }, () => {
  setNumThreads(2);
  for (const [transA, transB, shareB] of [[false, false, true], [true, true, false]] as const) {
    const [batch, m, k, n] = [17, 128, 120, 130];
    const a = randArray(batch * m * k);
    const b = randArray((shareB ? 1 : batch) * k * n);
    const args = [batch, m, k, n, m * k, shareB ? 0 : k * n, transA, transB] as const;
    assertNear(nativeBackend!.matmul(a, b, ...args), jsBackend.matmul(a, b, ...args), 2e-5 * Math.sqrt(k), `batch split tA${transA} tB${transB}`);
  }
});

test('native packed-B products match js on odd sizes, deep k, wide n, transposes and both thread counts', { skip }, () => {
  const shapes = [[1, 1, 1], [5, 3, 7], [32, 128, 512], [33, 300, 17], [3, 513, 3100], [301, 299, 401]];
  for (const threads of [1, 2]) {
    setNumThreads(threads);
    for (const [m, k, n] of shapes) {
      for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const [a, b] = [randArray(m! * k!), randArray(k! * n!)];
        const packed = nativeBackend!.packMatrix(b, k!, n!, transB);
        const label = `packed threads ${threads} m${m} k${k} n${n} tA${transA} tB${transB}`;
        assertNear(nativeBackend!.matmulPacked(a, packed, m!, transA), jsBackend.matmul(a, b, 1, m!, k!, n!, 0, 0, transA, transB), 2e-5 * Math.sqrt(k!), label);
      }
    }
  }
  setNumThreads(2);
});

test('native im2col and col2im match js on 1-, 2- and 3-D windows with strides, padding, dilation and both layouts', { skip }, () => {
  const geometries: ConvGeometry[] = [
    { channels: 3, size: [1, 7, 6], kernel: [1, 3, 3], stride: [1, 1, 1], padding: [0, 1, 1], dilation: [1, 1, 1], out: [1, 7, 6] },
    { channels: 2, size: [1, 9, 8], kernel: [1, 3, 2], stride: [1, 2, 3], padding: [0, 2, 0], dilation: [1, 2, 1], out: [1, 5, 3] },
    { channels: 64, size: [1, 14, 14], kernel: [1, 3, 3], stride: [1, 1, 1], padding: [0, 1, 1], dilation: [1, 1, 1], out: [1, 14, 14] },
    { channels: 3, size: [1, 1, 11], kernel: [1, 1, 4], stride: [1, 1, 2], padding: [0, 0, 1], dilation: [1, 1, 1], out: [1, 1, 5] },
    { channels: 2, size: [5, 6, 7], kernel: [3, 2, 3], stride: [2, 1, 2], padding: [1, 1, 0], dilation: [1, 2, 1], out: [3, 5, 3] },
  ];
  for (const g of geometries) {
    const batch = 5;
    const x = randArray(batch * g.channels * g.size[0] * g.size[1] * g.size[2]);
    for (const batchInner of [false, true]) {
      const cols = jsBackend.im2col(x, batch, g, batchInner);
      const label = `${JSON.stringify(g.kernel)} batchInner ${batchInner}`;
      assertNear(nativeBackend!.im2col(x, batch, g, batchInner), cols, 0, `im2col ${label}`);
      assertNear(nativeBackend!.col2im(cols, batch, g, batchInner), jsBackend.col2im(cols, batch, g, batchInner), 1e-6, `col2im ${label}`);
    }
    // The batch-inner layout is the other one with its first two axes swapped.
    const [outer, inner] = [jsBackend.im2col(x, batch, g), jsBackend.im2col(x, batch, g, true)];
    const [rows, windows] = [g.channels * g.kernel[0] * g.kernel[1] * g.kernel[2], g.out[0] * g.out[1] * g.out[2]];
    assert.equal(inner[(rows - 1) * batch * windows + 2 * windows + windows - 1], outer[(2 * rows + rows - 1) * windows + windows - 1]);
  }
});

/** [O, batch, L] (filters outer, as the products give it) → [batch, O, L], or back. */
function swapOuter(y: Float32Array, outer: number, inner: number, windows: number): Float32Array {
  const out = new Float32Array(y.length);
  for (let a = 0; a < outer; a++) {
    for (let b = 0; b < inner; b++) out.set(y.subarray((a * inner + b) * windows, (a * inner + b + 1) * windows), (b * outer + a) * windows);
  }
  return out;
}

/**
 * A unit-stride convolution's input gradient as a convolution of dy: filters flipped in space with
 * their channel axes swapped, padding dilation·(k − 1) − padding. Null where that padding is negative.
 */
function inputGradAsConv(w: Float32Array, c: ConvProduct): { filters: Float32Array; product: ConvProduct } | null {
  const { geometry: g, groups, outChannels } = c;
  const pad = (d: number): number => g.dilation[d]! * (g.kernel[d]! - 1) - g.padding[d]!;
  const padding: ConvGeometry['padding'] = [pad(0), pad(1), pad(2)];
  if (g.stride.some((s) => s !== 1) || padding.some((p) => p < 0)) return null;
  const [taps, m, channels] = [g.kernel[0] * g.kernel[1] * g.kernel[2], outChannels / groups, g.channels / groups];
  const filters = new Float32Array(w.length);
  for (let group = 0; group < groups; group++) {
    for (let ch = 0; ch < channels; ch++) {
      for (let o = 0; o < m; o++) {
        for (let t = 0; t < taps; t++) filters[((group * channels + ch) * m + o) * taps + t] = w[((group * m + o) * channels + ch) * taps + taps - 1 - t]!;
      }
    }
  }
  const geometry: ConvGeometry = { ...g, channels: outChannels, size: g.out, out: g.size, padding };
  return { filters, product: { batch: c.batch, geometry, groups, outChannels: g.channels } };
}

/**
 * A unit-stride weight gradient's operands over the zero-padded images' grid (rows as wide as a
 * padded row, the extra windows' dy zero): dy [O, batch·spread] and the columns [C·taps, batch·spread].
 */
function paddedGrid(x: Float32Array, dy: Float32Array, c: ConvProduct): { dy: Float32Array; cols: Float32Array; depth: number } | null {
  const { batch, geometry: g, outChannels } = c;
  if (g.stride.some((s) => s !== 1)) return null;
  const e = g.size.map((s, d) => s + 2 * g.padding[d]!);
  const plane = e[0]! * e[1]! * e[2]!;
  const spread = ((g.out[0] - 1) * e[1]! + g.out[1] - 1) * e[2]! + g.out[2];
  const [rows, windows, taps] = [g.out[0] * g.out[1], g.out[0] * g.out[1] * g.out[2], g.kernel[0] * g.kernel[1] * g.kernel[2]];
  const dyGrid = new Float32Array(outChannels * batch * spread);
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < outChannels; o++) {
      for (let row = 0; row < rows; row++) {
        const from = (n * outChannels + o) * windows + row * g.out[2];
        const at = (Math.floor(row / g.out[1]) * e[1]! + (row % g.out[1])) * e[2]!;
        dyGrid.set(dy.subarray(from, from + g.out[2]), (o * batch + n) * spread + at);
      }
    }
  }
  const padded = new Float32Array(batch * g.channels * plane);
  for (let i = 0; i < x.length; i++) {
    const [xx, y, z, ch] = [i % g.size[2], Math.floor(i / g.size[2]) % g.size[1], Math.floor(i / g.size[2] / g.size[1]) % g.size[0], Math.floor(i / g.size[2] / g.size[1] / g.size[0])];
    padded[ch * plane + ((z + g.padding[0]) * e[1]! + y + g.padding[1]) * e[2]! + xx + g.padding[2]] = x[i]!;
  }
  const cols = new Float32Array(g.channels * taps * batch * spread);
  for (let r = 0; r < g.channels * taps; r++) {
    const [t, ch] = [r % taps, Math.floor(r / taps)];
    const [kz, ky, kx] = [Math.floor(t / g.kernel[2] / g.kernel[1]), Math.floor(t / g.kernel[2]) % g.kernel[1], t % g.kernel[2]];
    const shift = (kz * g.dilation[0] * e[1]! + ky * g.dilation[1]) * e[2]! + kx * g.dilation[2];
    for (let n = 0; n < batch; n++) {
      const from = (n * g.channels + ch) * plane + shift;
      cols.set(padded.subarray(from, from + spread), (r * batch + n) * spread);
    }
  }
  return { dy: dyGrid, cols, depth: batch * spread };
}

/** The weight gradient as each image's product dy·columnsᵀ, added up in image order (float32). */
function imageByImage(dyProducts: Float32Array, cols: Float32Array, c: ConvProduct): Float32Array {
  const { m, k, windows } = groupProduct(c);
  const l = windows / c.batch;
  const dw = new Float32Array(c.outChannels * k);
  for (let image = 0; image < c.batch; image++) {
    for (let group = 0; group < c.groups; group++) {
      const dy = new Float32Array(m * l);
      const columns = new Float32Array(k * l);
      for (let o = 0; o < m; o++) dy.set(dyProducts.subarray(((group * m + o) * c.batch + image) * l, ((group * m + o) * c.batch + image + 1) * l), o * l);
      for (let r = 0; r < k; r++) columns.set(cols.subarray((group * k + r) * windows + image * l, (group * k + r) * windows + (image + 1) * l), r * l);
      const product = nativeBackend!.matmul(dy, columns, 1, m, l, k, 0, 0, false, true);
      for (let i = 0; i < m * k; i++) dw[group * m * k + i] = image === 0 ? product[i]! : Math.fround(dw[group * m * k + i]! + product[i]!);
    }
  }
  return dw;
}

test('native implicit-GEMM convolution is bit-identical to im2col + sgemm (+ col2im, or a convolution of dy), and matches js', { skip }, () => {
  const n = nativeBackend!;
  const geometries: ConvGeometry[] = [
    { channels: 4, size: [1, 7, 6], kernel: [1, 3, 3], stride: [1, 1, 1], padding: [0, 1, 1], dilation: [1, 1, 1], out: [1, 7, 6] },
    { channels: 2, size: [1, 9, 8], kernel: [1, 3, 2], stride: [1, 2, 3], padding: [0, 2, 0], dilation: [1, 2, 1], out: [1, 5, 3] },
    { channels: 64, size: [1, 14, 14], kernel: [1, 3, 3], stride: [1, 1, 1], padding: [0, 1, 1], dilation: [1, 1, 1], out: [1, 14, 14] },
    { channels: 1, size: [1, 28, 28], kernel: [1, 3, 3], stride: [1, 1, 1], padding: [0, 1, 1], dilation: [1, 1, 1], out: [1, 28, 28] },
    { channels: 6, size: [1, 1, 11], kernel: [1, 1, 4], stride: [1, 1, 2], padding: [0, 0, 1], dilation: [1, 1, 1], out: [1, 1, 5] },
    { channels: 2, size: [5, 6, 7], kernel: [3, 2, 3], stride: [2, 1, 2], padding: [1, 1, 0], dilation: [1, 2, 1], out: [3, 5, 3] },
    { channels: 64, size: [4, 5, 6], kernel: [2, 3, 3], stride: [1, 1, 1], padding: [1, 2, 1], dilation: [1, 2, 1], out: [5, 5, 6] },
    { channels: 64, size: [1, 1, 13], kernel: [1, 1, 5], stride: [1, 1, 1], padding: [0, 0, 2], dilation: [1, 1, 2], out: [1, 1, 9] },
    { channels: 3, size: [1, 5, 4], kernel: [1, 1, 1], stride: [1, 1, 1], padding: [0, 1, 1], dilation: [1, 1, 1], out: [1, 7, 6] },
    // Output rows of 29 (three tiles of shifted rows), 288 rows of columns (two blocks of the depth).
    { channels: 32, size: [1, 3, 29], kernel: [1, 3, 3], stride: [1, 1, 1], padding: [0, 1, 1], dilation: [1, 1, 1], out: [1, 3, 29] },
    // Shifted rows where the kernels have them (AVX2: rows of 21 = 16 + 5 lanes, 864 rows of columns, 315 windows for the
    // weight gradient image by image; rows of 8, one vector).
    { channels: 32, size: [3, 5, 21], kernel: [3, 3, 3], stride: [1, 1, 1], padding: [1, 1, 1], dilation: [1, 1, 1], out: [3, 5, 21] },
    { channels: 16, size: [1, 4, 8], kernel: [1, 3, 3], stride: [1, 1, 1], padding: [0, 1, 1], dilation: [1, 1, 1], out: [1, 4, 8] },
    // Strided rows read in place from the padded image (AVX2): 2-D stride 2, and WaveGAN's 1-D 25 taps at stride 4.
    { channels: 64, size: [1, 9, 20], kernel: [1, 3, 3], stride: [1, 2, 2], padding: [0, 1, 1], dilation: [1, 1, 1], out: [1, 5, 10] },
    { channels: 6, size: [1, 1, 103], kernel: [1, 1, 25], stride: [1, 1, 4], padding: [0, 0, 11], dilation: [1, 1, 1], out: [1, 1, 26] },
    // 1-D, one channel per group, no padding: columns as strided rows (stride 4 and 16, dilation 2).
    { channels: 2, size: [1, 1, 203], kernel: [1, 1, 20], stride: [1, 1, 4], padding: [0, 0, 0], dilation: [1, 1, 2], out: [1, 1, 42] },
    { channels: 1, size: [1, 1, 1000], kernel: [1, 1, 80], stride: [1, 1, 16], padding: [0, 0, 0], dilation: [1, 1, 1], out: [1, 1, 58] },
  ];
  const threads = getNumThreads();
  try {
    for (const [i, geometry] of geometries.entries()) {
      for (const [batch, groups, outChannels] of [[5, 1, 7], [2, geometry.channels % 2 ? 1 : 2, 34], [32, 1, 32]] as const) {
        if (batch === 32 && i > 3) continue;
        for (const t of [threads, 1]) {
          setNumThreads(t);
          const c: ConvProduct = { batch, geometry, groups, outChannels };
          const { m, k, windows } = groupProduct(c);
          const l = windows / batch;
          const x = randArray(batch * geometry.channels * geometry.size[0] * geometry.size[1] * geometry.size[2]);
          const w = randArray(outChannels * k);
          const bias = randArray(outChannels);
          const dy = randArray(outChannels * windows);
          const dyProducts = swapOuter(dy, batch, outChannels, l);
          const cols = n.im2col(x, batch, geometry, true);
          const label = `${JSON.stringify(geometry.kernel)} ${geometry.channels} channels, batch ${batch}, groups ${groups}, ${t} threads`;
          const products = swapOuter(n.matmul(w, cols, groups, m, k, windows, m * k, k * windows) as Float32Array, outChannels, batch, l);
          assert.deepEqual(n.convForward(x, w, null, c), products, `forward ${label}`);
          const y = n.convForward(x, w, bias, c);
          assert.deepEqual(y, products.map((v, j) => v + bias[Math.floor(j / l) % outChannels]!), `forward with bias ${label}`);
          const dw = n.convWeightGrad(x, dy, c);
          const grid = paddedGrid(x, dy, c);
          const dwWays = [n.matmul(dyProducts, cols, groups, m, windows, k, m * windows, k * windows, false, true)];
          if (grid) dwWays.push(n.matmul(grid.dy, grid.cols, groups, m, grid.depth, k, m * grid.depth, k * grid.depth, false, true));
          dwWays.push(imageByImage(dyProducts, cols as Float32Array, c));
          assert.ok(dwWays.some((way) => way.every((v, j) => Object.is(v, dw[j]))), `weight grad ${label}`);
          const dx = n.convInputGrad(w, dy, c);
          // Exactly one of the two ways (which one the kernel picks by the shape).
          const folded = n.col2im(n.matmul(w, dyProducts, groups, k, m, windows, m * k, m * windows, true), batch, geometry, true);
          const asConv = inputGradAsConv(w, c);
          const ways = [folded, ...(asConv ? [n.convForward(dy, asConv.filters, null, asConv.product)] : [])];
          assert.ok(ways.some((way) => way.every((v, j) => Object.is(v, dx[j]))), `input grad ${label}`);
          assertNear(y, jsBackend.convForward(x, w, bias, c), 1e-4, `js forward ${label}`);
          assertNear(dw, jsBackend.convWeightGrad(x, dy, c), 1e-3, `js weight grad ${label}`);
          assertNear(dx, jsBackend.convInputGrad(w, dy, c), 1e-4, `js input grad ${label}`);
        }
      }
    }
  } finally {
    setNumThreads(threads);
  }
});

test('native depthwise convolution and its gradients match js on 1-3-D windows with strides, padding and dilation', { skip }, () => {
  const geometries: ConvGeometry[] = [
    { channels: 3, size: [1, 7, 6], kernel: [1, 3, 3], stride: [1, 1, 1], padding: [0, 1, 1], dilation: [1, 1, 1], out: [1, 7, 6] },
    { channels: 2, size: [1, 9, 8], kernel: [1, 3, 2], stride: [1, 2, 3], padding: [0, 2, 0], dilation: [1, 2, 1], out: [1, 5, 3] },
    { channels: 16, size: [1, 28, 28], kernel: [1, 3, 3], stride: [1, 1, 1], padding: [0, 1, 1], dilation: [1, 1, 1], out: [1, 28, 28] },
    { channels: 4, size: [1, 1, 11], kernel: [1, 1, 4], stride: [1, 1, 2], padding: [0, 0, 1], dilation: [1, 1, 1], out: [1, 1, 5] },
    { channels: 2, size: [5, 6, 7], kernel: [3, 2, 3], stride: [2, 1, 2], padding: [1, 1, 0], dilation: [1, 2, 1], out: [3, 5, 3] },
  ];
  for (const g of geometries) {
    const batch = 5;
    const taps = g.kernel[0] * g.kernel[1] * g.kernel[2];
    const x = randArray(batch * g.channels * g.size[0] * g.size[1] * g.size[2]);
    const w = randArray(g.channels * taps);
    const dy = randArray(batch * g.channels * g.out[0] * g.out[1] * g.out[2]);
    const label = JSON.stringify(g.kernel);
    assertNear(nativeBackend!.depthwiseConv(x, w, batch, g), jsBackend.depthwiseConv(x, w, batch, g), 1e-5, `depthwise ${label}`);
    const [ours, ref] = [nativeBackend!.depthwiseConvBackward(x, w, dy, batch, g, true, true), jsBackend.depthwiseConvBackward(x, w, dy, batch, g, true, true)];
    assertNear(ours.dx!, ref.dx!, 1e-5, `depthwise dx ${label}`);
    // dw sums batch·L products: float32 rounding grows with the root of their count, as in the sgemm test.
    assertNear(ours.dw!, ref.dw!, 2e-5 * Math.sqrt(batch * g.out[0] * g.out[1] * g.out[2]), `depthwise dw ${label}`);
    assert.equal(nativeBackend!.depthwiseConvBackward(x, w, dy, batch, g, false, true).dx, null);
  }
});

test('native binary arithmetic, comparisons, where, strided copies and assignment match js on broadcast, strided and negative-stride views', { skip }, () => {
  const cases: { shape: number[]; a: [number[], number]; b: [number[], number] }[] = [
    { shape: [7], a: [[1], 0], b: [[1], 0] },
    { shape: [3, 5], a: [[5, 1], 0], b: [[0, 1], 0] },
    { shape: [4, 3, 2], a: [[1, 4, 12], 0], b: [[6, 0, 1], 3] },
    { shape: [5, 6], a: [[-6, 1], 24], b: [[0, 0], 2] },
    { shape: [], a: [[], 2], b: [[], 0] },
    { shape: [0, 3], a: [[3, 1], 0], b: [[3, 1], 0] },
    // Layouts the kernel merges into longer rows, and rows where one operand is a broadcast scalar.
    { shape: [2, 3, 4], a: [[12, 4, 1], 1], b: [[12, 4, 1], 0] },
    { shape: [2, 3, 4], a: [[12, 4, 1], 0], b: [[0, 4, 1], 5] },
    { shape: [4, 5], a: [[5, 1], 0], b: [[1, 0], 0] },
    { shape: [4, 5], a: [[1, 0], 2], b: [[5, 1], 0] },
    { shape: [3, 1, 4], a: [[4, 99, 1], 0], b: [[0, 7, 1], 2] },
    { shape: [1, 6, 1], a: [[5, 1, 3], 0], b: [[0, 1, 9], 0] },
  ];
  for (const { shape, a: [sa, oa], b: [sb, ob] } of cases) {
    const data = randArray(60);
    const other = randArray(60);
    const A = { data, shape, strides: sa, offset: oa };
    const B = { data: other, shape, strides: sb, offset: ob };
    for (const op of ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const) {
      assertNear(nativeBackend!.binary(op, A, B, shape, 'float32'), jsBackend.binary(op, A, B, shape, 'float32'), 1e-6, `${op} ${shape}`);
    }
    assert.deepEqual(nativeBackend!.copy(A, 'float32'), jsBackend.copy(A, 'float32'), `copy ${shape}`);
    if (sa.every((s, d) => s > 0 || shape[d]! <= 1)) {
      // Writing B's view into A's, where A's elements are distinct (no stride-0 or reversed dims).
      const [ours, ref] = [Float32Array.from(data), Float32Array.from(data)];
      nativeBackend!.assign({ ...A, data: ours }, B);
      jsBackend.assign({ ...A, data: ref }, B);
      assert.deepEqual(ours, ref, `assign ${shape}`);
    }
    const cond = { ...B, data: Uint8Array.from(other, (v) => (v > 0 ? 1 : 0)) };
    assert.deepEqual(nativeBackend!.where(cond, A, B, shape, 'float32'), jsBackend.where(cond, A, B, shape, 'float32'), `where ${shape}`);
    // Comparisons also against a copy of itself, so equality is exercised.
    for (const op of ['gt', 'ge', 'lt', 'le', 'eq', 'ne'] as const) {
      for (const other of [B, { ...A, strides: sb }]) {
        assert.deepEqual(nativeBackend!.binary(op, A, other, shape, 'bool'), jsBackend.binary(op, A, other, shape, 'bool'), `${op} ${shape}`);
      }
    }
  }
});

test('native binary ops split across the pool match js: rows cut mid-way, broadcasts, transposed views, comparisons', { skip }, () => {
  const threads = getNumThreads();
  setNumThreads(2);
  try {
    // Above the split size: one long merged row, rows of odd length that the spans cut inside, a
    // broadcast row vector, a transposed view (the copy of attention heads) and byte outputs.
    const [rows, cols] = [523, 1009];
    const data = randArray(rows * cols);
    const other = randArray(rows * cols);
    const cases: { shape: number[]; a: [number[], number]; b: [number[], Float32Array] }[] = [
      { shape: [rows * cols], a: [[1], 0], b: [[1], other] },
      { shape: [rows, cols], a: [[cols, 1], 0], b: [[cols, 1], other] },
      { shape: [rows, cols], a: [[cols, 1], 0], b: [[0, 1], other] },
      { shape: [cols, rows], a: [[1, cols], 0], b: [[rows, 1], other] },
      { shape: [7, rows, 131], a: [[131, 917, 1], 5], b: [[0, 0, 1], other] },
    ];
    for (const { shape, a: [sa, oa], b: [sb, bData] } of cases) {
      const A = { data, shape, strides: sa, offset: oa };
      const B = { data: bData, shape, strides: sb, offset: 0 };
      for (const op of ['add', 'mul', 'maximum'] as const) {
        assert.deepEqual(nativeBackend!.binary(op, A, B, shape, 'float32'), jsBackend.binary(op, A, B, shape, 'float32'), `${op} ${shape}`);
      }
      assert.deepEqual(nativeBackend!.copy(A, 'float32'), jsBackend.copy(A, 'float32'), `copy ${shape}`);
      assert.deepEqual(nativeBackend!.binary('gt', A, B, shape, 'bool'), jsBackend.binary('gt', A, B, shape, 'bool'), `gt ${shape}`);
    }
  } finally {
    setNumThreads(threads);
  }
});

test('native max-pooling positions match js on padding, dilation, ceil-mode windows, 1-3-D (and vectorised 1-D rows) and NaN', { skip }, () => {
  const geometries: ConvGeometry[] = [
    { channels: 1, size: [1, 28, 28], kernel: [1, 2, 2], stride: [1, 2, 2], padding: [0, 0, 0], dilation: [1, 1, 1], out: [1, 14, 14] },
    { channels: 1, size: [1, 7, 8], kernel: [1, 3, 3], stride: [1, 2, 2], padding: [0, 1, 1], dilation: [1, 1, 1], out: [1, 4, 5] },
    { channels: 1, size: [1, 9, 9], kernel: [1, 3, 2], stride: [1, 2, 1], padding: [0, 1, 1], dilation: [1, 2, 3], out: [1, 4, 8] },
    { channels: 1, size: [1, 1, 11], kernel: [1, 1, 3], stride: [1, 1, 2], padding: [0, 0, 1], dilation: [1, 1, 1], out: [1, 1, 6] },
    { channels: 1, size: [4, 5, 6], kernel: [2, 2, 3], stride: [2, 1, 2], padding: [1, 0, 1], dilation: [1, 2, 1], out: [3, 3, 3] },
    // 2×2 windows on odd sizes: floor mode leaves the last row and column out; ceil mode takes them.
    { channels: 1, size: [1, 7, 9], kernel: [1, 2, 2], stride: [1, 2, 2], padding: [0, 0, 0], dilation: [1, 1, 1], out: [1, 3, 4] },
    { channels: 1, size: [1, 7, 9], kernel: [1, 2, 2], stride: [1, 2, 2], padding: [0, 0, 0], dilation: [1, 1, 1], out: [1, 4, 5] },
    // Rows of several SIMD blocks of windows and a partial one.
    { channels: 1, size: [1, 6, 41], kernel: [1, 2, 2], stride: [1, 2, 2], padding: [0, 0, 0], dilation: [1, 1, 1], out: [1, 3, 20] },
    // C3D's 3-D windows, pooled slice by slice: 1×2×2, 2×2×2, a dilated depth, and a ceil-mode depth window past the end.
    { channels: 1, size: [5, 6, 9], kernel: [1, 2, 2], stride: [1, 2, 2], padding: [0, 0, 0], dilation: [1, 1, 1], out: [5, 3, 4] },
    { channels: 1, size: [5, 8, 41], kernel: [2, 2, 2], stride: [2, 2, 2], padding: [0, 0, 0], dilation: [1, 1, 1], out: [2, 4, 20] },
    { channels: 1, size: [6, 4, 5], kernel: [2, 2, 2], stride: [1, 2, 2], padding: [0, 0, 0], dilation: [2, 1, 1], out: [4, 2, 2] },
    { channels: 1, size: [5, 4, 4], kernel: [2, 2, 2], stride: [2, 2, 2], padding: [0, 0, 0], dilation: [1, 1, 1], out: [3, 2, 2] },
    // 1-D windows inside the row, eight outputs per vector and a partial block: M5's, overlapping, dilated, and a window of one.
    { channels: 1, size: [1, 1, 83], kernel: [1, 1, 4], stride: [1, 1, 4], padding: [0, 0, 0], dilation: [1, 1, 1], out: [1, 1, 20] },
    { channels: 1, size: [1, 1, 83], kernel: [1, 1, 3], stride: [1, 1, 2], padding: [0, 0, 0], dilation: [1, 1, 2], out: [1, 1, 39] },
    { channels: 1, size: [1, 1, 29], kernel: [1, 1, 1], stride: [1, 1, 3], padding: [0, 0, 0], dilation: [1, 1, 1], out: [1, 1, 10] },
  ];
  for (const g of geometries) {
    const planes = 300;
    const x = randArray(planes * g.size[0] * g.size[1] * g.size[2]);
    for (let i = 0; i < x.length; i += 97) x[i] = NaN;
    // Rounded copies tie often, and -∞ must still be a window's maximum when it is all there is.
    const ties = x.map((v, i) => (i % 13 === 0 ? -Infinity : Math.round(v)));
    for (const data of [x, ties]) {
      assert.deepEqual(nativeBackend!.maxPoolIndices(data, planes, g), jsBackend.maxPoolIndices(data, planes, g), JSON.stringify(g));
    }
  }
});

test('native unary math matches js, including extremes and NaN', { skip }, () => {
  const values = Float32Array.from([...randArray(50).map((v) => v * 5), 0, -0, 88, -88, 1e-30, Infinity, -Infinity, NaN]);
  const positive = values.map(Math.abs);
  for (const op of ['neg', 'exp', 'log', 'sqrt', 'tanh', 'relu', 'sigmoid'] as const) {
    const data = op === 'log' || op === 'sqrt' ? positive : values;
    const x = { data, shape: [data.length], strides: [1], offset: 0 };
    const got = nativeBackend!.unary(op, x, 'float32');
    const want = jsBackend.unary(op, x, 'float32');
    for (let i = 0; i < want.length; i++) {
      const [g, w] = [got[i]!, want[i]!];
      assert.ok(Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w)) || Math.abs(g - w) <= 2e-7 * Math.max(1, Math.abs(w)), `${op}(${data[i]}): ${g} vs ${w}`);
    }
  }
  // A strided view falls back to the js kernel and still gives the right answer.
  const view = { data: values, shape: [5], strides: [2], offset: 1 };
  assertNear(nativeBackend!.unary('exp', view, 'float32'), jsBackend.unary('exp', view, 'float32'), 0, 'strided exp');
  // Arrays of millions are split across the pool: every span, the ragged last one included.
  const big = randArray((1 << 20) + 37);
  const whole = { data: big, shape: [big.length], strides: [1], offset: 0 };
  assert.deepEqual(nativeBackend!.unary('relu', whole, 'float32'), jsBackend.unary('relu', whole, 'float32'));
});

test('native relu gradient (thresholdBackward) matches js, with zeros, negatives and NaN in the output', { skip }, () => {
  const y = randArray(1001).map((v, i) => (i % 7 === 0 ? 0 : i % 11 === 0 ? NaN : v));
  const grad = randArray(1001);
  for (const threshold of [0, 0.5]) {
    assert.deepEqual(nativeBackend!.thresholdBackward(grad, y, threshold), jsBackend.thresholdBackward(grad, y, threshold), `threshold ${threshold}`);
  }
  assert.equal(nativeBackend!.thresholdBackward(grad, y, 0)[11], 0);
  const [bigY, bigGrad] = [randArray((1 << 20) + 37), randArray((1 << 20) + 37)];
  assert.deepEqual(nativeBackend!.thresholdBackward(bigGrad, bigY, 0), jsBackend.thresholdBackward(bigGrad, bigY, 0), 'split across the pool');
});

test('native LSTM cell forward and backward match js on odd sizes, with saturating pre-activations', { skip }, () => {
  for (const [batch, hidden] of [[1, 1], [3, 5], [32, 128], [7, 33]] as const) {
    const [gatesSize, stateSize] = [batch * 4 * hidden, batch * hidden];
    const xGates = randArray(gatesSize).map((v, i) => (i % 11 === 0 ? v * 60 : v * 2));
    const [hGates, cPrev, dhOut, dhNext, dc] = [randArray(gatesSize), randArray(stateSize), randArray(stateSize), randArray(stateSize), randArray(stateSize)];
    const outs = [nativeBackend!, jsBackend].map((backend) => {
      const [gates, c, h] = [new Float32Array(gatesSize), new Float32Array(stateSize), new Float32Array(stateSize)];
      backend.lstmCell(xGates, hGates, cPrev, gates, c, h, batch, hidden);
      const [carry, carryNoNext] = [dc.slice(), dc.slice()];
      const [dGates, dGatesNoNext] = [new Float32Array(gatesSize), new Float32Array(gatesSize)];
      backend.lstmCellBackward(gates, cPrev, c, dhOut, dhNext, carry, dGates, batch, hidden);
      backend.lstmCellBackward(gates, cPrev, c, dhOut, null, carryNoNext, dGatesNoNext, batch, hidden);
      return [gates, c, h, carry, dGates, carryNoNext, dGatesNoNext];
    });
    const names = ['gates', 'c', 'h', 'dcCarry', 'dGates', 'dcCarry (no dhNext)', 'dGates (no dhNext)'];
    outs[0]!.forEach((a, k) => assertNear(a, outs[1]![k]!, 2e-6, `batch ${batch} hidden ${hidden} ${names[k]}`));
  }
});

test('native GRU and Elman cells match js forward and backward (odd sizes, saturating pre-activations, with and without dhNext)', { skip }, () => {
  for (const [batch, hidden] of [[1, 1], [3, 7], [64, 256], [5, 33]] as const) {
    const [gatesSize, stateSize] = [batch * 3 * hidden, batch * hidden];
    const xGates = randArray(gatesSize).map((v, i) => (i % 11 === 0 ? v * 60 : v * 2));
    const [hGates, bHh, hPrev, dhOut, dhNext] = [randArray(gatesSize), randArray(3 * hidden), randArray(stateSize), randArray(stateSize), randArray(stateSize)];
    const outs = [nativeBackend!, jsBackend].map((backend) => {
      const [saved, h] = [new Float32Array(4 * stateSize), new Float32Array(stateSize)];
      backend.gruCell(xGates, hGates, bHh, hPrev, saved, h, batch, hidden);
      const grads = [dhNext, null].flatMap((next) => {
        const [dx, dhg, carry] = [new Float32Array(gatesSize), new Float32Array(gatesSize), new Float32Array(stateSize)];
        backend.gruCellBackward(saved, hPrev, dhOut, next, dx, dhg, carry, batch, hidden);
        return [dx, dhg, carry];
      });
      const rnn = [false, true].flatMap((relu) => {
        const [y, dPre, dPreNoNext] = [new Float32Array(stateSize), new Float32Array(stateSize), new Float32Array(stateSize)];
        backend.rnnCell(xGates.subarray(0, stateSize), hGates.subarray(0, stateSize), y, relu);
        backend.rnnCellBackward(y, dhOut, dhNext, dPre, relu);
        backend.rnnCellBackward(y, dhOut, null, dPreNoNext, relu);
        return [y, dPre, dPreNoNext];
      });
      return [saved, h, ...grads, ...rnn];
    });
    const names = ['saved', 'h', 'dxGates', 'dhGates', 'dhCarry', 'dxGates (no dhNext)', 'dhGates (no dhNext)', 'dhCarry (no dhNext)',
      'tanh h', 'tanh dPre', 'tanh dPre (no dhNext)', 'relu h', 'relu dPre', 'relu dPre (no dhNext)'];
    outs[0]!.forEach((a, k) => assertNear(a, outs[1]![k]!, 2e-6, `batch ${batch} hidden ${hidden} ${names[k]}`));
  }
});

test('native Word2Vec epochs on one thread match the js kernel (skip-gram and CBOW, mean and sum, odd vector size)', { skip }, () => {
  const g = new Generator(9);
  const vocab = 37;
  const lengths = Array.from({ length: 60 }, () => 1 + g.integer(0, 25));
  const corpus = Int32Array.from({ length: lengths.reduce((a, b) => a + b, 0) }, () => Math.min(vocab - 1, Math.floor(vocab * g.random() ** 2)));
  let at = 0;
  const sentenceEnds = Int32Array.from(lengths, (l) => (at += l));
  const counts = Array.from({ length: vocab }, (_, w) => corpus.filter((c) => c === w).length + 1);
  const table = new Float64Array(vocab);
  counts.reduce((sum, c, i) => (table[i] = sum + c ** 0.75), 0);
  table.forEach((v, i) => (table[i] = v / table[vocab - 1]!));
  const threads = getNumThreads();
  setNumThreads(1);
  try {
    for (const [sg, cbowMean] of [[true, true], [false, true], [false, false]] as const) {
      const D = 13;
      const init = Float32Array.from({ length: vocab * D }, () => (g.random() - 0.5) / D);
      const outs = [nativeBackend!, jsBackend].map((backend) => {
        const job = {
          syn0: init.slice(), syn1: new Float32Array(vocab * D), corpus, sentenceEnds, keep: Float32Array.from(counts, (c) => Math.min(1, 20 / c)), table,
          vocabSize: vocab, vectorSize: D, window: 4, negative: 3, sg, cbowMean, alpha: 0.05, minAlpha: 0.001, seed: 5, totalWords: corpus.length * 2,
        };
        backend.word2vecEpoch(job, 0);
        backend.word2vecEpoch(job, 1);
        return [job.syn0, job.syn1];
      });
      assertNear(outs[0]![0]!, outs[1]![0]!, 1e-4, `sg ${sg} mean ${cbowMean} syn0`);
      assertNear(outs[0]![1]!, outs[1]![1]!, 1e-4, `sg ${sg} mean ${cbowMean} syn1`);
    }
  } finally {
    setNumThreads(threads);
  }
});

test('native softmax and log-softmax match js forward and backward, with masked, infinite and NaN rows', { skip }, () => {
  for (const [rows, size] of [[1, 1], [7, 5], [4096, 64], [333, 129], [3, 1000]] as const) {
    const x = randArray(rows * size).map((v, i) => (i % 7 === 3 ? -Infinity : v * 10));
    x.fill(-Infinity, 0, size); // an all-masked row
    if (rows > 2) x[size + 1] = NaN;
    const g = randArray(rows * size);
    const axis = { outer: rows, size, inner: 1 };
    for (const log of [false, true]) {
      const y = nativeBackend!.softmax(x, axis, log);
      assertNear(y, jsBackend.softmax(x, axis, log), 1e-6, `softmax rows ${rows} size ${size} log ${log}`);
      assertNear(nativeBackend!.softmaxBackward(y, g, axis, log), jsBackend.softmaxBackward(y, g, axis, log), 1e-5, `softmax backward rows ${rows} size ${size} log ${log}`);
    }
  }
});

test('native STFT frames and power spectra match js: even, odd, prime and mixed-radix sizes, full spectra, partial groups, both thread counts', { skip }, () => {
  const threads = getNumThreads();
  try {
    // nFft 134 and 97 have a prime factor (67, 97) above the kernel's largest radix: the js kernel takes them.
    for (const [nFft, hop, batch, frames, full] of [[1, 1, 2, 5, false], [2, 1, 1, 9, true], [3, 2, 3, 4, false], [15, 5, 2, 11, false], [16, 4, 3, 13, true],
      [400, 160, 3, 101, false], [512, 128, 1, 17, false], [77, 20, 2, 9, true], [134, 50, 2, 7, false], [97, 30, 1, 10, false], [1000, 250, 2, 8, false]] as const) {
      const length = (frames - 1) * hop + nFft + 3;
      const signal = randArray(batch * length);
      const window = randArray(nFft);
      for (const power of [false, true]) {
        const geometry = { batch, length, nFft, hop, frames, bins: full ? nFft : Math.floor(nFft / 2) + 1, power };
        const expected = jsBackend.stftFrames(signal, window, geometry);
        for (const n of [1, 2]) {
          setNumThreads(n);
          const label = `stft nFft ${nFft} hop ${hop} batch ${batch} frames ${frames} full ${full} power ${power} threads ${n}`;
          assertNear(nativeBackend!.stftFrames(signal, window, geometry), expected, (power ? 4e-5 : 2e-5) * Math.sqrt(nFft), label);
        }
      }
    }
  } finally {
    setNumThreads(threads);
  }
});

test('native normalization kernels (moments, standardize and its gradient) match js', { skip }, () => {
  for (const [outer, channels, inner] of [[1, 1, 1], [64, 16, 784], [3, 5, 1], [1, 1024, 128], [2, 3, 1000]] as const) {
    const x = randArray(outer * channels * inner).map((v, i) => v * 3 + (i % 5) + 100);
    const dy = randArray(x.length);
    const ours = nativeBackend!.moments(x, outer, channels, inner);
    const ref = jsBackend.moments(x, outer, channels, inner);
    const label = `[${outer}, ${channels}, ${inner}]`;
    assertNear(ours.mean, ref.mean, 1e-6, `mean ${label}`);
    assertNear(ours.variance, ref.variance, 1e-4, `variance ${label}`);
    const invstd = ref.variance.map((v) => 1 / Math.sqrt(v + 1e-5));
    assertNear(nativeBackend!.standardize(x, outer, channels, inner, ref.mean, invstd), jsBackend.standardize(x, outer, channels, inner, ref.mean, invstd), 1e-5, `standardize ${label}`);
    assertNear(nativeBackend!.standardizeBackward(dy, x, outer, channels, inner, ref.mean, invstd), jsBackend.standardizeBackward(dy, x, outer, channels, inner, ref.mean, invstd), 1e-4, `standardizeBackward ${label}`);
    const affine = { weight: Float64Array.from(randArray(channels)), bias: Float64Array.from(randArray(channels)) };
    assertNear(nativeBackend!.standardize(x, outer, channels, inner, ref.mean, invstd, affine), jsBackend.standardize(x, outer, channels, inner, ref.mean, invstd, affine), 1e-5, `affine ${label}`);
    const [sums, refSums] = [new Float64Array(2 * channels), new Float64Array(2 * channels)];
    assertNear(nativeBackend!.standardizeBackward(dy, x, outer, channels, inner, ref.mean, invstd, affine.weight, sums),
      jsBackend.standardizeBackward(dy, x, outer, channels, inner, ref.mean, invstd, affine.weight, refSums), 1e-4, `affine gradient ${label}`);
    assertNear(sums, refSums, 1e-3, `channel sums ${label}`);
  }
});

test('native sums along an axis stay within float32 summation error of the exact sum', { skip }, () => {
  for (const [outer, size, inner] of [[1, 1, 1], [28672, 28, 1], [1, 1000, 37], [3, 600, 5], [5, 0, 3], [2, 7, 1]] as const) {
    const x = randArray(outer * size * inner);
    const axis = { outer, size, inner };
    const ours = nativeBackend!.reduce('sum', x, axis, 'float32');
    assert.equal(ours.length, outer * inner);
    // Against the float64 sum, within float32 summation's error bound n·2⁻²⁴·Σ|x| (the two
    // backends add in different orders, so they may differ from each other by twice that).
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        let [exact, magnitude] = [0, 0];
        for (let r = 0; r < size; r++) {
          const v = x[(o * size + r) * inner + j]!;
          [exact, magnitude] = [exact + v, magnitude + Math.abs(v)];
        }
        const bound = size * 2 ** -24 * magnitude + 2 ** -24 * Math.abs(exact);
        assert.ok(Math.abs(ours[o * inner + j]! - exact) <= bound, `sum [${outer}, ${size}, ${inner}] at ${o}, ${j}: ${ours[o * inner + j]} vs ${exact}`);
      }
    }
  }
});

test('native Adam and SGD updates match js', { skip }, () => {
  for (const n of [1, 7, 1000]) {
    for (const amsgrad of [false, true]) {
      for (const decoupled of [false, true]) {
        const [p1, gr, m1, v1] = [randArray(n), randArray(n), randArray(n), randArray(n).map(Math.abs)];
        const vmax1 = amsgrad ? randArray(n).map(Math.abs) : null;
        const [p2, m2, v2, vmax2] = [p1.slice(), m1.slice(), v1.slice(), vmax1?.slice() ?? null];
        const o = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, decoupled, step: 3 };
        nativeBackend!.adamUpdate(p1, gr, m1, v1, vmax1, o);
        jsBackend.adamUpdate(p2, gr, m2, v2, vmax2, o);
        for (const [x, y, what] of [[p1, p2, 'param'], [m1, m2, 'm'], [v1, v2, 'v']] as const) assertNear(x, y, 1e-5, `adam ${what} n${n}`);
      }
    }
    for (const nesterov of [false, true]) {
      const [p1, gr, b1] = [randArray(n), randArray(n), randArray(n)];
      const [p2, b2] = [p1.slice(), b1.slice()];
      const o = { lr: 0.1, momentum: 0.9, dampening: 0, nesterov, weightDecay: 0.01, firstStep: false };
      nativeBackend!.sgdUpdate(p1, gr, b1, o);
      jsBackend.sgdUpdate(p2, gr, b2, o);
      assertNear(p1, p2, 1e-6, 'sgd param');
      assertNear(b1, b2, 1e-6, 'sgd buffer');
    }
  }
});

test('native gather and scatter along a dim match js, and reject out-of-range positions', { skip }, () => {
  // The last two are large enough to be split across the pool (by blocks of the outer dim).
  for (const [outer, n, k, inner] of [[1, 5, 3, 1], [7, 4, 9, 3], [2, 1, 1, 5], [64, 784, 196, 1], [2048, 784, 196, 1], [301, 10, 300, 3]] as const) {
    const x = randArray(outer * n * inner);
    const index = Int32Array.from({ length: outer * k * inner }, () => Math.floor(Math.abs(g.normal()) * 1000) % n);
    const [xShape, indexShape] = [[outer, n, inner], [outer, k, inner]];
    assert.deepEqual(nativeBackend!.gather(x, xShape, 1, index, indexShape), jsBackend.gather(x, xShape, 1, index, indexShape));
    const src = { data: randArray(outer * k * inner + 2), shape: indexShape, strides: [k * inner, inner, 1], offset: 2 };
    for (const accumulate of [false, true]) {
      const [ours, ref] = [Float32Array.from(x), Float32Array.from(x)];
      nativeBackend!.scatter(ours, xShape, 1, index, indexShape, src, accumulate);
      jsBackend.scatter(ref, xShape, 1, index, indexShape, src, accumulate);
      assertNear(ours, ref, 1e-6, `scatter ${accumulate} ${xShape}`);
    }
  }
  assert.throws(() => nativeBackend!.gather(new Float32Array(4), [1, 4, 1], 1, Int32Array.of(4), [1, 1, 1]), /out of range/);
  const late = new Int32Array(2048 * 196);
  late[late.length - 1] = 784;
  assert.throws(() => nativeBackend!.gather(new Float32Array(2048 * 784), [2048, 784, 1], 1, late, [2048, 196, 1]), /out of range/);
});

test('native Bernoulli masks draw the same stream as js, and leave the same state', { skip }, () => {
  for (const [probability, value] of [[0.9, 1 / 0.9], [0.3, 2], [0, 5], [1, 1], [-0.5, 1], [1.5, 3]] as const) {
    const [ours, ref] = [new Float32Array(1001), new Float32Array(1001)];
    const [stateA, stateB] = [Uint32Array.of(1, 0x9e3779b9, 77, 0xffffffff), Uint32Array.of(1, 0x9e3779b9, 77, 0xffffffff)];
    nativeBackend!.bernoulli(stateA, ours, probability, value);
    jsBackend.bernoulli(stateB, ref, probability, value);
    assert.deepEqual(ours, ref, `p ${probability}`);
    assert.deepEqual(stateA, stateB, `state after p ${probability}`);
  }
  const kept = new Float32Array(100000);
  nativeBackend!.bernoulli(Uint32Array.of(5, 6, 7, 8), kept, 0.25, 4);
  const fraction = kept.reduce((n, v) => n + (v === 4 ? 1 : 0), 0) / kept.length;
  assert.ok(Math.abs(fraction - 0.25) < 0.01, `kept fraction ${fraction}`);
});

test('native backend reports its instruction set and thread count', { skip }, () => {
  assert.ok(['avx512', 'avx2', 'generic'].includes(nativeIsa()!));
  setNumThreads(1);
  assert.equal(getNumThreads(), 1);
  setNumThreads(2);
  assert.equal(getNumThreads(), 2);
});

test('native kernels also match js on the AVX2 and portable code paths', { skip: skip || (process.env.SHINSOU_ISA ? 'already on a forced path' : false) }, () => {
  // SHINSOU_ISA picks the code path when the process starts, so each runs this file in a child.
  for (const isa of ['avx2', 'generic']) {
    // Without NODE_TEST_CONTEXT, the child reports as a test run of its own (TAP on stdout).
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--test', fileURLToPath(import.meta.url)], { encoding: 'utf8', env: { ...env, SHINSOU_ISA: isa } });
    assert.equal(run.status, 0, `${isa}: ${run.stdout.split('\n').filter((l) => /^not ok|error/.test(l)).join('\n')}`);
    assert.match(run.stdout, /# pass [1-9]/, isa);
  }
});
