/** @file Containers: Sequential, ModuleList, ModuleDict (children named like PyTorch's). */
import { IndexError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/** Modules stored under the names '0', '1', … (shared by Sequential and ModuleList). */
abstract class IndexedModules extends Module {
  [index: number]: Module;
  private count = 0;

  constructor(modules: Iterable<Module>) {
    super();
    for (const m of modules) this.append(m);
  }

  append(module: Module): this {
    this[this.count++] = module;
    return this;
  }

  get length(): number {
    return this.count;
  }

  /** The module at `index` (negative counts from the end). */
  at(index: number): Module {
    const i = index < 0 ? index + this.count : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.count) {
      throw new IndexError(`${this.constructor.name}: index ${index} out of range for ${this.count} modules`);
    }
    return this[i]!;
  }

  *[Symbol.iterator](): Generator<Module> {
    for (let i = 0; i < this.count; i++) yield this[i]!;
  }
}

/**
 * Applies its modules in order; children are named '0', '1', … as in PyTorch.
 * PyTorch: `torch.nn.Sequential`.
 * @example const mlp = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
 */
export class Sequential extends IndexedModules {
  constructor(...modules: Module[]) {
    super(modules);
  }

  forward(x: Tensor): Tensor {
    let out = x;
    for (const m of this) out = m.forward(out) as Tensor;
    return out;
  }
}

/**
 * A list of modules whose parameters are registered (named '0', '1', …). PyTorch: `torch.nn.ModuleList`.
 * @example this.blocks = new nn.ModuleList([new Block(), new Block()]) // for (const b of this.blocks) …
 */
export class ModuleList extends IndexedModules {
  constructor(modules: Iterable<Module> = []) {
    super(modules);
  }

  forward(): never {
    throw new ValueError('ModuleList has no forward: iterate over its modules');
  }
}

/**
 * Modules by name, registered as children under those names. PyTorch: `torch.nn.ModuleDict`.
 * @example this.heads = new nn.ModuleDict({ policy: new nn.Linear(64, 2), value: new nn.Linear(64, 1) })
 */
export class ModuleDict extends Module {
  constructor(modules: Record<string, Module> = {}) {
    super();
    for (const [k, m] of Object.entries(modules)) this.set(k, m);
  }

  /** Adds or replaces the module under `key`. */
  set(name: string, module: Module): this {
    if (name === 'training' || name in Module.prototype) throw new ValueError(`ModuleDict: '${name}' is a reserved name`);
    (this as unknown as Record<string, Module>)[name] = module;
    return this;
  }

  /** The module under `key`, or undefined. */
  get(name: string): Module | undefined {
    const v = (this as unknown as Record<string, unknown>)[name];
    return v instanceof Module ? v : undefined;
  }

  /** The keys in insertion order. */
  keys(): string[] {
    return [...this.namedChildren()].map(([k]) => k);
  }

  forward(): never {
    throw new ValueError('ModuleDict has no forward: look modules up by name');
  }
}
