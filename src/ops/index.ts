/**
 * @file Indexing: gather, scatter, scatterAdd, indexSelect, integer-tensor indexing, oneHot and
 * the embedding lookup. Index tensors are int32; every index is range-checked.
 */
import { defineOp } from '../autograd/function.js';
import { traced } from '../autograd/trace.js';
import { getBackend } from '../backend/backend.js';
import { DTypeError, IndexError, ShapeError, ValueError } from '../errors.js';
import { normalizeDim, shapeStr } from '../tensor/shape.js';
import { Tensor, type Scalar } from '../tensor/tensor.js';

function checkIndex(op: string, index: Tensor, size: number): Int32Array {
  if (index.dtype !== 'int32') throw new DTypeError(`${op}: index must be an int32 tensor, got ${index.dtype}`);
  const values = index.contiguousData() as Int32Array;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v >= size) throw new IndexError(`${op}: index ${v} is out of bounds for a dim of size ${size}`);
  }
  return values;
}

/** PyTorch's rule: the index may be smaller than `x` in every dim except `dim`. */
function checkIndexShape(op: string, x: Tensor, dim: number, index: Tensor): void {
  if (index.ndim !== x.ndim || index.shape.some((s, i) => i !== dim && s > x.shape[i]!)) {
    throw new ShapeError(`${op}: index ${shapeStr(index.shape)} must have as many dims as the input ${shapeStr(x.shape)} and be no larger outside dim ${dim}`);
  }
}

const gatherOp = defineOp<{ dim: number; index: Tensor; inRange?: boolean }>({
  name: 'gather',
  saves: 'none',
  forward: ([x], { dim, index, inRange = false }) => {
    const values = inRange ? (index.contiguousData() as Int32Array) : checkIndex('gather', index, x!.shape[dim]!);
    return Tensor.fromData(getBackend().gather(x!.contiguousData(), x!.shape, dim, values, index.shape), index.shape);
  },
  backward: (g, { attrs: { dim, index }, inputShapes }) => [gatherBackwardOp([g], { dim, index, shape: inputShapes[0]! })],
});

/** gather's gradient: zeros of the input's shape with `g` added at the gathered positions (checked by gather). */
const gatherBackwardOp = defineOp<{ dim: number; index: Tensor; shape: readonly number[] }>({
  name: 'gatherBackward',
  saves: 'none',
  forward: ([g], { dim, index, shape }) => {
    const out = Tensor.zeros(shape, g!.dtype);
    getBackend().scatter(out.raw.data, shape, dim, index.contiguousData() as Int32Array, index.shape, g!.contiguous().raw, true);
    return out;
  },
  backward: (gg, { attrs: { dim, index } }) => [gather(gg, dim, index)],
});

/**
 * `out[i][j][k] = x[i][index[i][j][k]][k]` for dim 1 (and likewise for other dims).
 * PyTorch: `torch.gather`.
 * @example gather(logProbs, 1, target.unsqueeze(1)) // pick each row's class
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim('gather', dim, x.ndim);
  checkIndexShape('gather', x, d, index);
  return gatherOp([x], { dim: d, index });
}

/**
 * `gather` of int32 positions that the caller's own kernel produced in range (a max pooling's),
 * without checking each one again.
 */
export function gatherInRange(x: Tensor, dim: number, index: Tensor): Tensor {
  return gatherOp([x], { dim, index, inRange: true });
}

interface ScatterAttrs {
  readonly dim: number;
  readonly index: Tensor;
  readonly accumulate: boolean;
}

const scatterOp = defineOp<ScatterAttrs>({
  name: 'scatter',
  saves: 'none',
  forward: ([x, src], { dim, index, accumulate }) => {
    const values = checkIndex('scatter', index, x!.shape[dim]!);
    const out = x!.clone();
    getBackend().scatter(out.raw.data, out.shape, dim, values, index.shape, src!.raw, accumulate);
    return out;
  },
  backward: (g, { attrs: { dim, index, accumulate }, needsGrad }) => [
    needsGrad[0] ? (accumulate ? g : scatter(g, dim, index, 0)) : null,
    needsGrad[1] ? gather(g, dim, index) : null,
  ],
});

function scatterChecked(op: string, x: Tensor, dim: number, index: Tensor, src: Tensor | Scalar, accumulate: boolean): Tensor {
  const d = normalizeDim(op, dim, x.ndim);
  checkIndexShape(op, x, d, index);
  let source: Tensor;
  if (src instanceof Tensor) {
    if (src.ndim !== index.ndim || index.shape.some((s, i) => s > src.shape[i]!)) {
      throw new ShapeError(`${op}: src ${shapeStr(src.shape)} must be at least as large as the index ${shapeStr(index.shape)} in every dim`);
    }
    source = src.to(x.dtype);
  } else {
    source = Tensor.scalar(src, x.dtype).expand(index.shape);
  }
  return scatterOp([x, source], { dim: d, index, accumulate });
}

/**
 * A copy of `x` with `src` values written at `index` along `dim` (the inverse of gather).
 * Where indices repeat, which write wins is unspecified, as in PyTorch. PyTorch: `torch.scatter`.
 * @example scatter(zeros([2, 4]), 1, tensor([[1], [3]], { dtype: 'int32' }), 1) // one-hot rows
 */
export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | Scalar): Tensor {
  return scatterChecked('scatter', x, dim, index, src, false);
}

/**
 * A copy of `x` with `src` added at `index` along `dim` (repeats accumulate). PyTorch: `torch.scatter_add`.
 * @example scatterAdd(zeros([3]), 0, tensor([0, 2, 0], { dtype: 'int32' }), tensor([1, 2, 3])) // [4, 0, 2]
 */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return scatterChecked('scatterAdd', x, dim, index, src, true);
}

type RowOp<A> = (inputs: readonly Tensor[], attrs: A) => Tensor;

/** Rows of `x` along dim 0 as whole-row copies (the embedding lookup), the index checked by the caller. */
const selectRowsOp: RowOp<{ index: Int32Array }> = defineOp<{ index: Int32Array }>({
  name: 'indexSelect',
  saves: 'none',
  forward: ([x], { index }) => {
    const src = x!.contiguousData();
    const width = x!.numel / x!.shape[0]!;
    const out = new (src.constructor as new (n: number) => typeof src)(index.length * width);
    for (let i = 0; i < index.length; i++) out.set(src.subarray(index[i]! * width, (index[i]! + 1) * width), i * width);
    return Tensor.fromData(out, [index.length, ...x!.shape.slice(1)]);
  },
  backward: (g, { attrs: { index }, inputShapes }) => [addRowsOp([g], { index, rows: inputShapes[0]![0]! })],
});

/** selectRows' gradient: zeros of `rows` rows with row i of `g` added into row index[i]. */
const addRowsOp: RowOp<{ index: Int32Array; rows: number }> = defineOp<{ index: Int32Array; rows: number }>({
  name: 'indexSelectBackward',
  saves: 'none',
  forward: ([g], { index, rows }) => {
    const src = g!.contiguousData();
    const width = index.length === 0 ? 0 : g!.numel / index.length;
    const out = Tensor.zeros([rows, ...g!.shape.slice(1)], g!.dtype);
    const data = out.raw.data;
    for (let i = 0; i < index.length; i++) {
      const [to, from] = [index[i]! * width, i * width];
      for (let j = 0; j < width; j++) data[to + j] += src[from + j]!;
    }
    return out;
  },
  backward: (gg, { attrs: { index } }) => [selectRowsOp([gg], { index })],
});

/**
 * The entries at the 1-D int32 `index` along `dim`.
 * PyTorch: `torch.index_select`.
 * @example indexSelect(x, 0, tensor([2, 0], { dtype: 'int32' }))
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim('indexSelect', dim, x.ndim);
  if (index.ndim !== 1) throw new ShapeError(`indexSelect: index must be 1-D, got shape ${shapeStr(index.shape)}`);
  return selectAlong(x, d, index);
}

/** indexSelect along a checked dim: what a tracer sees as op 'indexSelect'. */
const selectAlong = traced('indexSelect', (x: Tensor, d: number, index: Tensor): Tensor => {
  // Along dim 0 each pick is a whole contiguous row: copy rows instead of gathering element by element.
  if (d === 0 && x.ndim > 1) return selectRowsOp([x], { index: checkIndex('indexSelect', index, x.shape[0]!) });
  const shape = x.shape.map((s, i) => (i === d ? index.shape[0]! : s));
  const view = x.shape.map((_, i) => (i === d ? index.shape[0]! : 1));
  return gather(x, d, index.reshape(view).expand(shape).contiguous());
});

/**
 * Advanced indexing by an int32 tensor along `dim` (default 0): the result has the index's
 * shape in place of that dim. Negative indices count from the end.
 * PyTorch: `x[index]` (dim 0) or `x[:, index]`.
 * @example take(weights, ids) // embedding lookup: [V, D] by [B, T] → [B, T, D]
 */
export function take(x: Tensor, index: Tensor, dim = 0): Tensor {
  const d = normalizeDim('index', dim, x.ndim);
  if (index.dtype !== 'int32') throw new DTypeError(`index: index must be int32, got ${index.dtype}`);
  return takeAlong(x, index, d);
}

/** take along a checked dim: what a tracer sees as op 'take' (ONNX's Gather). */
const takeAlong = traced('take', (x: Tensor, index: Tensor, d: number): Tensor => {
  const size = x.shape[d]!;
  const flat = index.reshape([-1]);
  const wrapped = flat.lt(0).any().item() ? flat.add(flat.lt(0).to('int32').mul(size)) : flat;
  const picked = indexSelect(x, d, wrapped);
  return picked.reshape([...x.shape.slice(0, d), ...index.shape, ...x.shape.slice(d + 1)]);
});

/**
 * One-hot encoding of int32 class indices: shape `[...index.shape, numClasses]`, int32.
 * `numClasses` defaults to max(index) + 1. PyTorch: `torch.nn.functional.one_hot`.
 * @example oneHot(tensor([0, 2], { dtype: 'int32' }), 3) // [[1, 0, 0], [0, 0, 1]] int32
 */
export function oneHot(index: Tensor, numClasses?: number): Tensor {
  if (index.dtype !== 'int32') throw new DTypeError(`oneHot: index must be int32, got ${index.dtype}`);
  const classes = numClasses ?? (index.numel === 0 ? 0 : (index.amax().item() as number) + 1);
  if (!Number.isInteger(classes) || classes < 0) throw new ValueError(`oneHot: numClasses must be a non-negative integer, got ${classes}`);
  const zeros = Tensor.zeros([...index.shape, classes], 'int32');
  return scatter(zeros, -1, index.unsqueeze(-1), 1);
}
