/**
 * shinsou's browser-safe core: tensors, autograd, ops, backends, nn, optim, and the
 * browser-safe parts of data (datasets, DataLoader, transforms) and io (safetensors bytes), with
 * no Node built-ins; import it as 'shinsou/core' in browsers.
 * @example
 * import { tensor } from 'shinsou';
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * x.pow(2).sum().backward();
 * console.log(x.grad!.toString()); // tensor([2., 4., 6.])
 * @packageDocumentation
 */
export { Tensor, Storage, type Scalar, type TensorLike, type NestedArray } from './tensor/tensor.js';
export { type DType, type TypedArray, promoteTypes } from './tensor/dtype.js';
export { type Shape, broadcastShapes } from './tensor/shape.js';
export { Generator, manualSeed, withSeed, defaultGenerator } from './tensor/random.js';
export {
  tensor, zeros, ones, full, zerosLike, onesLike, fullLike, arange, linspace, eye,
  rand, randn, randint, randperm, randLike, randnLike, type CreateOptions, type RandomOptions,
} from './tensor/creation.js';
export { noGrad, enableGrad, isGradEnabled } from './autograd/grad_mode.js';
export { backward, grad, type BackwardOptions, type GradOptions } from './autograd/engine.js';
export { gradcheck, gradgradcheck, type GradcheckOptions } from './autograd/gradcheck.js';
export { defineCustomOp as defineOp, type OpDefinition, type OpContext } from './autograd/function.js';
export {
  getBackend, setBackend, listBackends, registerBackend,
  type Backend, type View, type UnaryOp, type BinaryOp, type ReduceOp, type Axis,
} from './backend/backend.js';
// The WebAssembly SIMD backend registers itself where it can (selectable, never the default by itself).
export { initWasm } from './backend/wasm/index.js';
export {
  neg, abs, sign, exp, log, log1p, expm1, sqrt, rsqrt, reciprocal, sin, cos, tanh, sigmoid, relu, erf,
  floor, ceil, round, isnan, isfinite, logicalNot, add, sub, mul, div, pow, maximum, minimum,
  eq, ne, lt, le, gt, ge, logicalAnd, logicalOr, logicalXor, where, maskedFill, clamp, cast,
} from './ops/elementwise.js';
export {
  sum, mean, prod, amax, amin, max, min, argmax, argmin, all, any, variance as var, std, norm,
  logsumexp, cumsum, softmax, logSoftmax, sort, topk, valuesIndices, type Dims, type ValuesIndices, type VarOptions,
} from './ops/reduce.js';
export {
  reshape, view, flatten, unflatten, squeeze, unsqueeze, permute, transpose, expand, slice, narrow,
  select, clone, contiguous, flip, repeat, cat, stack, split, chunk, pad, type PadMode,
} from './ops/shape.js';
export { gather, scatter, scatterAdd, indexSelect, take, oneHot } from './ops/index.js';
export { matmul, mm, bmm, dot, outer } from './ops/linalg.js';
export { tril, triu } from './ops/triangular.js';
export { sliceView, sliceScatter, type IndexSpec } from './ops/slicing.js';
export { einsum } from './ops/einsum.js';
export { ShapeError, DTypeError, ValueError, IndexError, AutogradError, FormatError, LinAlgError } from './errors.js';
export * as linalg from './linalg/index.js';
export * as nn from './nn/index.js';
export * as F from './nn/functional/index.js';
export * as optim from './optim/index.js';
export * as data from './data/browser.js';
export * as io from './io/browser.js';
export * as models from './models/index.js';
export * as rl from './rl/index.js';
export * as gan from './gan/index.js';
export * as text from './text/index.js';
export * as audio from './audio/index.js';
export * from './ops/conv.js';
export * from './ops/pooling.js';
export * from './ops/resample.js';
export * from './ops/grid_sample.js';
