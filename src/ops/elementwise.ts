/**
 * @file Elementwise ops: unary math, binary arithmetic with broadcasting, comparisons, logic,
 * where/clamp, and dtype casts. Each differentiable op's VJP sits beside its forward.
 */
import { defineOp, type OpContext, type Saves } from '../autograd/function.js';
import { isGradEnabled } from '../autograd/grad_mode.js';
import { traced } from '../autograd/trace.js';
import { getBackend, type BinaryOp, type UnaryOp } from '../backend/backend.js';
import { DTypeError } from '../errors.js';
import { isFloating, promoteTypes, scalarDType, type DType } from '../tensor/dtype.js';
import { broadcastShapes, broadcastStrides, type Shape } from '../tensor/shape.js';
import { Tensor, type Scalar, type TensorLike } from '../tensor/tensor.js';

/** Sums `g` over the dims that broadcasting added or stretched, giving a tensor of `shape`. */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (g.shape.length === shape.length && g.shape.every((s, i) => s === shape[i])) return g;
  const lead = g.shape.length - shape.length;
  const dims: number[] = [];
  g.shape.forEach((s, i) => {
    if (i < lead || (shape[i - lead] === 1 && s !== 1)) dims.push(i);
  });
  const summed = dims.length > 0 ? g.sum(dims, true) : g;
  return summed.reshape(shape);
}

/** A strided view of `t` broadcast to `shape`, for the kernels. */
function broadcastView(t: Tensor, shape: Shape): Tensor['raw'] {
  return { ...t.raw, shape, strides: broadcastStrides(t.shape, t.strides, shape) };
}

// ---------------------------------------------------------------- unary

type UnaryBackward = (g: Tensor, x: Tensor, out: Tensor) => Tensor;

/** Float-valued functions turn integer inputs into float32, as PyTorch's do. */
function floatDType(dtype: DType): DType {
  return isFloating(dtype) ? dtype : 'float32';
}

function unaryOp(name: UnaryOp, saves: 'inputs' | 'output' | 'none', backward: UnaryBackward, outDType = floatDType) {
  const op = defineOp<undefined>({
    name,
    saves,
    forward: ([x]) => Tensor.fromData(getBackend().unary(name, x!.raw, outDType(x!.dtype)), x!.shape),
    backward: (g, ctx) => [backward(g, ctx.inputs[0]!, ctx.output)],
  });
  return (x: Tensor): Tensor => op([x], undefined);
}

const same = (d: DType): DType => d;
const zeroGrad: UnaryBackward = (g) => g.zerosLike();

/** −x. PyTorch: `torch.neg`. */
export const neg = unaryOp('neg', 'none', (g) => g.neg(), same);
/** |x|; its gradient at 0 is 0. PyTorch: `torch.abs`. */
export const abs = unaryOp('abs', 'inputs', (g, x) => g.mul(x.sign()), same);
/** −1, 0 or 1 by the sign of x (gradient 0). PyTorch: `torch.sign`. */
export const sign = unaryOp('sign', 'none', zeroGrad, same);
/** eˣ. PyTorch: `torch.exp`. */
export const exp = unaryOp('exp', 'output', (g, _x, out) => g.mul(out));
/** Natural logarithm. PyTorch: `torch.log`. */
export const log = unaryOp('log', 'inputs', (g, x) => g.div(x));
/** log(1 + x), accurate for small x. PyTorch: `torch.log1p`. */
export const log1p = unaryOp('log1p', 'inputs', (g, x) => g.div(x.add(1)));
/** eˣ − 1, accurate for small x. PyTorch: `torch.expm1`. */
export const expm1 = unaryOp('expm1', 'output', (g, _x, out) => g.mul(out.add(1)));
/** √x. PyTorch: `torch.sqrt`. */
export const sqrt = unaryOp('sqrt', 'output', (g, _x, out) => g.div(out.mul(2)));
/** 1/√x. PyTorch: `torch.rsqrt`. */
export const rsqrt = unaryOp('rsqrt', 'output', (g, _x, out) => g.mul(out.pow(3)).mul(-0.5));
/** 1/x. PyTorch: `torch.reciprocal`. */
export const reciprocal = unaryOp('reciprocal', 'output', (g, _x, out) => g.mul(out.mul(out)).neg());
/** sin x. PyTorch: `torch.sin`. */
export const sin = unaryOp('sin', 'inputs', (g, x) => g.mul(x.cos()));
/** cos x. PyTorch: `torch.cos`. */
export const cos = unaryOp('cos', 'inputs', (g, x) => g.mul(x.sin()).neg());
/** tanh x. PyTorch: `torch.tanh`. */
export const tanh = unaryOp('tanh', 'output', (g, _x, out) => g.mul(out.mul(out).neg().add(1)));
/** σ(x) = 1/(1 + e^−x), computed without overflow. PyTorch: `torch.sigmoid`. */
export const sigmoid = unaryOp('sigmoid', 'output', (g, _x, out) => g.mul(out.mul(out.neg().add(1))));
/** max(x, 0); gradient 0 at x = 0. PyTorch: `torch.relu`. */
export const relu = unaryOp('relu', 'output', (g, _x, out) =>
  // One fused pass, unless the gradient itself is being recorded (second derivatives).
  isGradEnabled() ? where(out.gt(0), g, 0) : Tensor.fromData(getBackend().thresholdBackward(g.contiguousData(), out.contiguousData(), 0), g.shape), same);
/** The error function erf(x) = 2/√π ∫₀ˣ e^−t² dt. PyTorch: `torch.erf`. */
export const erf = unaryOp('erf', 'inputs', (g, x) => g.mul(x.mul(x).neg().exp().mul(2 / Math.sqrt(Math.PI))));
/** ⌊x⌋ (gradient 0). PyTorch: `torch.floor`. */
export const floor = unaryOp('floor', 'none', zeroGrad, same);
/** ⌈x⌉ (gradient 0). PyTorch: `torch.ceil`. */
export const ceil = unaryOp('ceil', 'none', zeroGrad, same);
/** Rounds half to even (gradient 0). PyTorch: `torch.round`. */
export const round = unaryOp('round', 'none', zeroGrad, same);

function predicate(name: UnaryOp): (x: Tensor) => Tensor {
  return traced(name, (x: Tensor) => Tensor.fromData(getBackend().unary(name, x.raw, 'bool'), x.shape));
}
/** True where x is NaN. PyTorch: `torch.isnan`. */
export const isnan = predicate('isnan');
/** True where x is neither infinite nor NaN. PyTorch: `torch.isfinite`. */
export const isfinite = predicate('isfinite');
/** Elementwise NOT (nonzero is true). PyTorch: `torch.logical_not`. */
export const logicalNot = predicate('logicalNot');

// ---------------------------------------------------------------- binary

/** Converts both operands to their common dtype, scalars into 0-d tensors (PyTorch promotion). */
function promote(a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const ta = a instanceof Tensor;
  const tb = b instanceof Tensor;
  const da = ta ? a.dtype : scalarDType(a);
  const db = tb ? b.dtype : scalarDType(b);
  const dtype = ta && tb ? promoteTypes(da, db) : ta ? promoteTypes(da, db, true) : tb ? promoteTypes(db, da, true) : promoteTypes(da, db);
  const as = (x: TensorLike): Tensor => (x instanceof Tensor ? x.to(dtype) : Tensor.scalar(x, dtype));
  return [as(a), as(b)];
}

type BinaryBackward = (g: Tensor, ctx: OpContext<undefined>) => readonly (Tensor | null)[];

function binaryKernel(name: BinaryOp, a: Tensor, b: Tensor, dtype: DType): Tensor {
  const shape = broadcastShapes(name, a.shape, b.shape);
  return Tensor.fromData(getBackend().binary(name, broadcastView(a, shape), broadcastView(b, shape), shape, dtype), shape);
}

function binaryOp(name: BinaryOp, saves: Saves, backward: BinaryBackward, floatOnly = false) {
  const op = defineOp<undefined>({
    name,
    saves,
    forward: ([a, b]) => binaryKernel(name, a!, b!, a!.dtype),
    backward: (g, ctx) => backward(g, ctx).map((gi, i) => (gi && ctx.needsGrad[i] ? sumTo(gi, ctx.inputShapes[i]!) : null)),
  });
  return (a: TensorLike, b: TensorLike): Tensor => {
    let [x, y] = promote(a, b);
    if (floatOnly && !isFloating(x.dtype)) [x, y] = [x.to('float32'), y.to('float32')];
    return op([x, y], undefined);
  };
}

/** a + b with broadcasting. PyTorch: `torch.add`. */
export const add = binaryOp('add', 'none', (g) => [g, g]);
/** a − b with broadcasting. PyTorch: `torch.sub`. */
export const sub = binaryOp('sub', 'none', (g, { needsGrad }) => [g, needsGrad[1] ? g.neg() : null]);
/** a · b elementwise with broadcasting. PyTorch: `torch.mul`. */
export const mul = binaryOp('mul', ([needA, needB]) => [...(needB ? [0] : []), ...(needA ? [1] : [])], (g, { inputs: [a, b], needsGrad }) => [
  needsGrad[0] ? g.mul(b!) : null,
  needsGrad[1] ? g.mul(a!) : null,
]);
/** a / b (true division: integers give float32). PyTorch: `torch.div`. */
export const div = binaryOp('div', ([, needB]) => (needB ? [0, 1] : [1]), (g, { inputs: [a, b], needsGrad }) => [
  needsGrad[0] ? g.div(b!) : null,
  needsGrad[1] ? g.mul(a!).div(b!.mul(b!)).neg() : null,
], true);
/** aᵇ. The exponent's gradient is 0 where a = 0 and b ≥ 0, as in PyTorch. PyTorch: `torch.pow`. */
export const pow = binaryOp('pow', 'all', (g, { inputs: [a, b], output, needsGrad }) => [
  needsGrad[0] ? g.mul(b!).mul(a!.pow(b!.sub(1))).mul(b!.ne(0)) : null,
  needsGrad[1] ? where(a!.eq(0).logicalAnd(b!.ge(0)), 0, g.mul(output).mul(a!.log())) : null,
]);
/** Elementwise max; ties split the gradient equally. PyTorch: `torch.maximum`. */
export const maximum = binaryOp('maximum', 'inputs', (g, { inputs: [a, b] }) => tieSplit(g, a!.gt(b!), a!.eq(b!)));
/** Elementwise min; ties split the gradient equally. PyTorch: `torch.minimum`. */
export const minimum = binaryOp('minimum', 'inputs', (g, { inputs: [a, b] }) => tieSplit(g, a!.lt(b!), a!.eq(b!)));

function tieSplit(g: Tensor, firstWins: Tensor, tie: Tensor): [Tensor, Tensor] {
  const half = g.mul(0.5);
  return [where(tie, half, where(firstWins, g, 0)), where(tie, half, where(firstWins, 0, g))];
}

function compareOp(name: BinaryOp): (a: TensorLike, b: TensorLike) => Tensor {
  const op = traced(name, (x: Tensor, y: Tensor) => binaryKernel(name, x, y, 'bool'));
  return (a, b) => op(...promote(a, b));
}
/** a == b elementwise (bool). PyTorch: `torch.eq`. */
export const eq = compareOp('eq');
/** a != b elementwise (bool). PyTorch: `torch.ne`. */
export const ne = compareOp('ne');
/** a < b elementwise (bool). PyTorch: `torch.lt`. */
export const lt = compareOp('lt');
/** a <= b elementwise (bool). PyTorch: `torch.le`. */
export const le = compareOp('le');
/** a > b elementwise (bool). PyTorch: `torch.gt`. */
export const gt = compareOp('gt');
/** a >= b elementwise (bool). PyTorch: `torch.ge`. */
export const ge = compareOp('ge');
/** Elementwise AND of truth values (bool). PyTorch: `torch.logical_and`. */
export const logicalAnd = compareOp('logicalAnd');
/** Elementwise OR of truth values (bool). PyTorch: `torch.logical_or`. */
export const logicalOr = compareOp('logicalOr');
/** Elementwise XOR of truth values (bool). PyTorch: `torch.logical_xor`. */
export const logicalXor = compareOp('logicalXor');

// ---------------------------------------------------------------- where, clamp, casts

const whereOp = defineOp<Tensor>({
  name: 'where',
  saves: 'none',
  forward: ([a, b], cond) => {
    const shape = broadcastShapes('where', cond.shape, a!.shape, b!.shape);
    const view = (t: Tensor): Tensor['raw'] => broadcastView(t, shape);
    return Tensor.fromData(getBackend().where(view(cond), view(a!), view(b!), shape, a!.dtype), shape);
  },
  backward: (g, { attrs: cond, inputShapes, needsGrad }) => [
    needsGrad[0] ? sumTo(where(cond, g, 0), inputShapes[0]!) : null,
    needsGrad[1] ? sumTo(where(cond, 0, g), inputShapes[1]!) : null,
  ],
});

/**
 * Picks `a` where `condition` is true and `b` elsewhere, broadcasting all three.
 * PyTorch: `torch.where(condition, a, b)`.
 * @example where(x.gt(0), x, 0) // relu
 */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promote(a, b);
  return whereOp([x, y], condition.dtype === 'bool' ? condition : condition.ne(0));
}

/**
 * Fills `value` where `mask` is true. PyTorch: `Tensor.masked_fill`.
 * @example maskedFill(scores, padMask, -Infinity) // padded keys get no attention
 */
export function maskedFill(x: Tensor, mask: Tensor, value: Scalar): Tensor {
  if (mask.dtype !== 'bool') throw new DTypeError(`maskedFill: mask must be bool, got ${mask.dtype}`);
  return where(mask, Tensor.scalar(value, x.dtype), x);
}

const clampOp = defineOp<{ min: number; max: number }>({
  name: 'clamp',
  saves: 'inputs',
  forward: ([x], { min, max }) => {
    const kernel = getBackend();
    const lo = Tensor.scalar(min, x!.dtype);
    const hi = Tensor.scalar(max, x!.dtype);
    const lower = Tensor.fromData(kernel.binary('maximum', x!.raw, broadcastView(lo, x!.shape), x!.shape, x!.dtype), x!.shape);
    return Tensor.fromData(kernel.binary('minimum', lower.raw, broadcastView(hi, x!.shape), x!.shape, x!.dtype), x!.shape);
  },
  backward: (g, { inputs: [x], attrs: { min, max } }) => [g.mul(x!.ge(min).logicalAnd(x!.le(max)))],
});

/**
 * Limits every element to [min, max] (either bound may be omitted). The gradient is 1 inside
 * the closed interval and 0 outside. PyTorch: `torch.clamp`.
 * @example clamp(x, 0, 6) // relu6
 */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  return clampOp([x], { min: min ?? -Infinity, max: max ?? Infinity });
}

const castOp = defineOp<DType>({
  name: 'to',
  saves: 'none',
  forward: ([x], dtype) => Tensor.fromData(getBackend().copy(x!.raw, dtype), x!.shape),
  backward: (g, { inputDTypes }) => [g.to(inputDTypes[0]!)],
});

/**
 * Casts to `dtype`; returns `x` itself when it already has that dtype. PyTorch: `Tensor.to(dtype)`.
 * @example cast(mask, 'float32') // bool → 0/1 floats
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  if (x.requiresGrad && isFloating(dtype)) return castOp([x], dtype);
  return castOp([x.detach()], dtype);
}
