/**
 * @file How a differentiable op is declared: its forward and its vector-Jacobian product side by side.
 *
 * `defineOp` takes both halves in one object whose type requires `backward`, so a differentiable
 * op without a gradient rule does not type-check. The forward runs without recording; the
 * backward is written in Tensor ops, so running it with recording on gives second derivatives.
 */
import { AutogradError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { markSaved, unmarkSaved } from './discard.js';
import { isGradEnabled, noGrad } from './grad_mode.js';
import { traced } from './trace.js';

/**
 * Which tensors the backward reads; only those are kept alive and checked for in-place changes.
 * A function picks the inputs to save from which inputs need gradients (e.g. `a·b` needs `b`
 * only for `a`'s gradient).
 */
export type Saves = 'none' | 'inputs' | 'output' | 'all' | ((needsGrad: readonly boolean[]) => readonly number[]);

/** What the backward of one op call can see. */
export interface OpContext<A> {
  /** The saved input tensors (all for 'inputs'/'all', the chosen ones for a function); others are absent. */
  readonly inputs: readonly Tensor[];
  /** The output, when the op saves it (`saves` is 'output' or 'all'). */
  readonly output: Tensor;
  readonly attrs: A;
  readonly inputShapes: readonly Shape[];
  readonly inputDTypes: readonly DType[];
  /** Whether each input needs a gradient, so a backward can skip work nobody uses. */
  readonly needsGrad: readonly boolean[];
}

/** A differentiable op: `forward` computes the output, `backward` maps ∂L/∂out to ∂L/∂input for each input. */
export interface OpDefinition<A> {
  readonly name: string;
  readonly saves: Saves;
  forward(inputs: readonly Tensor[], attrs: A): Tensor;
  backward(grad: Tensor, ctx: OpContext<A>): readonly (Tensor | null)[];
}

/** Where a gradient goes next: the node that made a non-leaf input, or a leaf tensor to accumulate into. */
export type Edge = { readonly node: Node } | { readonly leaf: Tensor } | null;

/** One recorded op call in the graph. */
export class Node {
  readonly edges: readonly Edge[];
  /** A non-leaf tensor that asked for `retainGrad()`. */
  retained: Tensor | null = null;
  private ctx: OpContext<unknown> | null;
  private readonly saved: readonly (readonly [Tensor, number])[];

  constructor(readonly definition: OpDefinition<unknown>, inputs: readonly Tensor[], output: Tensor, attrs: unknown) {
    const needsGrad = inputs.map((t) => t.requiresGrad);
    const { saves } = definition;
    const chosen = typeof saves === 'function' ? saves(needsGrad) : saves === 'inputs' || saves === 'all' ? inputs.map((_, i) => i) : [];
    const savedInputs = inputs.map((t, i) => (chosen.includes(i) ? t : undefined)) as Tensor[];
    const savesOutput = saves === 'output' || saves === 'all';
    this.edges = inputs.map((t) => (!t.requiresGrad ? null : t.gradFn ? { node: t.gradFn } : { leaf: t }));
    this.ctx = {
      inputs: savedInputs,
      output: savesOutput ? output : (undefined as unknown as Tensor),
      attrs,
      inputShapes: inputs.map((t) => t.shape),
      inputDTypes: inputs.map((t) => t.dtype),
      needsGrad,
    };
    const kept = [...chosen.map((i) => inputs[i]!), ...(savesOutput ? [output] : [])];
    this.saved = kept.map((t) => [t, t.version] as const);
    kept.forEach(markSaved);
  }

  get name(): string {
    return this.definition.name;
  }

  /**
   * Runs this op's VJP; throws if the graph was freed or a saved tensor changed in place. `wanted`
   * narrows `needsGrad` to the inputs whose gradients the caller will use.
   */
  backward(grad: Tensor, wanted?: readonly boolean[]): readonly (Tensor | null)[] {
    if (this.ctx === null) {
      throw new AutogradError(`backward: trying to backward through the graph a second time (through ${this.name}); pass { retainGraph: true } to the first backward`);
    }
    for (const [t, version] of this.saved) {
      if (t.version !== version) {
        throw new AutogradError(`backward: a tensor of shape [${t.shape.join(', ')}] needed by ${this.name} was modified by an in-place operation (version ${version} → ${t.version})`);
      }
    }
    const ctx = wanted ? { ...this.ctx, needsGrad: this.ctx.needsGrad.map((needed, i) => needed && wanted[i]!) } : this.ctx;
    return this.definition.backward(grad, ctx);
  }

  /** Drops the saved tensors once backward has used them (unless the graph is retained). */
  release(): void {
    if (this.ctx === null) return;
    this.ctx = null;
    for (const [t] of this.saved) unmarkSaved(t);
  }
}

/** The library's own ops, whose backward keeps no reference to the gradient it is given or returns. */
const libraryOps = new WeakSet<object>();

/** Whether `node` is one of the library's ops (so the reverse pass may recycle the gradients around it). */
export function isLibraryNode(node: Node): boolean {
  return libraryOps.has(node.definition);
}

/** `defineCustomOp`, for the library's own ops (see {@link isLibraryNode}). */
export function defineOp<A = undefined>(def: OpDefinition<A>): (inputs: readonly Tensor[], attrs: A) => Tensor {
  libraryOps.add(def);
  return defineCustomOp(def);
}

/**
 * Turns an op definition into a function that runs the forward and, when any input requires
 * grad and recording is on, attaches a graph node to the output. A tracer sees the call as op
 * `def.name` with arguments `[inputs, attrs]`. The backward may keep the tensors it gets or
 * returns (e.g. to log them): the reverse pass never reuses their memory.
 * PyTorch: a `torch.autograd.Function` subclass with static `forward` and `backward`.
 * @example const square = defineOp({ name: 'square', saves: 'inputs', forward: ([x]) => x.mul(x), backward: (g, { inputs: [x] }) => [g.mul(x).mul(2)] })
 */
export function defineCustomOp<A = undefined>(def: OpDefinition<A>): (inputs: readonly Tensor[], attrs: A) => Tensor {
  return traced(def.name, (inputs: readonly Tensor[], attrs: A) => {
    const output = noGrad(() => def.forward(inputs, attrs));
    if (isGradEnabled() && inputs.some((t) => t.requiresGrad)) {
      output.gradFn = new Node(def as OpDefinition<unknown>, inputs, output, attrs);
    }
    return output;
  });
}
