/**
 * @file Pooling over 1-, 2- and 3-D inputs. Max pooling finds each window's maximum with a
 * backend kernel and gathers it (the gradient is gather's scatter); average pooling unfolds the
 * (padded) input into its windows and sums them, so its gradient comes from unfold's VJP.
 * Adaptive average pooling is a separable linear map (one bin-averaging matrix per dim);
 * adaptive max pooling reduces one dim at a time, since the max over a box is the max of maxes.
 */
import { ShapeError, ValueError } from '../errors.js';
import { getBackend } from '../backend/backend.js';
import { traced } from '../autograd/trace.js';
import { ones } from '../tensor/creation.js';
import { shapeStr } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { gatherInRange } from './index.js';
import { cat, pad } from './shape.js';
import { alongSpatialDims } from './separable.js';
import { batched, geometry, outSize, toTriple, tupleOf, unfoldWindows, type SizeN, type SpatialDims } from './window.js';
import { checkOptions, type OptionKeys } from '../options.js';
import { valuesIndices, type ValuesIndices } from './reduce.js';

/** Options of the pooling functions (PyTorch's keyword arguments, where it has them). */
export interface PoolOptions {
  /** Window step (default: the kernel size). */
  stride?: SizeN;
  /** Implicit padding on every side, at most half the kernel. */
  padding?: SizeN;
  /** Round the output size up instead of down (default false). */
  ceilMode?: boolean;
}

/** Options of the max-pooling functions and layers (PyTorch's keyword arguments, where it has them). */
export interface MaxPoolOptions extends PoolOptions {
  dilation?: SizeN;
}

/** Options of the average-pooling functions and layers (PyTorch's keyword arguments, where it has them). */
export interface AvgPoolOptions extends PoolOptions {
  /** Count the zero padding in each window's average (default true, as PyTorch). */
  countIncludePad?: boolean;
  /** Divide every window's sum by this instead of its size. */
  divisorOverride?: number;
}

/**
 * A pooling window resolved against an input: per-dim kernel, stride, dilation, padding and output size.
 * @internal
 */
export interface Pooling {
  nd: SpatialDims;
  kernel: number[];
  stride: number[];
  dilation: number[];
  padding: number[];
  out: number[];
  /** Padding after the last element that ceil mode's final windows need beyond `padding`. */
  extra: number[];
  ceilMode: boolean;
}

function resolve(op: string, nd: SpatialDims, x: Tensor, kernelSize: SizeN, o: MaxPoolOptions): Pooling {
  const kernel = tupleOf(op, 'kernel size', kernelSize, nd, 1);
  const stride = tupleOf(op, 'stride', o.stride ?? kernel, nd, 1);
  const padding = tupleOf(op, 'padding', o.padding ?? 0, nd, 0);
  const dilation = tupleOf(op, 'dilation', o.dilation ?? 1, nd, 1);
  if (padding.some((p, i) => p * 2 > kernel[i]!)) throw new ValueError(`${op}: padding [${padding}] should be at most half the kernel size [${kernel}]`);
  const spatial = x.shape.slice(2);
  const out = spatial.map((len, i) => outSize(len, kernel[i]!, stride[i]!, padding[i]!, dilation[i]!, o.ceilMode));
  if (out.some((v) => v <= 0)) throw new ShapeError(`${op}: input ${shapeStr(x.shape)} is too small for kernel [${kernel}]`);
  const extra = spatial.map((len, i) => Math.max(0, (out[i]! - 1) * stride[i]! + dilation[i]! * (kernel[i]! - 1) + 1 - (len + 2 * padding[i]!)));
  return { nd, kernel, stride, dilation, padding, out, extra, ceilMode: o.ceilMode ?? false };
}

/**
 * The windows of `x` [N, C, *spatial] padded with `fill`: [N, C, Πk, L]. By default each dim is
 * padded by `padding` before and `padding + extra` after; `alreadyPadded` inputs get only `extra`.
 */
function windows(x: Tensor, p: Pooling, fill: number, alreadyPadded = false): Tensor {
  const pairs = p.padding.map((v, i) => (alreadyPadded ? [0, p.extra[i]!] : [v, v + p.extra[i]!])).reverse().flat();
  const padded = pad(x, pairs, 'constant', fill);
  const g = geometry('pool', padded.shape, { kernel: p.kernel, stride: p.stride, padding: p.kernel.map(() => 0), dilation: p.dilation });
  const [n, c] = x.shape as [number, number];
  return unfoldWindows(padded, g).reshape([n, c, -1, p.out.reduce((a, b) => a * b, 1)]);
}

const poolKeys: OptionKeys<PoolOptions> = { stride: true, padding: true, ceilMode: true };
/** The keys the max-pooling functions accept in their options. */
export const maxPoolKeys: OptionKeys<MaxPoolOptions> = { ...poolKeys, dilation: true };
/** The keys the average-pooling functions accept in their options. */
export const avgPoolKeys: OptionKeys<AvgPoolOptions> = { ...poolKeys, countIncludePad: true, divisorOverride: true };

function maxPoolNd(nd: SpatialDims, op: string, input: Tensor, kernelSize: SizeN, options: MaxPoolOptions | undefined): ValuesIndices {
  const o = checkOptions(op, options, maxPoolKeys);
  const [x, unbatch] = batched(op, input, nd);
  const { values, indices } = maxPool(x, resolve(op, nd, x, kernelSize, o));
  return valuesIndices(unbatch(values), unbatch(indices));
}

/** Max pooling of a batched input with resolved windows (what a tracer sees as op 'maxPool'). */
const maxPool = traced('maxPool', (x: Tensor, p: Pooling): ValuesIndices => {
  const [n, c] = x.shape as [number, number];
  const spatial = x.shape.slice(2);
  // The kernel finds each window's maximum (PyTorch's flat positions); gathering the values
  // makes the op differentiable, the gradient scattering back to those positions.
  const g = {
    channels: 1, size: toTriple(spatial, 1), kernel: toTriple(p.kernel, 1), stride: toTriple(p.stride, 1),
    padding: toTriple(p.padding, 0), dilation: toTriple(p.dilation, 1), out: toTriple(p.out, 1),
  };
  const positions = getBackend().maxPoolIndices(x.contiguousData(), n * c, g);
  const indices = Tensor.fromData(positions, [n, c, positions.length / (n * c)]);
  const values = gatherInRange(x.reshape([n, c, numelOf(spatial)]), 2, indices);
  const shape = [n, c, ...p.out];
  return valuesIndices(values.reshape(shape), indices.reshape(shape));
});

function numelOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Maximum over sliding windows of `x` [N, C, L] (stride defaults to the kernel; padding is −∞).
 * The gradient goes to each window's first maximum, as in PyTorch.
 * PyTorch: `F.max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False)`.
 * @example maxPool1d(signal, 4) // [N, C, 1000] → [N, C, 250]
 */
export function maxPool1d(x: Tensor, kernelSize: SizeN, options?: MaxPoolOptions): Tensor {
  return maxPoolNd(1, 'maxPool1d', x, kernelSize, options).values;
}

/**
 * Maximum over k×k windows of `x` [N, C, H, W] (stride defaults to the kernel; padding is −∞).
 * PyTorch: `F.max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False)`.
 * @example maxPool2d(features, 2) // halves H and W
 */
export function maxPool2d(x: Tensor, kernelSize: SizeN, options?: MaxPoolOptions): Tensor {
  return maxPoolNd(2, 'maxPool2d', x, kernelSize, options).values;
}

/**
 * Maximum over windows of `x` [N, C, D, H, W].
 * PyTorch: `F.max_pool3d`.
 * @example maxPool3d(clips, [1, 2, 2]) // halve height and width, keep every frame
 */
export function maxPool3d(x: Tensor, kernelSize: SizeN, options?: MaxPoolOptions): Tensor {
  return maxPoolNd(3, 'maxPool3d', x, kernelSize, options).values;
}

/**
 * maxPool1d plus the int32 position (within each input row) of every maximum.
 * PyTorch: `F.max_pool1d(..., return_indices=True)`.
 * @example const { values, indices } = maxPool1dWithIndices(x, 2)
 */
export function maxPool1dWithIndices(x: Tensor, kernelSize: SizeN, options?: MaxPoolOptions): ValuesIndices {
  return maxPoolNd(1, 'maxPool1d', x, kernelSize, options);
}

/**
 * maxPool2d plus the int32 flat position (h·W + w, within each input plane) of every maximum.
 * PyTorch: `F.max_pool2d(..., return_indices=True)`.
 * @example const [pooled, where] = maxPool2dWithIndices(maps, 2)
 */
export function maxPool2dWithIndices(x: Tensor, kernelSize: SizeN, options?: MaxPoolOptions): ValuesIndices {
  return maxPoolNd(2, 'maxPool2d', x, kernelSize, options);
}

/**
 * maxPool3d plus the flat position (within each input volume) of every maximum.
 * PyTorch: `F.max_pool3d(..., return_indices=True)`.
 * @example const { values, indices } = maxPool3dWithIndices(volumes, 2)
 */
export function maxPool3dWithIndices(x: Tensor, kernelSize: SizeN, options?: MaxPoolOptions): ValuesIndices {
  return maxPoolNd(3, 'maxPool3d', x, kernelSize, options);
}

function avgPoolNd(nd: SpatialDims, op: string, input: Tensor, kernelSize: SizeN, options: AvgPoolOptions | undefined): Tensor {
  const o = checkOptions(op, options, avgPoolKeys);
  if (o.divisorOverride !== undefined && !(o.divisorOverride > 0)) throw new ValueError(`${op}: divisorOverride must be positive, got ${o.divisorOverride}`);
  const [x, unbatch] = batched(op, input, nd);
  return unbatch(avgPool(x, resolve(op, nd, x, kernelSize, o), o));
}

/** Average pooling of a batched input with resolved windows (what a tracer sees as op 'avgPool'). */
const avgPool = traced('avgPool', (x: Tensor, p: Pooling, o: AvgPoolOptions): Tensor => {
  const sums = windows(x, p, 0).sum(2);
  let divisor: Tensor | number;
  if (o.divisorOverride !== undefined) {
    divisor = o.divisorOverride;
  } else {
    // Each window's count: its cells inside the input (and, with countIncludePad, the padding;
    // never the extra cells ceil mode adds past it), as PyTorch counts them.
    const spatial = x.shape.slice(2);
    const include = o.countIncludePad ?? true;
    const inside = ones([1, 1, ...spatial], { dtype: x.dtype });
    const counted = include ? pad(inside, p.padding.flatMap((v) => [v, v]), 'constant', 1) : inside;
    divisor = windows(counted, p, 0, include).sum(2);
  }
  return sums.div(divisor).reshape([x.shape[0]!, x.shape[1]!, ...p.out]);
});

/**
 * Average over sliding windows of `x` [N, C, L].
 * PyTorch: `F.avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)`.
 * @example avgPool1d(signal, 3, { stride: 1, padding: 1 }) // a moving average, same length
 */
export function avgPool1d(x: Tensor, kernelSize: SizeN, options?: AvgPoolOptions): Tensor {
  return avgPoolNd(1, 'avgPool1d', x, kernelSize, options);
}

/**
 * Average over k×k windows of `x` [N, C, H, W] (stride defaults to the kernel).
 * PyTorch: `F.avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)`.
 * @example avgPool2d(maps, 2) // [N, C, 28, 28] → [N, C, 14, 14]
 */
export function avgPool2d(x: Tensor, kernelSize: SizeN, options?: AvgPoolOptions): Tensor {
  return avgPoolNd(2, 'avgPool2d', x, kernelSize, options);
}

/**
 * Average over windows of `x` [N, C, D, H, W].
 * PyTorch: `F.avg_pool3d`.
 * @example avgPool3d(volumes, 2)
 */
export function avgPool3d(x: Tensor, kernelSize: SizeN, options?: AvgPoolOptions): Tensor {
  return avgPoolNd(3, 'avgPool3d', x, kernelSize, options);
}

/** An output size per spatial dim; null keeps that dim's input size. */
export type AdaptiveSize = number | readonly (number | null)[];

function adaptiveSizes(op: string, nd: SpatialDims, x: Tensor, size: AdaptiveSize): number[] {
  const spatial = x.shape.slice(2);
  const raw = typeof size === 'number' ? new Array<number>(nd).fill(size) : size.map((s, i) => s ?? spatial[i]!);
  return tupleOf(op, 'output size', raw, nd, 1);
}

/** Bin i of an adaptive pool over `len` into `out` bins: [⌊i·len/out⌋, ⌈(i+1)·len/out⌉). */
function bin(i: number, len: number, out: number): [number, number] {
  return [Math.floor((i * len) / out), Math.ceil(((i + 1) * len) / out)];
}

function adaptiveAvgPoolNd(nd: SpatialDims, op: string, input: Tensor, size: AdaptiveSize): Tensor {
  const [x, unbatch] = batched(op, input, nd);
  const out = adaptiveSizes(op, nd, x, size);
  return unbatch(alongSpatialDims(x, nd, (len, i) => {
    const m = new Float64Array(len * out[i]!);
    for (let j = 0; j < out[i]!; j++) {
      const [start, end] = bin(j, len, out[i]!);
      for (let r = start; r < end; r++) m[r * out[i]! + j] = 1 / (end - start);
    }
    return Tensor.fromData(m, [len, out[i]!]);
  }));
}

/**
 * Averages `x` [N, C, L] into `outputSize` bins ([⌊iL/out⌋, ⌈(i+1)L/out⌉)).
 * PyTorch: `F.adaptive_avg_pool1d(input, output_size)`.
 * @example adaptiveAvgPool1d(features, 1) // global average over time: [N, C, 1]
 */
export function adaptiveAvgPool1d(x: Tensor, outputSize: AdaptiveSize): Tensor {
  return adaptiveAvgPoolNd(1, 'adaptiveAvgPool1d', x, outputSize);
}

/**
 * Averages `x` [N, C, H, W] into an `outputSize` grid of bins.
 * PyTorch: `F.adaptive_avg_pool2d(input, output_size)`.
 * @example adaptiveAvgPool2d(features, 1) // global average pooling → [N, C, 1, 1]
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: AdaptiveSize): Tensor {
  return adaptiveAvgPoolNd(2, 'adaptiveAvgPool2d', x, outputSize);
}

/**
 * Averages `x` [N, C, D, H, W] into an `outputSize` grid of bins.
 * PyTorch: `F.adaptive_avg_pool3d`.
 * @example adaptiveAvgPool3d(clips, [1, 1, 1]) // one value per channel
 */
export function adaptiveAvgPool3d(x: Tensor, outputSize: AdaptiveSize): Tensor {
  return adaptiveAvgPoolNd(3, 'adaptiveAvgPool3d', x, outputSize);
}

/**
 * Maximum of `x` [N, C, H, W] over an `outputSize` grid of bins (the bins of adaptiveAvgPool2d).
 * PyTorch: `F.adaptive_max_pool2d(input, output_size)`.
 * @example adaptiveMaxPool2d(maps, [2, 2])
 */
export function adaptiveMaxPool2d(input: Tensor, outputSize: AdaptiveSize): Tensor {
  const [x, unbatch] = batched('adaptiveMaxPool2d', input, 2);
  const out = adaptiveSizes('adaptiveMaxPool2d', 2, x, outputSize);
  let y = x;
  out.forEach((o, i) => {
    const dim = 2 + i;
    const len = y.shape[dim]!;
    y = cat(Array.from({ length: o }, (_, j) => {
      const [start, end] = bin(j, len, o);
      return y.narrow(dim, start, end - start).amax(dim, true);
    }), dim);
  });
  return unbatch(y);
}
