/** @file Adam and AdamW (PyTorch's update, bias-corrected, optional AMSGrad). */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { getBackend } from '../backend/backend.js';
import { buffer, markUpdated, Optimizer, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';
import { withDefaults } from '../options.js';

/** Options of `Adam` and `AdamW` (PyTorch's keyword arguments, where it has them). */
export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
}

/** Throws unless lr, eps and both betas are in range (shared by the Adam family). */
export function checkAdamOptions<O extends { lr: number; eps: number; betas: [number, number] }>(name: string, o: O): O {
  if (!(o.lr >= 0)) throw new ValueError(`${name}: invalid learning rate ${o.lr}`);
  if (!(o.eps >= 0)) throw new ValueError(`${name}: invalid epsilon ${o.eps}`);
  o.betas.forEach((b, i) => {
    if (!(b >= 0 && b < 1)) throw new ValueError(`${name}: invalid beta parameter at index ${i}: ${b}`);
  });
  return o;
}

/** One Adam step through the backend's fused kernel; `decoupled` selects AdamW's weight decay. */
function adamStep(p: Tensor, grad: Tensor, group: AdamOptions, state: ParamState, decoupled: boolean): void {
  const step = ((state.step as number | undefined) ?? 0) + 1;
  state.step = step;
  const [beta1, beta2] = group.betas;
  getBackend().adamUpdate(
    p.contiguousData(), grad.to(p.dtype).contiguousData(), buffer(state, 'expAvg', p).contiguousData(),
    buffer(state, 'expAvgSq', p).contiguousData(), group.amsgrad ? buffer(state, 'maxExpAvgSq', p).contiguousData() : null,
    { lr: group.lr, beta1, beta2, eps: group.eps, weightDecay: group.weightDecay, decoupled, step },
  );
  markUpdated(p, state);
}

/**
 * Adam (Kingma & Ba 2015): m ← β1m + (1−β1)g, v ← β2v + (1−β2)g², θ ← θ − lr·m̂/(√v̂ + ε)
 * with bias-corrected m̂, v̂. `weightDecay` adds λθ to the gradient (L2, not AdamW).
 * PyTorch: `torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False)`.
 * @example const opt = new Adam(model.parameters(), { lr: 1e-3 });
 */
export class Adam extends Optimizer<AdamOptions> {
  constructor(params: ParamsInput<AdamOptions>, options?: Partial<AdamOptions>) {
    super(params, checkAdamOptions('Adam', withDefaults('Adam', options, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false })));
  }

  protected update(p: Tensor, grad: Tensor, group: ParamGroup<AdamOptions>, state: ParamState): void {
    adamStep(p, grad, group, state, false);
  }
}

/**
 * AdamW (Loshchilov & Hutter 2019): decoupled weight decay θ ← θ·(1 − lr·λ), then the Adam
 * step from the undecayed gradient. Default λ = 0.01.
 * PyTorch: `torch.optim.AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)`.
 * @example new optim.AdamW(model.parameters(), { lr: 3e-4, weightDecay: 0.01 })
 */
export class AdamW extends Optimizer<AdamOptions> {
  constructor(params: ParamsInput<AdamOptions>, options?: Partial<AdamOptions>) {
    super(params, checkAdamOptions('AdamW', withDefaults('AdamW', options, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, amsgrad: false })));
  }

  protected update(p: Tensor, grad: Tensor, group: ParamGroup<AdamOptions>, state: ParamState): void {
    adamStep(p, grad, group, state, true);
  }
}
