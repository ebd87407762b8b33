/**
 * @file The wasm backend's elementwise, reduction, softmax, normalisation, random-mask and optimizer
 * kernels (wasm/src/elementwise.c, normalization.c, softmax.c): each copies its float32 operands
 * into the module's memory, runs there on one thread, and copies the result out — still several
 * times faster than js's loops. Layouts, dtypes and ops they do not cover go to the js kernels.
 */
import type { Backend, BinaryOp, UnaryOp, View } from '../backend.js';
import { jsBackend } from '../js/index.js';
import { coalesce } from '../js/strided.js';
import { contiguousStrides, isContiguous, numel, type Shape } from '../../tensor/shape.js';
import { f32, place, readBack, writeBack } from './memory.js';

/** The module's exports behind these kernels (wasm/src/elementwise.c, normalization.c, softmax.c); pointers are byte offsets. */
export interface ElementwiseExports {
  unary_f32(op: number, x: number, out: number, n: number): void;
  binary_f32(op: number, a: number, b: number, out: number, n: number, period: number, swapped: number): void;
  threshold_backward_f32(g: number, y: number, out: number, n: number, threshold: number): void;
  copy_strided_f32(src: number, dst: number, d0: number, d1: number, d2: number, d3: number, s0: number, s1: number, s2: number, s3: number): void;
  sum_f32(x: number, out: number, outer: number, size: number, inner: number, acc: number): void;
  bernoulli_f32(state: number, out: number, n: number, limit: number, value: number): void;
  sgd_update_f32(p: number, g: number, buf: number, n: number, lr: number, momentum: number, dampening: number, nesterov: number,
    weightDecay: number, firstStep: number): void;
  moments_f32(x: number, outer: number, channels: number, inner: number, mean: number, variance: number): void;
  standardize_f32(x: number, out: number, outer: number, channels: number, inner: number, mean: number, invstd: number): void;
  standardize_backward_f32(dy: number, x: number, dx: number, outer: number, channels: number, inner: number, mean: number, invstd: number): void;
  softmax_f32(x: number, y: number, rows: number, size: number): void;
  softmax_backward_f32(y: number, g: number, dx: number, rows: number, size: number): void;
  adam_update_f32(p: number, g: number, m: number, v: number, vmax: number, n: number, beta1: number, beta2: number, eps: number,
    shrink: number, l2: number, step: number, c2: number): void;
}

/** The ops with WebAssembly kernels, by their codes in wasm/src/elementwise.c. */
const UNARY_CODES: Partial<Record<UnaryOp, number>> = { neg: 0, abs: 1, relu: 2, sqrt: 3 };
const BINARY_CODES: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5 };

/**
 * How many floats from the view's offset, repeated, make up the view broadcast to `shape`: all of
 * them for a contiguous view, a row for a broadcast bias, 1 for a scalar; null for other layouts.
 */
function repeatedBlock(v: View, shape: Shape): number | null {
  let period = 1;
  let d = shape.length - 1;
  for (; d >= 0 && (shape[d] === 1 || v.strides[d] === period); d--) period *= shape[d]!;
  for (; d >= 0; d--) if (shape[d] !== 1 && v.strides[d] !== 0) return null;
  return period;
}

/**
 * A non-empty view as 4 dims and strides (unit dims dropped, dims it steps through as one merged
 * as js's row walker does, unit dims padded in front), or null when more remain or a stride is negative.
 */
function fourDims(v: View): [number[], number[]] | null {
  const kept = v.shape.map((size, d) => [size, v.strides[d]!] as const).filter(([size]) => size !== 1);
  const [shape, [strides]] = coalesce(kept.map(([size]) => size), [kept.map(([, stride]) => stride)]);
  if (shape.length > 4 || strides!.some((s) => s < 0) || shape.some((s) => s === 0)) return null;
  while (shape.length < 4) {
    shape.unshift(1);
    strides!.unshift(0);
  }
  return [shape, strides!];
}

/** The kernels over `memory`, placing operands from `heapStart()` on (above what the products use). */
export function elementwiseKernels(kernels: ElementwiseExports, memory: WebAssembly.Memory, heapStart: () => number): Partial<Backend> {
  const result = (at: number, n: number): Float32Array => readBack(memory, at, n);
  const block = (v: View, n: number, period: number): Float32Array => (v.data as Float32Array).subarray(v.offset, v.offset + Math.min(n, period));
  const unary: Backend['unary'] = (op, x, dtype) => {
    const code = UNARY_CODES[op];
    const n = numel(x.shape);
    if (code === undefined || dtype !== 'float32' || !f32(x.data) || !isContiguous(x.shape, x.strides)) return jsBackend.unary(op, x, dtype);
    const { offsets: [px], out } = place(memory, heapStart(), [block(x, n, n)], n);
    kernels.unary_f32(code, px!, out, n);
    return result(out, n);
  };
  // Strided float32 views of up to 4 dims (after merging) with non-negative strides: the span they read is copied in, permuted there.
  const copy: Backend['copy'] = (x, dtype) => {
    const layout = fourDims(x);
    if (dtype !== 'float32' || !f32(x.data) || layout === null) return jsBackend.copy(x, dtype);
    const [shape, strides] = layout;
    const n = numel(x.shape);
    const span = shape.reduce((end, size, d) => end + (size - 1) * strides[d]!, 1);
    const { offsets: [ps], out } = place(memory, heapStart(), [x.data.subarray(x.offset, x.offset + span)], n);
    kernels.copy_strided_f32(ps!, out, shape[0]!, shape[1]!, shape[2]!, shape[3]!, strides[0]!, strides[1]!, strides[2]!, strides[3]!);
    return result(out, n);
  };
  const binary: Backend['binary'] = (op, a, b, shape, dtype) => {
    const code = BINARY_CODES[op];
    if (code === undefined || dtype !== 'float32' || !f32(a.data) || !f32(b.data)) return jsBackend.binary(op, a, b, shape, dtype);
    const n = numel(shape);
    // An operand in another layout (a transposed view, or both broadcast) is made contiguous first by the copy kernel.
    const dense = (v: View): View => ({ data: copy(v, 'float32'), shape, strides: contiguousStrides(shape), offset: 0 });
    let [pa, pb] = [repeatedBlock(a, shape), repeatedBlock(b, shape)];
    if (pa === null || (pa !== n && pb !== n)) [a, pa] = [dense(a), n];
    if (pb === null) [b, pb] = [dense(b), n];
    const swapped = pa !== n;
    const [full, repeated, period] = swapped ? [b, a, pa] : [a, b, pb];
    const { offsets: [pf, pr], out } = place(memory, heapStart(), [block(full, n, n), block(repeated, n, period)], n);
    kernels.binary_f32(code, pf!, pr!, out, n, Math.max(period, 1), swapped ? 1 : 0);
    return result(out, n);
  };
  const thresholdBackward: Backend['thresholdBackward'] = (g, y, threshold) => {
    if (!f32(g) || !f32(y)) return jsBackend.thresholdBackward(g, y, threshold);
    const { offsets: [pg, py], out } = place(memory, heapStart(), [g, y], g.length);
    kernels.threshold_backward_f32(pg!, py!, out, g.length, threshold);
    return result(out, g.length);
  };
  const adamUpdate: Backend['adamUpdate'] = (p, g, m, v, vmax, o) => {
    if (!f32(p) || !f32(g) || !f32(m) || !f32(v) || (vmax !== null && !f32(vmax))) return jsBackend.adamUpdate(p, g, m, v, vmax, o);
    const state = vmax ? [p, m, v, vmax] : [p, m, v];
    const { offsets } = place(memory, heapStart(), [...state, g], 0);
    const [pp, pm, pv, pvmax] = vmax ? offsets : [offsets[0], offsets[1], offsets[2], 0];
    const { lr, beta1, beta2, eps, weightDecay, decoupled, step } = o;
    kernels.adam_update_f32(pp!, offsets[state.length]!, pm!, pv!, pvmax!, p.length, beta1, beta2, eps, decoupled ? 1 - lr * weightDecay : 1,
      decoupled ? 0 : weightDecay, lr / (1 - beta1 ** step), Math.sqrt(1 - beta2 ** step));
    state.forEach((array, i) => writeBack(memory, offsets[i]!, array));
  };
  // Float32 sums along an axis, in double as js's.
  const reduce: Backend['reduce'] = (op, x, axis, dtype) => {
    if (op !== 'sum' || dtype !== 'float32' || !f32(x)) return jsBackend.reduce(op, x, axis, dtype);
    const n = axis.outer * axis.inner;
    // Room for the sums, then (8-byte aligned) `inner` doubles of scratch.
    const { offsets: [px], out } = place(memory, heapStart(), [x], n + 1 + 2 * axis.inner);
    kernels.sum_f32(px!, out, axis.outer, axis.size, axis.inner, (out + 4 * n + 7) & ~7);
    return result(out, n);
  };
  // Normalisation in double as js's; per-channel statistics travel as doubles after the float data.
  const doubles = (at: number, count: number): Float64Array => new Float64Array(memory.buffer, (at + 7) & ~7, count);
  const moments: Backend['moments'] = (x, outer, channels, inner) => {
    if (!f32(x)) return jsBackend.moments(x, outer, channels, inner);
    const { offsets: [px], out } = place(memory, heapStart(), [x], 4 * channels + 2);
    const [mean, variance] = [doubles(out, channels), doubles(out + 8 * channels, channels)];
    kernels.moments_f32(px!, outer, channels, inner, mean.byteOffset, variance.byteOffset);
    return { mean: mean.slice(), variance: variance.slice() };
  };
  const withStatistics = (arrays: Float32Array[], n: number, mean: Float64Array, invstd: Float64Array): { offsets: number[]; out: number; stats: [number, number] } => {
    const { offsets, out } = place(memory, heapStart(), arrays, n + 4 * mean.length + 2);
    const [m, k] = [doubles(out + 4 * n, mean.length), doubles(out + 4 * n + 8 * mean.length, mean.length)];
    m.set(mean);
    k.set(invstd);
    return { offsets, out, stats: [m.byteOffset, k.byteOffset] };
  };
  // (The affine forms are left to js.)
  const standardize: Backend['standardize'] = (x, outer, channels, inner, mean, invstd, affine = null) => {
    if (!f32(x) || affine) return jsBackend.standardize(x, outer, channels, inner, mean, invstd, affine);
    const { offsets: [px], out, stats: [m, k] } = withStatistics([x], x.length, mean, invstd);
    kernels.standardize_f32(px!, out, outer, channels, inner, m, k);
    return result(out, x.length);
  };
  const standardizeBackward: Backend['standardizeBackward'] = (dy, x, outer, channels, inner, mean, invstd, weight = null, sums = null) => {
    if (!f32(dy) || !f32(x) || weight || sums) return jsBackend.standardizeBackward(dy, x, outer, channels, inner, mean, invstd, weight, sums);
    const { offsets: [pdy, px], out, stats: [m, k] } = withStatistics([dy, x], x.length, mean, invstd);
    kernels.standardize_backward_f32(pdy!, px!, out, outer, channels, inner, m, k);
    return result(out, x.length);
  };
  const sgdUpdate: Backend['sgdUpdate'] = (p, g, buf, o) => {
    if (!f32(p) || !f32(g) || (buf !== null && !f32(buf))) return jsBackend.sgdUpdate(p, g, buf, o);
    const { offsets: [pp, pg, pb] } = place(memory, heapStart(), buf ? [p, g, buf] : [p, g], 0);
    kernels.sgd_update_f32(pp!, pg!, buf ? pb! : 0, p.length, o.lr, o.momentum, o.dampening, o.nesterov ? 1 : 0, o.weightDecay, o.firstStep ? 1 : 0);
    writeBack(memory, pp!, p);
    if (buf) writeBack(memory, pb!, buf);
  };
  const bernoulli: Backend['bernoulli'] = (state, out, probability, value) => {
    if (!f32(out)) return jsBackend.bernoulli(state, out, probability, value);
    const { offsets: [ps], out: at } = place(memory, heapStart(), [new Float32Array(state.buffer, state.byteOffset, 4)], out.length);
    kernels.bernoulli_f32(ps!, at, out.length, Math.min(Math.max(probability, 0), 1) * 2 ** 32, value);
    writeBack(memory, at, out);
    writeBack(memory, ps!, state);
  };
  // Softmax along contiguous rows (attention's); the log form and strided lines stay js's.
  const softmax: Backend['softmax'] = (x, axis, log) => {
    if (!f32(x) || log || axis.inner !== 1) return jsBackend.softmax(x, axis, log);
    const { offsets: [px], out } = place(memory, heapStart(), [x], x.length);
    kernels.softmax_f32(px!, out, axis.outer, axis.size);
    return result(out, x.length);
  };
  const softmaxBackward: Backend['softmaxBackward'] = (y, g, axis, log) => {
    if (!f32(y) || !f32(g) || log || axis.inner !== 1) return jsBackend.softmaxBackward(y, g, axis, log);
    const { offsets: [py, pg], out } = place(memory, heapStart(), [y, g], y.length);
    kernels.softmax_backward_f32(py!, pg!, out, axis.outer, axis.size);
    return result(out, y.length);
  };
  return { copy, unary, binary, reduce, thresholdBackward, softmax, softmaxBackward, moments, standardize, standardizeBackward, adamUpdate, sgdUpdate, bernoulli };
}
