/** @file Gradient clipping by global norm or by value (in place on `.grad`). */
import { noGrad } from '../../autograd/grad_mode.js';
import { ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * Scales all gradients together so their joint norm is at most `maxNorm`:
 * N = (Σ‖g‖ᵖ)^(1/p), and every gradient is multiplied by maxNorm/(N + 1e−6) when that is < 1.
 * Returns N (before clipping). PyTorch: `torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=2)`.
 * @example const total = nn.clipGradNorm_(model.parameters(), 1.0) // before optimizer.step()
 */
export function clipGradNorm_(parameters: Iterable<Tensor>, maxNorm: number, normType = 2): number {
  if (!(maxNorm >= 0)) throw new ValueError(`clipGradNorm_: maxNorm must be non-negative, got ${maxNorm}`);
  const grads = [...parameters].map((p) => p.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return 0;
  return noGrad(() => {
    const norms = grads.map((g) => g.norm(normType).item() as number);
    const total = normType === Infinity ? Math.max(...norms) : norms.reduce((s, n) => s + n ** normType, 0) ** (1 / normType);
    const coef = maxNorm / (total + 1e-6);
    if (coef < 1) for (const g of grads) g.mul_(coef);
    return total;
  });
}

/**
 * Clamps every gradient element to [−clipValue, clipValue]. PyTorch: `torch.nn.utils.clip_grad_value_`.
 * @example nn.clipGradValue_(model.parameters(), 0.5) // every gradient into [−0.5, 0.5]
 */
export function clipGradValue_(parameters: Iterable<Tensor>, clipValue: number): void {
  if (!(clipValue >= 0)) throw new ValueError(`clipGradValue_: clipValue must be non-negative, got ${clipValue}`);
  noGrad(() => {
    for (const p of parameters) p.grad?.clamp_(-clipValue, clipValue);
  });
}
