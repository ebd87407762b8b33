/** @file Eigendecomposition of symmetric matrices (Jacobi rotations, float64 inside). */
import { isGradEnabled } from '../autograd/grad_mode.js';
import { AutogradError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { jacobiEigh } from './kernels.js';
import { matricesOf, matrixShape, stackMatrices } from './batch.js';

/** Eigenvalues (ascending) and eigenvectors (columns) of a batch of symmetric matrices. */
export type Eigh = [eigenvalues: Tensor, eigenvectors: Tensor] & { eigenvalues: Tensor; eigenvectors: Tensor };

/**
 * Eigenvalues L [..., n] in ascending order and orthonormal eigenvectors Q [..., n, n] (as
 * columns) of symmetric A [..., n, n], so A = Q·diag(L)·Qᵀ; only the lower triangle is read.
 * Each eigenvector's sign is arbitrary, as in PyTorch. Not differentiable yet: an input that
 * requires grad throws instead of giving a wrong gradient (use `noGrad` or `detach`).
 * PyTorch: `torch.linalg.eigh(A)` (UPLO='L').
 * @example const [L, Q] = eigh(cov)
 */
export function eigh(a: Tensor): Eigh {
  const [n] = matrixShape('eigh', a, true);
  if (isGradEnabled() && a.requiresGrad) throw new AutogradError('eigh: has no gradient in shinsou yet; detach() the input or call it inside noGrad()');
  const parts = matricesOf(a).map((m) => jacobiEigh(m, n));
  const values = stackMatrices(parts.map((p) => p.values), a.shape.slice(0, -1), a.dtype);
  const vectors = stackMatrices(parts.map((p) => p.vectors), a.shape, a.dtype);
  return Object.assign([values, vectors] as [Tensor, Tensor], { eigenvalues: values, eigenvectors: vectors });
}

/**
 * The eigenvalues of symmetric A [..., n, n] in ascending order. PyTorch: `torch.linalg.eigvalsh(A)`.
 * @example linalg.eigvalsh(tensor([[2, 1], [1, 2]])) // [1, 3]
 */
export function eigvalsh(a: Tensor): Tensor {
  return eigh(a).eigenvalues;
}
