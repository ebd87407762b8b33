/** @file Row-by-row iteration over strided views, so inner loops stay tight and allocation-free. */
import type { Shape } from '../../tensor/shape.js';

/**
 * Walks every row (the last dim) of `shape` in row-major order and calls
 * `row(outStart, rowLength, offsets)` where `offsets[v]` is where the row starts in view `v`.
 * Views are given by their strides and offset; the last stride of each is the in-row step.
 */
export function forEachRow(
  fullShape: Shape,
  fullStrides: readonly (readonly number[])[],
  offsets: readonly number[],
  row: (outStart: number, n: number, starts: number[]) => void,
): void {
  const [shape, strides] = coalesce(fullShape, fullStrides);
  const ndim = shape.length;
  let total = 1;
  for (const s of shape) total *= s;
  if (total === 0) return;
  if (ndim === 0) {
    row(0, 1, [...offsets]);
    return;
  }
  const n = shape[ndim - 1]!;
  const rows = total / n;
  const counter = new Array<number>(ndim - 1).fill(0);
  const starts = [...offsets];
  for (let r = 0; r < rows; r++) {
    row(r * n, n, starts);
    for (let d = ndim - 2; d >= 0; d--) {
      counter[d]!++;
      for (let v = 0; v < starts.length; v++) starts[v]! += strides[v]![d]!;
      if (counter[d]! < shape[d]!) break;
      for (let v = 0; v < starts.length; v++) starts[v]! -= strides[v]![d]! * shape[d]!;
      counter[d] = 0;
    }
  }
}

/**
 * Merges adjacent dims that every view steps through as one (stride[d] = stride[d+1]·shape[d+1]),
 * so a contiguous tensor is a single long row and the per-row overhead vanishes.
 */
export function coalesce(shape: Shape, strides: readonly (readonly number[])[]): [number[], number[][]] {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, v) => outStrides[v]![last] === s[d]! * shape[d]!)) {
      outShape[last]! *= shape[d]!;
      strides.forEach((s, v) => (outStrides[v]![last] = s[d]!));
    } else {
      outShape.push(shape[d]!);
      strides.forEach((s, v) => outStrides[v]!.push(s[d]!));
    }
  }
  return [outShape, outStrides];
}
