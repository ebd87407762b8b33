/** @file The Cholesky factor of symmetric positive-definite matrices, differentiable. */
import { defineOp } from '../autograd/function.js';
import { LinAlgError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { choleskyLower } from './kernels.js';
import { matricesOf, matrixShape, stackMatrices } from './batch.js';
import { solveTriangular } from './solve.js';

const choleskyOp = defineOp<undefined>({
  name: 'cholesky',
  saves: 'output',
  forward: ([a]) => {
    const n = a!.shape[a!.ndim - 1]!;
    const parts = matricesOf(a!).map((m, i) => {
      const l = choleskyLower(m, n);
      if (typeof l === 'number') {
        throw new LinAlgError(`cholesky: the leading minor of order ${l + 1}${a!.ndim > 2 ? ` (batch index ${i})` : ''} is not positive-definite`);
      }
      return l;
    });
    return stackMatrices(parts, a!.shape, a!.dtype);
  },
  // Ā = L⁻ᵀ·Φ·L⁻¹ with Φ the symmetric matrix whose lower triangle is tril(Lᵀ·L̄), diagonal halved.
  backward: (g, { output: l }) => {
    const t = l.mT.matmul(g).tril();
    const phi = t.add(t.tril(-1).mT).mul(0.5);
    const left = solveTriangular(l.mT, phi, { upper: true });
    return [solveTriangular(l, left, { upper: false, left: false })];
  },
});

/**
 * Lower-triangular L with A = L·Lᵀ for symmetric positive-definite A [..., n, n] (only the
 * lower triangle is read). Throws a `LinAlgError` when A is not positive-definite.
 * PyTorch: `torch.linalg.cholesky(A)`.
 * @example cholesky(cov.add(eye(n).mul(1e-6)))
 */
export function cholesky(a: Tensor): Tensor {
  matrixShape('cholesky', a, true);
  return choleskyOp([a], undefined);
}
