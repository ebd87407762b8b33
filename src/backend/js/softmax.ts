/**
 * @file js kernels of softmax and log-softmax along the middle axis of `[outer, size, inner]`,
 * forward and backward. Each line is shifted by its maximum first, as the ops would do.
 */
import type { Axis } from '../backend.js';
import { allocate, dtypeOfArray, type TypedArray } from '../../tensor/dtype.js';

/** exp(x − max)/Σ exp(x − max), or x − max − log Σ exp(x − max) when `log`, along each line. */
export function softmax(x: TypedArray, { outer, size, inner }: Axis, log: boolean): TypedArray {
  const y = allocate(dtypeOfArray(x), x.length);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * size * inner + j;
      const end = base + size * inner;
      let peak = -Infinity;
      for (let p = base; p < end; p += inner) peak = x[p]! > peak || Number.isNaN(x[p]!) ? x[p]! : peak;
      // An infinite peak shifts by 0 for the log form, so all-(−∞) lines give NaN like PyTorch's.
      const shift = log && !Number.isFinite(peak) ? 0 : peak;
      let total = 0;
      for (let p = base; p < end; p += inner) total += Math.exp(x[p]! - shift);
      const logTotal = Math.log(total);
      for (let p = base; p < end; p += inner) y[p] = log ? x[p]! - shift - logTotal : Math.exp(x[p]! - shift) / total;
    }
  }
  return y;
}

/** The gradient from the output `y`: y·(g − Σ g·y), or g − exp(y)·Σ g when `log`. */
export function softmaxBackward(y: TypedArray, g: TypedArray, { outer, size, inner }: Axis, log: boolean): TypedArray {
  const dx = allocate(dtypeOfArray(y), y.length);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * size * inner + j;
      const end = base + size * inner;
      let dot = 0;
      for (let p = base; p < end; p += inner) dot += log ? g[p]! : g[p]! * y[p]!;
      for (let p = base; p < end; p += inner) dx[p] = log ? g[p]! - Math.exp(y[p]!) * dot : y[p]! * (g[p]! - dot);
    }
  }
  return dx;
}
