/**
 * @file Reductions (sum, mean, prod, amax/amin, max/min with indices, var/std, norm, logsumexp,
 * all/any, argmax/argmin), cumsum, softmax/logSoftmax, sort and topk.
 */
import { defineOp } from '../autograd/function.js';
import { isGradEnabled } from '../autograd/grad_mode.js';
import { traced } from '../autograd/trace.js';
import { getBackend, type Axis, type ReduceOp } from '../backend/backend.js';
import { DTypeError, ValueError } from '../errors.js';
import { checkArgCount, checkOptions, type OptionKeys } from '../options.js';
import { isFloating, type DType } from '../tensor/dtype.js';
import { normalizeDim, normalizeDims, numel, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { where } from './elementwise.js';
import { gather } from './index.js';

/** Reduction dims: one dim, a list, or every dim when omitted. */
export type Dims = number | readonly number[] | undefined;

interface ReduceAttrs {
  readonly dims: readonly number[];
  readonly keepdim: boolean;
}

function reducedShape(shape: Shape, dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((s, i) => {
    if (!dims.includes(i)) out.push(s);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** Reductions that can run one dim at a time (the others need every reduced dim at once). */
const SEPARABLE: ReadonlySet<ReduceOp> = new Set(['sum', 'prod', 'max', 'min', 'all', 'any']);

/** Axes first…last of a contiguous shape as one reduced axis. */
function axisOf(shape: Shape, first: number, last: number): Axis {
  return { outer: numel(shape.slice(0, first)), size: numel(shape.slice(first, last + 1)), inner: numel(shape.slice(last + 1)) };
}

/**
 * The dims as runs of adjacent axes, [first, last], the last run first: each run is reduced in one
 * pass (a full sum of a [32, 64, 14, 14] tensor took four, the first of them 0.47 ms over rows of 14).
 */
function adjacentRuns(dims: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const d of [...dims].sort((a, b) => b - a)) {
    const run = runs[runs.length - 1];
    if (run && run[0] === d + 1) run[0] = d;
    else runs.push([d, d]);
  }
  return runs;
}

/**
 * Runs a backend reduction over `dims`. Separable reductions go one dim at a time, last dim
 * first, so no input is ever transposed; the others move the reduced dims last.
 */
const reduceKernel = traced('reduce', (op: ReduceOp, x: Tensor, dims: readonly number[], keepdim: boolean, dtype: DType): Tensor => {
  const outShape = reducedShape(x.shape, dims, keepdim);
  if (dims.some((d) => x.shape[d] === 0) && (op === 'max' || op === 'min' || op === 'argmax' || op === 'argmin')) {
    throw new ValueError(`${op}: cannot reduce over a zero-size dimension`);
  }
  if (dims.length === 1 || (SEPARABLE.has(op) && dims.length > 0)) {
    let data = x.contiguousData();
    const shape = [...x.shape];
    for (const [first, last] of adjacentRuns(dims)) {
      data = getBackend().reduce(op, data, axisOf(shape, first, last), dtype);
      shape.fill(1, first, last + 1);
    }
    return Tensor.fromData(data, outShape);
  }
  const kept = x.shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const axis = { outer: numel(kept.map((i) => x.shape[i]!)), size: numel(dims.map((i) => x.shape[i]!)), inner: 1 };
  return Tensor.fromData(getBackend().reduce(op, x.permute([...kept, ...dims]).contiguousData(), axis, dtype), outShape);
});

/** Shapes `g` (reduced over `dims`) back so it broadcasts against the input. */
function unreduce(g: Tensor, inputShape: Shape, { dims, keepdim }: ReduceAttrs): Tensor {
  return keepdim ? g : g.reshape(reducedShape(inputShape, dims, true));
}

const sumOp = defineOp<ReduceAttrs & { dtype: DType }>({
  name: 'sum',
  saves: 'none',
  forward: ([x], { dims, keepdim, dtype }) => reduceKernel('sum', x!, dims, keepdim, dtype),
  backward: (g, { attrs, inputShapes }) => [unreduce(g, inputShapes[0]!, attrs).expand(inputShapes[0]!)],
});

/** Integer and bool sums give int32 (PyTorch gives int64, which shinsou does not have). */
function sumDType(dtype: DType): DType {
  return isFloating(dtype) ? dtype : 'int32';
}

/**
 * Sum over `dim` (every dim when omitted); `keepdim` keeps reduced dims as size 1.
 * PyTorch: `torch.sum(x, dim, keepdim)`.
 * @example x.sum(1, true) // [N, C] → [N, 1]
 */
export function sum(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = normalizeDims('sum', dim, x.ndim);
  return sumOp([x], { dims, keepdim, dtype: sumDType(x.dtype) });
}

/**
 * Mean over `dim` (every dim when omitted); floating dtypes only.
 * PyTorch: `torch.mean`.
 * @example mean(x) // a scalar; mean(x, [2, 3], true) // per-channel means of [N, C, H, W], kept as [N, C, 1, 1]
 */
export function mean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  if (!isFloating(x.dtype)) throw new DTypeError(`mean: input dtype must be floating point, got ${x.dtype}`);
  const dims = normalizeDims('mean', dim, x.ndim);
  const count = numel(dims.map((d) => x.shape[d]!));
  return sum(x, dims, keepdim).div(count);
}

const prodOp = defineOp<ReduceAttrs>({
  name: 'prod',
  saves: 'all',
  forward: ([x], { dims, keepdim }) => reduceKernel('prod', x!, dims, keepdim, sumDType(x!.dtype)),
  // ∂/∂xᵢ Π xⱼ = Π_{j≠i} xⱼ, computed as the product divided by xᵢ (not defined where xᵢ = 0).
  backward: (g, { inputs: [x], output, attrs }) =>
    [unreduce(g.mul(output), x!.shape, attrs).expand(x!.shape).div(x!)],
});

/**
 * Product over `dim` (every dim when omitted). Its gradient divides the product by each
 * element, so it is NaN where an element is exactly 0 (PyTorch handles that case).
 * PyTorch: `torch.prod`.
 * @example prod(tensor([[1, 2], [3, 4]]), 1) // [2, 12]
 */
export function prod(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return prodOp([x], { dims: normalizeDims('prod', dim, x.ndim), keepdim });
}

function extremeOp(op: 'max' | 'min') {
  return defineOp<ReduceAttrs>({
    name: op === 'max' ? 'amax' : 'amin',
    saves: 'all',
    forward: ([x], { dims, keepdim }) => reduceKernel(op, x!, dims, keepdim, x!.dtype),
    backward: (g, { inputs: [x], output, attrs }) => {
      // Ties share the gradient evenly, as PyTorch's amax/amin do.
      const hit = x!.eq(unreduce(output, x!.shape, attrs)).to(g.dtype);
      const count = hit.sum(attrs.dims, true);
      return [hit.mul(unreduce(g, x!.shape, attrs)).div(count)];
    },
  });
}
const amaxOp = extremeOp('max');
const aminOp = extremeOp('min');

/**
 * Maximum over `dim` (every dim when omitted); ties share the gradient.
 * PyTorch: `torch.amax`.
 * @example amax(logits, -1, true) // for a stable softmax
 */
export function amax(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return amaxOp([x], { dims: normalizeDims('amax', dim, x.ndim), keepdim });
}

/**
 * Minimum over `dim` (every dim when omitted); ties share the gradient.
 * PyTorch: `torch.amin`.
 * @example amin(images) // the darkest pixel value
 */
export function amin(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return aminOp([x], { dims: normalizeDims('amin', dim, x.ndim), keepdim });
}

function argReduce(op: 'argmax' | 'argmin', x: Tensor, dim?: number, keepdim = false): Tensor {
  if (dim === undefined) return reduceKernel(op, x.reshape([-1]), [0], false, 'int32');
  return reduceKernel(op, x, [normalizeDim(op, dim, x.ndim)], keepdim, 'int32');
}

/**
 * Index of the first maximum along `dim` (of the flattened tensor when omitted), int32.
 * PyTorch: `torch.argmax`.
 * @example const predicted = argmax(logits, 1) // class per row
 */
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argReduce('argmax', x, dim, keepdim);
}

/**
 * Index of the first minimum along `dim` (of the flattened tensor when omitted), int32.
 * PyTorch: `torch.argmin`.
 * @example argmin(distances, 1) // nearest centre per point
 */
export function argmin(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argReduce('argmin', x, dim, keepdim);
}

/** Values and their int32 indices, as returned by max/min/sort/topk along a dim. */
export type ValuesIndices = readonly [values: Tensor, indices: Tensor] & { readonly values: Tensor; readonly indices: Tensor };

/**
 * Values and indices, readable both ways: `const [v, i] = r` (PyTorch's unpacking) and `r.values`.
 * @example const [values, indices] = valuesIndices(v, i) // also .values, .indices
 */
export function valuesIndices(values: Tensor, indices: Tensor): ValuesIndices {
  return Object.assign([values, indices] as const, { values, indices });
}

function extremeAlong(op: 'argmax' | 'argmin', x: Tensor, dim: number, keepdim: boolean): ValuesIndices {
  const d = normalizeDim(op === 'argmax' ? 'max' : 'min', dim, x.ndim);
  const indices = argReduce(op, x, d, true);
  const values = gather(x, d, indices);
  return keepdim ? valuesIndices(values, indices) : valuesIndices(values.squeeze(d), indices.squeeze(d));
}

/**
 * Maximum along `dim` with the index of its first occurrence; the gradient goes to that index.
 * Without `dim`, the maximum of all elements as a 0-d tensor (ties share the gradient, as `amax`).
 * PyTorch: `torch.max(x, dim, keepdim)` and `torch.max(x)`.
 * @example const [values, indices] = max(logits, 1); // or max(logits, 1).indices
 */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? amax(x) : extremeAlong('argmax', x, dim, keepdim);
}

/**
 * Minimum along `dim` with its index; without `dim`, the minimum of all elements (0-d).
 * PyTorch: `torch.min(x, dim, keepdim)` and `torch.min(x)`.
 * @example const { values, indices } = min(distances, 1)
 */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? amin(x) : extremeAlong('argmin', x, dim, keepdim);
}

/**
 * True where every element along `dim` is nonzero (bool).
 * PyTorch: `torch.all`.
 * @example all(x.isfinite()).item() // 1 when nothing overflowed
 */
export function all(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return reduceKernel('all', x, normalizeDims('all', dim, x.ndim), keepdim, 'bool');
}

/**
 * True where any element along `dim` is nonzero (bool).
 * PyTorch: `torch.any`.
 * @example any(mask, 1) // rows with at least one true
 */
export function any(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return reduceKernel('any', x, normalizeDims('any', dim, x.ndim), keepdim, 'bool');
}

/** Options of var/std: `correction` is subtracted from the count (1 = unbiased, Bessel's correction). */
export interface VarOptions {
  dim?: Dims;
  correction?: number;
  keepdim?: boolean;
}

const varKeys: OptionKeys<VarOptions> = { dim: true, correction: true, keepdim: true };

/** var/std's two forms, `(options)` and PyTorch's positional `(dim, options)`, as one options object. */
function varOptions(op: string, dimOrOptions: Dims | VarOptions | undefined, options: Omit<VarOptions, 'dim'> | undefined): VarOptions {
  if (typeof dimOrOptions === 'number' || Array.isArray(dimOrOptions) || (dimOrOptions === undefined && options !== undefined)) {
    return { ...checkOptions<Omit<VarOptions, 'dim'>>(op, options, { correction: true, keepdim: true }), dim: dimOrOptions as Dims };
  }
  checkArgCount(op, options === undefined ? 1 : 2, 1, `${op}(x, dim, { correction, keepdim }) or ${op}(x, { dim, correction, keepdim })`);
  return checkOptions(op, dimOrOptions as VarOptions | undefined, varKeys);
}

/**
 * Variance Σ(x − x̄)² / (N − correction) over `dim` (every dim when omitted); correction
 * defaults to 1.
 * PyTorch: `torch.var(x, dim, correction=1, keepdim=False)`.
 * @example variance(x, 1); variance(x, 1, { keepdim: true }); variance(x, { dim: 1, correction: 0 })
 */
export function variance(x: Tensor, options?: VarOptions): Tensor;
export function variance(x: Tensor, dim: Dims, options?: Omit<VarOptions, 'dim'>): Tensor;
export function variance(x: Tensor, dimOrOptions?: Dims | VarOptions, options?: Omit<VarOptions, 'dim'>): Tensor {
  const { dim, correction = 1, keepdim = false } = varOptions('var', dimOrOptions, options);
  const dims = normalizeDims('var', dim, x.ndim);
  const count = numel(dims.map((d) => x.shape[d]!));
  const centered = x.sub(mean(x, dims, true));
  return sum(centered.mul(centered), dims, keepdim).div(Math.max(count - correction, 0));
}

/**
 * Standard deviation √var, with var's arguments. PyTorch: `torch.std`.
 * @example std(x, 0, { correction: 0 }) // population standard deviation per column
 */
export function std(x: Tensor, options?: VarOptions): Tensor;
export function std(x: Tensor, dim: Dims, options?: Omit<VarOptions, 'dim'>): Tensor;
export function std(x: Tensor, dimOrOptions?: Dims | VarOptions, options?: Omit<VarOptions, 'dim'>): Tensor {
  return variance(x, varOptions('std', dimOrOptions, options)).sqrt();
}

const norm2Op = defineOp<ReduceAttrs>({
  name: 'norm',
  saves: 'all',
  forward: ([x], { dims, keepdim }) => sum(x!.mul(x!), dims, keepdim).sqrt(),
  // x/‖x‖, with 0 where the norm is 0 (the subgradient PyTorch picks).
  backward: (g, { inputs: [x], output, attrs }) => {
    const n = unreduce(output, x!.shape, attrs);
    return [where(n.eq(0), 0, x!.div(n).mul(unreduce(g, x!.shape, attrs)))];
  },
});

/**
 * The p-norm over `dim` (every dim when omitted): (Σ|x|ᵖ)^(1/p); p = Infinity gives max |x|.
 * PyTorch: `torch.linalg.vector_norm(x, ord=p, dim, keepdim)`.
 * @example norm(grads, 2) // Euclidean norm of every element
 */
export function norm(x: Tensor, p = 2, dim?: Dims, keepdim = false): Tensor {
  const dims = normalizeDims('norm', dim, x.ndim);
  if (p === 2) return norm2Op([x], { dims, keepdim });
  if (p === Infinity) return amax(x.abs(), dims, keepdim);
  if (p === 1) return sum(x.abs(), dims, keepdim);
  if (!(p > 0)) throw new ValueError(`norm: p must be positive, got ${p}`);
  return sum(x.abs().pow(p), dims, keepdim).pow(1 / p);
}

/**
 * log Σ exp(x) over `dim`, stable for large inputs. PyTorch: `torch.logsumexp`.
 * @example logsumexp(logits, 1) // log Σ exp, without overflow
 */
export function logsumexp(x: Tensor, dim: Dims, keepdim = false): Tensor {
  const dims = normalizeDims('logsumexp', dim, x.ndim);
  const peak = amax(x, dims, true).detach();
  const shift = where(peak.isfinite(), peak, 0);
  const out = sum(x.sub(shift).exp(), dims, true).log().add(shift);
  return keepdim ? out : out.squeeze(dims);
}

const cumsumOp = defineOp<number>({
  name: 'cumsum',
  saves: 'none',
  forward: ([x], dim) => {
    const axis = { outer: numel(x!.shape.slice(0, dim)), size: x!.shape[dim]!, inner: numel(x!.shape.slice(dim + 1)) };
    return Tensor.fromData(getBackend().cumsum(x!.contiguousData(), axis, sumDType(x!.dtype)), x!.shape);
  },
  backward: (g, { attrs: dim }) => [g.flip([dim]).cumsum(dim).flip([dim])],
});

/**
 * Running sum along `dim`. PyTorch: `torch.cumsum`.
 * @example cumsum(tensor([1, 2, 3]), 0) // [1, 3, 6]
 */
export function cumsum(x: Tensor, dim: number): Tensor {
  return cumsumOp([x], normalizeDim('cumsum', dim, x.ndim));
}

/** Softmax (or log-softmax) along `dim`: one backend kernel each way; the backward is in ops when recorded. */
function softmaxFamily(name: string, log: boolean, gradOps: (g: Tensor, y: Tensor, dim: number) => Tensor) {
  return defineOp<number>({
    name,
    saves: 'output',
    forward: ([x], dim) => Tensor.fromData(getBackend().softmax(x!.contiguousData(), axisOf(x!.shape, dim, dim), log), x!.shape),
    backward: (g, { output: y, attrs: dim }) => {
      if (isGradEnabled()) return [gradOps(g, y, dim)];
      return [Tensor.fromData(getBackend().softmaxBackward(y.contiguousData(), g.contiguousData(), axisOf(y.shape, dim, dim), log), y.shape)];
    },
  });
}

const softmaxOp = softmaxFamily('softmax', false, (g, y, dim) => y.mul(g.sub(g.mul(y).sum(dim, true))));
const logSoftmaxOp = softmaxFamily('logSoftmax', true, (g, y, dim) => g.sub(y.exp().mul(g.sum(dim, true))));

function floatInput(x: Tensor): Tensor {
  return isFloating(x.dtype) ? x : x.to('float32');
}

/**
 * exp(xᵢ)/Σⱼ exp(xⱼ) along `dim`, computed after subtracting the max. PyTorch: `torch.softmax`.
 * @example softmax(logits, -1) // rows sum to 1
 */
export function softmax(x: Tensor, dim: number): Tensor {
  return softmaxOp([floatInput(x)], normalizeDim('softmax', dim, x.ndim));
}

/**
 * log softmax along `dim`, stable for large logits. PyTorch: `torch.log_softmax`.
 * @example logSoftmax(logits, 1) // log-probabilities for nllLoss
 */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  return logSoftmaxOp([floatInput(x)], normalizeDim('logSoftmax', dim, x.ndim));
}

/**
 * Sorts along `dim` (default last), stably; NaN sorts last (first when descending).
 * PyTorch: `torch.sort(x, dim, descending, stable=True)`.
 * @example const { values, indices } = sort(x, -1, true);
 */
export function sort(x: Tensor, dim = -1, descending = false): ValuesIndices {
  return sortTraced(x, dim, descending);
}

const sortTraced = traced('sort', (x: Tensor, dim: number, descending: boolean): ValuesIndices => {
  const d = normalizeDim('sort', dim, x.ndim);
  const axis = { outer: numel(x.shape.slice(0, d)), size: x.shape[d] ?? 1, inner: numel(x.shape.slice(d + 1)) };
  const { indices } = getBackend().sort(x.contiguousData(), axis, descending);
  const idx = Tensor.fromData(indices, x.shape);
  return valuesIndices(gather(x, d, idx), idx);
});

/**
 * The `k` largest (or smallest) elements along `dim`, sorted. PyTorch: `torch.topk`.
 * @example const { values, indices } = topk(probs, 5) // top-5 classes per row
 */
export function topk(x: Tensor, k: number, dim = -1, largest = true): ValuesIndices {
  const d = normalizeDim('topk', dim, x.ndim);
  const size = x.shape[d] ?? 1;
  if (!Number.isInteger(k) || k < 0 || k > size) throw new ValueError(`topk: k must be in [0, ${size}], got ${k}`);
  const { indices } = sort(x, d, largest);
  const top = indices.narrow(d, 0, k).contiguous();
  return valuesIndices(gather(x, d, top), top);
}
