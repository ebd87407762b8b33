/**
 * @file The `native` backend (Node only): the C kernels in native/ (SIMD + threads), loaded if
 * `npm install` built them. Kernels the addon lacks, and non-float32 data, use the js backend.
 * It becomes the active backend when loaded, unless SHINSOU_BACKEND names another.
 */
import { createRequire } from 'node:module';
import { getBackend, registerBackend, setBackend, type AdamHyper, type Backend, type BinaryOp, type ConvGeometry, type SgdHyper, type UnaryOp, type View } from '../backend.js';
import { columnsSize, groupProduct, volumeSize } from '../js/conv.js';
import { blocks, denseSource } from '../js/index_ops.js';
import { jsBackend } from '../js/index.js';
import { packageFile } from '../../io/package_file.js';
import { noteOutput, takeRecycled } from '../recycling.js';
import { type TypedArray } from '../../tensor/dtype.js';
import { isContiguous, numel, type Shape } from '../../tensor/shape.js';

/** The addon's exports (native/src/addon.c). */
interface Addon {
  sgemm(a: Float32Array, b: Float32Array, c: Float32Array, batch: number, m: number, k: number, n: number,
    aBatchStride: number, bBatchStride: number, transA: number, transB: number): void;
  sgemmFewRows(a: Float32Array, b: Float32Array, c: Float32Array, batch: number, m: number, k: number, n: number,
    aBatchStride: number, bBatchStride: number, transA: number, transB: number): void;
  packedSize(k: number, n: number): number;
  packB(b: Float32Array, packed: Float32Array, k: number, n: number, transB: number): void;
  sgemmPacked(a: Float32Array, packed: Float32Array, c: Float32Array, m: number, k: number, n: number, transA: number): void;
  adamUpdate(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, vmax: Float32Array | null,
    lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, decoupled: number, step: number): void;
  sgdUpdate(p: Float32Array, g: Float32Array, buf: Float32Array | null, lr: number, momentum: number, dampening: number,
    nesterov: number, weightDecay: number, firstStep: number): void;
  /** `geometry` packs channels, size, kernel, stride, padding, dilation and out (each a triple). */
  im2col(volumes: Float32Array, cols: Float32Array, batch: number, geometry: Int32Array, adjoint: number, batchInner: number): void;
  /** `out` is a Float32Array, or a Uint8Array for the comparisons (codes ≥ FIRST_COMPARISON). */
  binary(op: number, a: Float32Array, b: Float32Array, out: Float32Array | Uint8Array, layout: Float64Array): void;
  where(cond: Uint8Array, a: Float32Array, b: Float32Array, out: Float32Array, layout: Float64Array): void;
  assign(dst: Float32Array, src: Float32Array, layout: Float64Array): void;
  gather(x: Float32Array, index: Int32Array, out: Float32Array, outer: number, n: number, k: number, inner: number): void;
  scatter(target: Float32Array, index: Int32Array, src: Float32Array, outer: number, n: number, k: number, inner: number, accumulate: number): void;
  maxPoolIndices(x: Float32Array, planes: number, geometry: Int32Array, out: Int32Array): void;
  /** Mode 0: y from x and w; 1: the weight gradient w from x and y; 2: the input gradient x from w and y. */
  conv(mode: number, x: Float32Array, w: Float32Array, y: Float32Array, bias: Float32Array | null, batch: number, geometry: Int32Array,
    groups: number, outChannels: number): void;
  depthwiseConv(x: Float32Array, w: Float32Array, y: Float32Array, batch: number, geometry: Int32Array): void;
  depthwiseConvBackward(x: Float32Array, w: Float32Array, dy: Float32Array, dx: Float32Array | null, dw: Float32Array | null,
    batch: number, geometry: Int32Array): void;
  unary(op: number, x: Float32Array, out: Float32Array): void;
  thresholdBackward(g: Float32Array, y: Float32Array, out: Float32Array, threshold: number): void;
  sum(x: Float32Array, out: Float32Array, outer: number, size: number, inner: number): void;
  moments(x: Float32Array, outer: number, channels: number, inner: number, mean: Float64Array, variance: Float64Array): void;
  standardize(x: Float32Array, out: Float32Array, outer: number, channels: number, inner: number, mean: Float64Array, invstd: Float64Array,
    weight: Float64Array | null, bias: Float64Array | null): void;
  standardizeBackward(dy: Float32Array, x: Float32Array, dx: Float32Array, outer: number, channels: number, inner: number,
    mean: Float64Array, invstd: Float64Array, weight: Float64Array | null, sums: Float64Array | null): void;
  softmax(x: Float32Array, y: Float32Array, rows: number, size: number, log: number): void;
  softmaxBackward(y: Float32Array, g: Float32Array, dx: Float32Array, rows: number, size: number, log: number): void;
  /** False (nothing written) when the FFT size has a prime factor the kernel leaves to js. */
  stftFrames(signal: Float32Array, window: Float32Array, out: Float32Array, batch: number, length: number, nFft: number, hop: number,
    frames: number, bins: number, power: number): boolean;
  lstmCell(xGates: Float32Array, hGates: Float32Array, cPrev: Float32Array, gates: Float32Array, c: Float32Array, h: Float32Array,
    batch: number, hidden: number): void;
  lstmCellBackward(gates: Float32Array, cPrev: Float32Array, c: Float32Array, dhOut: Float32Array, dhNext: Float32Array | null,
    dcCarry: Float32Array, dGates: Float32Array, batch: number, hidden: number): void;
  gruCell(xGates: Float32Array, hGates: Float32Array, bHh: Float32Array, hPrev: Float32Array, saved: Float32Array, h: Float32Array,
    batch: number, hidden: number): void;
  gruCellBackward(saved: Float32Array, hPrev: Float32Array, dhOut: Float32Array, dhNext: Float32Array | null,
    dxGates: Float32Array, dhGates: Float32Array, dhCarry: Float32Array, batch: number, hidden: number): void;
  rnnCell(xGates: Float32Array, hGates: Float32Array, h: Float32Array, relu: boolean): void;
  rnnCellBackward(h: Float32Array, dhOut: Float32Array, dhNext: Float32Array | null, dPre: Float32Array, relu: boolean): void;
  bernoulli(state: Uint32Array, out: Float32Array, limit: number, value: number): void;
  word2vecEpoch(syn0: Float32Array, syn1: Float32Array, corpus: Int32Array, sentenceEnds: Int32Array, keep: Float32Array, table: Float64Array,
    settings: Float64Array, epoch: number): void;
  setNumThreads(n: number): void;
  numThreads(): number;
  isa(): string;
}

/** Loads native/build/Release/shinsou.node when `npm install` built it. */
function load(): Addon | null {
  if (process.env.SHINSOU_SKIP_NATIVE) return null;
  const file = packageFile('native/build/Release/shinsou.node');
  if (file === null) return null;
  try {
    return createRequire(import.meta.url)(file) as Addon;
  } catch (e) {
    process.stderr.write(`shinsou: native kernels failed to load (${(e as Error).message}); using the js backend\n`);
    return null;
  }
}

const addon = load();

const f32 = (x: TypedArray | null): x is Float32Array => x instanceof Float32Array;

/**
 * A float32 array for a kernel that writes every element: uninitialised memory (no zero fill),
 * as the kernels overwrite it anyway — clearing large outputs first would cost a pass of its own.
 */
function output(length: number): Float32Array {
  const reused = takeRecycled(length);
  if (reused !== undefined) return noteOutput(reused) as Float32Array;
  const bytes = Buffer.allocUnsafeSlow(4 * length);
  return noteOutput(new Float32Array(bytes.buffer, bytes.byteOffset, length)) as Float32Array;
}

/** `output`'s bool counterpart: uninitialised bytes for a comparison kernel to fill. */
function boolOutput(length: number): Uint8Array {
  const bytes = Buffer.allocUnsafeSlow(length);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, length);
}

/** The addon's codes for the binary ops it implements (native/src/kernels.h). */
const BINARY_CODES: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5, gt: 7, ge: 8, lt: 9, le: 10, eq: 11, ne: 12 };
/** The strided copy of the first operand (the second is ignored). */
const COPY_CODE = 6;
/** Codes from here on are comparisons, which write bool (Uint8Array) results. */
const FIRST_COMPARISON = 7;

/** The addon's codes for the unary ops it implements (float32 in and out, contiguous input). */
const UNARY_CODES: Partial<Record<UnaryOp, number>> = { neg: 0, exp: 1, log: 2, sqrt: 3, tanh: 4, relu: 5, sigmoid: 6 };

/**
 * Views broadcast to `shape` as the addon's layout: [ndim, shape…, each view's strides…, the offsets…].
 * Filled by index: it is built for every strided op, and spreading into `Float64Array.from` cost
 * ~10 µs a call (2 ms of a transformer-lm step).
 */
function viewLayout(shape: Shape, views: readonly View[]): Float64Array {
  const ndim = shape.length;
  const layout = new Float64Array(1 + ndim * (1 + views.length) + views.length);
  layout[0] = ndim;
  for (let d = 0; d < ndim; d++) layout[1 + d] = shape[d]!;
  for (let v = 0; v < views.length; v++) {
    const { strides, offset } = views[v]!;
    for (let d = 0; d < ndim; d++) layout[1 + ndim * (1 + v) + d] = strides[d]!;
    layout[1 + ndim * (1 + views.length) + v] = offset;
  }
  return layout;
}

/** The geometry as the addon's packed Int32Array (the C struct's field order). */
function packGeometry(g: ConvGeometry): Int32Array {
  return Int32Array.from([g.channels, ...g.size, ...g.kernel, ...g.stride, ...g.padding, ...g.dilation, ...g.out]);
}

function createNativeBackend(native: Addon): Backend {
  /** Runs the addon's strided binary kernel (code `code`) over views broadcast to `shape`. */
  const stridedBinary = (code: number, a: View, b: View, shape: Shape, outType: 'float32' | 'bool'): TypedArray => {
    const out = outType === 'bool' ? boolOutput(numel(shape)) : output(numel(shape));
    native.binary(code, a.data as Float32Array, b.data as Float32Array, out, viewLayout(shape, [a, b]));
    return out;
  };
  return {
    ...jsBackend,
    name: 'native',
    matmul(a, b, batch, m, k, n, aBatchStride, bBatchStride, transA = false, transB = false) {
      if (!f32(a) || !f32(b)) return jsBackend.matmul(a, b, batch, m, k, n, aBatchStride, bBatchStride, transA, transB);
      const c = output(batch * m * n);
      native.sgemm(a, b, c, batch, m, k, n, aBatchStride, bBatchStride, transA ? 1 : 0, transB ? 1 : 0);
      return c;
    },
    matmulFewRows(a, b, batch, m, k, n, aBatchStride, bBatchStride, transA = false, transB = false) {
      if (!f32(a) || !f32(b)) return jsBackend.matmulFewRows(a, b, batch, m, k, n, aBatchStride, bBatchStride, transA, transB);
      const c = output(batch * m * n);
      native.sgemmFewRows(a, b, c, batch, m, k, n, aBatchStride, bBatchStride, transA ? 1 : 0, transB ? 1 : 0);
      return c;
    },
    packMatrix(b, k, n, transB) {
      if (!f32(b)) return jsBackend.packMatrix(b, k, n, transB);
      const panels = new Float32Array(native.packedSize(k, n));
      native.packB(b, panels, k, n, transB ? 1 : 0);
      return { k, n, transB, data: b, panels };
    },
    matmulPacked(a, b, m, transA = false) {
      if (!f32(b.panels ?? null) || !f32(a)) return jsBackend.matmulPacked(a, b, m, transA);
      const c = output(m * b.n);
      native.sgemmPacked(a, b.panels as Float32Array, c, m, b.k, b.n, transA ? 1 : 0);
      return c;
    },
    unary(op, x, dtype) {
      const code = UNARY_CODES[op];
      const n = numel(x.shape);
      if (code === undefined || dtype !== 'float32' || !f32(x.data) || !isContiguous(x.shape, x.strides)) return jsBackend.unary(op, x, dtype);
      const out = output(n);
      native.unary(code, x.data.subarray(x.offset, x.offset + n), out);
      return out;
    },
    thresholdBackward(g, y, threshold) {
      if (!f32(g) || !f32(y)) return jsBackend.thresholdBackward(g, y, threshold);
      const out = output(g.length);
      native.thresholdBackward(g, y, out, threshold);
      return out;
    },
    binary(op, a, b, shape, dtype) {
      const code = BINARY_CODES[op];
      const outType = code !== undefined && code >= FIRST_COMPARISON ? 'bool' : 'float32';
      if (code === undefined || dtype !== outType || !f32(a.data) || !f32(b.data)) return jsBackend.binary(op, a, b, shape, dtype);
      return stridedBinary(code, a, b, shape, outType);
    },
    where(cond, a, b, shape, dtype) {
      if (dtype !== 'float32' || !(cond.data instanceof Uint8Array) || !f32(a.data) || !f32(b.data)) return jsBackend.where(cond, a, b, shape, dtype);
      const out = output(numel(shape));
      native.where(cond.data, a.data, b.data, out, viewLayout(shape, [cond, a, b]));
      return out;
    },
    assign(dst, src) {
      if (!f32(dst.data) || !f32(src.data)) return jsBackend.assign(dst, src);
      native.assign(dst.data, src.data, viewLayout(dst.shape, [dst, src]));
    },
    gather(x, xShape, dim, index, indexShape) {
      const b = blocks(xShape, indexShape, dim);
      if (!f32(x) || !b) return jsBackend.gather(x, xShape, dim, index, indexShape);
      const out = output(index.length);
      native.gather(x, index, out, b[0], xShape[dim]!, indexShape[dim]!, b[1]);
      return out;
    },
    scatter(target, targetShape, dim, index, indexShape, src, accumulate) {
      const b = blocks(targetShape, indexShape, dim);
      if (!f32(target) || !f32(src.data) || !b || !denseSource(src, indexShape)) {
        return jsBackend.scatter(target, targetShape, dim, index, indexShape, src, accumulate);
      }
      native.scatter(target, index, src.data.subarray(src.offset), b[0], targetShape[dim]!, indexShape[dim]!, b[1], accumulate ? 1 : 0);
    },
    copy(x, dtype) {
      if (dtype !== 'float32' || !f32(x.data)) return jsBackend.copy(x, dtype);
      if (!isContiguous(x.shape, x.strides)) return stridedBinary(COPY_CODE, x, x, x.shape, 'float32');
      // (A recycled buffer when one is waiting, filled by one block copy.)
      const n = numel(x.shape);
      const out = output(n);
      out.set(x.data.subarray(x.offset, x.offset + n));
      return out;
    },
    im2col(x, batch, g, batchInner = false) {
      if (!f32(x)) return jsBackend.im2col(x, batch, g, batchInner);
      const cols = output(batch * columnsSize(g));
      native.im2col(x, cols, batch, packGeometry(g), 0, batchInner ? 1 : 0);
      return cols;
    },
    col2im(cols, batch, g, batchInner = false) {
      if (!f32(cols)) return jsBackend.col2im(cols, batch, g, batchInner);
      const x = output(batch * volumeSize(g));
      native.im2col(x, cols, batch, packGeometry(g), 1, batchInner ? 1 : 0);
      return x;
    },
    convForward(x, w, bias, c) {
      if (!f32(x) || !f32(w) || (bias !== null && !f32(bias))) return jsBackend.convForward(x, w, bias, c);
      const y = output(c.outChannels * groupProduct(c).windows);
      native.conv(0, x, w, y, bias as Float32Array | null, c.batch, packGeometry(c.geometry), c.groups, c.outChannels);
      return y;
    },
    convWeightGrad(x, dy, c) {
      if (!f32(x) || !f32(dy)) return jsBackend.convWeightGrad(x, dy, c);
      const dw = output(c.outChannels * groupProduct(c).k);
      native.conv(1, x, dw, dy, null, c.batch, packGeometry(c.geometry), c.groups, c.outChannels);
      return dw;
    },
    convInputGrad(w, dy, c) {
      if (!f32(w) || !f32(dy)) return jsBackend.convInputGrad(w, dy, c);
      const dx = output(c.batch * volumeSize(c.geometry));
      native.conv(2, dx, w, dy, null, c.batch, packGeometry(c.geometry), c.groups, c.outChannels);
      return dx;
    },
    depthwiseConv(x, w, batch, g) {
      if (!f32(x) || !f32(w)) return jsBackend.depthwiseConv(x, w, batch, g);
      const y = output(batch * g.channels * g.out[0] * g.out[1] * g.out[2]);
      native.depthwiseConv(x, w, y, batch, packGeometry(g));
      return y;
    },
    depthwiseConvBackward(x, w, dy, batch, g, needInput, needWeight) {
      if (!f32(x) || !f32(w) || !f32(dy)) return jsBackend.depthwiseConvBackward(x, w, dy, batch, g, needInput, needWeight);
      const dx = needInput ? output(x.length) : null;
      const dw = needWeight ? output(w.length) : null;
      native.depthwiseConvBackward(x, w, dy, dx, dw, batch, packGeometry(g));
      return { dx, dw };
    },
    maxPoolIndices(x, planes, g) {
      if (!f32(x)) return jsBackend.maxPoolIndices(x, planes, g);
      const out = new Int32Array(planes * g.out[0] * g.out[1] * g.out[2]);
      native.maxPoolIndices(x, planes, packGeometry(g), out);
      return out;
    },
    reduce(op, x, axis, dtype) {
      if (op !== 'sum' || dtype !== 'float32' || !f32(x)) return jsBackend.reduce(op, x, axis, dtype);
      const out = output(axis.outer * axis.inner);
      native.sum(x, out, axis.outer, axis.size, axis.inner);
      return out;
    },
    moments(x, outer, channels, inner) {
      if (!f32(x)) return jsBackend.moments(x, outer, channels, inner);
      const [mean, variance] = [new Float64Array(channels), new Float64Array(channels)];
      native.moments(x, outer, channels, inner, mean, variance);
      return { mean, variance };
    },
    standardize(x, outer, channels, inner, mean, invstd, affine = null) {
      if (!f32(x)) return jsBackend.standardize(x, outer, channels, inner, mean, invstd, affine);
      const out = output(x.length);
      native.standardize(x, out, outer, channels, inner, mean, invstd, affine?.weight ?? null, affine?.bias ?? null);
      return out;
    },
    standardizeBackward(dy, x, outer, channels, inner, mean, invstd, weight = null, sums = null) {
      if (!f32(dy) || !f32(x)) return jsBackend.standardizeBackward(dy, x, outer, channels, inner, mean, invstd, weight, sums);
      const dx = output(x.length);
      native.standardizeBackward(dy, x, dx, outer, channels, inner, mean, invstd, weight, sums);
      return dx;
    },
    softmax(x, axis, log) {
      if (!f32(x) || axis.inner !== 1) return jsBackend.softmax(x, axis, log);
      const y = output(x.length);
      native.softmax(x, y, axis.outer, axis.size, log ? 1 : 0);
      return y;
    },
    softmaxBackward(y, g, axis, log) {
      if (!f32(y) || !f32(g) || axis.inner !== 1) return jsBackend.softmaxBackward(y, g, axis, log);
      const dx = output(y.length);
      native.softmaxBackward(y, g, dx, axis.outer, axis.size, log ? 1 : 0);
      return dx;
    },
    stftFrames(signal, window, g) {
      if (f32(signal) && f32(window)) {
        const out = output(g.batch * g.bins * g.frames * (g.power ? 1 : 2));
        if (native.stftFrames(signal, window, out, g.batch, g.length, g.nFft, g.hop, g.frames, g.bins, g.power ? 1 : 0)) return out;
      }
      return jsBackend.stftFrames(signal, window, g);
    },
    lstmCell(xGates, hGates, cPrev, gates, c, h, batch, hidden) {
      if (![xGates, hGates, cPrev, gates, c, h].every(f32)) return jsBackend.lstmCell(xGates, hGates, cPrev, gates, c, h, batch, hidden);
      native.lstmCell(xGates as Float32Array, hGates as Float32Array, cPrev as Float32Array, gates as Float32Array, c as Float32Array, h as Float32Array, batch, hidden);
    },
    lstmCellBackward(gates, cPrev, c, dhOut, dhNext, dcCarry, dGates, batch, hidden) {
      if (![gates, cPrev, c, dhOut, dcCarry, dGates].every(f32) || (dhNext !== null && !f32(dhNext))) {
        return jsBackend.lstmCellBackward(gates, cPrev, c, dhOut, dhNext, dcCarry, dGates, batch, hidden);
      }
      native.lstmCellBackward(gates as Float32Array, cPrev as Float32Array, c as Float32Array, dhOut as Float32Array, dhNext,
        dcCarry as Float32Array, dGates as Float32Array, batch, hidden);
    },
    gruCell(xGates, hGates, bHh, hPrev, saved, h, batch, hidden) {
      if (![xGates, hGates, bHh, hPrev, saved, h].every(f32)) return jsBackend.gruCell(xGates, hGates, bHh, hPrev, saved, h, batch, hidden);
      native.gruCell(xGates as Float32Array, hGates as Float32Array, bHh as Float32Array, hPrev as Float32Array, saved as Float32Array, h as Float32Array, batch, hidden);
    },
    gruCellBackward(saved, hPrev, dhOut, dhNext, dxGates, dhGates, dhCarry, batch, hidden) {
      if (![saved, hPrev, dhOut, dxGates, dhGates, dhCarry].every(f32) || (dhNext !== null && !f32(dhNext))) {
        return jsBackend.gruCellBackward(saved, hPrev, dhOut, dhNext, dxGates, dhGates, dhCarry, batch, hidden);
      }
      native.gruCellBackward(saved as Float32Array, hPrev as Float32Array, dhOut as Float32Array, dhNext, dxGates as Float32Array, dhGates as Float32Array,
        dhCarry as Float32Array, batch, hidden);
    },
    rnnCell(xGates, hGates, h, relu) {
      if (![xGates, hGates, h].every(f32)) return jsBackend.rnnCell(xGates, hGates, h, relu);
      native.rnnCell(xGates as Float32Array, hGates as Float32Array, h as Float32Array, relu);
    },
    rnnCellBackward(h, dhOut, dhNext, dPre, relu) {
      if (![h, dhOut, dPre].every(f32) || (dhNext !== null && !f32(dhNext))) return jsBackend.rnnCellBackward(h, dhOut, dhNext, dPre, relu);
      native.rnnCellBackward(h as Float32Array, dhOut as Float32Array, dhNext, dPre as Float32Array, relu);
    },
    word2vecEpoch(job, epoch) {
      if (job.vectorSize > 2048) return jsBackend.word2vecEpoch(job, epoch);
      const settings = Float64Array.of(job.vocabSize, job.vectorSize, job.window, job.negative, job.sg ? 1 : 0, job.cbowMean ? 1 : 0, job.alpha, job.minAlpha,
        job.seed, job.corpus.length, job.totalWords, job.sentenceEnds.length);
      native.word2vecEpoch(job.syn0, job.syn1, job.corpus, job.sentenceEnds, job.keep, job.table, settings, epoch);
    },
    bernoulli(state, out, probability, value) {
      if (!f32(out)) return jsBackend.bernoulli(state, out, probability, value);
      native.bernoulli(state, out, Math.min(Math.max(probability, 0), 1) * 2 ** 32, value);
    },
    adamUpdate(p, g, m, v, vmax, o: AdamHyper) {
      if (!f32(p) || !f32(g) || !f32(m) || !f32(v) || (vmax !== null && !f32(vmax))) return jsBackend.adamUpdate(p, g, m, v, vmax, o);
      native.adamUpdate(p, g, m, v, vmax, o.lr, o.beta1, o.beta2, o.eps, o.weightDecay, o.decoupled ? 1 : 0, o.step);
    },
    sgdUpdate(p, g, buf, o: SgdHyper) {
      if (!f32(p) || !f32(g) || (buf !== null && !f32(buf))) return jsBackend.sgdUpdate(p, g, buf, o);
      native.sgdUpdate(p, g, buf, o.lr, o.momentum, o.dampening, o.nesterov ? 1 : 0, o.weightDecay, o.firstStep ? 1 : 0);
    },
  };
}

/** The native backend, or null when the addon is not built. */
export const nativeBackend: Backend | null = addon ? createNativeBackend(addon) : null;

/**
 * Threads the native kernels use (SHINSOU_NUM_THREADS overrides the core count); 1 without the addon.
 * PyTorch: `torch.get_num_threads()`.
 * @example getNumThreads() // e.g. 8 on an 8-core machine
 */
export function getNumThreads(): number {
  return addon ? addon.numThreads() : 1;
}

/**
 * Sets the native kernels' thread count. PyTorch: `torch.set_num_threads`.
 * @example setNumThreads(1) // reproducible single-core timings
 */
export function setNumThreads(n: number): void {
  addon?.setNumThreads(n);
}

/**
 * The SIMD instruction set of the native GEMM ('avx512', 'avx2', 'generic'), or null without the addon.
 * PyTorch: `torch.backends.cpu.get_cpu_capability()`.
 * @example nativeIsa() // 'avx2', 'avx512', 'neon', or null without the addon
 */
export function nativeIsa(): string | null {
  return addon ? addon.isa() : null;
}

if (nativeBackend) registerBackend(nativeBackend);
const requested = process.env.SHINSOU_BACKEND;
if (requested) {
  if (requested === 'native' && !nativeBackend) process.stderr.write('shinsou: SHINSOU_BACKEND=native but the native kernels are not built; using js\n');
  else setBackend(requested);
} else if (nativeBackend && getBackend().name === 'js') {
  setBackend('native');
}
