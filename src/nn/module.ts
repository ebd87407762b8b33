/**
 * @file Module: the base of every layer. Parameters, buffers and child modules are found from
 * the object's own properties, in declaration order, so `stateDict()` keys match PyTorch's
 * (`0.weight`, `encoder.fc1.bias`, …) for the same layer tree.
 */
import { noGrad } from '../autograd/grad_mode.js';
import { ShapeError, ValueError } from '../errors.js';
import { shapeStr } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { Parameter } from './parameter.js';
import { checkOptions } from '../options.js';

/**
 * The state-dict name of a property: camelCase becomes PyTorch's snake_case, so weights move
 * between the two libraries (`runningMean` → `running_mean`, `fc1` stays `fc1`).
 */
function stateKey(property: string): string {
  return property.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Tensors by their dotted names, in registration order. PyTorch: `OrderedDict[str, Tensor]`. */
export type StateDict = Record<string, Tensor>;

/** Options of `zeroGrad`: `setToNone` (default true) drops the gradients instead of zeroing them. */
export interface ZeroGradOptions {
  setToNone?: boolean;
}

/** The keys `loadStateDict` did not fill and those it did not use. PyTorch: the `_IncompatibleKeys` it returns. */
export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/**
 * Base class of layers and models. Subclasses assign `Parameter`s and child `Module`s as
 * properties (they are discovered automatically, named in snake_case as in PyTorch), register
 * non-trainable state with `registerBuffer`, and implement `forward`.
 * PyTorch: `torch.nn.Module`.
 * @example
 * class TwoLayer extends Module {
 *   fc1 = new Linear(4, 8);
 *   fc2 = new Linear(8, 2);
 *   forward(x: Tensor): Tensor { return this.fc2.forward(this.fc1.forward(x).relu()); }
 * }
 */
export abstract class Module {
  /** True in training mode (dropout active, batch statistics); set by `train()`/`eval()`. */
  training = true;
  private readonly bufferNames = new Set<string>();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  abstract forward(...args: any[]): any;

  /** Registers `tensor` (or null) as a buffer: saved in the state dict, never trained. */
  registerBuffer(name: string, tensor: Tensor | null): void {
    this.bufferNames.add(name);
    (this as unknown as Record<string, unknown>)[name] = tensor;
  }

  /** Own properties under their state-dict names (`runningMean` → `running_mean`). */
  private ownEntries(): [string, unknown][] {
    return Object.entries(this).filter(([k]) => k !== 'training' && k !== 'bufferNames').map(([k, v]) => [stateKey(k), v]);
  }

  private *ownBuffers(): Generator<[string, Tensor]> {
    for (const name of this.bufferNames) {
      const v = (this as unknown as Record<string, unknown>)[name];
      if (v instanceof Tensor) yield [stateKey(name), v];
    }
  }

  /** Direct children with their names. */
  *namedChildren(): Generator<[string, Module]> {
    for (const [k, v] of this.ownEntries()) if (v instanceof Module) yield [k, v];
  }

  /** The direct submodules. PyTorch: `Module.children`. */
  *children(): Generator<Module> {
    for (const [, m] of this.namedChildren()) yield m;
  }

  /** This module and all descendants, depth first, with dotted names ('' for this one). */
  *namedModules(prefix = ''): Generator<[string, Module]> {
    yield [prefix, this];
    for (const [k, m] of this.namedChildren()) yield* m.namedModules(prefix ? `${prefix}.${k}` : k);
  }

  /** This module and all its descendants. PyTorch: `Module.modules`. */
  *modules(): Generator<Module> {
    for (const [, m] of this.namedModules()) yield m;
  }

  /** Parameters with dotted names: own first, then each child's, in declaration order. */
  *namedParameters(recurse = true): Generator<[string, Parameter]> {
    const seen = new Set<Tensor>();
    for (const [prefix, m] of recurse ? this.namedModules() : [['', this] as [string, Module]]) {
      for (const [k, v] of m.ownEntries()) {
        if (v instanceof Parameter && !seen.has(v)) {
          seen.add(v);
          yield [prefix ? `${prefix}.${k}` : k, v];
        }
      }
    }
  }

  /** Every parameter (of descendants too unless `recurse` is false), a generator. PyTorch: `Module.parameters`. */
  *parameters(recurse = true): Generator<Parameter> {
    for (const [, p] of this.namedParameters(recurse)) yield p;
  }

  /** Buffers (e.g. BatchNorm running statistics) with dotted names. */
  *namedBuffers(): Generator<[string, Tensor]> {
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, v] of m.ownBuffers()) yield [prefix ? `${prefix}.${name}` : name, v];
    }
  }

  /** Every registered buffer (e.g. BatchNorm's running statistics). PyTorch: `Module.buffers`. */
  *buffers(): Generator<Tensor> {
    for (const [, b] of this.namedBuffers()) yield b;
  }

  /** Sets training mode on this module and every descendant. PyTorch: `Module.train`. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode (`train(false)`). PyTorch: `Module.eval`. */
  eval(): this {
    return this.train(false);
  }

  /** Clears gradients: to null (default) or to zeros. PyTorch: `Module.zero_grad`. */
  zeroGrad(options?: ZeroGradOptions): void {
    const { setToNone = true } = checkOptions<ZeroGradOptions>('Module.zeroGrad', options, { setToNone: true });
    for (const p of this.parameters()) {
      if (setToNone) p.grad = null;
      else if (p.grad) p.grad = p.grad.zerosLike();
    }
  }

  /** Calls `fn` on every module (children first, then this one). PyTorch: `Module.apply`. */
  apply(fn: (m: Module) => void): this {
    for (const c of this.children()) c.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Parameters and buffers by name, in PyTorch's order (each module's parameters, then its
   * buffers, then its children). The tensors are detached views of the module's own memory.
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    const visit = (m: Module, prefix: string): void => {
      for (const [k, v] of m.ownEntries()) if (v instanceof Parameter) out[prefix + k] = v.detach();
      for (const [k, v] of m.ownBuffers()) out[prefix + k] = v.detach();
      for (const [k, c] of m.namedChildren()) visit(c, `${prefix}${k}.`);
    };
    visit(this, '');
    return out;
  }

  /**
   * Copies tensors from `state` into this module's parameters and buffers. With `strict`
   * (default) missing or unexpected keys throw; shapes must always match.
   * PyTorch: `Module.load_state_dict`.
   */
  loadStateDict(state: StateDict, options?: { strict?: boolean }): LoadResult {
    const { strict = true } = checkOptions<{ strict?: boolean }>('loadStateDict', options, { strict: true });
    const own = this.stateDict();
    const missingKeys = Object.keys(own).filter((k) => !(k in state));
    const unexpectedKeys = Object.keys(state).filter((k) => !(k in own));
    if (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0)) {
      throw new ValueError(`loadStateDict: missing keys [${missingKeys.join(', ')}], unexpected keys [${unexpectedKeys.join(', ')}]`);
    }
    for (const [k, target] of Object.entries(own)) {
      const src = state[k];
      if (!src) continue;
      if (src.shape.length !== target.shape.length || src.shape.some((s, i) => s !== target.shape[i])) {
        throw new ShapeError(`loadStateDict: '${k}' has shape ${shapeStr(src.shape)} in the state dict but ${shapeStr(target.shape)} in the module`);
      }
      noGrad(() => target.copy_(src));
    }
    return { missingKeys, unexpectedKeys };
  }

  /** Extra text shown inside this module's line of `toString()`, e.g. `inFeatures=4, outFeatures=2`. */
  extraRepr(): string {
    return '';
  }

  /** The module tree, like PyTorch's `print(model)`. */
  toString(): string {
    const lines = [...this.namedChildren()].map(([k, m]) => `  (${k}): ${m.toString().replace(/\n/g, '\n  ')}`);
    const name = this.constructor.name;
    if (lines.length === 0) return `${name}(${this.extraRepr()})`;
    const extra = this.extraRepr();
    return `${name}(${extra ? `\n  ${extra}` : ''}\n${lines.join('\n')}\n)`;
  }
}
