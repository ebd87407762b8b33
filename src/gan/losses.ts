/**
 * @file The GAN objectives on discriminator logits (or critic scores): the non-saturating and
 * minimax losses of Goodfellow et al., least squares (LSGAN), hinge and Wasserstein, with the
 * weight clipping of the original WGAN (SPEC §9.1, 9.4, 9.7, 9.8).
 */
import { noGrad } from '../autograd/grad_mode.js';
import { ValueError } from '../errors.js';
import { softplus } from '../nn/functional/activation.js';
import type { Module } from '../nn/module.js';
import type { Tensor } from '../tensor/tensor.js';

/** The adversarial objectives `discriminatorLoss` and `generatorLoss` know. */
export type GanLossKind = 'nonSaturating' | 'minimax' | 'lsgan' | 'hinge' | 'wasserstein';

/** Every `GanLossKind`, in the order the docs list them. */
export const GAN_LOSS_KINDS: readonly GanLossKind[] = ['nonSaturating', 'minimax', 'lsgan', 'hinge', 'wasserstein'];

function checkKind(op: string, kind: string): GanLossKind {
  if (!GAN_LOSS_KINDS.includes(kind as GanLossKind)) throw new ValueError(`${op}: kind must be one of ${GAN_LOSS_KINDS.join(', ')}, got '${kind}'`);
  return kind as GanLossKind;
}

/**
 * D's (or the critic's) loss, to minimise, from its outputs on real and on generated images
 * (any shapes; each term is a mean):
 * - nonSaturating / minimax: E softplus(−l(x)) + E softplus(l(x̃)) (= BCE with labels 1 and 0)
 * - lsgan: ½·E (l(x) − 1)² + ½·E l(x̃)²
 * - hinge: E relu(1 − l(x)) + E relu(1 + l(x̃))
 * - wasserstein: E l(x̃) − E l(x) (its negative estimates W₁ for a 1-Lipschitz critic)
 * Pass the fakes detached so that only D learns from this loss.
 * PyTorch: `F.binary_cross_entropy_with_logits(real, ones) + F.binary_cross_entropy_with_logits(fake, zeros)` for the first.
 * @example discriminatorLoss('nonSaturating', D.forward(real), D.forward(fake.detach()))
 */
export function discriminatorLoss(kind: GanLossKind, real: Tensor, fake: Tensor): Tensor {
  switch (checkKind('discriminatorLoss', kind)) {
    case 'nonSaturating':
    case 'minimax': return softplus(real.neg()).mean().add(softplus(fake).mean());
    case 'lsgan': return real.sub(1).square().mean().add(fake.square().mean()).mul(0.5);
    case 'hinge': return real.neg().add(1).relu().mean().add(fake.add(1).relu().mean());
    case 'wasserstein': return fake.mean().sub(real.mean());
  }
}

/**
 * G's loss, to minimise, from D's outputs on generated images (not detached):
 * - nonSaturating: E softplus(−l(x̃)) (maximise log D(x̃); the one to use)
 * - minimax: −E softplus(l(x̃)) (minimise log(1 − D(x̃)); its gradient vanishes while D wins)
 * - lsgan: E (l(x̃) − 1)²
 * - hinge / wasserstein: −E l(x̃)
 * PyTorch: `F.binary_cross_entropy_with_logits(fake, ones)` for the first.
 * @example generatorLoss('nonSaturating', D.forward(G.forward(z)))
 */
export function generatorLoss(kind: GanLossKind, fake: Tensor): Tensor {
  switch (checkKind('generatorLoss', kind)) {
    case 'nonSaturating': return softplus(fake.neg()).mean();
    case 'minimax': return softplus(fake).mean().neg();
    case 'lsgan': return fake.sub(1).square().mean();
    case 'hinge':
    case 'wasserstein': return fake.mean().neg();
  }
}

/**
 * Clamps every parameter of `critic` to [−c, c] in place, after each critic step of the original
 * WGAN (Arjovsky et al. 2017; c = 0.01).
 * PyTorch: `for p in critic.parameters(): p.data.clamp_(-c, c)`.
 * @example critic optimizer.step(); clipWeights_(critic, 0.01)
 */
export function clipWeights_(critic: Module, c = 0.01): void {
  if (!(c > 0)) throw new ValueError(`clipWeights_: c must be positive, got ${c}`);
  noGrad(() => {
    for (const p of critic.parameters()) p.clamp_(-c, c);
  });
}
