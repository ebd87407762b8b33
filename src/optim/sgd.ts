/** @file SGD with momentum, dampening, Nesterov and weight decay (PyTorch's convention). */
import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { getBackend } from '../backend/backend.js';
import { buffer, markUpdated, Optimizer, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';
import { withDefaults } from '../options.js';

/** Options of `SGD` (PyTorch's keyword arguments, where it has them). */
export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
}

/**
 * Stochastic gradient descent. With momentum μ: b ← g (first step), b ← μb + (1−τ)g after;
 * the step uses b, or g + μb with Nesterov; θ ← θ − lr·step. Full-batch gradient descent is
 * SGD with the whole training set as one batch.
 * PyTorch: `torch.optim.SGD(params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False)`.
 * @example const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: ParamsInput<SGDOptions>, options?: Partial<SGDOptions>) {
    const o = withDefaults('SGD', options, { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false });
    if (!(o.lr >= 0)) throw new ValueError(`SGD: invalid learning rate ${o.lr}`);
    if (!(o.momentum >= 0)) throw new ValueError(`SGD: invalid momentum ${o.momentum}`);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) throw new ValueError('SGD: Nesterov momentum requires a momentum and zero dampening');
    super(params, o);
  }

  protected update(p: Tensor, grad: Tensor, group: ParamGroup<SGDOptions>, state: ParamState): void {
    const firstStep = !(state.momentumBuffer instanceof Tensor);
    const buf = group.momentum !== 0 ? buffer(state, 'momentumBuffer', p).contiguousData() : null;
    const { lr, momentum, dampening, nesterov, weightDecay } = group;
    getBackend().sgdUpdate(p.contiguousData(), grad.to(p.dtype).contiguousData(), buf, { lr, momentum, dampening, nesterov, weightDecay, firstStep });
    markUpdated(p, state);
  }
}
