/** @file NAdam: Adam with Nesterov momentum and a momentum schedule. */
import { withDefaults } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkAdamOptions, type AdamOptions } from './adam.js';
import { buffer, Optimizer, withWeightDecay, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';

/** Options of `NAdam` (PyTorch's keyword arguments, where it has them). */
export interface NAdamOptions extends Omit<AdamOptions, 'amsgrad'> {
  /** ψ of the momentum schedule μₜ = β₁(1 − ½·0.96^(tψ)). */
  momentumDecay: number;
}

/**
 * NAdam (Dozat 2016), as PyTorch runs it: μₜ = β₁(1 − ½·0.96^(tψ)), m and v as in Adam, and
 * θ ← θ − lr(1−μₜ)/(1−Πμ)·g/d − lr·μₜ₊₁/(1−Πμ·μₜ₊₁)·m/d with d = √(v/(1−β₂ᵗ)) + ε.
 * PyTorch: `torch.optim.NAdam(params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3)`.
 * @example new optim.NAdam(model.parameters(), { lr: 2e-3 })
 */
export class NAdam extends Optimizer<NAdamOptions> {
  constructor(params: ParamsInput<NAdamOptions>, options?: Partial<NAdamOptions>) {
    super(params, checkAdamOptions('NAdam', withDefaults('NAdam', options, { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3 })));
  }

  protected update(p: Tensor, grad: Tensor, group: ParamGroup<NAdamOptions>, state: ParamState): void {
    const step = ((state.step as number | undefined) ?? 0) + 1;
    state.step = step;
    const { lr, eps, momentumDecay } = group;
    const [beta1, beta2] = group.betas;
    const g = withWeightDecay(grad, p, group.weightDecay);
    const mu = beta1 * (1 - 0.5 * 0.96 ** (step * momentumDecay));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * momentumDecay));
    const muProduct = ((state.muProduct as number | undefined) ?? 1) * mu;
    state.muProduct = muProduct;
    const expAvg = buffer(state, 'expAvg', p).mul_(beta1).add_(g.mul(1 - beta1));
    const expAvgSq = buffer(state, 'expAvgSq', p).mul_(beta2).add_(g.mul(g).mul(1 - beta2));
    const denom = expAvgSq.div(1 - beta2 ** step).sqrt().add(eps);
    p.sub_(g.div(denom).mul((lr * (1 - mu)) / (1 - muProduct)));
    p.sub_(expAvg.div(denom).mul((lr * muNext) / (1 - muProduct * muNext)));
  }
}
