/**
 * Elementwise and optimizer kernels of a backend against the js reference, for the Node tests and
 * the Chromium page alike: unary ops with extremes and NaN, binary ops on same-shape, bias-row,
 * scalar and swapped (broadcast first operand) layouts plus a strided one that takes js's path,
 * strided copies, sums along an axis, the ReLU gradient, softmax rows (masked, NaN, all −∞),
 * normalisation statistics and their gradient, dropout masks (the same xoshiro128** stream), Adam (with AMSGrad and AdamW) and SGD (momentum,
 * Nesterov), all on odd lengths.
 */
import type { Backend, BinaryOp, UnaryOp, View } from '../../src/backend/backend.js';
import { jsBackend } from '../../src/backend/js/index.js';
import type { Generator } from '../../src/tensor/random.js';
import { assertNear } from './products.js';

const contiguous = (data: Float32Array, shape: number[]): View => {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  return { data, shape, strides, offset: 0 };
};

/** How many cases `elementwiseCases` runs: 12 unary, 66 binary, 8 copy, 6 sum, 8 softmax, 3 normalisation, and 33 of dropout, the ReLU gradient, Adam and SGD. */
export const ELEMENTWISE_CASES = 12 + 6 * (5 * 2 + 1) + 8 + 6 + 4 * 2 + 3 + 3 * 11;

/** Runs every case; returns how many ran and the failures' messages. */
export function elementwiseCases(backend: Backend, g: Generator): { cases: number; failures: string[] } {
  const random = (n: number): Float32Array => Float32Array.from({ length: n }, () => g.normal());
  const failures: string[] = [];
  let cases = 0;
  const check = (label: string, run: () => void): void => {
    cases++;
    try {
      run();
    } catch (error) {
      failures.push(`${label}: ${(error as Error).message}`);
    }
  };
  for (const n of [1, 7, 1001]) {
    const x = random(n);
    x[0] = NaN;
    if (n > 4) x.set([0, -0, Infinity, -Infinity], 1);
    for (const op of ['neg', 'abs', 'relu', 'sqrt'] as UnaryOp[]) {
      const data = op === 'sqrt' ? x.map(Math.abs) : x;
      check(`unary ${op} n${n}`, () => assertNear(backend.unary(op, contiguous(data, [n]), 'float32'), jsBackend.unary(op, contiguous(data, [n]), 'float32'), 0, op));
    }
  }
  const shapes: [number[], number[]][] = [[[5, 7], [5, 7]], [[6, 9], [9]], [[3, 4, 5], [1, 5]], [[11, 13], []], [[2, 3, 3], [3, 1, 1]]];
  for (const op of ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as BinaryOp[]) {
    for (const [full, small] of shapes) {
      const a = contiguous(random(full.reduce((p, q) => p * q, 1)), full);
      a.data[0] = NaN;
      const b = contiguous(random(small.reduce((p, q) => p * q, 1)), small);
      // b broadcast to a's shape: zero strides on the dims it lacks or has as 1.
      const lead = full.length - small.length;
      const bStrides = full.map((_, d) => (d < lead || small[d - lead] === 1 ? 0 : b.strides[d - lead]!));
      const wide = { ...b, shape: full, strides: bStrides };
      for (const [first, second, order] of [[a, wide, 'a op b'], [wide, a, 'b op a']] as const) {
        check(`binary ${op} ${full.join('×')} with ${small.join('×') || 'scalar'} (${order})`, () =>
          assertNear(backend.binary(op, first, second, full, 'float32'), jsBackend.binary(op, first, second, full, 'float32'), 0, op));
      }
    }
    // A transposed operand is not a repeated block: the js kernel takes it.
    const t = { data: random(12), shape: [3, 4], strides: [1, 3], offset: 0 };
    const u = contiguous(random(12), [3, 4]);
    check(`binary ${op} transposed`, () => assertNear(backend.binary(op, t, u, [3, 4], 'float32'), jsBackend.binary(op, t, u, [3, 4], 'float32'), 0, op));
  }
  // Strided copies: a transpose, attention's head permutations, a slice with an offset, a broadcast, a scalar,
  // then layouts js keeps (five unmergeable dims, a negative stride).
  const base = random(3 * 5 * 7 * 4 * 3);
  const views: View[] = [
    { data: base, shape: [7, 5], strides: [1, 7], offset: 0 },
    { data: base, shape: [3, 5, 7, 4], strides: [140, 4, 20, 1], offset: 0 },
    { data: base, shape: [3, 7, 5, 4], strides: [140, 4, 28, 1], offset: 0 },
    { data: base, shape: [4, 6], strides: [9, 1], offset: 11 },
    { data: base, shape: [5, 3, 2], strides: [0, 2, 1], offset: 3 },
    { data: base, shape: [], strides: [], offset: 8 },
    { data: base, shape: [3, 2, 2, 2, 2], strides: [100, 1, 30, 7, 3], offset: 0 },
    { data: base, shape: [6], strides: [-2], offset: 20 },
  ];
  for (const v of views) check(`copy ${v.shape.join('×')} strides ${v.strides.join(',')}`, () => assertNear(backend.copy(v, 'float32'), jsBackend.copy(v, 'float32'), 0, 'copy'));
  // Sums in double in row order, as js: the same floats.
  for (const [outer, size, inner] of [[1, 1, 1], [3, 7, 1], [1, 129, 5], [4, 33, 64], [2, 1, 9], [0, 4, 3]] as const) {
    const x = random(outer * size * inner);
    const axis = { outer, size, inner };
    check(`sum ${outer}×${size}×${inner}`, () => assertNear(backend.reduce('sum', x, axis, 'float32'), jsBackend.reduce('sum', x, axis, 'float32'), 0, 'sum'));
  }
  for (const [rows, size] of [[1, 1], [7, 5], [33, 64], [3, 1000]] as const) {
    const x = random(rows * size).map((v, i) => (i % 7 === 3 ? -Infinity : v * 10));
    x.fill(-Infinity, 0, size); // an all-masked row
    if (rows > 2) x[size + 1] = NaN;
    const g = random(rows * size);
    for (const log of [false, true]) {
      check(`softmax ${rows}×${size} log ${log}`, () => {
        const axis = { outer: rows, size, inner: 1 };
        const y = backend.softmax(x, axis, log);
        assertNear(y, jsBackend.softmax(x, axis, log), 1e-6, 'forward');
        assertNear(backend.softmaxBackward(y, g, axis, log), jsBackend.softmaxBackward(y, g, axis, log), 1e-5, 'backward');
      });
    }
  }
  // Normalisation (batch norm's [N, C, H·W] and layer norm's [rows, 1, features]) in double as js: the same numbers.
  for (const [outer, channels, inner] of [[4, 3, 25], [37, 1, 17], [1, 5, 1]] as const) {
    const [x, dy] = [random(outer * channels * inner), random(outer * channels * inner)];
    check(`normalization ${outer}×${channels}×${inner}`, () => {
      const { mean, variance } = backend.moments(x, outer, channels, inner);
      const want = jsBackend.moments(x, outer, channels, inner);
      assertNear(mean, want.mean, 0, 'mean');
      assertNear(variance, want.variance, 0, 'variance');
      const invstd = variance.map((v) => 1 / Math.sqrt(v + 1e-5));
      assertNear(backend.standardize(x, outer, channels, inner, mean, invstd), jsBackend.standardize(x, outer, channels, inner, mean, invstd), 0, 'standardize');
      assertNear(backend.standardizeBackward(dy, x, outer, channels, inner, mean, invstd), jsBackend.standardizeBackward(dy, x, outer, channels, inner, mean, invstd), 0, 'gradient');
    });
  }
  for (const n of [1, 7, 1001]) {
    for (const p of [0, 0.1, 0.5, 1]) {
      check(`bernoulli n${n} p${p}`, () => {
        const state = Uint32Array.from([0x9e3779b9, 0x7f800001, 0xdeadbeef, 12345 + n]); // a word that reads as a signalling NaN must travel intact
        const copy = state.slice();
        const [got, want] = [new Float32Array(n), new Float32Array(n)];
        backend.bernoulli(state, got, p, 1 / (1 - 0.1));
        jsBackend.bernoulli(copy, want, p, 1 / (1 - 0.1));
        assertNear(got, want, 0, 'mask');
        assertNear(state, copy, 0, 'state');
      });
    }
    const [grad, y] = [random(n), random(n)];
    y[0] = NaN;
    check(`thresholdBackward n${n}`, () => assertNear(backend.thresholdBackward(grad, y, 0), jsBackend.thresholdBackward(grad, y, 0), 0, 'relu gradient'));
    for (const [amsgrad, decoupled] of [[false, false], [true, false], [false, true]]) {
      check(`adam n${n} amsgrad ${amsgrad} decoupled ${decoupled}`, () => {
        const [p, gr, m, v] = [random(n), random(n), random(n), random(n).map(Math.abs)];
        const vmax = amsgrad ? random(n).map(Math.abs) : null;
        const copies = [p, m, v, vmax].map((t) => t?.slice() ?? null);
        const o = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, decoupled, step: 3 };
        backend.adamUpdate(p, gr, m, v, vmax, o);
        jsBackend.adamUpdate(copies[0]!, gr, copies[1]!, copies[2]!, copies[3]!, o);
        [p, m, v, vmax].forEach((t, i) => t && assertNear(t, copies[i]!, 1e-5, ['param', 'm', 'v', 'vmax'][i]!));
      });
    }
    for (const [momentum, nesterov, firstStep] of [[0, false, false], [0.9, false, true], [0.9, true, false]] as const) {
      check(`sgd n${n} momentum ${momentum} nesterov ${nesterov} first ${firstStep}`, () => {
        const [p, gr, b] = [random(n), random(n), random(n)];
        const [p2, b2] = [p.slice(), b.slice()];
        const o = { lr: 0.1, momentum, dampening: 0.1, nesterov, weightDecay: 0.01, firstStep };
        backend.sgdUpdate(p, gr, momentum ? b : null, o);
        jsBackend.sgdUpdate(p2, gr, momentum ? b2 : null, o);
        assertNear(p, p2, 0, 'param');
        assertNear(b, b2, 0, 'buffer');
      });
    }
  }
  return { cases, failures };
}
