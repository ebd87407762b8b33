/** @file Batches of matrices for the linalg ops: shape checks and one float64 matrix at a time. */
import { DTypeError, ShapeError } from '../errors.js';
import { isFloating } from '../tensor/dtype.js';
import { numel, shapeStr } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** Checks `x` is a floating [..., rows, cols] tensor (square when `square`); returns rows and cols. */
export function matrixShape(op: string, x: Tensor, square: boolean): [number, number] {
  if (!isFloating(x.dtype)) throw new DTypeError(`${op}: expects a float32 or float64 tensor, got ${x.dtype}`);
  if (x.ndim < 2) throw new ShapeError(`${op}: expects a matrix or a batch of them [..., m, n], got ${shapeStr(x.shape)}`);
  const [m, n] = x.shape.slice(-2) as [number, number];
  if (square && m !== n) throw new ShapeError(`${op}: expects square matrices, got ${shapeStr(x.shape)}`);
  return [m, n];
}

/** The matrices of `x` [..., m, n] as float64 row-major arrays, one per batch entry. */
export function matricesOf(x: Tensor): Float64Array[] {
  const [m, n] = x.shape.slice(-2) as [number, number];
  const data = Float64Array.from(x.contiguousData());
  return Array.from({ length: numel(x.shape.slice(0, -2)) }, (_, b) => data.subarray(b * m * n, (b + 1) * m * n));
}

/** Stacks per-matrix results into one tensor of `shape` (batch dims first) and `dtype`. */
export function stackMatrices(parts: readonly Float64Array[], shape: readonly number[], dtype: Tensor['dtype']): Tensor {
  const out = new Float64Array(numel(shape));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  const t = Tensor.fromData(out, shape);
  return dtype === 'float64' ? t : t.to(dtype);
}
