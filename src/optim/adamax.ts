/** @file Adamax: Adam with the infinity norm in place of the second moment. */
import { withDefaults } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkAdamOptions, type AdamOptions } from './adam.js';
import { buffer, Optimizer, withWeightDecay, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';

/** Adam's options without AMSGrad. */
export type AdamaxOptions = Omit<AdamOptions, 'amsgrad'>;

/**
 * Adamax (Kingma & Ba 2015, §7.1): m ← β₁m + (1−β₁)g; u ← max(β₂u, |g| + ε);
 * θ ← θ − lr/(1−β₁ᵗ)·m/u.
 * PyTorch: `torch.optim.Adamax(params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0)`.
 * @example new optim.Adamax(model.parameters(), { lr: 2e-3 })
 */
export class Adamax extends Optimizer<AdamaxOptions> {
  constructor(params: ParamsInput<AdamaxOptions>, options?: Partial<AdamaxOptions>) {
    super(params, checkAdamOptions('Adamax', withDefaults('Adamax', options, { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 })));
  }

  protected update(p: Tensor, grad: Tensor, group: ParamGroup<AdamaxOptions>, state: ParamState): void {
    const step = ((state.step as number | undefined) ?? 0) + 1;
    state.step = step;
    const [beta1, beta2] = group.betas;
    const g = withWeightDecay(grad, p, group.weightDecay);
    const expAvg = buffer(state, 'expAvg', p).mul_(beta1).add_(g.mul(1 - beta1));
    const expInf = buffer(state, 'expInf', p);
    expInf.copy_(expInf.mul(beta2).maximum(g.abs().add(group.eps)));
    p.sub_(expAvg.div(expInf).mul(group.lr / (1 - beta1 ** step)));
  }
}
