/**
 * @file Sliding windows over 1-, 2- and 3-D inputs: argument normalisation, output sizes and the
 * unfold (im2col) / fold (col2im) pair every convolution and pooling op is built on. Internally
 * every input is a volume [N, C, D, H, W]: a 1-D input has unit depth and height, a 2-D one unit
 * depth, so one pair of kernels serves all three. Unfold's VJP is fold and fold's is unfold, so
 * convolutions get second derivatives for free.
 */
import { defineOp } from '../autograd/function.js';
import { getBackend, type ConvGeometry, type Triple } from '../backend/backend.js';
import { ShapeError, ValueError } from '../errors.js';
import { shapeStr } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { checkOptions, type OptionKeys } from '../options.js';

/** Number of spatial dims of a window op. */
export type SpatialDims = 1 | 2 | 3;

/** An int (the same for every spatial dim) or one int per spatial dim. */
export type SizeN = number | readonly number[];

/** Normalises an int-or-tuple argument to one int per spatial dim, each ≥ `min`. */
export function tupleOf(op: string, name: string, v: SizeN, nd: number, min: number): number[] {
  const t = typeof v === 'number' ? new Array<number>(nd).fill(v) : [...v];
  if (t.length !== nd || !t.every((x) => Number.isInteger(x) && x >= min)) {
    throw new ValueError(`${op}: ${name} must be an integer >= ${min} or ${nd} of them, got ${JSON.stringify(v)}`);
  }
  return t;
}

/** Left-pads per-dim values to the (depth, height, width) triple with `fill`. */
export function toTriple(v: readonly number[], fill: number): Triple {
  const t = [...new Array<number>(3 - v.length).fill(fill), ...v];
  return [t[0]!, t[1]!, t[2]!];
}

/** Output size of a sliding window: ⌊(L + 2p − d(k−1) − 1)/s⌋ + 1 (or ⌈…⌉ with ceilMode). */
export function outSize(len: number, k: number, s: number, p: number, d: number, ceilMode = false): number {
  const span = len + 2 * p - d * (k - 1) - 1;
  let out = (ceilMode ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  // PyTorch: with ceil_mode the last window must start inside the input or the left padding.
  if (ceilMode && (out - 1) * s >= len + p) out--;
  return out;
}

/**
 * Checks an input is [N, C, *spatial] with `nd` spatial dims; an unbatched [C, *spatial] input
 * is given a batch of one. Returns the batched input and a function that undoes the batching.
 */
export function batched(op: string, x: Tensor, nd: SpatialDims): [Tensor, (y: Tensor) => Tensor] {
  if (x.ndim === nd + 1) return [x.unsqueeze(0), (y) => y.squeeze(0)];
  if (x.ndim !== nd + 2) {
    const dims = ['L', 'H, W', 'D, H, W'][nd - 1];
    throw new ShapeError(`${op}: expected input of shape [N, C, ${dims}] or [C, ${dims}], got ${shapeStr(x.shape)}`);
  }
  return [x, (y) => y];
}

/** Per-dim window parameters, one entry per spatial dim. */
export interface Window {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
}

/** The geometry of `window` sliding over an input of `shape` [N, C, *spatial]; throws when no window fits. */
export function geometry(op: string, shape: readonly number[], w: Window): ConvGeometry {
  const spatial = shape.slice(2);
  const out = spatial.map((len, i) => outSize(len, w.kernel[i]!, w.stride[i]!, w.padding[i]!, w.dilation[i]!));
  if (out.some((o) => o <= 0)) {
    throw new ShapeError(`${op}: input ${shapeStr(shape)} is too small for kernel [${w.kernel}] with padding [${w.padding}] and dilation [${w.dilation}] (output would be ${out.join('×')})`);
  }
  return {
    channels: shape[1]!,
    size: toTriple(spatial, 1),
    kernel: toTriple(w.kernel, 1),
    stride: toTriple(w.stride, 1),
    padding: toTriple(w.padding, 0),
    dilation: toTriple(w.dilation, 1),
    out: toTriple(out, 1),
  };
}

/** Spatial dims of the output grid (the last `nd` entries of `g.out`). */
export function outShape(g: ConvGeometry, nd: number): number[] {
  return g.out.slice(3 - nd);
}

function windowCount(g: ConvGeometry): number {
  return g.kernel[0] * g.kernel[1] * g.kernel[2];
}

/** A window layout; `batchInner` columns are [C·Πk, N, L] instead of [N, C·Πk, L]. */
interface WindowAttrs {
  g: ConvGeometry;
  nd: number;
  batchInner: boolean;
}

type WindowOp = (inputs: readonly Tensor[], attrs: WindowAttrs) => Tensor;

const unfoldOp: WindowOp = defineOp<WindowAttrs>({
  name: 'unfold',
  saves: 'none',
  forward: ([x], { g, batchInner }) => {
    const n = x!.shape[0]!;
    const data = getBackend().im2col(x!.contiguousData(), n, g, batchInner);
    const [rows, windows] = [g.channels * windowCount(g), g.out[0] * g.out[1] * g.out[2]];
    return Tensor.fromData(data, batchInner ? [rows, n, windows] : [n, rows, windows]);
  },
  backward: (grad, { attrs }) => [foldOp([grad], attrs)],
});

const foldOp: WindowOp = defineOp<WindowAttrs>({
  name: 'fold',
  saves: 'none',
  forward: ([cols], { g, nd, batchInner }) => {
    const n = cols!.shape[batchInner ? 1 : 0]!;
    return Tensor.fromData(getBackend().col2im(cols!.contiguousData(), n, g, batchInner), [n, g.channels, ...g.size.slice(3 - nd)]);
  },
  backward: (grad, { attrs }) => [unfoldOp([grad], attrs)],
});

/**
 * [N, C, *spatial] → columns [N, C·Πk, L] (L windows), or [C·Πk, N, L] with `batchInner` (so a
 * convolution is one matrix product over the whole batch); differentiable.
 */
export function unfoldWindows(x: Tensor, g: ConvGeometry, batchInner = false): Tensor {
  return unfoldOp([x], { g, nd: x.ndim - 2, batchInner });
}

/** Columns (in unfoldWindows' layout) → [N, C, *size of g], summing overlapping entries (its adjoint). */
export function foldWindows(cols: Tensor, g: ConvGeometry, nd: number, batchInner = false): Tensor {
  return foldOp([cols], { g, nd, batchInner });
}

/** Sliding-window options of unfold/fold. */
export interface WindowOptions {
  stride?: SizeN;
  padding?: SizeN;
  dilation?: SizeN;
}

const windowKeys: OptionKeys<WindowOptions> = { stride: true, padding: true, dilation: true };

function windowOf(op: string, kernel: SizeN, options: WindowOptions | undefined): Window {
  const o = checkOptions(op, options, windowKeys);
  return {
    kernel: tupleOf(op, 'kernel size', kernel, 2, 1),
    stride: tupleOf(op, 'stride', o.stride ?? 1, 2, 1),
    padding: tupleOf(op, 'padding', o.padding ?? 0, 2, 0),
    dilation: tupleOf(op, 'dilation', o.dilation ?? 1, 2, 1),
  };
}

/**
 * Extracts sliding windows: [N, C, H, W] → [N, C·kh·kw, L] with L the number of windows.
 * PyTorch: `F.unfold(input, kernel_size, dilation=1, padding=0, stride=1)`.
 * @example unfold(images, 3, { padding: 1 }) // [N, 9C, H·W]
 */
export function unfold(x: Tensor, kernelSize: SizeN, options?: WindowOptions): Tensor {
  const win = windowOf('unfold', kernelSize, options);
  if (x.ndim !== 4) throw new ShapeError(`unfold: expected input of shape [N, C, H, W], got ${shapeStr(x.shape)}`);
  return unfoldWindows(x, geometry('unfold', x.shape, win));
}

/**
 * Sums sliding-window columns [N, C·kh·kw, L] back into images [N, C, H, W] (the adjoint of
 * unfold). PyTorch: `F.fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1)`.
 * @example fold(unfold(images, 3, { padding: 1 }), [28, 28], 3, { padding: 1 }) // sums overlapping patches back
 */
export function fold(cols: Tensor, outputSize: SizeN, kernelSize: SizeN, options?: WindowOptions): Tensor {
  const win = windowOf('fold', kernelSize, options);
  const [h, w] = tupleOf('fold', 'output size', outputSize, 2, 1) as [number, number];
  const k = win.kernel[0]! * win.kernel[1]!;
  if (cols.ndim !== 3 || cols.shape[1]! % k !== 0) {
    throw new ShapeError(`fold: expected [N, C·${win.kernel.join('·')}, L], got ${shapeStr(cols.shape)}`);
  }
  const g = geometry('fold', [cols.shape[0]!, cols.shape[1]! / k, h, w], win);
  if (g.out[1] * g.out[2] !== cols.shape[2]) {
    throw new ShapeError(`fold: ${cols.shape[2]} columns do not match the ${g.out[1]}×${g.out[2]} windows of a ${h}×${w} output`);
  }
  return foldWindows(cols, g, 2);
}
