/** @file js kernels for gather and scatter along one dim. */
import type { View } from '../backend.js';
import { allocate, dtypeOfArray, type TypedArray } from '../../tensor/dtype.js';
import { contiguousStrides, numel, type Shape } from '../../tensor/shape.js';

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

export function gather(x: TypedArray, xShape: Shape, dim: number, index: Int32Array, indexShape: Shape): TypedArray {
  const out = allocate(dtypeOfArray(x), numel(indexShape));
  const strides = contiguousStrides(xShape);
  forEachCoord(indexShape, (i, c) => {
    out[i] = x[offsetAt(c, strides, dim, index[i]!)]!;
  });
  return out;
}

export function scatter(target: TypedArray, targetShape: Shape, dim: number, index: Int32Array, indexShape: Shape,
  src: View, accumulate: boolean): void {
  const strides = contiguousStrides(targetShape);
  forEachCoord(indexShape, (i, c) => {
    const to = offsetAt(c, strides, dim, index[i]!);
    const from = src.offset + offsetAt(c, src.strides, -1, 0);
    if (accumulate) target[to]! += src.data[from]!;
    else target[to] = src.data[from]!;
  });
}
