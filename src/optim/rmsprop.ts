/** @file RMSprop in PyTorch's form: v starts at 0 and ε is added outside the root. */
import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { buffer, Optimizer, withWeightDecay, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';
import { withDefaults } from '../options.js';

/** Options of `RMSprop` (PyTorch's keyword arguments, where it has them). */
export interface RMSpropOptions {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
}

/**
 * RMSprop: v ← αv + (1−α)g²; θ ← θ − lr·g/(√v + ε) (centered: √(v − ḡ²); with momentum:
 * b ← μb + g/(√v + ε), θ ← θ − lr·b).
 * PyTorch: `torch.optim.RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False)`.
 * @example new optim.RMSprop(model.parameters(), { lr: 1e-3, alpha: 0.99 })
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: ParamsInput<RMSpropOptions>, options?: Partial<RMSpropOptions>) {
    const o = withDefaults('RMSprop', options, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false });
    if (!(o.lr >= 0)) throw new ValueError(`RMSprop: invalid learning rate ${o.lr}`);
    if (!(o.alpha >= 0)) throw new ValueError(`RMSprop: invalid alpha ${o.alpha}`);
    super(params, o);
  }

  protected update(p: Tensor, grad: Tensor, group: ParamGroup<RMSpropOptions>, state: ParamState): void {
    const g = withWeightDecay(grad, p, group.weightDecay);
    state.step = ((state.step as number | undefined) ?? 0) + 1;
    const v = buffer(state, 'squareAvg', p).mul_(group.alpha).add_(g.mul(g).mul(1 - group.alpha));
    let avg: Tensor;
    if (group.centered) {
      const mean = buffer(state, 'gradAvg', p).mul_(group.alpha).add_(g.mul(1 - group.alpha));
      avg = v.sub(mean.mul(mean)).sqrt().add(group.eps);
    } else {
      avg = v.sqrt().add(group.eps);
    }
    if (group.momentum > 0) {
      const b = buffer(state, 'momentumBuffer', p).mul_(group.momentum).add_(g.div(avg));
      p.sub_(b.mul(group.lr));
    } else {
      p.sub_(g.div(avg).mul(group.lr));
    }
  }
}
