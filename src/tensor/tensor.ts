/**
 * @file The Tensor: a strided view over a Storage, with autograd state.
 *
 * Ops never modify their inputs (except the `_`-suffixed in-place methods) and storage is
 * garbage-collected: there is nothing to dispose. Methods are thin wrappers over the functions
 * in `ops/`; their documentation lives there.
 */
import { backward as runBackward, type BackwardOptions } from '../autograd/engine.js';
import type { Node } from '../autograd/function.js';
import { isGradEnabled, noGrad } from '../autograd/grad_mode.js';
import { traceAlias } from '../autograd/trace.js';
import { getBackend, type View } from '../backend/backend.js';
import '../backend/js/index.js'; // registers the reference backend, so every tensor has one
import { AutogradError, DTypeError, ValueError } from '../errors.js';
import * as E from '../ops/elementwise.js';
import { einsum } from '../ops/einsum.js';
import * as I from '../ops/index.js';
import * as L from '../ops/linalg.js';
import * as R from '../ops/reduce.js';
import * as S from '../ops/shape.js';
import { allocate, checkDType, dtypeOfArray, isFloating, type DType, type TypedArray } from './dtype.js';
import { checkOptions } from '../options.js';
import { sliceScatter, sliceView, writeSlice, type IndexSpec } from '../ops/slicing.js';
import { tril, triu } from '../ops/triangular.js';
import { formatTensor } from './format.js';
import { defaultGenerator, type Generator } from './random.js';
import { broadcastStrides, contiguousStrides, isContiguous, normalizeDim, numel, sameShape, shapeStr, sizesOf, type Shape } from './shape.js';

/** A plain number or boolean used where a tensor is accepted. */
export type Scalar = number | boolean;
/** A tensor or a scalar operand. */
export type TensorLike = Tensor | Scalar;
/** Nested arrays of numbers or booleans, as accepted by `tensor()` and returned by `toArray()`. */
export type NestedArray = Scalar | NestedArray[];

/**
 * The memory a tensor views, with a version counter bumped by every in-place write.
 * PyTorch: `torch.UntypedStorage` (`tensor.untyped_storage()`).
 * @example x.storage.data // the typed array behind x (shared by its views)
 */
export class Storage {
  version = 0;
  constructor(readonly data: TypedArray) {}
}

/**
 * An n-dimensional array with autograd. Create tensors with `tensor`, `zeros`, `randn`, …
 * PyTorch: `torch.Tensor`.
 * @example
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * x.mul(x).sum().backward();
 * x.grad!.toArray(); // [[2, 4], [6, 8]]
 */
export class Tensor {
  /** Gradient accumulated by `backward()` (leaves and tensors that called `retainGrad()`). */
  grad: Tensor | null = null;
  /** The graph node that produced this tensor; null for leaves. */
  gradFn: Node | null = null;
  private leafRequiresGrad = false;

  constructor(
    readonly storage: Storage,
    readonly shape: readonly number[],
    readonly strides: readonly number[],
    readonly offset: number,
    /** The tensor whose storage this one views, or null when it owns it. */
    readonly base: Tensor | null = null,
  ) {}

  /** Wraps a contiguous typed array (not copied) as a tensor of `shape`. */
  static fromData(data: TypedArray, shape: Shape): Tensor {
    if (data.length !== numel(shape)) {
      throw new ValueError(`tensor: ${data.length} elements cannot have shape ${shapeStr(shape)}`);
    }
    return new Tensor(new Storage(data), [...shape], contiguousStrides(shape), 0);
  }

  /** A 0-d tensor holding `value`. */
  static scalar(value: Scalar, dtype: DType): Tensor {
    const data = allocate(dtype, 1);
    data[0] = Number(value);
    return Tensor.fromData(data, []);
  }

  /** A tensor of `shape` filled with `value`. */
  static full(shape: Shape, value: Scalar, dtype: DType): Tensor {
    const data = allocate(dtype, numel(shape));
    if (value !== 0) data.fill(Number(value));
    return Tensor.fromData(data, shape);
  }

  /** Zeros of `shape` and `dtype`. PyTorch: `torch.zeros`. */
  static zeros(shape: Shape, dtype: DType): Tensor {
    return Tensor.full(shape, 0, dtype);
  }

  get dtype(): DType {
    return dtypeOfArray(this.storage.data);
  }

  get ndim(): number {
    return this.shape.length;
  }

  get numel(): number {
    return numel(this.shape);
  }

  /** Size of `dim` (negative counts from the end), or the whole shape. PyTorch: `Tensor.size`. */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number | number[] {
    return dim === undefined ? [...this.shape] : this.shape[normalizeDim('size', dim, this.ndim)]!;
  }

  /** Bumped by every in-place write to the storage; autograd uses it to detect stale saved tensors. */
  get version(): number {
    return this.storage.version;
  }

  /** The strided view the backend kernels read. */
  get raw(): View {
    return { data: this.storage.data, shape: this.shape, strides: this.strides, offset: this.offset };
  }

  /** A view of the same storage with another shape/strides/offset. */
  restride(shape: Shape, strides: readonly number[], offset: number): Tensor {
    return new Tensor(this.storage, [...shape], [...strides], offset, this.base ?? this);
  }

  // ------------------------------------------------------------ autograd state

  /** Whether gradients flow to this tensor. Set it on leaves with `requiresGrad_()`. */
  get requiresGrad(): boolean {
    return this.gradFn !== null || this.leafRequiresGrad;
  }

  /** True for tensors not produced by a recorded op (user-created tensors and parameters). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** Marks a leaf as needing gradients (floating dtypes only). PyTorch: `Tensor.requires_grad_`. */
  requiresGrad_(requiresGrad = true): this {
    if (!this.isLeaf) {
      if (!requiresGrad) throw new AutogradError('requiresGrad_: cannot turn off gradients of a non-leaf tensor; use detach()');
      return this;
    }
    if (requiresGrad && !isFloating(this.dtype)) {
      throw new DTypeError(`requiresGrad_: only floating-point tensors can require gradients, got ${this.dtype}`);
    }
    this.leafRequiresGrad = requiresGrad;
    return this;
  }

  /** Keeps `.grad` for this non-leaf tensor during backward. PyTorch: `Tensor.retain_grad`. */
  retainGrad(): this {
    if (this.gradFn) this.gradFn.retained = this;
    return this;
  }

  /** The same data, cut from the graph (shares storage). PyTorch: `Tensor.detach`. */
  detach(): Tensor {
    const detached = new Tensor(this.storage, this.shape, this.strides, this.offset, this.base);
    traceAlias('detach', this, detached);
    return detached;
  }

  /**
   * Back-propagates from this tensor, accumulating gradients into the leaves' `.grad`.
   * `gradient` defaults to 1 for scalars. PyTorch: `Tensor.backward`.
   */
  backward(gradient?: Tensor | null, options?: BackwardOptions): void {
    runBackward(this, gradient, options);
  }

  // ------------------------------------------------------------ reading data

  /** A new contiguous typed array with the elements in row-major order. */
  dataSync(): TypedArray {
    return this.contiguousData().slice();
  }

  /** The elements in row-major order without copying when already contiguous (internal: do not write). */
  contiguousData(): TypedArray {
    const c = this.isContiguous() ? this : noGrad(() => S.contiguous(this));
    return c.storage.data.subarray(c.offset, c.offset + c.numel);
  }

  /**
   * The elements as a live typed array over this tensor's memory: writes change the tensor
   * (without bumping its version, as PyTorch's `.data` bypasses autograd). Only contiguous
   * tensors have one; a strided view throws, since a copy would silently drop writes — read a
   * copy with `dataSync()`, or write through `contiguous()`'s result.
   */
  get data(): TypedArray {
    if (!this.isContiguous()) {
      throw new ValueError(`Tensor.data: this ${shapeStr(this.shape)} view is not contiguous, so its elements are not one block of memory; use dataSync() for a copy`);
    }
    return this.storage.data.subarray(this.offset, this.offset + this.numel);
  }

  /** The elements as nested arrays (booleans for bool tensors). PyTorch: `Tensor.tolist`. */
  toArray(): NestedArray {
    const flat = this.dataSync();
    const isBool = this.dtype === 'bool';
    let i = 0;
    const build = (d: number): NestedArray => {
      if (d === this.ndim) {
        const v = flat[i++]!;
        return isBool ? v !== 0 : v;
      }
      return Array.from({ length: this.shape[d]! }, () => build(d + 1));
    };
    return build(0);
  }

  /**
   * The value of a one-element tensor as a number (a bool tensor gives 1 or 0, which tests as
   * true or false; `itemBool()` returns a boolean). PyTorch: `Tensor.item`.
   */
  item(): number {
    if (this.numel !== 1) throw new ValueError(`item: a tensor with ${this.numel} elements cannot be converted to a scalar`);
    return this.storage.data[this.offset]!;
  }

  /** The value of a one-element tensor as a boolean (nonzero is true). PyTorch: `bool(t.item())`. */
  itemBool(): boolean {
    return this.item() !== 0;
  }

  /** True when the elements are laid out densely in row-major order. */
  isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }

  /** PyTorch-style printout, e.g. `tensor([[1., 2.], [3., 4.]], requiresGrad=true)`. */
  toString(): string {
    return formatTensor(this);
  }

  /** `console.log(t)` in Node prints what `toString()` does. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
  }

  // ------------------------------------------------------------ in-place ops

  /**
   * Writes `result` into this tensor's memory and makes this tensor stand for it in the graph.
   * Saved copies of the old values become stale (the version counter catches their use).
   */
  private assignInPlace(op: string, result: Tensor): this {
    if (isGradEnabled() && this.isLeaf && this.leafRequiresGrad) {
      throw new AutogradError(`${op}: a leaf tensor that requires grad is used in an in-place operation; wrap it in noGrad()`);
    }
    const tracked = isGradEnabled() && result.requiresGrad;
    if (tracked && this.base !== null) {
      throw new AutogradError(`${op}: in-place operations on views are not differentiable in shinsou; use the out-of-place op`);
    }
    if (this.strides.some((s, i) => s === 0 && this.shape[i]! > 1)) {
      throw new ValueError(`${op}: cannot write in place into an expanded tensor (several elements share memory); clone() it first`);
    }
    const value = result.dtype === this.dtype ? result : noGrad(() => result.to(this.dtype));
    if (!sameShape(value.shape, this.shape)) {
      throw new ValueError(`${op}: the result's shape ${shapeStr(value.shape)} does not match the in-place target ${shapeStr(this.shape)}`);
    }
    getBackend().assign(this.raw, { ...value.raw, strides: broadcastStrides(value.shape, value.strides, this.shape) });
    this.storage.version++;
    traceAlias('assign', value, this);
    if (tracked) this.gradFn = result.gradFn;
    return this;
  }

  /** Copies `src` (broadcast to this shape) into this tensor. PyTorch: `Tensor.copy_`. */
  copy_(src: TensorLike): this {
    const value = src instanceof Tensor ? src.expand(this.shape) : Tensor.full(this.shape, src, this.dtype);
    // A leaf source has no node for this tensor to take over, so give it one.
    return this.assignInPlace('copy_', value.requiresGrad ? value.clone() : value);
  }
  /** In-place `add`: writes the result into this tensor. PyTorch: `Tensor.add_`. */
  add_(other: TensorLike, alpha = 1): this { return this.assignInPlace('add_', this.add(alpha === 1 ? other : E.mul(other, alpha))); }
  /** In-place `sub`: writes the result into this tensor. PyTorch: `Tensor.sub_`. */
  sub_(other: TensorLike, alpha = 1): this { return this.assignInPlace('sub_', this.sub(alpha === 1 ? other : E.mul(other, alpha))); }
  /** In-place `mul`: writes the result into this tensor. PyTorch: `Tensor.mul_`. */
  mul_(other: TensorLike): this { return this.assignInPlace('mul_', this.mul(other)); }
  /** In-place `div`: writes the result into this tensor. PyTorch: `Tensor.div_`. */
  div_(other: TensorLike): this { return this.assignInPlace('div_', this.div(other)); }
  /** In-place `pow`: writes the result into this tensor. PyTorch: `Tensor.pow_`. */
  pow_(other: TensorLike): this { return this.assignInPlace('pow_', this.pow(other)); }
  /** In-place `clamp`: writes the result into this tensor. PyTorch: `Tensor.clamp_`. */
  clamp_(min?: number | null, max?: number | null): this { return this.assignInPlace('clamp_', this.clamp(min, max)); }
  /** In-place `maskedFill`: writes the result into this tensor. PyTorch: `Tensor.masked_fill_`. */
  maskedFill_(mask: Tensor, value: Scalar): this { return this.assignInPlace('maskedFill_', this.maskedFill(mask, value)); }
  /** In-place `neg`: writes the result into this tensor. PyTorch: `Tensor.neg_`. */
  neg_(): this { return this.assignInPlace('neg_', this.neg()); }
  /** In-place `exp`: writes the result into this tensor. PyTorch: `Tensor.exp_`. */
  exp_(): this { return this.assignInPlace('exp_', this.exp()); }
  /** In-place `sqrt`: writes the result into this tensor. PyTorch: `Tensor.sqrt_`. */
  sqrt_(): this { return this.assignInPlace('sqrt_', this.sqrt()); }
  /** In-place `relu`: writes the result into this tensor. PyTorch: `Tensor.relu_`. */
  relu_(): this { return this.assignInPlace('relu_', this.relu()); }
  /** In-place `sigmoid`: writes the result into this tensor. PyTorch: `Tensor.sigmoid_`. */
  sigmoid_(): this { return this.assignInPlace('sigmoid_', this.sigmoid()); }
  /** In-place `tanh`: writes the result into this tensor. PyTorch: `Tensor.tanh_`. */
  tanh_(): this { return this.assignInPlace('tanh_', this.tanh()); }
  /** Fills with `value`. PyTorch: `Tensor.fill_`. */
  fill_(value: Scalar): this { return this.assignInPlace('fill_', Tensor.full(this.shape, value, this.dtype)); }
  /** Fills with zeros. PyTorch: `Tensor.zero_`. */
  zero_(): this { return this.fill_(0); }

  /**
   * Slice assignment: writes `value` (broadcast) into `this[spec]`. Differentiable when this
   * tensor is not a leaf that requires grad (the gradient flows to `value` and the rest of `this`).
   * PyTorch: `x[:, 0::2] = value`.
   * @example pe.set([null, '0::2'], position.mul(divTerm).sin()) // pe[:, 0::2] = sin(...)
   */
  set(spec: IndexSpec, value: TensorLike): this {
    const tracked = isGradEnabled() && (this.requiresGrad || (value instanceof Tensor && value.requiresGrad));
    if (tracked) return this.assignInPlace('set', sliceScatter(this, spec, value));
    writeSlice(this, spec, value);
    return this;
  }

  /**
   * Fills with U(from, to) draws. PyTorch: `Tensor.uniform_`.
   * @example noGrad(() => w.uniform_(-0.1, 0.1))
   */
  uniform_(from = 0, to = 1, options?: { generator?: Generator }): this {
    const g = checkOptions<{ generator?: Generator }>('uniform_', options, { generator: true }).generator ?? defaultGenerator;
    return this.copy_(Tensor.fromData(Float64Array.from({ length: this.numel }, () => from + (to - from) * g.random()), this.shape));
  }

  /**
   * Fills with N(mean, std²) draws. PyTorch: `Tensor.normal_`.
   * @example noGrad(() => w.normal_(0, 0.02))
   */
  normal_(mean = 0, std = 1, options?: { generator?: Generator }): this {
    const g = checkOptions<{ generator?: Generator }>('normal_', options, { generator: true }).generator ?? defaultGenerator;
    return this.copy_(Tensor.fromData(Float64Array.from({ length: this.numel }, () => mean + std * g.normal()), this.shape));
  }

  // ------------------------------------------------------------ elementwise (see ops/elementwise.ts)

  /** Method form of `add(this, …)`. PyTorch: `Tensor.add`. */
  add(other: TensorLike): Tensor { return E.add(this, other); }
  /** Method form of `sub(this, …)`. PyTorch: `Tensor.sub`. */
  sub(other: TensorLike): Tensor { return E.sub(this, other); }
  /** Method form of `mul(this, …)`. PyTorch: `Tensor.mul`. */
  mul(other: TensorLike): Tensor { return E.mul(this, other); }
  /** Method form of `div(this, …)`. PyTorch: `Tensor.div`. */
  div(other: TensorLike): Tensor { return E.div(this, other); }
  /** Method form of `pow(this, …)`. PyTorch: `Tensor.pow`. */
  pow(exponent: TensorLike): Tensor { return E.pow(this, exponent); }
  /** Method form of `maximum(this, …)`. PyTorch: `Tensor.maximum`. */
  maximum(other: TensorLike): Tensor { return E.maximum(this, other); }
  /** Method form of `minimum(this, …)`. PyTorch: `Tensor.minimum`. */
  minimum(other: TensorLike): Tensor { return E.minimum(this, other); }
  /** Method form of `neg(this, …)`. PyTorch: `Tensor.neg`. */
  neg(): Tensor { return E.neg(this); }
  /** Method form of `abs(this, …)`. PyTorch: `Tensor.abs`. */
  abs(): Tensor { return E.abs(this); }
  /** Method form of `sign(this, …)`. PyTorch: `Tensor.sign`. */
  sign(): Tensor { return E.sign(this); }
  /** Method form of `exp(this, …)`. PyTorch: `Tensor.exp`. */
  exp(): Tensor { return E.exp(this); }
  /** Method form of `log(this, …)`. PyTorch: `Tensor.log`. */
  log(): Tensor { return E.log(this); }
  /** Method form of `log1p(this, …)`. PyTorch: `Tensor.log1p`. */
  log1p(): Tensor { return E.log1p(this); }
  /** Method form of `expm1(this, …)`. PyTorch: `Tensor.expm1`. */
  expm1(): Tensor { return E.expm1(this); }
  /** Method form of `sqrt(this, …)`. PyTorch: `Tensor.sqrt`. */
  sqrt(): Tensor { return E.sqrt(this); }
  /** Method form of `rsqrt(this, …)`. PyTorch: `Tensor.rsqrt`. */
  rsqrt(): Tensor { return E.rsqrt(this); }
  /** Method form of `reciprocal(this, …)`. PyTorch: `Tensor.reciprocal`. */
  reciprocal(): Tensor { return E.reciprocal(this); }
  /** Elementwise x². PyTorch: `Tensor.square`. */
  square(): Tensor { return E.mul(this, this); }
  /** Method form of `sin(this, …)`. PyTorch: `Tensor.sin`. */
  sin(): Tensor { return E.sin(this); }
  /** Method form of `cos(this, …)`. PyTorch: `Tensor.cos`. */
  cos(): Tensor { return E.cos(this); }
  /** Method form of `tanh(this, …)`. PyTorch: `Tensor.tanh`. */
  tanh(): Tensor { return E.tanh(this); }
  /** Method form of `sigmoid(this, …)`. PyTorch: `Tensor.sigmoid`. */
  sigmoid(): Tensor { return E.sigmoid(this); }
  /** Method form of `relu(this, …)`. PyTorch: `Tensor.relu`. */
  relu(): Tensor { return E.relu(this); }
  /** Method form of `erf(this, …)`. PyTorch: `Tensor.erf`. */
  erf(): Tensor { return E.erf(this); }
  /** Method form of `floor(this, …)`. PyTorch: `Tensor.floor`. */
  floor(): Tensor { return E.floor(this); }
  /** Method form of `ceil(this, …)`. PyTorch: `Tensor.ceil`. */
  ceil(): Tensor { return E.ceil(this); }
  /** Method form of `round(this, …)`. PyTorch: `Tensor.round`. */
  round(): Tensor { return E.round(this); }
  /** Method form of `clamp(this, …)`. PyTorch: `Tensor.clamp`. */
  clamp(min?: number | null, max?: number | null): Tensor { return E.clamp(this, min, max); }
  /** Method form of `eq(this, …)`. PyTorch: `Tensor.eq`. */
  eq(other: TensorLike): Tensor { return E.eq(this, other); }
  /** Method form of `ne(this, …)`. PyTorch: `Tensor.ne`. */
  ne(other: TensorLike): Tensor { return E.ne(this, other); }
  /** Method form of `lt(this, …)`. PyTorch: `Tensor.lt`. */
  lt(other: TensorLike): Tensor { return E.lt(this, other); }
  /** Method form of `le(this, …)`. PyTorch: `Tensor.le`. */
  le(other: TensorLike): Tensor { return E.le(this, other); }
  /** Method form of `gt(this, …)`. PyTorch: `Tensor.gt`. */
  gt(other: TensorLike): Tensor { return E.gt(this, other); }
  /** Method form of `ge(this, …)`. PyTorch: `Tensor.ge`. */
  ge(other: TensorLike): Tensor { return E.ge(this, other); }
  /** Method form of `logicalAnd(this, …)`. PyTorch: `Tensor.logical_and`. */
  logicalAnd(other: TensorLike): Tensor { return E.logicalAnd(this, other); }
  /** Method form of `logicalOr(this, …)`. PyTorch: `Tensor.logical_or`. */
  logicalOr(other: TensorLike): Tensor { return E.logicalOr(this, other); }
  /** Method form of `logicalXor(this, …)`. PyTorch: `Tensor.logical_xor`. */
  logicalXor(other: TensorLike): Tensor { return E.logicalXor(this, other); }
  /** Method form of `logicalNot(this, …)`. PyTorch: `Tensor.logical_not`. */
  logicalNot(): Tensor { return E.logicalNot(this); }
  /** Method form of `isnan(this, …)`. PyTorch: `Tensor.isnan`. */
  isnan(): Tensor { return E.isnan(this); }
  /** Method form of `isfinite(this, …)`. PyTorch: `Tensor.isfinite`. */
  isfinite(): Tensor { return E.isfinite(this); }
  /** Method form of `maskedFill(this, …)`. PyTorch: `Tensor.masked_fill`. */
  maskedFill(mask: Tensor, value: Scalar): Tensor { return E.maskedFill(this, mask, value); }
  /** Method form of `where(condition, this, other)`: this tensor where `condition` holds, `other` elsewhere. PyTorch: `Tensor.where`. */
  where(condition: Tensor, other: TensorLike): Tensor { return E.where(condition, this, other); }
  /** Casts to `dtype` (this tensor itself when it already has it). PyTorch: `Tensor.to(dtype)`. */
  to(dtype: DType): Tensor { return E.cast(this, checkDType('to', dtype)); }
  /** This tensor cast to float32. PyTorch: `Tensor.float`. */
  float(): Tensor { return this.to('float32'); }
  /** This tensor cast to float64. PyTorch: `Tensor.double`. */
  double(): Tensor { return this.to('float64'); }
  /** This tensor cast to int32 (PyTorch's `Tensor.int`; shinsou has no int64). */
  int(): Tensor { return this.to('int32'); }
  /** This tensor cast to bool. PyTorch: `Tensor.bool`. */
  bool(): Tensor { return this.to('bool'); }

  // ------------------------------------------------------------ reductions (see ops/reduce.ts)

  /** Method form of `sum(this, …)`. PyTorch: `Tensor.sum`. */
  sum(dim?: R.Dims, keepdim = false): Tensor { return R.sum(this, dim, keepdim); }
  /** Method form of `mean(this, …)`. PyTorch: `Tensor.mean`. */
  mean(dim?: R.Dims, keepdim = false): Tensor { return R.mean(this, dim, keepdim); }
  /** Method form of `prod(this, …)`. PyTorch: `Tensor.prod`. */
  prod(dim?: R.Dims, keepdim = false): Tensor { return R.prod(this, dim, keepdim); }
  /** Method form of `amax(this, …)`. PyTorch: `Tensor.amax`. */
  amax(dim?: R.Dims, keepdim = false): Tensor { return R.amax(this, dim, keepdim); }
  /** Method form of `amin(this, …)`. PyTorch: `Tensor.amin`. */
  amin(dim?: R.Dims, keepdim = false): Tensor { return R.amin(this, dim, keepdim); }
  /** Method form of `max(this, …)`: all elements' maximum, or values and indices along `dim`. PyTorch: `Tensor.max`. */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): R.ValuesIndices;
  max(dim?: number, keepdim = false): Tensor | R.ValuesIndices { return dim === undefined ? R.max(this) : R.max(this, dim, keepdim); }
  /** Method form of `min(this, …)`: all elements' minimum, or values and indices along `dim`. PyTorch: `Tensor.min`. */
  min(): Tensor;
  min(dim: number, keepdim?: boolean): R.ValuesIndices;
  min(dim?: number, keepdim = false): Tensor | R.ValuesIndices { return dim === undefined ? R.min(this) : R.min(this, dim, keepdim); }
  /** Method form of `argmax(this, …)`. PyTorch: `Tensor.argmax`. */
  argmax(dim?: number, keepdim = false): Tensor { return R.argmax(this, dim, keepdim); }
  /** Method form of `argmin(this, …)`. PyTorch: `Tensor.argmin`. */
  argmin(dim?: number, keepdim = false): Tensor { return R.argmin(this, dim, keepdim); }
  /** Method form of `all(this, …)`. PyTorch: `Tensor.all`. */
  all(dim?: R.Dims, keepdim = false): Tensor { return R.all(this, dim, keepdim); }
  /** Method form of `any(this, …)`. PyTorch: `Tensor.any`. */
  any(dim?: R.Dims, keepdim = false): Tensor { return R.any(this, dim, keepdim); }
  /** Tensor.var: see `variance`; `x.var(1)` is the variance along dim 1, as in PyTorch. */
  var(options?: R.VarOptions): Tensor;
  var(dim: R.Dims, options?: Omit<R.VarOptions, 'dim'>): Tensor;
  var(dimOrOptions?: R.Dims | R.VarOptions, options?: Omit<R.VarOptions, 'dim'>): Tensor { return R.variance(this, dimOrOptions as R.Dims, options); }
  /** Method form of `std(this, …)` (the corrected standard deviation). PyTorch: `Tensor.std`. */
  std(options?: R.VarOptions): Tensor;
  std(dim: R.Dims, options?: Omit<R.VarOptions, 'dim'>): Tensor;
  std(dimOrOptions?: R.Dims | R.VarOptions, options?: Omit<R.VarOptions, 'dim'>): Tensor { return R.std(this, dimOrOptions as R.Dims, options); }
  /** Method form of `norm(this, …)`. PyTorch: `Tensor.norm`. */
  norm(p = 2, dim?: R.Dims, keepdim = false): Tensor { return R.norm(this, p, dim, keepdim); }
  /** Method form of `logsumexp(this, …)`. PyTorch: `Tensor.logsumexp`. */
  logsumexp(dim: R.Dims, keepdim = false): Tensor { return R.logsumexp(this, dim, keepdim); }
  /** Method form of `cumsum(this, …)`. PyTorch: `Tensor.cumsum`. */
  cumsum(dim: number): Tensor { return R.cumsum(this, dim); }
  /** Method form of `softmax(this, …)`. PyTorch: `Tensor.softmax`. */
  softmax(dim: number): Tensor { return R.softmax(this, dim); }
  /** Method form of `logSoftmax(this, …)`. PyTorch: `Tensor.log_softmax`. */
  logSoftmax(dim: number): Tensor { return R.logSoftmax(this, dim); }
  /** Method form of `sort(this, …)`. PyTorch: `Tensor.sort`. */
  sort(dim = -1, descending = false): R.ValuesIndices { return R.sort(this, dim, descending); }
  /** Method form of `topk(this, …)`. PyTorch: `Tensor.topk`. */
  topk(k: number, dim = -1, largest = true): R.ValuesIndices { return R.topk(this, k, dim, largest); }

  // ------------------------------------------------------------ shape (see ops/shape.ts)

  /** `x.reshape([2, -1])` or `x.reshape(2, -1)`. */
  reshape(...shape: number[] | [Shape]): Tensor { return S.reshape(this, sizesOf('reshape', shape)); }
  /** `x.view([2, -1])` or `x.view(2, -1)`. */
  view(...shape: number[] | [Shape]): Tensor { return S.view(this, sizesOf('view', shape)); }
  /** Method form of `flatten(this, …)`. PyTorch: `Tensor.flatten`. */
  flatten(startDim = 0, endDim = -1): Tensor { return S.flatten(this, startDim, endDim); }
  /** Method form of `unflatten(this, …)`. PyTorch: `Tensor.unflatten`. */
  unflatten(dim: number, sizes: Shape): Tensor { return S.unflatten(this, dim, sizes); }
  /** Method form of `squeeze(this, …)`. PyTorch: `Tensor.squeeze`. */
  squeeze(dim?: number | readonly number[]): Tensor { return S.squeeze(this, dim); }
  /** Method form of `unsqueeze(this, …)`. PyTorch: `Tensor.unsqueeze`. */
  unsqueeze(dim: number): Tensor { return S.unsqueeze(this, dim); }
  /** `x.permute([1, 0])` or `x.permute(1, 0)`. */
  permute(...dims: number[] | [readonly number[]]): Tensor { return S.permute(this, sizesOf('permute', dims)); }
  /** Method form of `transpose(this, …)`. PyTorch: `Tensor.transpose`. */
  transpose(dim0: number, dim1: number): Tensor { return S.transpose(this, dim0, dim1); }
  /** All dims reversed (PyTorch's `.T`, meant for matrices). */
  get T(): Tensor { return S.permute(this, this.shape.map((_, i) => this.ndim - 1 - i)); }
  /** The last two dims swapped (batched matrix transpose). PyTorch: `Tensor.mT`. */
  get mT(): Tensor { return S.transpose(this, -2, -1); }
  /** `x.expand([4, -1])` or `x.expand(4, -1)`. */
  expand(...shape: number[] | [Shape]): Tensor { return S.expand(this, sizesOf('expand', shape)); }
  /** Method form of `expand(this, other.shape)`. PyTorch: `Tensor.expand_as`. */
  expandAs(other: Tensor): Tensor { return S.expand(this, other.shape); }
  /** Elements `start:end:step` along `dim` (a view; null bounds mean the ends). PyTorch: `x[..., start:end:step]`. */
  slice(dim: number, start?: number | null, end?: number | null, step = 1): Tensor { return S.slice(this, dim, start, end, step); }
  /** Method form of `narrow(this, …)`. PyTorch: `Tensor.narrow`. */
  narrow(dim: number, start: number, length: number): Tensor { return S.narrow(this, dim, start, length); }
  /** Method form of `select(this, …)`. PyTorch: `Tensor.select`. */
  select(dim: number, index: number): Tensor { return S.select(this, dim, index); }
  /** Basic indexing as a view: `x.get([0, '1:', '::2'])` is `x[0, 1:, ::2]`. See {@link IndexSpec}. */
  get(spec: IndexSpec): Tensor { return sliceView(this, spec); }
  /** This tensor if its layout is already contiguous, else a contiguous copy. PyTorch: `Tensor.contiguous`. */
  contiguous(): Tensor { return S.contiguous(this); }
  /** A copy with its own storage (gradients flow back). PyTorch: `Tensor.clone`. */
  clone(): Tensor { return S.clone(this); }
  /** `x.flip([0, 1])` or `x.flip(0, 1)`. */
  flip(...dims: number[] | [readonly number[]]): Tensor { return S.flip(this, sizesOf('flip', dims)); }
  /** `x.repeat([2, 1])` or `x.repeat(2, 1)`. */
  repeat(...reps: number[] | [readonly number[]]): Tensor { return S.repeat(this, sizesOf('repeat', reps)); }
  /** The transpose of a matrix (a 0-d or 1-d tensor is returned as it is). PyTorch: `Tensor.t`. */
  t(): Tensor {
    if (this.ndim > 2) throw new ValueError(`t: expects a tensor with at most 2 dims, got ${shapeStr(this.shape)}; use transpose(dim0, dim1) or mT`);
    return this.ndim < 2 ? this : S.transpose(this, 0, 1);
  }
  /** Method form of `tril(this, …)`. PyTorch: `Tensor.tril`. */
  tril(diagonal = 0): Tensor { return tril(this, diagonal); }
  /** Method form of `triu(this, …)`. PyTorch: `Tensor.triu`. */
  triu(diagonal = 0): Tensor { return triu(this, diagonal); }
  /** Method form of `split(this, …)`. PyTorch: `Tensor.split`. */
  split(sizes: number | readonly number[], dim = 0): Tensor[] { return S.split(this, sizes, dim); }
  /** Method form of `chunk(this, …)`. PyTorch: `Tensor.chunk`. */
  chunk(chunks: number, dim = 0): Tensor[] { return S.chunk(this, chunks, dim); }
  /** Method form of `pad(this, pads, mode, value)`. PyTorch: `F.pad`. */
  pad(pads: readonly number[], mode: S.PadMode = 'constant', value: Scalar = 0): Tensor { return S.pad(this, pads, mode, value); }

  // ------------------------------------------------------------ indexing and products

  /** Method form of `gather(this, …)`. PyTorch: `Tensor.gather`. */
  gather(dim: number, index: Tensor): Tensor { return I.gather(this, dim, index); }
  /** Method form of `scatter(this, …)`. PyTorch: `Tensor.scatter`. */
  scatter(dim: number, index: Tensor, src: Tensor | Scalar): Tensor { return I.scatter(this, dim, index, src); }
  /** Method form of `scatterAdd(this, …)`. PyTorch: `Tensor.scatter_add`. */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor { return I.scatterAdd(this, dim, index, src); }
  /** Method form of `indexSelect(this, …)`. PyTorch: `Tensor.index_select`. */
  indexSelect(dim: number, index: Tensor): Tensor { return I.indexSelect(this, dim, index); }
  /** Integer-tensor indexing along `dim` (default 0): `x[index]`. */
  index(index: Tensor, dim = 0): Tensor { return I.take(this, index, dim); }
  /** Method form of `matmul(this, …)`. PyTorch: `Tensor.matmul`. */
  matmul(other: Tensor): Tensor { return L.matmul(this, other); }
  /** Method form of `mm(this, …)`. PyTorch: `Tensor.mm`. */
  mm(other: Tensor): Tensor { return L.mm(this, other); }
  /** Method form of `bmm(this, …)`. PyTorch: `Tensor.bmm`. */
  bmm(other: Tensor): Tensor { return L.bmm(this, other); }
  /** Method form of `dot(this, …)`. PyTorch: `Tensor.dot`. */
  dot(other: Tensor): Tensor { return L.dot(this, other); }
  /** Method form of `outer(this, …)`. PyTorch: `Tensor.outer`. */
  outer(other: Tensor): Tensor { return L.outer(this, other); }
  /** Method form of `einsum(equation, this)` or `einsum(equation, this, other)`. PyTorch: `torch.einsum`. */
  einsum(equation: string, other?: Tensor): Tensor { return other ? einsum(equation, this, other) : einsum(equation, this); }

  // ------------------------------------------------------------ like-creation

  /** Zeros of this tensor's shape and dtype. PyTorch: `torch.zeros_like`. */
  zerosLike(): Tensor { return Tensor.zeros(this.shape, this.dtype); }
  /** Ones of this tensor's shape and dtype. PyTorch: `torch.ones_like`. */
  onesLike(): Tensor { return Tensor.full(this.shape, 1, this.dtype); }
  /** A tensor of this one's shape and dtype filled with `value`. PyTorch: `torch.full_like`. */
  fullLike(value: Scalar): Tensor { return Tensor.full(this.shape, value, this.dtype); }
}
