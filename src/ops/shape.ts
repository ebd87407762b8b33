/**
 * @file Shape ops. reshape/permute/expand/narrow return views that share storage (like PyTorch);
 * flip, cat and pad copy. Each VJP maps the gradient back to the input's shape.
 */
import { defineOp } from '../autograd/function.js';
import { getBackend } from '../backend/backend.js';
import { IndexError, ShapeError, ValueError } from '../errors.js';
import { allocate, promoteTypes } from '../tensor/dtype.js';
import {
  broadcastStrides, checkShape, contiguousStrides, inferShape, normalizeDim, numel, shapeStr, type Shape,
} from '../tensor/shape.js';
import { Tensor, type Scalar } from '../tensor/tensor.js';
import { sumTo } from './elementwise.js';

/**
 * Strides that let `newShape` view the same memory as (`shape`, `strides`), or null when the
 * elements cannot be reached with a single stride per dim (then reshape must copy).
 */
function viewStrides(shape: Shape, strides: readonly number[], newShape: Shape): number[] | null {
  if (numel(shape) === 0) return contiguousStrides(newShape);
  const out = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunkBase = strides[strides.length - 1] ?? 1;
  let tensorElems = 1;
  let viewElems = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorElems *= shape[d]!;
    // A chunk of dims ends where the next (outer) dim is not laid out right after this one.
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorElems * chunkBase)) {
      while (viewD >= 0 && (viewElems < tensorElems || newShape[viewD] === 1)) {
        out[viewD] = viewElems * chunkBase;
        viewElems *= newShape[viewD]!;
        viewD--;
      }
      if (viewElems !== tensorElems) return null;
      if (d > 0) {
        chunkBase = strides[d - 1]!;
        tensorElems = 1;
        viewElems = 1;
      }
    }
  }
  if (viewD !== -1) {
    // Leading size-1 dims of the new shape.
    for (; viewD >= 0; viewD--) out[viewD] = 1;
  }
  return out;
}

const reshapeOp = defineOp<Shape>({
  name: 'reshape',
  saves: 'none',
  forward: ([x], shape) => {
    const strides = viewStrides(x!.shape, x!.strides, shape);
    if (strides) return x!.restride(shape, strides, x!.offset);
    return Tensor.fromData(getBackend().copy(x!.raw, x!.dtype), shape);
  },
  backward: (g, { inputShapes }) => [g.reshape(inputShapes[0]!)],
});

/**
 * The same elements in a new shape (one dim may be -1); a view when the layout allows, else a copy.
 * PyTorch: `torch.reshape`.
 * @example x.reshape([2, -1])
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  return reshapeOp([x], inferShape('reshape', shape, x.numel));
}

/**
 * Like reshape, but throws instead of copying when no view is possible. PyTorch: `Tensor.view`.
 * @example x.view([4, -1]) // throws instead of copying a non-contiguous x
 */
export function view(x: Tensor, shape: Shape): Tensor {
  const target = inferShape('view', shape, x.numel);
  if (viewStrides(x.shape, x.strides, target) === null) {
    throw new ShapeError(`view: shape ${shapeStr(target)} is not compatible with the input's strides [${x.strides.join(', ')}]; use reshape`);
  }
  return reshapeOp([x], target);
}

/**
 * Flattens dims `startDim..endDim` into one. PyTorch: `torch.flatten`.
 * @example flatten(images, 1) // [N, C, H, W] → [N, C·H·W]
 */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return x.reshape([1]);
  const s = normalizeDim('flatten', startDim, x.ndim);
  const e = normalizeDim('flatten', endDim, x.ndim);
  if (s > e) throw new ValueError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  return x.reshape([...x.shape.slice(0, s), numel(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
}

/**
 * Splits dim `dim` into `sizes`. PyTorch: `torch.unflatten`.
 * @example unflatten(x, 1, [3, 4]) // [N, 12] → [N, 3, 4]
 */
export function unflatten(x: Tensor, dim: number, sizes: Shape): Tensor {
  const d = normalizeDim('unflatten', dim, x.ndim);
  const inner = inferShape('unflatten', sizes, x.shape[d]!);
  return x.reshape([...x.shape.slice(0, d), ...inner, ...x.shape.slice(d + 1)]);
}

/**
 * Removes size-1 dims (all of them, or the given ones when they have size 1). PyTorch: `torch.squeeze`.
 * @example squeeze(x, 1) // [N, 1, D] → [N, D]
 */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  const dims = dim === undefined ? x.shape.map((_, i) => i) : (typeof dim === 'number' ? [dim] : dim).map((d) => normalizeDim('squeeze', d, x.ndim));
  return x.reshape(x.shape.filter((s, i) => !(s === 1 && dims.includes(i))));
}

/**
 * Inserts a size-1 dim at `dim` (which may be ndim, or negative). PyTorch: `torch.unsqueeze`.
 * @example unsqueeze(labels, 1) // [N] → [N, 1]
 */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim('unsqueeze', dim, x.ndim + 1);
  return x.reshape([...x.shape.slice(0, d), 1, ...x.shape.slice(d)]);
}

const permuteOp = defineOp<readonly number[]>({
  name: 'permute',
  saves: 'none',
  forward: ([x], dims) => x!.restride(dims.map((d) => x!.shape[d]!), dims.map((d) => x!.strides[d]!), x!.offset),
  backward: (g, { attrs: dims }) => {
    const inverse = new Array<number>(dims.length);
    dims.forEach((d, i) => (inverse[d] = i));
    return [g.permute(inverse)];
  },
});

/**
 * Reorders dims (a view). PyTorch: `torch.permute`.
 * @example x.permute([0, 2, 1])
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const norm = dims.map((d) => normalizeDim('permute', d, x.ndim));
  if (norm.length !== x.ndim || new Set(norm).size !== norm.length) {
    throw new ValueError(`permute: dims [${dims.join(', ')}] must be a permutation of the ${x.ndim} dims`);
  }
  return permuteOp([x], norm);
}

/**
 * Swaps two dims (a view). PyTorch: `torch.transpose`.
 * @example transpose(x, 1, 2) // [B, T, D] → [B, D, T]
 */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  if (x.ndim === 0) return x;
  const order = x.shape.map((_, i) => i);
  const a = normalizeDim('transpose', dim0, x.ndim);
  const b = normalizeDim('transpose', dim1, x.ndim);
  [order[a], order[b]] = [order[b]!, order[a]!];
  return permute(x, order);
}

const expandOp = defineOp<Shape>({
  name: 'expand',
  saves: 'none',
  forward: ([x], shape) => x!.restride(shape, broadcastStrides(x!.shape, x!.strides, shape), x!.offset),
  backward: (g, { inputShapes }) => [sumTo(g, inputShapes[0]!)],
});

/**
 * Broadcasts size-1 dims to `shape` without copying (-1 keeps a dim). Writing into the result
 * in place is not allowed, as several elements share memory. PyTorch: `Tensor.expand`.
 * @example expand(bias.reshape([1, -1]), [batch, features]) // broadcast without copying
 */
export function expand(x: Tensor, shape: Shape): Tensor {
  const lead = shape.length - x.ndim;
  if (lead < 0) throw new ShapeError(`expand: target ${shapeStr(shape)} has fewer dims than the input ${shapeStr(x.shape)}`);
  const target = shape.map((s, i) => (s === -1 && i >= lead ? x.shape[i - lead]! : s));
  checkShape('expand', target);
  x.shape.forEach((s, i) => {
    if (s !== 1 && s !== target[i + lead]) {
      throw new ShapeError(`expand: the input's size ${s} at dim ${i} must match ${target[i + lead]} or be 1 (input ${shapeStr(x.shape)}, target ${shapeStr(shape)})`);
    }
  });
  return expandOp([x], target);
}

interface SliceAttrs {
  readonly dim: number;
  readonly start: number;
  readonly step: number;
  readonly length: number;
}

const sliceOp = defineOp<SliceAttrs>({
  name: 'slice',
  saves: 'none',
  forward: ([x], { dim, start, step, length }) => {
    const shape = [...x!.shape];
    const strides = [...x!.strides];
    shape[dim] = length;
    strides[dim] = strides[dim]! * step;
    return x!.restride(shape, strides, x!.offset + start * x!.strides[dim]!);
  },
  backward: (g, { attrs, inputShapes }) => [sliceBackward(g, inputShapes[0]!, attrs)],
});

const sliceBackwardOp = defineOp<SliceAttrs & { shape: Shape }>({
  name: 'sliceBackward',
  saves: 'none',
  forward: ([g], { shape, ...attrs }) => {
    const out = Tensor.fromData(allocate(g!.dtype, numel(shape)), shape);
    getBackend().assign(sliceOp([out], attrs).raw, g!.raw);
    return out;
  },
  backward: (g, { attrs }) => [sliceOp([g], attrs)],
});

/** Zeros of `shape` with `g` written into the slice `attrs` (the slice's adjoint). */
function sliceBackward(g: Tensor, shape: Shape, attrs: SliceAttrs): Tensor {
  return sliceBackwardOp([g], { ...attrs, shape });
}

/**
 * Elements `start, start+step, …` before `end` along `dim` (a view). Negative start/end count
 * from the end and out-of-range bounds are clipped, as in Python slicing.
 * PyTorch: `x[..., start:end:step]`.
 * @example x.slice(1, 0, -1, 2) // x[:, 0:-1:2]
 */
export function slice(x: Tensor, dim: number, start: number | null = 0, end: number | null = null, step = 1): Tensor {
  const d = normalizeDim('slice', dim, x.ndim);
  if (!Number.isInteger(step) || step <= 0) throw new ValueError(`slice: step must be a positive integer, got ${step}`);
  const size = x.shape[d]!;
  const clip = (v: number): number => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const s = clip(start ?? 0);
  const e = clip(end ?? size);
  const length = Math.max(0, Math.ceil((e - s) / step));
  return sliceOp([x], { dim: d, start: s, step, length });
}

/**
 * `length` elements from `start` along `dim` (a view; bounds must fit). PyTorch: `torch.narrow`.
 * @example narrow(x, 1, 2, 3) // x[:, 2:5]
 */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim('narrow', dim, x.ndim);
  const size = x.shape[d]!;
  const s = start < 0 ? start + size : start;
  if (!Number.isInteger(s) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > size) {
    throw new IndexError(`narrow: start ${start} and length ${length} exceed dim ${dim} of size ${size}`);
  }
  return sliceOp([x], { dim: d, start: s, step: 1, length });
}

/**
 * The sub-tensor at `index` along `dim`, with that dim removed (a view). PyTorch: `torch.select`.
 * @example select(batch, 0, 0) // the first sample, batch dim removed
 */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normalizeDim('select', dim, x.ndim);
  const size = x.shape[d]!;
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new IndexError(`select: index ${index} is out of bounds for dim ${dim} with size ${size}`);
  }
  return narrow(x, d, index < 0 ? index + size : index, 1).squeeze(d);
}

const cloneOp = defineOp<undefined>({
  name: 'clone',
  saves: 'none',
  forward: ([x]) => Tensor.fromData(getBackend().copy(x!.raw, x!.dtype), x!.shape),
  backward: (g) => [g],
});

/**
 * A contiguous copy with its own storage (differentiable). PyTorch: `torch.clone`.
 * @example const copy = clone(x) // writes to copy leave x alone
 */
export function clone(x: Tensor): Tensor {
  return cloneOp([x], undefined);
}

/**
 * `x` itself when contiguous, else a contiguous copy. PyTorch: `Tensor.contiguous`.
 * @example contiguous(x.mT) // row-major copy of a transposed view
 */
export function contiguous(x: Tensor): Tensor {
  return x.isContiguous() ? x : clone(x);
}

const flipOp = defineOp<readonly number[]>({
  name: 'flip',
  saves: 'none',
  forward: ([x], dims) => {
    let offset = x!.offset;
    const strides = x!.strides.map((s, i) => {
      if (!dims.includes(i)) return s;
      offset += (x!.shape[i]! - 1) * s;
      return -s;
    });
    return clone(x!.restride(x!.shape, strides, offset));
  },
  backward: (g, { attrs: dims }) => [g.flip(dims)],
});

/**
 * Reverses the order of elements along `dims` (a copy). PyTorch: `torch.flip`.
 * @example flip(images, [3]) // mirror left–right
 */
export function flip(x: Tensor, dims: readonly number[]): Tensor {
  return flipOp([x], dims.map((d) => normalizeDim('flip', d, x.ndim)));
}

/**
 * Tiles the tensor `reps[i]` times along each dim (leading reps add dims). PyTorch: `Tensor.repeat`.
 * @example repeat(x, [2, 1]) // [[1, 2]] → [[1, 2], [1, 2]]
 */
export function repeat(x: Tensor, reps: readonly number[]): Tensor {
  if (reps.length < x.ndim) throw new ValueError(`repeat: needs at least ${x.ndim} repeat counts (one per dim), got ${reps.length}`);
  checkShape('repeat', reps);
  const shape = [...new Array<number>(reps.length - x.ndim).fill(1), ...x.shape];
  const interleaved = shape.flatMap((s) => [1, s]);
  const expanded = shape.flatMap((s, i) => [reps[i]!, s]);
  return x.reshape(interleaved).expand(expanded).reshape(shape.map((s, i) => s * reps[i]!));
}

const catOp = defineOp<number>({
  name: 'cat',
  saves: 'none',
  forward: (xs, dim) => {
    const shape = [...xs[0]!.shape];
    shape[dim] = xs.reduce((n, t) => n + t.shape[dim]!, 0);
    const out = Tensor.fromData(allocate(xs[0]!.dtype, numel(shape)), shape);
    let start = 0;
    for (const t of xs) {
      getBackend().assign(out.narrow(dim, start, t.shape[dim]!).raw, t.raw);
      start += t.shape[dim]!;
    }
    return out;
  },
  backward: (g, { attrs: dim, inputShapes }) => {
    let start = 0;
    return inputShapes.map((s) => {
      const part = g.narrow(dim, start, s[dim]!);
      start += s[dim]!;
      return part;
    });
  },
});

/**
 * Joins tensors along an existing dim; all other dims must match. Dtypes are promoted.
 * PyTorch: `torch.cat`.
 * @example cat([a, b], 0)
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ValueError('cat: expected a non-empty list of tensors');
  const first = tensors[0]!;
  const d = normalizeDim('cat', dim, first.ndim);
  tensors.forEach((t, i) => {
    if (t.ndim !== first.ndim || t.shape.some((s, j) => j !== d && s !== first.shape[j])) {
      throw new ShapeError(`cat: tensor ${i} has shape ${shapeStr(t.shape)}, which does not match ${shapeStr(first.shape)} outside dim ${d}`);
    }
  });
  const dtype = tensors.map((t) => t.dtype).reduce((a, b) => promoteTypes(a, b));
  return catOp(tensors.map((t) => t.to(dtype)), d);
}

/**
 * Joins same-shape tensors along a new dim. PyTorch: `torch.stack`.
 * @example stack([a, b, c], 0) // three [D] → [3, D]
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ValueError('stack: expected a non-empty list of tensors');
  const d = normalizeDim('stack', dim, tensors[0]!.ndim + 1);
  tensors.forEach((t, i) => {
    if (t.shape.length !== tensors[0]!.ndim || t.shape.some((s, j) => s !== tensors[0]!.shape[j])) {
      throw new ShapeError(`stack: tensor ${i} has shape ${shapeStr(t.shape)} but tensor 0 has ${shapeStr(tensors[0]!.shape)}`);
    }
  });
  return cat(tensors.map((t) => t.unsqueeze(d)), d);
}

/**
 * Splits into pieces of `size` along `dim` (the last may be smaller), or into pieces of the
 * listed sizes. PyTorch: `torch.split`.
 * @example const [train, val] = split(data, [800, 200]) // along dim 0
 */
export function split(x: Tensor, sizes: number | readonly number[], dim = 0): Tensor[] {
  const d = normalizeDim('split', dim, x.ndim);
  const total = x.shape[d]!;
  let parts: number[];
  if (typeof sizes === 'number') {
    if (!Number.isInteger(sizes) || sizes <= 0) throw new ValueError(`split: size must be a positive integer, got ${sizes}`);
    parts = Array.from({ length: Math.max(1, Math.ceil(total / sizes)) }, (_, i) => Math.min(sizes, total - i * sizes));
  } else {
    parts = [...sizes];
    if (parts.reduce((a, b) => a + b, 0) !== total) {
      throw new ValueError(`split: sizes [${parts.join(', ')}] must sum to the size of dim ${dim} (${total})`);
    }
  }
  let start = 0;
  return parts.map((n) => {
    const part = x.narrow(d, start, n);
    start += n;
    return part;
  });
}

/**
 * Splits into `chunks` nearly equal pieces along `dim`. PyTorch: `torch.chunk`.
 * @example const [q, k, v] = chunk(qkv, 3, -1)
 */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new ValueError(`chunk: chunks must be a positive integer, got ${chunks}`);
  const size = x.shape[normalizeDim('chunk', dim, x.ndim)]!;
  return split(x, Math.max(1, Math.ceil(size / chunks)), dim);
}

/** How `pad` fills the border: a constant, the input mirrored ('reflect'), its edge repeated ('replicate') or wrapped ('circular'). */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

const padConstantOp = defineOp<{ before: readonly number[]; after: readonly number[]; value: Scalar }>({
  name: 'pad',
  saves: 'none',
  forward: ([x], { before, after, value }) => {
    const shape = x!.shape.map((s, i) => s + before[i]! + after[i]!);
    const out = Tensor.full(shape, value, x!.dtype);
    let inner = out;
    x!.shape.forEach((s, i) => (inner = inner.narrow(i, before[i]!, s)));
    getBackend().assign(inner.raw, x!.raw);
    return out;
  },
  backward: (g, { attrs: { before }, inputShapes }) => {
    let inner = g;
    inputShapes[0]!.forEach((s, i) => (inner = inner.narrow(i, before[i]!, s)));
    return [inner];
  },
});

/**
 * Pads the last dims: `pads` lists (before, after) pairs starting from the last dim, as in
 * PyTorch. 'reflect' mirrors without repeating the edge; 'replicate' repeats it; 'circular'
 * wraps around. Negative constant pads crop.
 * PyTorch: `torch.nn.functional.pad`.
 * @example pad(img, [1, 1, 2, 2], 'reflect') // W by 1, H by 2 on each side
 */
export function pad(x: Tensor, pads: readonly number[], mode: PadMode = 'constant', value: Scalar = 0): Tensor {
  if (pads.length % 2 !== 0 || pads.length / 2 > x.ndim) {
    throw new ValueError(`pad: pads must hold (before, after) pairs for at most ${x.ndim} dims, got [${pads.join(', ')}]`);
  }
  const before = new Array<number>(x.ndim).fill(0);
  const after = new Array<number>(x.ndim).fill(0);
  for (let i = 0; i < pads.length / 2; i++) {
    before[x.ndim - 1 - i] = pads[2 * i]!;
    after[x.ndim - 1 - i] = pads[2 * i + 1]!;
  }
  if (mode === 'constant') {
    let cropped = x;
    before.forEach((b, i) => {
      if (b < 0 || after[i]! < 0) {
        const lo = Math.max(0, -b);
        cropped = cropped.narrow(i, lo, cropped.shape[i]! - lo - Math.max(0, -after[i]!));
      }
    });
    return padConstantOp([cropped], { before: before.map((b) => Math.max(b, 0)), after: after.map((a) => Math.max(a, 0)), value });
  }
  let out = x;
  for (let d = 0; d < x.ndim; d++) {
    if (before[d] === 0 && after[d] === 0) continue;
    const size = x.shape[d]!;
    if (before[d]! < 0 || after[d]! < 0) throw new ValueError(`pad: ${mode} padding must be non-negative`);
    if (mode === 'reflect' && (before[d]! >= size || after[d]! >= size)) {
      throw new ValueError(`pad: reflect padding (${before[d]}, ${after[d]}) must be smaller than the dim size ${size}`);
    }
    if (mode === 'circular' && (before[d]! > size || after[d]! > size)) {
      throw new ValueError(`pad: circular padding (${before[d]}, ${after[d]}) must be at most the dim size ${size}`);
    }
    // The borders are slices of the input (mirrored, repeated or wrapped), joined by copies rather than gathered element by element.
    const [b, a] = [before[d]!, after[d]!];
    const border = (start: number, length: number): Tensor => out.narrow(d, start, length);
    const sides = mode === 'reflect' ? [border(1, b).flip([d]), border(size - 1 - a, a).flip([d])]
      : mode === 'replicate' ? [border(0, 1), border(size - 1, 1)].map((t, i) => t.expand(t.shape.map((n, j) => (j === d ? [b, a][i]! : n))))
        : [border(size - b, b), border(0, a)];
    out = cat([sides[0]!, out, sides[1]!].filter((t) => t.shape[d]! > 0), d);
  }
  return out;
}
