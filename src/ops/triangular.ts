/** @file Triangular parts of (batched) matrices: tril and triu, as masks over the last two dims. */
import { ShapeError } from '../errors.js';
import { arange } from '../tensor/creation.js';
import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { where } from './elementwise.js';

/** True at (i, j) of an [m, n] grid where j − i ≤ k (lower) or j − i ≥ k (upper). */
function triangle(op: string, x: Tensor, k: number, lower: boolean): Tensor {
  if (x.ndim < 2) throw new ShapeError(`${op}: expects a matrix or a batch of them, got ${shapeStr(x.shape)}`);
  const [m, n] = x.shape.slice(-2) as [number, number];
  const offset = arange(n).unsqueeze(0).sub(arange(m).unsqueeze(1));
  return lower ? offset.le(k) : offset.ge(k);
}

/**
 * The lower triangle of the last two dims, on and below diagonal `diagonal` (0 the main one,
 * positive above it); the rest is zero. The gradient passes through the kept entries.
 * PyTorch: `torch.tril(input, diagonal=0)`.
 * @example tril(ones([3, 3])) // causal-mask pattern
 */
export function tril(x: Tensor, diagonal = 0): Tensor {
  return where(triangle('tril', x, diagonal, true), x, 0);
}

/**
 * The upper triangle, on and above diagonal `diagonal`; the rest is zero. PyTorch: `torch.triu(input, diagonal=0)`.
 * @example triu(full([3, 3], -Infinity), 1) // causal attention mask
 */
export function triu(x: Tensor, diagonal = 0): Tensor {
  return where(triangle('triu', x, diagonal, false), x, 0);
}
