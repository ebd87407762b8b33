/** @file js kernels: copy/cast, unary, binary and ternary (where) elementwise ops on strided views. */
import type { BinaryOp, UnaryOp, View } from '../backend.js';
import { allocate, dtypeOfArray, type DType, type TypedArray } from '../../tensor/dtype.js';
import { isContiguous, numel, type Shape } from '../../tensor/shape.js';
import { erf, roundHalfEven, sigmoid } from './math.js';
import { forEachRow } from './strided.js';

type Fn1 = (x: number) => number;
type Fn2 = (a: number, b: number) => number;

const UNARY: Record<UnaryOp, Fn1> = {
  neg: (x) => -x,
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  reciprocal: (x) => 1 / x,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid,
  relu: (x) => (x <= 0 ? 0 : x), // keeps NaN
  erf,
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  isnan: (x) => (Number.isNaN(x) ? 1 : 0),
  isfinite: (x) => (Number.isFinite(x) ? 1 : 0),
  logicalNot: (x) => (x ? 0 : 1),
};

const BINARY: Record<BinaryOp, Fn2> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)),
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)),
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  logicalAnd: (a, b) => (a && b ? 1 : 0),
  logicalOr: (a, b) => (a || b ? 1 : 0),
  logicalXor: (a, b) => (!a !== !b ? 1 : 0),
};

/** Integer results of arithmetic wrap to 32 bits, as int32 tensors do in PyTorch. */
function store(dtype: DType, shape: Shape): TypedArray {
  return allocate(dtype, numel(shape));
}

export function copy(x: View, dtype: DType): TypedArray {
  const out = store(dtype, x.shape);
  const src = x.data;
  if (isContiguous(x.shape, x.strides)) {
    const n = out.length;
    if (dtype === 'bool') for (let i = 0; i < n; i++) out[i] = src[x.offset + i] !== 0 ? 1 : 0;
    else out.set(src.subarray(x.offset, x.offset + n));
    return out;
  }
  const toBool = dtype === 'bool';
  forEachRow(x.shape, [x.strides], [x.offset], (o, n, [s]) => {
    const step = x.strides[x.strides.length - 1]!;
    let p = s!;
    for (let i = 0; i < n; i++, p += step) out[o + i] = toBool ? (src[p] !== 0 ? 1 : 0) : src[p]!;
  });
  return out;
}

export function assign(dst: View, src: View): void {
  const D = dst.data;
  const S = src.data;
  const last = dst.shape.length - 1;
  const sd = last < 0 ? 0 : dst.strides[last]!;
  const ss = last < 0 ? 0 : src.strides[last]!;
  const toBool = D instanceof Uint8Array;
  forEachRow(dst.shape, [dst.strides, src.strides], [dst.offset, src.offset], (_o, n, [pd0, ps0]) => {
    let pd = pd0!;
    let ps = ps0!;
    for (let i = 0; i < n; i++, pd += sd, ps += ss) D[pd] = toBool ? (S[ps] !== 0 ? 1 : 0) : S[ps]!;
  });
}

export function unary(op: UnaryOp, x: View, dtype: DType): TypedArray {
  const f = UNARY[op];
  const out = store(dtype, x.shape);
  const src = x.data;
  const step = x.strides.length === 0 ? 1 : x.strides[x.strides.length - 1]!;
  forEachRow(x.shape, [x.strides], [x.offset], (o, n, [s]) => {
    let p = s!;
    for (let i = 0; i < n; i++, p += step) out[o + i] = f(src[p]!);
  });
  return out;
}

export function binary(op: BinaryOp, a: View, b: View, shape: Shape, dtype: DType): TypedArray {
  const out = store(dtype, shape);
  const A = a.data;
  const B = b.data;
  const last = shape.length - 1;
  const sa = last < 0 ? 0 : a.strides[last]!;
  const sb = last < 0 ? 0 : b.strides[last]!;
  const f = BINARY[op];
  forEachRow(shape, [a.strides, b.strides], [a.offset, b.offset], (o, n, [pa0, pb0]) => {
    let pa = pa0!;
    let pb = pb0!;
    // The common ops get their own loops: a (megamorphic) call per element would dominate.
    switch (op) {
      case 'add': for (let i = 0; i < n; i++, pa += sa, pb += sb) out[o + i] = A[pa]! + B[pb]!; break;
      case 'sub': for (let i = 0; i < n; i++, pa += sa, pb += sb) out[o + i] = A[pa]! - B[pb]!; break;
      case 'mul': for (let i = 0; i < n; i++, pa += sa, pb += sb) out[o + i] = A[pa]! * B[pb]!; break;
      case 'div': for (let i = 0; i < n; i++, pa += sa, pb += sb) out[o + i] = A[pa]! / B[pb]!; break;
      case 'gt': for (let i = 0; i < n; i++, pa += sa, pb += sb) out[o + i] = A[pa]! > B[pb]! ? 1 : 0; break;
      case 'ge': for (let i = 0; i < n; i++, pa += sa, pb += sb) out[o + i] = A[pa]! >= B[pb]! ? 1 : 0; break;
      case 'lt': for (let i = 0; i < n; i++, pa += sa, pb += sb) out[o + i] = A[pa]! < B[pb]! ? 1 : 0; break;
      case 'le': for (let i = 0; i < n; i++, pa += sa, pb += sb) out[o + i] = A[pa]! <= B[pb]! ? 1 : 0; break;
      case 'eq': for (let i = 0; i < n; i++, pa += sa, pb += sb) out[o + i] = A[pa]! === B[pb]! ? 1 : 0; break;
      default: for (let i = 0; i < n; i++, pa += sa, pb += sb) out[o + i] = f(A[pa]!, B[pb]!);
    }
  });
  return out;
}

export function thresholdBackward(g: TypedArray, y: TypedArray, threshold: number): TypedArray {
  const out = allocate(dtypeOfArray(g), g.length);
  for (let i = 0; i < g.length; i++) out[i] = y[i]! > threshold ? g[i]! : 0;
  return out;
}

export function where(cond: View, a: View, b: View, shape: Shape, dtype: DType): TypedArray {
  const out = store(dtype, shape);
  const last = shape.length - 1;
  const step = (v: View): number => (last < 0 ? 0 : v.strides[last]!);
  const [sc, sa, sb] = [step(cond), step(a), step(b)];
  const [C, A, B] = [cond.data, a.data, b.data];
  forEachRow(shape, [cond.strides, a.strides, b.strides], [cond.offset, a.offset, b.offset], (o, n, [pc0, pa0, pb0]) => {
    let [pc, pa, pb] = [pc0!, pa0!, pb0!];
    for (let i = 0; i < n; i++, pc += sc, pa += sa, pb += sb) out[o + i] = C[pc] ? A[pa]! : B[pb]!;
  });
  return out;
}
