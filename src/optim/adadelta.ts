/** @file Adadelta: step sizes from running averages of squared gradients and squared updates. */
import { ValueError } from '../errors.js';
import { withDefaults } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';
import { buffer, Optimizer, withWeightDecay, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';

/** Options of `Adadelta` (PyTorch's keyword arguments, where it has them). */
export interface AdadeltaOptions {
  lr: number;
  /** Decay of both running averages. */
  rho: number;
  eps: number;
  weightDecay: number;
}

/**
 * Adadelta (Zeiler 2012): v ← ρv + (1−ρ)g²; Δ = √(u + ε)/√(v + ε)·g; u ← ρu + (1−ρ)Δ²;
 * θ ← θ − lr·Δ.
 * PyTorch: `torch.optim.Adadelta(params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0)`.
 * @example const opt = new Adadelta(model.parameters()); // lr 1 as in PyTorch
 */
export class Adadelta extends Optimizer<AdadeltaOptions> {
  constructor(params: ParamsInput<AdadeltaOptions>, options?: Partial<AdadeltaOptions>) {
    const o = withDefaults('Adadelta', options, { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0 });
    if (!(o.lr >= 0)) throw new ValueError(`Adadelta: invalid learning rate ${o.lr}`);
    if (!(o.rho >= 0 && o.rho <= 1)) throw new ValueError(`Adadelta: invalid rho ${o.rho} (expected [0, 1])`);
    super(params, o);
  }

  protected update(p: Tensor, grad: Tensor, group: ParamGroup<AdadeltaOptions>, state: ParamState): void {
    const { rho, eps, lr } = group;
    const g = withWeightDecay(grad, p, group.weightDecay);
    const squareAvg = buffer(state, 'squareAvg', p).mul_(rho).add_(g.mul(g).mul(1 - rho));
    const accDelta = buffer(state, 'accDelta', p);
    const delta = accDelta.add(eps).sqrt().div(squareAvg.add(eps).sqrt()).mul(g);
    accDelta.mul_(rho).add_(delta.mul(delta).mul(1 - rho));
    p.sub_(delta.mul(lr));
  }
}
