/** @file js kernels along one axis of `[outer, size, inner]`: reductions, cumsum, sort. */
import type { Axis, ReduceOp } from '../backend.js';
import { allocate, dtypeOfArray, type DType, type TypedArray } from '../../tensor/dtype.js';

/** Reduces the middle axis. Sums accumulate in float64; max/min propagate NaN like PyTorch. */
export function reduce(op: ReduceOp, x: TypedArray, { outer, size, inner }: Axis, dtype: DType): TypedArray {
  const out = allocate(dtype, outer * inner);
  if (op === 'sum' && inner > 1) return sumRows(x, outer, size, inner, out);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * size * inner + j;
      out[o * inner + j] = reduceLine(op, x, base, size, inner);
    }
  }
  return out;
}

/** Sums the `size` rows of each outer block, row by row, so memory is read in order. */
function sumRows(x: TypedArray, outer: number, size: number, inner: number, out: TypedArray): TypedArray {
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    for (let i = 0, p = o * size * inner; i < size; i++) {
      for (let j = 0; j < inner; j++, p++) acc[j] += x[p]!;
    }
    out.set(acc, o * inner);
  }
  return out;
}

function reduceLine(op: ReduceOp, x: TypedArray, base: number, size: number, step: number): number {
  switch (op) {
    case 'sum': {
      let s = 0;
      for (let i = 0, p = base; i < size; i++, p += step) s += x[p]!;
      return s;
    }
    case 'prod': {
      let s = 1;
      for (let i = 0, p = base; i < size; i++, p += step) s *= x[p]!;
      return s;
    }
    case 'all': {
      for (let i = 0, p = base; i < size; i++, p += step) if (x[p] === 0) return 0;
      return 1;
    }
    case 'any': {
      for (let i = 0, p = base; i < size; i++, p += step) if (x[p] !== 0) return 1;
      return 0;
    }
    default: {
      // max, min, argmax, argmin: the first extreme wins; NaN beats every number.
      const isMax = op === 'max' || op === 'argmax';
      let best = x[base]!;
      let at = 0;
      for (let i = 1, p = base + step; i < size && !Number.isNaN(best); i++, p += step) {
        const v = x[p]!;
        if (Number.isNaN(v) || (isMax ? v > best : v < best)) {
          best = v;
          at = i;
        }
      }
      return op === 'max' || op === 'min' ? best : at;
    }
  }
}

export function cumsum(x: TypedArray, { outer, size, inner }: Axis, dtype: DType): TypedArray {
  const out = allocate(dtype, x.length);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      let s = 0;
      for (let i = 0, p = o * size * inner + j; i < size; i++, p += inner) {
        s += x[p]!;
        out[p] = s;
      }
    }
  }
  return out;
}

/** Stable sort of every line; NaN compares greater than every number, as in PyTorch. */
export function sort(x: TypedArray, { outer, size, inner }: Axis, descending: boolean): { values: TypedArray; indices: Int32Array } {
  const values = allocate(dtypeOfArray(x), x.length);
  const indices = new Int32Array(x.length);
  const order = new Array<number>(size);
  const line = new Float64Array(size);
  const sign = descending ? -1 : 1;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * size * inner + j;
      for (let i = 0; i < size; i++) {
        line[i] = x[base + i * inner]!;
        order[i] = i;
      }
      order.sort((p, q) => sign * compareNaNLast(line[p]!, line[q]!));
      for (let i = 0; i < size; i++) {
        values[base + i * inner] = line[order[i]!]!;
        indices[base + i * inner] = order[i]!;
      }
    }
  }
  return { values, indices };
}

function compareNaNLast(a: number, b: number): number {
  const na = Number.isNaN(a);
  const nb = Number.isNaN(b);
  if (na || nb) return na === nb ? 0 : na ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}
