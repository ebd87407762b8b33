/**
 * @file Optimizer: parameter groups, lazily created per-parameter state, and state dicts in
 * PyTorch's layout (`state` keyed by parameter index, `paramGroups` with index lists).
 */
import { noGrad } from '../autograd/grad_mode.js';
import { ShapeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { checkOptions, withDefaults } from '../options.js';
import type { ZeroGradOptions } from '../nn/module.js';

/** Per-parameter optimizer state: buffers (tensors) and counters (numbers). */
export type ParamState = Record<string, Tensor | number>;

/** A group of parameters sharing hyperparameters (`lr`, …). */
export type ParamGroup<O> = O & { params: Tensor[] };

/** Parameters, or groups of them with per-group overrides of the optimizer's options. */
export type ParamsInput<O> = Iterable<Tensor> | readonly (Partial<O> & { params: Iterable<Tensor> })[];

/** An optimizer's serialisable state. PyTorch: `optimizer.state_dict()`. */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  paramGroups: Record<string, unknown>[];
}

function isGroupList<O>(params: ParamsInput<O>): params is readonly (Partial<O> & { params: Iterable<Tensor> })[] {
  return Array.isArray(params) && params.length > 0 && !(params[0] instanceof Tensor);
}

/**
 * Base class: subclasses implement `update(param, grad, group, state)`, which runs without
 * recording gradients and changes `param` in place.
 * PyTorch: `torch.optim.Optimizer`.
 * @example opt.zeroGrad(); loss.backward(); opt.step(); // every optimizer
 */
export abstract class Optimizer<O extends { lr: number }> {
  readonly paramGroups: ParamGroup<O>[];
  /** State per parameter, created at its first `step()`. */
  readonly state = new Map<Tensor, ParamState>();

  constructor(params: ParamsInput<O>, readonly defaults: O) {
    const groups = isGroupList(params) ? params : [{ params }];
    this.paramGroups = groups.map(({ params: groupParams, ...overrides }) => {
      const list = [...groupParams];
      if (list.length === 0) throw new ValueError(`${this.constructor.name}: got an empty parameter list`);
      for (const p of list) {
        if (!p.isLeaf) throw new ValueError(`${this.constructor.name}: can only optimize leaf tensors`);
        // Updates run in place on the parameter's memory, which must be one dense block.
        if (!p.isContiguous()) throw new ValueError(`${this.constructor.name}: parameters must be contiguous (call .contiguous() before requiresGrad_)`);
      }
      return { ...withDefaults(`${this.constructor.name} parameter group`, overrides as Partial<O>, defaults), params: list };
    });
    const seen = new Set<Tensor>();
    for (const p of this.paramGroups.flatMap((g) => g.params)) {
      if (seen.has(p)) throw new ValueError(`${this.constructor.name}: some parameters appear in more than one group`);
      seen.add(p);
    }
  }

  /** Clears the gradients of every parameter (to null by default). PyTorch: `Optimizer.zero_grad`. */
  zeroGrad(options?: ZeroGradOptions): void {
    const { setToNone = true } = checkOptions<ZeroGradOptions>(`${this.constructor.name}.zeroGrad`, options, { setToNone: true });
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (setToNone) p.grad = null;
        else if (p.grad) p.grad = p.grad.zerosLike();
      }
    }
  }

  /** Applies one update to every parameter that has a gradient. PyTorch: `Optimizer.step`. */
  step(): void {
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          if (p.grad === null) continue;
          let state = this.state.get(p);
          if (state === undefined) {
            state = {};
            this.state.set(p, state);
          }
          this.update(p, p.grad, group, state);
        }
      }
    });
  }

  protected abstract update(param: Tensor, grad: Tensor, group: ParamGroup<O>, state: ParamState): void;

  /** State and hyperparameters, with parameters referred to by index. */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((g) => {
      const { params, ...options } = g;
      return { ...options, params: params.map((p) => index.set(p, index.size).get(p)!) };
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) {
      state[index.get(p)!] = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v instanceof Tensor ? v.clone() : v]));
    }
    return { state, paramGroups };
  }

  /** Restores a state dict from an optimizer over the same parameter groups. */
  loadStateDict(dict: OptimizerStateDict): void {
    if (dict.paramGroups.length !== this.paramGroups.length) {
      throw new ValueError(`loadStateDict: the state has ${dict.paramGroups.length} parameter groups, the optimizer ${this.paramGroups.length}`);
    }
    const params = this.paramGroups.flatMap((g) => g.params);
    dict.paramGroups.forEach((saved, i) => {
      const group = this.paramGroups[i]!;
      const ids = saved.params as number[];
      if (ids.length !== group.params.length) {
        throw new ValueError(`loadStateDict: group ${i} has ${ids.length} parameters in the state but ${group.params.length} in the optimizer`);
      }
      const { params: _ids, ...options } = saved;
      Object.assign(group, options);
    });
    this.state.clear();
    for (const [key, s] of Object.entries(dict.state)) {
      const p = params[Number(key)];
      if (!p) throw new ValueError(`loadStateDict: state for parameter ${key}, which does not exist`);
      for (const v of Object.values(s)) {
        if (v instanceof Tensor && v.numel !== p.numel && v.numel !== 1) {
          throw new ShapeError(`loadStateDict: state of parameter ${key} has shape [${v.shape.join(', ')}], the parameter [${p.shape.join(', ')}]`);
        }
      }
      this.state.set(p, Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v instanceof Tensor ? v.clone() : v])));
    }
  }
}

/** Adds the coupled L2 term λθ to the gradient (PyTorch's `weight_decay` for SGD/Adam/…). */
export function withWeightDecay(grad: Tensor, param: Tensor, weightDecay: number): Tensor {
  return weightDecay === 0 ? grad : grad.add(param.mul(weightDecay));
}

/** The tensor-valued state entry `key`, created as zeros like `param` on first use. */
export function buffer(state: ParamState, key: string, param: Tensor): Tensor {
  const v = state[key];
  if (v instanceof Tensor) return v;
  const zeros = param.zerosLike();
  state[key] = zeros;
  return zeros;
}

/** Records that a fused kernel wrote `param` and its state buffers in place (bumps their versions). */
export function markUpdated(param: Tensor, state: ParamState): void {
  param.storage.version++;
  for (const v of Object.values(state)) if (v instanceof Tensor) v.storage.version++;
}
