/**
 * @file The Fréchet distance between two Gaussians fitted to feature vectors (Heusel et al. 2017),
 * the arithmetic of FID, in float64 through `eigh`.
 */
import { ShapeError } from '../errors.js';
import { eigh } from '../linalg/eigh.js';
import { eye } from '../tensor/creation.js';
import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** Mean [D] and covariance [D, D] (unbiased, N − 1) of feature vectors. */
export interface GaussianStatistics {
  mean: Tensor;
  cov: Tensor;
}

/**
 * The float64 mean and unbiased covariance of `features` [N, D] (N ≥ 2).
 * PyTorch / NumPy: `x.mean(0)`, `torch.cov(x.T)` (`np.cov(x, rowvar=False)`).
 * @example const { mean, cov } = gan.gaussianStatistics(features) // [N, D] → [D], [D, D]
 */
export function gaussianStatistics(features: Tensor): GaussianStatistics {
  if (features.ndim !== 2 || features.shape[0]! < 2) throw new ShapeError(`gaussianStatistics: expects features [N ≥ 2, D], got ${shapeStr(features.shape)}`);
  const x = features.to('float64');
  const mean = x.mean(0);
  const centred = x.sub(mean);
  return { mean, cov: centred.mT.matmul(centred).div(x.shape[0]! - 1) };
}

/** The sum of a square matrix's diagonal. */
function trace(a: Tensor): number {
  return Number(a.mul(eye(a.shape[0]!, undefined, { dtype: a.dtype })).sum().item());
}

/** Q·diag(√max(λ, 0))·Qᵀ of a symmetric positive semi-definite matrix. */
function psdSqrt(a: Tensor): Tensor {
  const [values, vectors] = eigh(a);
  return vectors.mul(values.clamp(0).sqrt().unsqueeze(0)).matmul(vectors.mT);
}

/**
 * d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½), with Tr((Σ₁Σ₂)^½) = Tr((Σ₁^½ Σ₂ Σ₁^½)^½), the square
 * root of a symmetric matrix, so only `eigh` is needed (float64 throughout).
 * Reference: `pytorch-fid`'s `calculate_frechet_distance` (which uses scipy's `sqrtm`).
 * @example frechetDistance(gaussianStatistics(fakeFeatures), gaussianStatistics(realFeatures))
 */
export function frechetDistance(a: GaussianStatistics, b: GaussianStatistics): number {
  const d = a.mean.shape[0]!;
  if (b.mean.shape[0] !== d) throw new ShapeError(`frechetDistance: the feature sizes differ (${d} and ${b.mean.shape[0]})`);
  const [s1, s2] = [a.cov.to('float64'), b.cov.to('float64')];
  const root = psdSqrt(s1);
  const [values] = eigh(root.matmul(s2).matmul(root));
  const traceRoot = Number(values.clamp(0).sqrt().sum().item());
  const meanTerm = Number(a.mean.to('float64').sub(b.mean.to('float64')).square().sum().item());
  return meanTerm + trace(s1) + trace(s2) - 2 * traceRoot;
}
