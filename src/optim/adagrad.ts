/** @file Adagrad: per-coordinate learning rates from the running sum of squared gradients. */
import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { Optimizer, withWeightDecay, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';
import { withDefaults } from '../options.js';

/** Options of `Adagrad` (PyTorch's keyword arguments, where it has them). */
export interface AdagradOptions {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
}

/**
 * Adagrad (Duchi et al. 2011): s ← s + g²; θ ← θ − lr_t·g/(√s + ε), lr_t = lr/(1 + (t−1)·lrDecay).
 * PyTorch: `torch.optim.Adagrad(params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10)`.
 * @example new optim.Adagrad(model.parameters(), { lr: 0.01 })
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: ParamsInput<AdagradOptions>, options?: Partial<AdagradOptions>) {
    const o = withDefaults('Adagrad', options, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10 });
    if (!(o.lr >= 0)) throw new ValueError(`Adagrad: invalid learning rate ${o.lr}`);
    super(params, o);
  }

  protected update(p: Tensor, grad: Tensor, group: ParamGroup<AdagradOptions>, state: ParamState): void {
    const g = withWeightDecay(grad, p, group.weightDecay);
    const step = ((state.step as number | undefined) ?? 0) + 1;
    state.step = step;
    if (!(state.sum instanceof Tensor)) state.sum = p.fullLike(group.initialAccumulatorValue);
    const sum = (state.sum as Tensor).add_(g.mul(g));
    const lr = group.lr / (1 + (step - 1) * group.lrDecay);
    p.sub_(g.div(sum.sqrt().add(group.eps)).mul(lr));
  }
}
