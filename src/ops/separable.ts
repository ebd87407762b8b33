/**
 * @file Separable linear maps over the spatial dims: resizing and adaptive average pooling act
 * on each spatial dim independently, as one [in, out] matrix per dim, so they are matrix
 * products (differentiable through matmul, and fast on its kernels).
 */
import type { Tensor } from '../tensor/tensor.js';

/**
 * Applies `matrixFor(len, i)` ([len, out], any float dtype) along each of the last `nd` dims of
 * `x`, where `len` is that dim's size and `i` its index among the spatial dims.
 */
export function alongSpatialDims(x: Tensor, nd: number, matrixFor: (len: number, i: number) => Tensor): Tensor {
  let y = x;
  for (let i = 0; i < nd; i++) {
    const dim = y.ndim - nd + i;
    const m = matrixFor(y.shape[dim]!, i).to(y.dtype);
    y = dim === y.ndim - 1 ? y.matmul(m) : y.transpose(dim, -1).matmul(m).transpose(dim, -1);
  }
  return y;
}
