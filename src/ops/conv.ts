/**
 * @file 2-D convolution and max pooling by unfolding (im2col): a convolution is the product of
 * the weights with each image's column matrix, so its gradients come from matmul's and unfold's
 * VJPs, and unfold's VJP is fold (col2im) — whose VJP is unfold again, for second derivatives.
 */
import { defineOp } from '../autograd/function.js';
import { getBackend, type ConvGeometry } from '../backend/backend.js';
import { ShapeError, ValueError } from '../errors.js';
import { isFloating } from '../tensor/dtype.js';
import { shapeStr } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { pad } from './shape.js';

/** An int or a (height, width) pair. */
export type Size2 = number | readonly [number, number];

function pair(op: string, name: string, v: Size2, min: number): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((x) => Number.isInteger(x) && x >= min)) throw new ValueError(`${op}: ${name} must be integers >= ${min}, got ${JSON.stringify(v)}`);
  return p;
}

export interface WindowOptions {
  stride?: Size2;
  padding?: Size2;
  dilation?: Size2;
}

/** Output size of a sliding window: ⌊(L + 2p − d(k−1) − 1)/s⌋ + 1 (or ⌈…⌉ with ceilMode). */
function outSize(len: number, k: number, s: number, p: number, d: number, ceilMode = false): number {
  const span = len + 2 * p - d * (k - 1) - 1;
  let out = (ceilMode ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  // PyTorch: with ceil_mode the last window must start inside the input or the left padding.
  if (ceilMode && (out - 1) * s >= len + p) out--;
  return out;
}

function geometry(op: string, shape: readonly number[], kernel: Size2, o: WindowOptions): ConvGeometry {
  if (shape.length !== 4) throw new ShapeError(`${op}: expected input of shape [N, C, H, W], got ${shapeStr(shape)}`);
  const [, c, h, w] = shape as [number, number, number, number];
  const k = pair(op, 'kernel size', kernel, 1);
  const s = pair(op, 'stride', o.stride ?? 1, 1);
  const p = pair(op, 'padding', o.padding ?? 0, 0);
  const d = pair(op, 'dilation', o.dilation ?? 1, 1);
  const out: [number, number] = [outSize(h, k[0], s[0], p[0], d[0]), outSize(w, k[1], s[1], p[1], d[1])];
  if (out[0] <= 0 || out[1] <= 0) {
    throw new ShapeError(`${op}: input ${shapeStr(shape)} is too small for kernel [${k}] with padding [${p}] and dilation [${d}] (output would be ${out[0]}×${out[1]})`);
  }
  return { channels: c, height: h, width: w, kernel: k, stride: s, padding: p, dilation: d, out };
}

type WindowOp = (inputs: readonly Tensor[], geometry: ConvGeometry) => Tensor;

const unfoldOp: WindowOp = defineOp<ConvGeometry>({
  name: 'unfold',
  saves: 'none',
  forward: ([x], g) => {
    const n = x!.shape[0]!;
    const data = getBackend().im2col(x!.contiguousData(), n, g);
    return Tensor.fromData(data, [n, g.channels * g.kernel[0] * g.kernel[1], g.out[0] * g.out[1]]);
  },
  backward: (grad, { attrs }) => [foldOp([grad], attrs)],
});

const foldOp: WindowOp = defineOp<ConvGeometry>({
  name: 'fold',
  saves: 'none',
  forward: ([cols], g) => {
    const n = cols!.shape[0]!;
    return Tensor.fromData(getBackend().col2im(cols!.contiguousData(), n, g), [n, g.channels, g.height, g.width]);
  },
  backward: (grad, { attrs }) => [unfoldOp([grad], attrs)],
});

/**
 * Extracts sliding windows: [N, C, H, W] → [N, C·kh·kw, L] with L the number of windows.
 * PyTorch: `F.unfold(input, kernel_size, dilation=1, padding=0, stride=1)`.
 */
export function unfold(x: Tensor, kernelSize: Size2, options: WindowOptions = {}): Tensor {
  return unfoldOp([x], geometry('unfold', x.shape, kernelSize, options));
}

/**
 * Sums sliding-window columns [N, C·kh·kw, L] back into images [N, C, H, W] (the adjoint of
 * unfold). PyTorch: `F.fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1)`.
 */
export function fold(cols: Tensor, outputSize: Size2, kernelSize: Size2, options: WindowOptions = {}): Tensor {
  const [h, w] = pair('fold', 'output size', outputSize, 1);
  const k = pair('fold', 'kernel size', kernelSize, 1);
  if (cols.ndim !== 3 || cols.shape[1]! % (k[0] * k[1]) !== 0) {
    throw new ShapeError(`fold: expected [N, C·${k[0]}·${k[1]}, L], got ${shapeStr(cols.shape)}`);
  }
  const g = geometry('fold', [cols.shape[0]!, cols.shape[1]! / (k[0] * k[1]), h, w], k, options);
  if (g.out[0] * g.out[1] !== cols.shape[2]) {
    throw new ShapeError(`fold: ${cols.shape[2]} columns do not match the ${g.out[0]}×${g.out[1]} windows of a ${h}×${w} output`);
  }
  return foldOp([cols], g);
}

export interface Conv2dOptions extends Omit<WindowOptions, 'padding'> {
  /** Zero padding per side, or 'valid' (none) or 'same' (output size = input size; stride 1). */
  padding?: Size2 | 'valid' | 'same';
  groups?: number;
}

/**
 * 2-D cross-correlation of `x` [N, C, H, W] with `weight` [O, C/groups, kh, kw], plus `bias`
 * [O]. Output [N, O, oh, ow] with oh = ⌊(H + 2p − d(kh−1) − 1)/s⌋ + 1.
 * @example conv2d(images, w, b, { padding: 1 }) // 3×3 'same' convolution
 * PyTorch: `F.conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)`.
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv2dOptions = {}): Tensor {
  const groups = options.groups ?? 1;
  if (weight.ndim !== 4) throw new ShapeError(`conv2d: weight must be [O, C/groups, kh, kw], got ${shapeStr(weight.shape)}`);
  if (x.ndim !== 4) throw new ShapeError(`conv2d: expected input of shape [N, C, H, W], got ${shapeStr(x.shape)}`);
  if (!isFloating(x.dtype)) throw new ValueError(`conv2d: input must be floating point, got ${x.dtype}`);
  const [o, cPerGroup, kh, kw] = weight.shape as [number, number, number, number];
  const c = x.shape[1]!;
  if (!Number.isInteger(groups) || groups < 1 || c % groups !== 0 || o % groups !== 0) {
    throw new ValueError(`conv2d: groups=${groups} must divide both the ${c} input and the ${o} output channels`);
  }
  if (cPerGroup * groups !== c) {
    throw new ShapeError(`conv2d: input ${shapeStr(x.shape)} has ${c} channels but weight ${shapeStr(weight.shape)} expects ${cPerGroup * groups} (groups=${groups})`);
  }
  const dilation = pair('conv2d', 'dilation', options.dilation ?? 1, 1);
  let input = x;
  let padding: Size2 = 0;
  if (options.padding === 'same') {
    if (pair('conv2d', 'stride', options.stride ?? 1, 1).some((s) => s !== 1)) throw new ValueError("conv2d: padding='same' needs stride 1");
    // Total padding d(k−1) per dim; an odd total puts the extra row/column on the bottom/right.
    const [th, tw] = [dilation[0] * (kh - 1), dilation[1] * (kw - 1)];
    input = pad(x, [Math.floor(tw / 2), tw - Math.floor(tw / 2), Math.floor(th / 2), th - Math.floor(th / 2)]);
  } else if (options.padding !== undefined && options.padding !== 'valid') {
    padding = options.padding;
  }
  const cols = unfold(input, [kh, kw], { stride: options.stride, padding, dilation });
  const [n, k, l] = cols.shape as [number, number, number];
  const g = geometry('conv2d', input.shape, [kh, kw], { stride: options.stride, padding, dilation });
  const w = weight.reshape([groups, o / groups, k / groups]);
  const out = w.matmul(cols.reshape([n, groups, k / groups, l])).reshape([n, o, g.out[0], g.out[1]]);
  return bias ? out.add(bias.reshape([o, 1, 1])) : out;
}

export interface MaxPool2dOptions extends WindowOptions {
  /** Round the output size up instead of down (default false). */
  ceilMode?: boolean;
}

/**
 * Maximum over k×k windows (stride defaults to the kernel size; padding counts as −∞). The
 * gradient goes to the first maximum of each window, as in PyTorch.
 * PyTorch: `F.max_pool2d(input, kernel_size, stride=kernel_size, padding=0, dilation=1, ceil_mode=False)`.
 */
export function maxPool2d(x: Tensor, kernelSize: Size2, options: MaxPool2dOptions = {}): Tensor {
  const k = pair('maxPool2d', 'kernel size', kernelSize, 1);
  const s = pair('maxPool2d', 'stride', options.stride ?? k, 1);
  const p = pair('maxPool2d', 'padding', options.padding ?? 0, 0);
  const d = pair('maxPool2d', 'dilation', options.dilation ?? 1, 1);
  if (p[0] * 2 > k[0] || p[1] * 2 > k[1]) throw new ValueError(`maxPool2d: padding [${p}] should be at most half the kernel size [${k}]`);
  if (x.ndim !== 4) throw new ShapeError(`maxPool2d: expected input of shape [N, C, H, W], got ${shapeStr(x.shape)}`);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const oh = outSize(h, k[0], s[0], p[0], d[0], options.ceilMode);
  const ow = outSize(w, k[1], s[1], p[1], d[1], options.ceilMode);
  if (oh <= 0 || ow <= 0) throw new ShapeError(`maxPool2d: input ${shapeStr(x.shape)} is too small for kernel [${k}]`);
  // Pad with −∞ on every side, plus whatever ceil mode's last windows need on the bottom/right.
  const extraH = Math.max(0, (oh - 1) * s[0] + d[0] * (k[0] - 1) + 1 - (h + 2 * p[0]));
  const extraW = Math.max(0, (ow - 1) * s[1] + d[1] * (k[1] - 1) + 1 - (w + 2 * p[1]));
  const padded = pad(x, [p[1], p[1] + extraW, p[0], p[0] + extraH], 'constant', -Infinity);
  const cols = unfold(padded, k, { stride: s, dilation: d }).reshape([n, c, k[0] * k[1], oh * ow]);
  return cols.max(2).values.reshape([n, c, oh, ow]);
}
