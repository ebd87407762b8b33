/** @file Row-by-row iteration over strided views, so inner loops stay tight and allocation-free. */
import type { Shape } from '../../tensor/shape.js';

/**
 * Walks every row (the last dim) of `shape` in row-major order and calls
 * `row(outStart, rowLength, offsets)` where `offsets[v]` is where the row starts in view `v`.
 * Views are given by their strides and offset; the last stride of each is the in-row step.
 */
export function forEachRow(
  shape: Shape,
  strides: readonly (readonly number[])[],
  offsets: readonly number[],
  row: (outStart: number, n: number, starts: number[]) => void,
): void {
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
