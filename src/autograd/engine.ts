/**
 * @file The reverse pass: a topological sort of the recorded nodes, then one loop that calls each
 * node's VJP and hands the results to the nodes (or leaves) that produced its inputs.
 */
import { AutogradError, ShapeError, ValueError } from '../errors.js';
import { sameShape, shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { isLibraryNode, type Node } from './function.js';
import { enableGrad, noGrad } from './grad_mode.js';
import { checkOptions, type OptionKeys } from '../options.js';
import { recordOutputs, recycle } from '../backend/recycling.js';
import { endReversePass } from './discard.js';

/** Options of `backward` (PyTorch's keyword arguments, where it has them). */
export interface BackwardOptions {
  /** Keep the graph so backward can run through it again (default false). */
  retainGraph?: boolean;
  /** Record the backward pass itself, so the gradients can be differentiated (default false). */
  createGraph?: boolean;
}

/** Options of `grad` (PyTorch's keyword arguments, where it has them). */
export interface GradOptions extends BackwardOptions {
  /** ∂L/∂output for each output; may be omitted for scalar outputs (then 1). */
  gradOutputs?: readonly (Tensor | null)[];
  /** Return null for inputs the outputs do not depend on instead of throwing (default false). */
  allowUnused?: boolean;
}

const backwardKeys: OptionKeys<BackwardOptions> = { retainGraph: true, createGraph: true };

/** Nodes reachable from `roots`, ordered so that each node comes before the nodes it feeds from. */
function topologicalOrder(roots: readonly Node[]): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>();
  const stack: [Node, number][] = [];
  for (const root of roots) {
    if (seen.has(root)) continue;
    seen.add(root);
    stack.push([root, 0]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [node, i] = top;
      if (i < node.edges.length) {
        top[1]++;
        const edge = node.edges[i];
        if (edge && 'node' in edge && !seen.has(edge.node)) {
          seen.add(edge.node);
          stack.push([edge.node, 0]);
        }
      } else {
        stack.pop();
        order.push(node);
      }
    }
  }
  return order.reverse();
}

/**
 * For each node of `order` (as `topologicalOrder` gives it), which of its edges lead to a `wanted`
 * tensor or node: `grad` follows only those, so it computes no gradient it does not return (a
 * gradient penalty's pass skips the critic's weight gradients, as PyTorch's does).
 */
function edgesToward(order: readonly Node[], wanted: ReadonlySet<Tensor | Node>): Map<Node, boolean[]> {
  const useful = new Map<Node, boolean[]>();
  const leads = (node: Node): boolean => wanted.has(node) || useful.get(node)!.some(Boolean);
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k]!;
    useful.set(node, node.edges.map((edge) => edge !== null && ('leaf' in edge ? wanted.has(edge.leaf) : leads(edge.node))));
  }
  return useful;
}

function accumulate(a: Tensor | undefined, b: Tensor): Tensor {
  return a === undefined ? b : a.add(b);
}

function seedGradient(op: string, output: Tensor, given: Tensor | null | undefined): Tensor {
  if (!output.requiresGrad) {
    throw new AutogradError(`${op}: output of shape ${shapeStr(output.shape)} does not require grad and has no gradFn`);
  }
  if (given == null) {
    if (output.numel !== 1) {
      throw new ValueError(`${op}: grad can be implicitly created only for scalar outputs (got shape ${shapeStr(output.shape)}); pass a gradient`);
    }
    return output.onesLike();
  }
  if (!sameShape(given.shape, output.shape)) {
    throw new ShapeError(`${op}: gradient has shape ${shapeStr(given.shape)} but the output has shape ${shapeStr(output.shape)}`);
  }
  return given;
}

/**
 * Counts the pending gradients that refer to each buffer, so that a gradient this pass made can
 * be recycled the moment nothing pending shares its buffer any more.
 */
class GradientBuffers {
  /** Buffers of the outputs made while a backward function (or a sum of gradients) ran. */
  readonly made = new Set<ArrayBufferLike>();
  private readonly holders = new Map<ArrayBufferLike, number>();

  hold(t: Tensor): void {
    const buffer = t.storage.data.buffer;
    this.holders.set(buffer, (this.holders.get(buffer) ?? 0) + 1);
  }

  /** Drops one hold on t's buffer (when `held`), and recycles the buffer if it was the last. */
  drop(t: Tensor, held: boolean): void {
    const buffer = t.storage.data.buffer;
    const left = (this.holders.get(buffer) ?? 0) - (held ? 1 : 0);
    if (left > 0) {
      this.holders.set(buffer, left);
      return;
    }
    this.holders.delete(buffer);
    if (this.made.delete(buffer)) recycle(t.storage.data);
  }
}

/**
 * Runs the reverse pass from `outputs` seeded with `seeds`. `onLeaf` receives each leaf's
 * gradient; `onNode` each node's total gradient (used by `grad` for non-leaf inputs). With
 * `recycling`, the callbacks promise to keep no reference to the gradients they receive, and
 * gradients that die inside the pass hand their buffers back for reuse. With `wanted`, only the
 * edges toward those leaves and nodes carry gradients.
 */
function run(outputs: readonly Tensor[], seeds: readonly Tensor[], options: BackwardOptions,
  onLeaf: (leaf: Tensor, g: Tensor) => void, onNode: (node: Node, g: Tensor) => void, recycling: boolean, wanted?: ReadonlySet<Tensor | Node>): void {
  const pending = new Map<Node, Tensor>();
  outputs.forEach((out, i) => {
    if (out.gradFn) pending.set(out.gradFn, accumulate(pending.get(out.gradFn), seeds[i]!));
    else onLeaf(out, seeds[i]!);
  });
  const record = options.createGraph ?? false;
  const buffers = recycling && !record ? new GradientBuffers() : null;
  const made = <T>(fn: () => T): T => (buffers ? recordOutputs(buffers.made, fn) : fn());
  for (const g of pending.values()) buffers?.hold(g);
  const order = topologicalOrder([...pending.keys()]);
  const useful = wanted ? edgesToward(order, wanted) : null;
  for (const node of order) {
    const g = pending.get(node);
    if (g === undefined) continue;
    pending.delete(node);
    onNode(node, g);
    const mask = useful?.get(node);
    if (mask && !mask.some(Boolean)) {
      if (!(options.retainGraph ?? record)) node.release();
      continue;
    }
    // A custom op's backward may keep what it gets and returns, so none of that is recycled.
    const library = isLibraryNode(node);
    if (!library) buffers?.made.delete(g.storage.data.buffer);
    const grads = record ? enableGrad(() => node.backward(g, mask)) : noGrad(() => (library ? made(() => node.backward(g, mask)) : node.backward(g, mask)));
    if (!(options.retainGraph ?? record)) node.release();
    // Dropped only after every edge took its gradient: the same tensor may go to several.
    const passedOn: Tensor[] = [];
    node.edges.forEach((edge, i) => {
      const gi = mask && !mask[i] ? null : grads[i];
      if (edge === null || gi == null) return;
      if ('leaf' in edge) {
        onLeaf(edge.leaf, gi);
        passedOn.push(gi);
        return;
      }
      const previous = pending.get(edge.node);
      const total = previous === undefined ? gi : made(() => accumulate(previous, gi));
      pending.set(edge.node, total);
      buffers?.hold(total);
      if (previous !== undefined) {
        buffers?.drop(previous, true);
        passedOn.push(gi);
      }
    });
    for (const gi of passedOn) buffers?.drop(gi, false);
    buffers?.drop(g, true);
  }
  endReversePass(buffers !== null);
}

/**
 * Computes gradients of `tensor` with respect to every leaf that requires grad and adds them to
 * the leaves' `.grad`. Non-leaves that called `retainGrad()` get `.grad` too.
 * PyTorch: `tensor.backward(gradient, retain_graph, create_graph)`.
 * @example backward(loss) // same as loss.backward()
 */
export function backward(tensor: Tensor, gradient?: Tensor | null, options?: BackwardOptions): void {
  options = checkOptions('backward', options, backwardKeys);
  const seed = seedGradient('backward', tensor, gradient);
  const keep = (g: Tensor): Tensor => (options.createGraph ? g : g.detach());
  const store = (t: Tensor, g: Tensor): void => {
    t.grad = t.grad === null ? keep(g).clone() : keep(t.grad.add(g));
  };
  run([tensor], [seed], options, store, (node, g) => {
    if (node.retained) store(node.retained, g);
  }, true);
}

/**
 * Returns ∂(Σ outputs·gradOutputs)/∂input for each input, without touching `.grad`.
 * With `createGraph: true` the results are differentiable (for gradient penalties).
 * PyTorch: `torch.autograd.grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused)`.
 * @example const [dx] = grad([y], [x], { createGraph: true });
 */
export function grad(outputs: Tensor | readonly Tensor[], inputs: Tensor | readonly Tensor[], options?: GradOptions): (Tensor | null)[] {
  options = checkOptions<GradOptions>('grad', options, { ...backwardKeys, gradOutputs: true, allowUnused: true });
  const outs = Array.isArray(outputs) ? outputs : [outputs as Tensor];
  const ins = Array.isArray(inputs) ? inputs : [inputs as Tensor];
  ins.forEach((t, i) => {
    if (!t.requiresGrad) throw new AutogradError(`grad: input ${i} (shape ${shapeStr(t.shape)}) does not require grad`);
  });
  const seeds = outs.map((o, i) => seedGradient('grad', o, options.gradOutputs?.[i]));
  const found = new Map<Tensor | Node, Tensor>();
  const wanted = new Set<Tensor | Node>(ins.map((t) => t.gradFn ?? t));
  const take = (key: Tensor | Node, g: Tensor): void => {
    if (wanted.has(key)) found.set(key, accumulate(found.get(key), g));
  };
  run(outs, seeds, options, take, take, false, wanted);
  return ins.map((t, i) => {
    const g = found.get(t.gradFn ?? t);
    if (g === undefined) {
      if (options!.allowUnused) return null;
      throw new AutogradError(`grad: input ${i} (shape ${shapeStr(t.shape)}) was not used to compute the outputs; pass { allowUnused: true } to get null`);
    }
    return options!.createGraph ? g : g.detach();
  });
}
