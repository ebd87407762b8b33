/** @file Creating tensors: from data, constant fills, ranges, identity, and seeded random draws. */
import { DTypeError, ValueError } from '../errors.js';
import { checkArgCount, checkOptions, type OptionKeys } from '../options.js';
import { allocate, checkDType, dtypeOfArray, type DType, type TypedArray } from './dtype.js';
import { defaultGenerator, type Generator } from './random.js';
import { checkShape, numel, type Shape } from './shape.js';
import { Tensor, type NestedArray, type Scalar } from './tensor.js';

/** Options shared by creation functions. */
export interface CreateOptions {
  /** Element type; defaults to float32 (int32/bool for integer/boolean data in `tensor`). */
  dtype?: DType;
  /** Makes the result a leaf that requires grad. */
  requiresGrad?: boolean;
}

/** Options of random creation functions. */
export interface RandomOptions extends CreateOptions {
  /** Generator to draw from; the global one (seeded by `manualSeed`) by default. */
  generator?: Generator;
}

const createKeys: OptionKeys<CreateOptions> = { dtype: true, requiresGrad: true };
const randomKeys: OptionKeys<RandomOptions> = { ...createKeys, generator: true };

/**
 * A shape given PyTorch's ways, `zeros([2, 3])` or `zeros(2, 3)`, with an optional trailing
 * options object (`zeros(2, 3, { dtype: 'float64' })`).
 */
function shapeAndOptions<O extends object>(op: string, args: readonly unknown[], keys: OptionKeys<O>): [Shape, O] {
  if (typeof args[0] === 'number') {
    const last = args[args.length - 1];
    const sizes = typeof last === 'number' ? args : args.slice(0, -1);
    const options = checkOptions(op, (typeof last === 'number' ? undefined : last) as O | undefined, keys);
    const bad = sizes.find((v) => typeof v !== 'number');
    if (bad !== undefined) throw new ValueError(`${op}: sizes given one by one must all be numbers, got ${JSON.stringify(bad)}; or pass the shape as an array`);
    return [sizes as number[], options];
  }
  const options = checkOptions(op, args[1] as O | undefined, keys);
  checkArgCount(op, args.length, 2, `${op}([...sizes], options) or ${op}(...sizes, options)`);
  return [args[0] as Shape, options];
}

function finish(t: Tensor, options: CreateOptions): Tensor {
  return options.requiresGrad ? t.requiresGrad_() : t;
}

function inferNested(op: string, data: NestedArray): { shape: number[]; flat: Scalar[] } {
  const shape: number[] = [];
  let level: NestedArray = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0] as NestedArray;
    if (level === undefined) break;
  }
  const flat: Scalar[] = [];
  const walk = (x: NestedArray, d: number): void => {
    if (d === shape.length) {
      if (Array.isArray(x)) throw new ValueError(`${op}: ragged nested array (too deep at dim ${d})`);
      flat.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[d]) {
      throw new ValueError(`${op}: ragged nested array (expected length ${shape[d]} at dim ${d})`);
    }
    for (const item of x) walk(item, d + 1);
  };
  walk(data, 0);
  return { shape, flat };
}

/**
 * A tensor from nested arrays, a scalar, or a typed array (copied). Numbers give float32 and
 * booleans bool unless `dtype` says otherwise (write `{ dtype: 'int32' }` for class indices);
 * a typed array keeps its own dtype.
 * PyTorch: `torch.tensor(data, dtype, requires_grad)`.
 * @example tensor([[1, 2], [3, 4]], { dtype: 'float64', requiresGrad: true })
 */
export function tensor(data: NestedArray | TypedArray, options?: CreateOptions): Tensor {
  options = checkOptions('tensor', options, createKeys);
  if (ArrayBuffer.isView(data)) {
    const dtype = options.dtype ? checkDType('tensor', options.dtype) : dtypeOfArray(data);
    const out = allocate(dtype, data.length);
    out.set(data);
    return finish(Tensor.fromData(out, [data.length]), options);
  }
  const { shape, flat } = inferNested('tensor', data);
  for (const v of flat) {
    if (typeof v !== 'number' && typeof v !== 'boolean') throw new ValueError(`tensor: elements must be numbers or booleans, got ${typeof v}`);
  }
  // JavaScript cannot tell 1 from 1.0, so numbers are float32 (as in TF.js); booleans are bool.
  const inferred: DType = flat.length > 0 && flat.every((v) => typeof v === 'boolean') ? 'bool' : 'float32';
  const dtype = options.dtype ? checkDType('tensor', options.dtype) : inferred;
  const out = allocate(dtype, flat.length);
  flat.forEach((v, i) => (out[i] = Number(v)));
  return finish(Tensor.fromData(out, shape), options);
}

/**
 * A tensor of `shape` filled with `value`.
 * PyTorch: `torch.full`.
 * @example full([2, 2], 7) // [[7, 7], [7, 7]]
 */
export function full(shape: Shape, value: Scalar, options?: CreateOptions): Tensor {
  options = checkOptions('full', options, createKeys);
  return finish(Tensor.full(checkShape('full', shape), value, checkDType('full', options.dtype ?? 'float32')), options);
}

/**
 * Zeros of `shape`, given as an array or one size per argument.
 * PyTorch: `torch.zeros`.
 * @example zeros([2, 3]); zeros(2, 3); zeros(2, 3, { dtype: 'int32' })
 */
export function zeros(shape: Shape, options?: CreateOptions): Tensor;
export function zeros(...sizes: [...number[], CreateOptions] | number[]): Tensor;
export function zeros(...args: unknown[]): Tensor {
  const [shape, options] = shapeAndOptions('zeros', args, createKeys);
  return full(shape, 0, options);
}

/**
 * Ones of `shape` (an array or one size per argument).
 * PyTorch: `torch.ones`.
 * @example ones([2, 3]); ones(2, 3, { dtype: 'float64' })
 */
export function ones(shape: Shape, options?: CreateOptions): Tensor;
export function ones(...sizes: [...number[], CreateOptions] | number[]): Tensor;
export function ones(...args: unknown[]): Tensor {
  const [shape, options] = shapeAndOptions('ones', args, createKeys);
  return full(shape, 1, options);
}

/** `t`'s shape, and the checked options with `t`'s dtype as the default. */
function like<O extends CreateOptions>(op: string, t: Tensor, options: O | undefined, keys: OptionKeys<O>): [Shape, O] {
  const checked = checkOptions(op, options, keys);
  return [t.shape, { dtype: t.dtype, ...checked }];
}
/**
 * Zeros with `t`'s shape and dtype.
 * PyTorch: `torch.zeros_like`.
 * @example const grad = zerosLike(weight)
 */
export const zerosLike = (t: Tensor, options?: CreateOptions): Tensor => zeros(...like('zerosLike', t, options, createKeys));
/**
 * Ones with `t`'s shape and dtype.
 * PyTorch: `torch.ones_like`.
 * @example const targets = onesLike(realLogits) // "real" labels for a GAN loss
 */
export const onesLike = (t: Tensor, options?: CreateOptions): Tensor => ones(...like('onesLike', t, options, createKeys));
/**
 * `value` with `t`'s shape and dtype.
 * PyTorch: `torch.full_like`.
 * @example fullLike(x, 0.9) // smoothed labels
 */
export const fullLike = (t: Tensor, value: Scalar, options?: CreateOptions): Tensor => {
  const [shape, o] = like('fullLike', t, options, createKeys);
  return full(shape, value, o);
};

/**
 * Values `start, start+step, …` below `end`; `arange(n)` counts 0..n−1. Integer arguments give
 * int32, others float32.
 * PyTorch: `torch.arange`.
 * @example arange(4) // [0, 1, 2, 3] (int32); arange(0, 1, 0.25) // [0, 0.25, 0.5, 0.75]
 */
export function arange(start: number, end?: number, step = 1, options?: CreateOptions): Tensor {
  options = checkOptions('arange', options, createKeys);
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  if (step === 0 || !Number.isFinite(step)) throw new ValueError(`arange: step must be a nonzero finite number, got ${step}`);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const dtype = options.dtype ?? ([lo, hi, step].every(Number.isInteger) ? 'int32' : 'float32');
  const out = allocate(checkDType('arange', dtype), n);
  for (let i = 0; i < n; i++) out[i] = lo + i * step;
  return finish(Tensor.fromData(out, [n]), options);
}

/**
 * `steps` evenly spaced values from `start` to `end` inclusive.
 * PyTorch: `torch.linspace`.
 * @example linspace(0, 1, 5) // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, end: number, steps: number, options?: CreateOptions): Tensor {
  options = checkOptions('linspace', options, createKeys);
  if (!Number.isInteger(steps) || steps < 0) throw new ValueError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const out = allocate(checkDType('linspace', options.dtype ?? 'float32'), steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // PyTorch fills the second half backwards from `end` so the last value is exact.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) out[i] = i < half ? start + i * step : end - (steps - 1 - i) * step;
  return finish(Tensor.fromData(out, [steps]), options);
}

/**
 * An `n × m` matrix with ones on the diagonal.
 * PyTorch: `torch.eye`.
 * @example eye(3) // the 3 × 3 identity; eye(2, 3)
 */
export function eye(n: number, m = n, options?: CreateOptions): Tensor {
  options = checkOptions('eye', options, createKeys);
  const t = zeros(checkShape('eye', [n, m]), { dtype: options.dtype });
  const data = t.storage.data;
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return finish(t, options);
}

function randomTensor(op: string, shape: Shape, options: RandomOptions, draw: (g: Generator) => number): Tensor {
  const dtype = checkDType(op, options.dtype ?? 'float32');
  if (dtype !== 'float32' && dtype !== 'float64') throw new DTypeError(`${op}: dtype must be floating point, got ${dtype}`);
  const g = options.generator ?? defaultGenerator;
  const out = allocate(dtype, numel(checkShape(op, shape)));
  for (let i = 0; i < out.length; i++) out[i] = draw(g);
  return finish(Tensor.fromData(out, shape), options);
}

/**
 * Uniform samples in [0, 1) of `shape` (an array or one size per argument).
 * PyTorch: `torch.rand`.
 * @example rand([2, 3]); rand(2, 3, { generator: new Generator(1) })
 */
export function rand(shape: Shape, options?: RandomOptions): Tensor;
export function rand(...sizes: [...number[], RandomOptions] | number[]): Tensor;
export function rand(...args: unknown[]): Tensor {
  const [shape, options] = shapeAndOptions('rand', args, randomKeys);
  return randomTensor('rand', shape, options, (g) => g.random());
}

/**
 * Standard normal samples of `shape` (an array or one size per argument).
 * PyTorch: `torch.randn`.
 * @example randn([2, 3]); randn(2, 3, { generator })
 */
export function randn(shape: Shape, options?: RandomOptions): Tensor;
export function randn(...sizes: [...number[], RandomOptions] | number[]): Tensor;
export function randn(...args: unknown[]): Tensor {
  const [shape, options] = shapeAndOptions('randn', args, randomKeys);
  return randomTensor('randn', shape, options, (g) => g.normal());
}

/**
 * Uniform integers in [low, high), int32.
 * PyTorch: `torch.randint(low, high, size)`.
 * @example randint(0, 10, [4]) // four digits, e.g. class labels
 */
export function randint(low: number, high: number, shape: Shape, options?: RandomOptions): Tensor {
  options = checkOptions('randint', options, randomKeys);
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ValueError(`randint: expected integers low < high, got [${low}, ${high})`);
  }
  const g = options.generator ?? defaultGenerator;
  const out = allocate(checkDType('randint', options.dtype ?? 'int32'), numel(checkShape('randint', shape)));
  for (let i = 0; i < out.length; i++) out[i] = g.integer(low, high);
  return Tensor.fromData(out, shape);
}

/**
 * A random permutation of 0..n−1 (Fisher–Yates), int32.
 * PyTorch: `torch.randperm`.
 * @example const order = randperm(images.shape[0]); const shuffled = images.index(order)
 */
export function randperm(n: number, options?: RandomOptions): Tensor {
  options = checkOptions('randperm', options, randomKeys);
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`randperm: n must be a non-negative integer, got ${n}`);
  const g = options.generator ?? defaultGenerator;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = g.integer(0, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return Tensor.fromData(out, [n]);
}

/**
 * Uniform samples in [0, 1) with `t`'s shape and dtype.
 * PyTorch: `torch.rand_like`.
 * @example const mask = randLike(x).lt(0.5)
 */
export const randLike = (t: Tensor, options?: RandomOptions): Tensor => rand(...like('randLike', t, options, randomKeys));
/**
 * Standard normal samples with `t`'s shape and dtype.
 * PyTorch: `torch.randn_like`.
 * @example const noisy = x.add(randnLike(x).mul(0.1))
 */
export const randnLike = (t: Tensor, options?: RandomOptions): Tensor => randn(...like('randnLike', t, options, randomKeys));
