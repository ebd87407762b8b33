/** @file Matrix products: matmul (PyTorch's batching and broadcasting rules), mm, bmm, dot, outer. */
import { defineOp } from '../autograd/function.js';
import { isGradEnabled } from '../autograd/grad_mode.js';
import { getBackend } from '../backend/backend.js';
import { DTypeError, ShapeError } from '../errors.js';
import { isFloating, promoteTypes } from '../tensor/dtype.js';
import { broadcastShapes, numel, shapeStr } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { sumTo } from './elementwise.js';

/** A matrix stored transposed (its last two dims swapped relative to a contiguous layout). */
function transposedView(t: Tensor): boolean {
  return !t.isContiguous() && t.mT.isContiguous();
}

/**
 * A `[..., rows, cols]` operand as the kernel wants it: contiguous data, the batch stride (0 when
 * one matrix serves every batch entry), and whether it is stored transposed — a transposed
 * view (e.g. `w.mT`) is passed as is instead of being copied.
 */
function batchOperand(t: Tensor, batch: readonly number[]): { data: Tensor['raw']['data']; stride: number; trans: boolean } {
  const rows = t.shape[t.ndim - 2]!;
  const cols = t.shape[t.ndim - 1]!;
  const shared = numel(t.shape.slice(0, -2)) === 1;
  const full = shared ? t : t.expand([...batch, rows, cols]);
  const stride = shared ? 0 : rows * cols;
  if (rows > 1 && cols > 1 && transposedView(full)) {
    return { data: full.mT.contiguousData(), stride, trans: true };
  }
  return { data: full.contiguousData(), stride, trans: false };
}

/** Products of at most this many rows (one step of decoding a few sequences) take `matmulFewRows`. */
const FEW_ROWS = 4;

const matmulOp = defineOp<undefined>({
  name: 'matmul',
  saves: 'inputs',
  forward: ([a, b]) => {
    const batch = broadcastShapes('matmul', a!.shape.slice(0, -2), b!.shape.slice(0, -2));
    const [m, k, n] = [a!.shape[a!.ndim - 2]!, a!.shape[a!.ndim - 1]!, b!.shape[b!.ndim - 1]!];
    const A = batchOperand(a!, batch);
    const B = batchOperand(b!, batch);
    const backend = getBackend();
    const product = m <= FEW_ROWS ? backend.matmulFewRows : backend.matmul;
    const data = product(A.data, B.data, numel(batch), m, k, n, A.stride, B.stride, A.trans, B.trans);
    return Tensor.fromData(data, [...batch, m, n]);
  },
  // A gradient is produced in its input's memory layout: for a transposed view such as Linear's
  // `weight.mT`, (gᵀ·a)ᵀ instead of aᵀ·g, so the gradient reaching the weight is contiguous.
  // A gradient in neither layout (e.g. heads split out of [N, L, E]) is copied once for both products, not once each.
  backward: (grad, { inputs: [a, b], needsGrad }) => {
    const g = needsGrad[0] && needsGrad[1] && !grad.isContiguous() && !transposedView(grad) ? grad.contiguous() : grad;
    return [
      needsGrad[0] ? sumTo(transposedView(a!) ? b!.matmul(g.mT).mT : g.matmul(b!.mT), a!.shape) : null,
      needsGrad[1] ? sumTo(transposedView(b!) ? g.mT.matmul(a!).mT : a!.mT.matmul(g), b!.shape) : null,
    ];
  },
});

/**
 * Matrix product with PyTorch's rules: 1-D·1-D is a dot product, a 1-D operand is treated as a
 * row (left) or column (right) vector and that dim removed, and batch dims broadcast.
 * PyTorch: `torch.matmul`.
 * @example matmul(x, w.mT) // [N, in] · [in, out]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) throw new ShapeError(`matmul: both arguments need at least 1 dim, got ${shapeStr(a.shape)} and ${shapeStr(b.shape)}`);
  const dtype = promoteTypes(a.dtype, b.dtype);
  if (!isFloating(dtype)) throw new DTypeError(`matmul: expected floating-point tensors, got ${a.dtype} and ${b.dtype}`);
  const left = a.ndim === 1 ? a.unsqueeze(0) : a;
  const right = b.ndim === 1 ? b.unsqueeze(1) : b;
  const k1 = left.shape[left.ndim - 1];
  const k2 = right.shape[right.ndim - 2];
  if (k1 !== k2) {
    throw new ShapeError(`matmul: cannot multiply ${shapeStr(a.shape)} by ${shapeStr(b.shape)} (inner dims ${k1} != ${k2})`);
  }
  // A batch of rows times one matrix is one product (as PyTorch folds it): [..., m, k]·[k, n] as
  // [(…·m), k]·[k, n], so the weight's gradient is one product too, not a batch of them summed.
  // Folding a strided batch (e.g. a transposed gradient in a backward) would copy it first; when
  // the matrix needs no gradient, a batched product with it shared reads the batch where it is.
  const folds = left.isContiguous() || (right.requiresGrad && isGradEnabled());
  if (left.ndim > 2 && right.ndim === 2 && folds) {
    const rows = left.shape.slice(0, -1);
    return matmulOp([left.reshape([-1, k1!]).to(dtype), right.to(dtype)], undefined).reshape([...rows, right.shape[1]!]);
  }
  let out = matmulOp([left.to(dtype), right.to(dtype)], undefined);
  if (a.ndim === 1) out = out.squeeze(-2);
  if (b.ndim === 1) out = out.squeeze(-1);
  return out;
}

function requireDims(op: string, t: Tensor, ndim: number, name: string): void {
  if (t.ndim !== ndim) throw new ShapeError(`${op}: ${name} must be ${ndim}-D, got shape ${shapeStr(t.shape)}`);
}

/**
 * Product of two matrices `[n, m]·[m, p]`. PyTorch: `torch.mm`.
 * @example mm(a, b) // [n, k] · [k, m] → [n, m]
 */
export function mm(a: Tensor, b: Tensor): Tensor {
  requireDims('mm', a, 2, 'self');
  requireDims('mm', b, 2, 'mat2');
  return matmul(a, b);
}

/**
 * Batched product `[B, n, m]·[B, m, p]` (no broadcasting). PyTorch: `torch.bmm`.
 * @example bmm(q, k.mT) // [B, n, d] · [B, d, m] → [B, n, m]
 */
export function bmm(a: Tensor, b: Tensor): Tensor {
  requireDims('bmm', a, 3, 'self');
  requireDims('bmm', b, 3, 'mat2');
  if (a.shape[0] !== b.shape[0]) throw new ShapeError(`bmm: batch sizes differ (${a.shape[0]} vs ${b.shape[0]})`);
  return matmul(a, b);
}

/**
 * Inner product of two 1-D tensors of equal length. PyTorch: `torch.dot`.
 * @example dot(tensor([1, 2, 3]), tensor([4, 5, 6])) // 32
 */
export function dot(a: Tensor, b: Tensor): Tensor {
  requireDims('dot', a, 1, 'self');
  requireDims('dot', b, 1, 'other');
  if (a.shape[0] !== b.shape[0]) throw new ShapeError(`dot: lengths differ (${a.shape[0]} vs ${b.shape[0]})`);
  return matmul(a, b);
}

/**
 * Outer product `a[i]·b[j]` of two 1-D tensors. PyTorch: `torch.outer`.
 * @example outer(tensor([1, 2]), tensor([3, 4, 5])) // [2, 3]
 */
export function outer(a: Tensor, b: Tensor): Tensor {
  requireDims('outer', a, 1, 'self');
  requireDims('outer', b, 1, 'vec2');
  return a.unsqueeze(1).mul(b.unsqueeze(0));
}
