/**
 * @file Gradient penalties that need double back-propagation: WGAN-GP's on random interpolates
 * (Gulrajani et al. 2017, SPEC §9.5) and R1 on real images (Mescheder et al. 2018, §9.14).
 */
import { grad } from '../autograd/engine.js';
import { ShapeError, ValueError } from '../errors.js';
import { checkOptions } from '../options.js';
import { shapeStr } from '../tensor/shape.js';
import { rand } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * ∂Σl/∂x flattened per sample [N, C·H·W], kept in the graph so a loss on it trains D. Each sample's
 * score depends on its own input only, so the gradient of the sum is every sample's gradient.
 */
function sampleGradients(scores: Tensor, inputs: Tensor): Tensor {
  const [g] = grad(scores.sum(), inputs, { createGraph: true });
  return g!.flatten(1);
}

/** Options of `gradientPenalty` (PyTorch's keyword arguments, where it has them). */
export interface GradientPenaltyOptions {
  /** The penalty's weight λ (default 10). */
  lambda?: number;
  /** The interpolation weights ε [N] (default: drawn from U[0, 1), one per sample). */
  epsilon?: Tensor;
}

/**
 * WGAN-GP's penalty λ·E_x̂ (‖∇_x̂ critic(x̂)‖₂ − 1)² at x̂ = ε·x + (1 − ε)·x̃, one ε per sample
 * (broadcast over C, H, W): differentiable in the critic's parameters, so adding it to the critic
 * loss trains the critic towards unit gradient norm. `fake` is detached here.
 * PyTorch: `g = torch.autograd.grad(D(x_hat).sum(), x_hat, create_graph=True)[0]; lam * ((g.flatten(1).norm(dim=1) - 1) ** 2).mean()`.
 * @example const loss = discriminatorLoss('wasserstein', D.forward(real), D.forward(fake)).add(gradientPenalty((x) => D.forward(x), real, fake))
 */
export function gradientPenalty(critic: (x: Tensor) => Tensor, real: Tensor, fake: Tensor, options?: GradientPenaltyOptions): Tensor {
  const { lambda = 10, epsilon } = checkOptions<GradientPenaltyOptions>('gradientPenalty', options, { lambda: true, epsilon: true });
  if (real.shape.join() !== fake.shape.join()) throw new ShapeError(`gradientPenalty: real ${shapeStr(real.shape)} and fake ${shapeStr(fake.shape)} differ`);
  const n = real.shape[0]!;
  const eps = epsilon ?? rand([n], { dtype: real.dtype });
  if (eps.ndim !== 1 || eps.shape[0] !== n) throw new ShapeError(`gradientPenalty: epsilon must be [${n}], got ${shapeStr(eps.shape)}`);
  const e = eps.reshape([n, ...new Array<number>(real.ndim - 1).fill(1)]);
  const between = e.mul(real.detach()).add(e.neg().add(1).mul(fake.detach())).requiresGrad_();
  return sampleGradients(critic(between), between).norm(2, 1).sub(1).square().mean().mul(lambda);
}

/**
 * The R1 penalty (γ/2)·E_x ‖∇_x l(x)‖² on real inputs: `logits` must have been computed from
 * `real`, which requires grad (call `real.requiresGrad_()` before D's forward, and reuse the
 * logits for the real half of the loss). γ defaults to 10.
 * PyTorch: `g = torch.autograd.grad(l.sum(), x, create_graph=True)[0]; gamma / 2 * g.square().flatten(1).sum(1).mean()`.
 * @example const x = real.detach().requiresGrad_(); const l = D.forward(x); const loss = discriminatorLoss(kind, l, lf).add(r1Penalty(l, x))
 */
export function r1Penalty(logits: Tensor, real: Tensor, gamma = 10): Tensor {
  if (!(gamma >= 0)) throw new ValueError(`r1Penalty: gamma must be non-negative, got ${gamma}`);
  return sampleGradients(logits, real).square().sum(1).mean().mul(gamma / 2);
}
