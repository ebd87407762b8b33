/**
 * @file Consistency regularisation of D (Zhao et al., "Improved Consistency Regularization for
 * GANs", 2020; SPEC §9.9): balanced CR (bCR) on real and generated images, latent CR (zCR).
 */
import { ShapeError } from '../errors.js';
import { cat } from '../ops/shape.js';
import { checkOptions } from '../options.js';
import { randnLike } from '../tensor/creation.js';
import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * The batch mean of the squared L2 distance between two outputs per sample, E_n ‖a_n − b_n‖²
 * (summed over everything but the batch dim): the consistency terms of bCR and zCR.
 * PyTorch: `((a - b) ** 2).flatten(1).sum(1).mean()`.
 * @example gan.consistencyLoss(D.forward(real), D.forward(augment(real))) // bCR's λ·‖D(x) − D(T(x))‖² term, without λ
 */
export function consistencyLoss(a: Tensor, b: Tensor): Tensor {
  if (a.shape.join() !== b.shape.join()) throw new ShapeError(`consistencyLoss: ${shapeStr(a.shape)} and ${shapeStr(b.shape)} differ`);
  const d = a.sub(b).square();
  return (d.ndim > 1 ? d.flatten(1).sum(1) : d).mean();
}

/** Options of `balancedConsistency` (PyTorch's keyword arguments, where it has them). */
export interface BalancedConsistencyOptions {
  /** λ_real (default 10). */
  lambdaReal?: number;
  /** λ_fake (default 10). */
  lambdaFake?: number;
}

/**
 * bCR's addition to D's loss: λ_real·E‖l(x) − l(T(x))‖² + λ_fake·E‖l(x̃) − l(T(x̃))‖², with the
 * scores l(x), l(x̃) D already computed and T a semantics-preserving augmentation. D sees T(x) and
 * T(x̃) as one batch (as a D with BatchNorm should see real and fake together). Pass the fakes
 * detached (this is a D-step term).
 * PyTorch: `lam_r * ((D(x) - D(T(x))) ** 2).mean() + lam_f * ((D(x_fake) - D(T(x_fake))) ** 2).mean()` for scalar outputs.
 * @example dLoss.add(balancedConsistency((x) => D.forward(x), translateRandomly, real, fake, realScores, fakeScores))
 */
export function balancedConsistency(
  discriminator: (x: Tensor) => Tensor, transform: (x: Tensor) => Tensor,
  real: Tensor, fake: Tensor, realScores: Tensor, fakeScores: Tensor, options?: BalancedConsistencyOptions,
): Tensor {
  const { lambdaReal = 10, lambdaFake = 10 } = checkOptions<BalancedConsistencyOptions>('balancedConsistency', options, { lambdaReal: true, lambdaFake: true });
  const n = real.shape[0]!;
  const augmented = discriminator(cat([transform(real), transform(fake)]));
  return consistencyLoss(realScores, augmented.narrow(0, 0, n)).mul(lambdaReal)
    .add(consistencyLoss(fakeScores, augmented.narrow(0, n, augmented.shape[0]! - n)).mul(lambdaFake));
}

/**
 * zCR's perturbed latents z' = z + Δz, Δz ~ N(0, σ²I) (σ = 0.03 by default). Then D's step adds
 * λ_dis·consistencyLoss(l(G(z)), l(G(z'))) with both images detached, and G's step adds
 * −λ_gen·consistencyLoss(G(z), G(z')) (SPEC defaults λ_dis 5, λ_gen 0.5).
 * PyTorch: `z + sigma * torch.randn_like(z)`.
 * @example G.forward(gan.perturbLatent(z)) // zCR: z + N(0, 0.03²)
 */
export function perturbLatent(z: Tensor, sigma = 0.03): Tensor {
  return z.add(randnLike(z).mul(sigma));
}
