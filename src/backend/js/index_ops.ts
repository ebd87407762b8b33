/** @file js kernels for gather and scatter along one dim. */
import type { View } from '../backend.js';
import { allocate, dtypeOfArray, type TypedArray } from '../../tensor/dtype.js';
import { contiguousStrides, isContiguous, numel, type Shape } from '../../tensor/shape.js';

/** Calls `visit(i, c)` for every flat index `i` of `shape` with its coordinates `c`. */
function forEachCoord(shape: Shape, visit: (i: number, coord: number[]) => void): void {
  const total = numel(shape);
  const coord = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < total; i++) {
    visit(i, coord);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++coord[d]! < shape[d]!) break;
      coord[d] = 0;
    }
  }
}

function offsetAt(coord: readonly number[], strides: readonly number[], dim: number, at: number): number {
  let off = 0;
  for (let d = 0; d < coord.length; d++) off += (d === dim ? at : coord[d]!) * strides[d]!;
  return off;
}

/**
 * When the index has the input's size in every dim but `dim`, both are [outer, size, inner]
 * blocks and gather/scatter are three tight loops: returns (outer, inner), else null.
 */
export function blocks(xShape: Shape, indexShape: Shape, dim: number): [number, number] | null {
  if (xShape.some((s, d) => d !== dim && s !== indexShape[d])) return null;
  return [numel(xShape.slice(0, dim)), numel(xShape.slice(dim + 1))];
}

export function gather(x: TypedArray, xShape: Shape, dim: number, index: Int32Array, indexShape: Shape): TypedArray {
  const out = allocate(dtypeOfArray(x), numel(indexShape));
  const b = blocks(xShape, indexShape, dim);
  if (b) {
    const [outer, inner] = b;
    const [n, k] = [xShape[dim]!, indexShape[dim]!];
    for (let o = 0, i = 0; o < outer; o++) {
      for (let j = 0; j < k; j++) {
        for (let t = 0; t < inner; t++, i++) out[i] = x[(o * n + index[i]!) * inner + t]!;
      }
    }
    return out;
  }
  const strides = contiguousStrides(xShape);
  forEachCoord(indexShape, (i, c) => {
    out[i] = x[offsetAt(c, strides, dim, index[i]!)]!;
  });
  return out;
}

/** The source is contiguous and exactly the index's shape, so its elements line up with the index's. */
export function denseSource(src: View, indexShape: Shape): boolean {
  return isContiguous(src.shape, src.strides) && src.shape.length === indexShape.length && src.shape.every((s, d) => s === indexShape[d]);
}

export function scatter(target: TypedArray, targetShape: Shape, dim: number, index: Int32Array, indexShape: Shape,
  src: View, accumulate: boolean): void {
  const b = blocks(targetShape, indexShape, dim);
  if (b && denseSource(src, indexShape)) {
    const [outer, inner] = b;
    const [n, k] = [targetShape[dim]!, indexShape[dim]!];
    const S = src.data;
    for (let o = 0, i = 0; o < outer; o++) {
      for (let j = 0; j < k; j++) {
        for (let t = 0; t < inner; t++, i++) {
          const to = (o * n + index[i]!) * inner + t;
          target[to] = accumulate ? target[to]! + S[src.offset + i]! : S[src.offset + i]!;
        }
      }
    }
    return;
  }
  const strides = contiguousStrides(targetShape);
  forEachCoord(indexShape, (i, c) => {
    const to = offsetAt(c, strides, dim, index[i]!);
    const from = src.offset + offsetAt(c, src.strides, -1, 0);
    if (accumulate) target[to]! += src.data[from]!;
    else target[to] = src.data[from]!;
  });
}
