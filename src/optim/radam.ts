/** @file RAdam: Adam with the variance of its adaptive step rectified in the first steps. */
import { withDefaults } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkAdamOptions, type AdamOptions } from './adam.js';
import { buffer, Optimizer, withWeightDecay, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';

/** Adam's options without AMSGrad. */
export type RAdamOptions = Omit<AdamOptions, 'amsgrad'>;

/**
 * RAdam (Liu et al. 2020): m, v as in Adam; ρ∞ = 2/(1−β₂) − 1, ρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ). While
 * ρₜ ≤ 5 the step is SGD with momentum, θ ← θ − lr·m̂; after, θ ← θ − lr·r·m̂·√(1−β₂ᵗ)/(√v + ε)
 * with r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ)).
 * PyTorch: `torch.optim.RAdam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0)`.
 * @example new optim.RAdam(model.parameters(), { lr: 1e-3 })
 */
export class RAdam extends Optimizer<RAdamOptions> {
  constructor(params: ParamsInput<RAdamOptions>, options?: Partial<RAdamOptions>) {
    super(params, checkAdamOptions('RAdam', withDefaults('RAdam', options, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 })));
  }

  protected update(p: Tensor, grad: Tensor, group: ParamGroup<RAdamOptions>, state: ParamState): void {
    const step = ((state.step as number | undefined) ?? 0) + 1;
    state.step = step;
    const { lr, eps } = group;
    const [beta1, beta2] = group.betas;
    const g = withWeightDecay(grad, p, group.weightDecay);
    const expAvg = buffer(state, 'expAvg', p).mul_(beta1).add_(g.mul(1 - beta1));
    const expAvgSq = buffer(state, 'expAvgSq', p).mul_(beta2).add_(g.mul(g).mul(1 - beta2));
    const corrected = expAvg.div(1 - beta1 ** step);
    const correction2 = 1 - beta2 ** step;
    const rhoInf = 2 / (1 - beta2) - 1;
    const rho = rhoInf - (2 * step * beta2 ** step) / correction2;
    if (rho > 5) {
      const rect = Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho));
      p.sub_(corrected.mul(lr * rect * Math.sqrt(correction2)).div(expAvgSq.sqrt().add(eps)));
    } else {
      p.sub_(corrected.mul(lr));
    }
  }
}
