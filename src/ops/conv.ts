/**
 * @file Convolutions (1-, 2- and 3-D) and transposed convolutions by unfolding (im2col): a
 * convolution is the product of the weights with the batch's column matrix, one fused op whose
 * gradients are the two other products with it (the native backend never forms the columns).
 * Depthwise convolutions (one filter per channel) run on direct kernels instead. A transposed
 * convolution is the adjoint: the weights' transpose times the input, folded (col2im) into the
 * output.
 */
import { defineOp } from '../autograd/function.js';
import { isGradEnabled } from '../autograd/grad_mode.js';
import { getBackend, type ConvGeometry, type ConvProduct } from '../backend/backend.js';
import { ShapeError, ValueError } from '../errors.js';
import { isFloating } from '../tensor/dtype.js';
import { shapeStr } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { sumTo } from './elementwise.js';
import { pad } from './shape.js';
import { batched, foldWindows, geometry, outShape, tupleOf, unfoldWindows, type SizeN, type SpatialDims } from './window.js';
import { checkOptions, type OptionKeys } from '../options.js';

export { fold, unfold, type SizeN, type WindowOptions } from './window.js';

/** How a convolution pads its input. PyTorch: `padding_mode` ('zeros' is `F.conv*`'s own padding). */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** Options of `conv1d`, `conv2d` and `conv3d` (PyTorch's keyword arguments, where it has them). */
export interface ConvOptions {
  stride?: SizeN;
  /** Padding per side (int or per dim), 'valid' (none) or 'same' (output size = input size; stride 1). */
  padding?: SizeN | 'valid' | 'same';
  dilation?: SizeN;
  groups?: number;
  /** Values in the padding (default 'zeros'). */
  paddingMode?: PaddingMode;
}

const KERNEL_DIMS = ['', 'k', 'kh, kw', 'kd, kh, kw'];

function checkFloating(op: string, x: Tensor): void {
  if (!isFloating(x.dtype)) throw new ValueError(`${op}: input must be floating point, got ${x.dtype}`);
}

function checkGroups(op: string, groups: number, channels: number, outChannels: number): void {
  if (!Number.isInteger(groups) || groups < 1 || channels % groups !== 0 || outChannels % groups !== 0) {
    throw new ValueError(`${op}: groups=${groups} must divide both the ${channels} input and the ${outChannels} output channels`);
  }
}

function checkBias(op: string, bias: Tensor | null, outChannels: number): void {
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outChannels)) throw new ShapeError(`${op}: bias must be [${outChannels}], got ${shapeStr(bias.shape)}`);
}

/** (before, after) padding per spatial dim, from the `padding` option. */
function paddingPairs(op: string, o: ConvOptions, kernel: number[], dilation: number[]): [number, number][] {
  const nd = kernel.length;
  if (o.padding === 'same') {
    if (tupleOf(op, 'stride', o.stride ?? 1, nd, 1).some((s) => s !== 1)) throw new ValueError(`${op}: padding='same' needs stride 1`);
    // Total padding d(k−1) per dim; an odd total puts the extra element after (PyTorch).
    return kernel.map((k, i) => {
      const total = dilation[i]! * (k - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    });
  }
  const p = o.padding === 'valid' || o.padding === undefined ? 0 : o.padding;
  return tupleOf(op, 'padding', p, nd, 0).map((v) => [v, v]);
}

/**
 * The gradients of a depthwise convolution as ops (for second derivatives): through the columns,
 * dW = Σ cols·dy over the windows, and dx = fold(w·dy).
 */
function depthwiseGradOps(dy: Tensor, x: Tensor, weight: Tensor, g: ConvGeometry, needsGrad: readonly boolean[]): (Tensor | null)[] {
  const [n, c] = x.shape as [number, number];
  const taps = weight.numel / c;
  const grad = dy.reshape([n, c, 1, -1]).transpose(0, 1).transpose(1, 2); // [C, 1, N, L]
  const dw = needsGrad[1] ? unfoldWindows(x, g, true).reshape([c, taps, n, -1]).mul(grad).sum([2, 3]).reshape(weight.shape) : null;
  const dx = needsGrad[0] ? foldWindows(weight.reshape([c, taps, 1, 1]).mul(grad).reshape([c * taps, n, -1]), g, x.ndim - 2, true) : null;
  return [dx, dw];
}

/** x [N, C, *spatial] ⊛ weight [C, 1, *kernel], one filter per channel, by direct kernels → [N, C, L]. */
const depthwiseOp = defineOp<ConvGeometry>({
  name: 'depthwiseConv',
  saves: 'inputs',
  forward: ([x, weight], g) => {
    const n = x!.shape[0]!;
    return Tensor.fromData(getBackend().depthwiseConv(x!.contiguousData(), weight!.contiguousData(), n, g), [n, g.channels, g.out[0] * g.out[1] * g.out[2]]);
  },
  backward: (dy, { inputs: [x, weight], attrs: g, needsGrad }) => {
    if (isGradEnabled()) return depthwiseGradOps(dy, x!, weight!, g, needsGrad);
    const { dx, dw } = getBackend().depthwiseConvBackward(x!.contiguousData(), weight!.contiguousData(), dy.contiguousData(), x!.shape[0]!, g, needsGrad[0]!, needsGrad[1]!);
    return [dx ? Tensor.fromData(dx, x!.shape) : null, dw ? Tensor.fromData(dw, weight!.shape) : null];
  },
});

/**
 * x [N, C, *spatial] ⊛ weight [O, C/G, *kernel] (+ bias [O]) → [N, O, L]: each group's weights
 * times its columns (unfoldWindows' batch-inner layout), so the whole batch is one product per
 * group and the weight gradient one product over every window of every image. The backend need
 * not form the columns (nine times the input for a 3×3 kernel).
 */
const convOp = defineOp<ConvProduct>({
  name: 'conv',
  saves: 'inputs',
  forward: ([x, weight, bias], c) => {
    const y = getBackend().convForward(x!.contiguousData(), weight!.contiguousData(), bias ? bias.contiguousData() : null, c);
    return Tensor.fromData(y, [c.batch, c.outChannels, c.geometry.out[0] * c.geometry.out[1] * c.geometry.out[2]]);
  },
  backward: (dy, { inputs: [x, weight, bias], attrs: c, needsGrad }) => {
    const db = bias && needsGrad[2] ? sumTo(dy, [c.outChannels, 1]).reshape([c.outChannels]) : null;
    let dx: Tensor | null = null;
    let dw: Tensor | null = null;
    if (isGradEnabled()) {
      // As ops (for second derivatives).
      if (needsGrad[1]) dw = convWeightGradOps(x!, dy, c, weight!.shape);
      if (needsGrad[0]) dx = convTransposeOp([dy, weight!], c).reshape(x!.shape);
    } else {
      const b = getBackend();
      const g = dy.contiguousData();
      if (needsGrad[0]) dx = Tensor.fromData(b.convInputGrad(weight!.contiguousData(), g, c), x!.shape);
      if (needsGrad[1]) dw = Tensor.fromData(b.convWeightGrad(x!.contiguousData(), g, c), weight!.shape);
    }
    return bias ? [dx, dw, db] : [dx, dw];
  },
});

/** The weight gradient of the convolution `c` of x by dy [N, O, L], as ops: each group's dy times its columns. */
function convWeightGradOps(x: Tensor, dy: Tensor, c: ConvProduct, weightShape: readonly number[]): Tensor {
  const l = dy.shape[2]!;
  const products = dy.transpose(0, 1).reshape([c.groups, -1, c.batch * l]);
  const cols = unfoldWindows(x, c.geometry, true).reshape([c.groups, -1, c.batch * l]);
  return products.matmul(cols.mT).reshape(weightShape);
}

/**
 * The adjoint of the convolution `c`: x [N, O, L] (L its output positions) → [N, C, *size], the
 * input gradient convOp's backward computes, as an op of its own so a transposed convolution
 * runs on the same GEMM kernels (and threads) as a convolution in all three passes.
 */
const convTransposeOp: (inputs: readonly Tensor[], c: ConvProduct) => Tensor = defineOp<ConvProduct>({
  name: 'convTranspose',
  saves: 'inputs',
  forward: ([x, weight], c) => {
    const { channels, size } = c.geometry;
    return Tensor.fromData(getBackend().convInputGrad(weight!.contiguousData(), x!.contiguousData(), c), [c.batch, channels, size[0] * size[1] * size[2]]);
  },
  backward: (dy, { inputs: [x, weight], attrs: c, needsGrad }) => {
    const { channels, size } = c.geometry;
    const volume = dy.reshape([c.batch, channels, ...size]);
    if (isGradEnabled()) {
      return [needsGrad[0] ? convOp([volume, weight!], c) : null, needsGrad[1] ? convWeightGradOps(volume, x!, c, weight!.shape) : null];
    }
    const b = getBackend();
    const g = dy.contiguousData();
    return [
      needsGrad[0] ? Tensor.fromData(b.convForward(g, weight!.contiguousData(), null, c), x!.shape) : null,
      needsGrad[1] ? Tensor.fromData(b.convWeightGrad(g, x!.contiguousData(), c), weight!.shape) : null,
    ];
  },
});

/** The keys `conv1d`/`conv2d`/`conv3d` accept in their options (for layers that pass options through). */
export const convKeys: OptionKeys<ConvOptions> = { stride: true, padding: true, dilation: true, groups: true, paddingMode: true };
/** The keys the transposed convolutions accept in their options. */
export const convTransposeKeys: OptionKeys<ConvTransposeOptions> = { stride: true, padding: true, outputPadding: true, dilation: true, groups: true };

function convNd(nd: SpatialDims, op: string, input: Tensor, weight: Tensor, bias: Tensor | null, options: ConvOptions | undefined): Tensor {
  const o = checkOptions(op, options, convKeys);
  const [x, unbatch] = batched(op, input, nd);
  checkFloating(op, x);
  if (weight.ndim !== nd + 2) throw new ShapeError(`${op}: weight must be [O, C/groups, ${KERNEL_DIMS[nd]}], got ${shapeStr(weight.shape)}`);
  const groups = o.groups ?? 1;
  const [outChannels, cPerGroup] = weight.shape as [number, number];
  const c = x.shape[1]!;
  checkGroups(op, groups, c, outChannels);
  if (cPerGroup * groups !== c) {
    throw new ShapeError(`${op}: input ${shapeStr(x.shape)} has ${c} channels but weight ${shapeStr(weight.shape)} expects ${cPerGroup * groups} (groups=${groups})`);
  }
  checkBias(op, bias, outChannels);
  const kernel = weight.shape.slice(2);
  const dilation = tupleOf(op, 'dilation', o.dilation ?? 1, nd, 1);
  const pairs = paddingPairs(op, o, kernel, dilation);
  const mode = o.paddingMode ?? 'zeros';
  let padded = x;
  let padding = pairs.map(([before]) => before);
  // Zero padding that is the same on both sides is im2col's own; anything else is padded first.
  if (mode !== 'zeros' || pairs.some(([b, a]) => b !== a)) {
    padded = pad(x, pairs.slice().reverse().flat(), mode === 'zeros' ? 'constant' : mode);
    padding = padding.map(() => 0);
  }
  const g = geometry(op, padded.shape, { kernel, stride: tupleOf(op, 'stride', o.stride ?? 1, nd, 1), padding, dilation });
  const withBias = (y: Tensor): Tensor => (bias ? y.add(bias.reshape([outChannels, ...new Array<number>(nd).fill(1)])) : y);
  if (cPerGroup === 1 && outChannels === groups) {
    return unbatch(withBias(depthwiseOp([padded, weight], g).reshape([padded.shape[0]!, outChannels, ...outShape(g, nd)])));
  }
  const n = padded.shape[0]!;
  const y = convOp(bias ? [padded, weight, bias] : [padded, weight], { batch: n, geometry: g, groups, outChannels });
  return unbatch(y.reshape([n, outChannels, ...outShape(g, nd)]));
}

/**
 * 1-D cross-correlation of `x` [N, C, L] with `weight` [O, C/groups, k], plus `bias` [O].
 * Output [N, O, ⌊(L + 2p − d(k−1) − 1)/s⌋ + 1].
 * PyTorch: `F.conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)`.
 * @example conv1d(audio, w, b, { padding: 'same' })
 */
export function conv1d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options?: ConvOptions): Tensor {
  return convNd(1, 'conv1d', x, weight, bias, options);
}

/**
 * 2-D cross-correlation of `x` [N, C, H, W] with `weight` [O, C/groups, kh, kw], plus `bias`
 * [O]. Output [N, O, oh, ow] with oh = ⌊(H + 2p − d(kh−1) − 1)/s⌋ + 1.
 * PyTorch: `F.conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)`.
 * @example conv2d(images, w, b, { padding: 1 }) // 3×3 'same' convolution
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options?: ConvOptions): Tensor {
  return convNd(2, 'conv2d', x, weight, bias, options);
}

/**
 * 3-D cross-correlation of `x` [N, C, D, H, W] with `weight` [O, C/groups, kd, kh, kw], plus
 * `bias` [O].
 * PyTorch: `F.conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)`.
 * @example conv3d(clips, w, b, { padding: 1 })
 */
export function conv3d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options?: ConvOptions): Tensor {
  return convNd(3, 'conv3d', x, weight, bias, options);
}

/** Options of the transposed convolutions (PyTorch's keyword arguments, where it has them). */
export interface ConvTransposeOptions {
  stride?: SizeN;
  padding?: SizeN;
  /** Extra size added to one side of the output (to pick among the sizes a stride maps to one). */
  outputPadding?: SizeN;
  dilation?: SizeN;
  groups?: number;
}

function convTransposeNd(nd: SpatialDims, op: string, input: Tensor, weight: Tensor, bias: Tensor | null, options: ConvTransposeOptions | undefined): Tensor {
  const o = checkOptions(op, options, convTransposeKeys);
  const [x, unbatch] = batched(op, input, nd);
  checkFloating(op, x);
  if (weight.ndim !== nd + 2) throw new ShapeError(`${op}: weight must be [C, O/groups, ${KERNEL_DIMS[nd]}], got ${shapeStr(weight.shape)}`);
  const groups = o.groups ?? 1;
  const [c, oPerGroup] = weight.shape as [number, number];
  if (x.shape[1] !== c) throw new ShapeError(`${op}: input ${shapeStr(x.shape)} has ${x.shape[1]} channels but weight ${shapeStr(weight.shape)} expects ${c}`);
  checkGroups(op, groups, c, oPerGroup * groups);
  const kernel = weight.shape.slice(2);
  const stride = tupleOf(op, 'stride', o.stride ?? 1, nd, 1);
  const padding = tupleOf(op, 'padding', o.padding ?? 0, nd, 0);
  const dilation = tupleOf(op, 'dilation', o.dilation ?? 1, nd, 1);
  const outputPadding = tupleOf(op, 'output padding', o.outputPadding ?? 0, nd, 0);
  outputPadding.forEach((p, i) => {
    if (p >= stride[i]! && p >= dilation[i]!) throw new ValueError(`${op}: output padding ${p} must be smaller than the stride or the dilation`);
  });
  const spatial = x.shape.slice(2);
  const size = spatial.map((len, i) => (len - 1) * stride[i]! - 2 * padding[i]! + dilation[i]! * (kernel[i]! - 1) + outputPadding[i]! + 1);
  if (size.some((s) => s <= 0)) throw new ShapeError(`${op}: input ${shapeStr(x.shape)} gives a non-positive output size [${size}]`);
  const n = x.shape[0]!;
  const outChannels = oPerGroup * groups;
  checkBias(op, bias, outChannels);
  // The convolution from the output back to the input, whose adjoint this is.
  const g = geometry(op, [n, outChannels, ...size], { kernel, stride, padding, dilation });
  // An output padding that only the dilation allows gives that convolution more outputs than x
  // has; the extra ones receive zeros.
  const extra = outShape(g, nd).map((len, i) => len - spatial[i]!);
  const volume = extra.some((e) => e > 0) ? pad(x, extra.slice().reverse().flatMap((e) => [0, e])) : x;
  const out = convTransposeOp([volume.reshape([n, c, -1]), weight], { batch: n, geometry: g, groups, outChannels: c }).reshape([n, outChannels, ...size]);
  return unbatch(bias ? out.add(bias.reshape([outChannels, ...new Array<number>(nd).fill(1)])) : out);
}

/**
 * Transposed 1-D convolution (the input-gradient of conv1d): `x` [N, C, L], `weight`
 * [C, O/groups, k] → [N, O, (L−1)s − 2p + d(k−1) + outputPadding + 1].
 * PyTorch: `F.conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1)`.
 * @example convTranspose1d(z, w, b, { stride: 4, padding: 11, outputPadding: 1 }) // WaveGAN-style ×4 upsampling, kernel 25
 */
export function convTranspose1d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options?: ConvTransposeOptions): Tensor {
  return convTransposeNd(1, 'convTranspose1d', x, weight, bias, options);
}

/**
 * Transposed 2-D convolution ("deconvolution"), the input-gradient of conv2d: `x` [N, C, H, W],
 * `weight` [C, O/groups, kh, kw] → [N, O, (H−1)s − 2p + d(kh−1) + outputPadding + 1, …].
 * PyTorch: `F.conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1)`.
 * @example convTranspose2d(z, w, b, { stride: 2, padding: 1 }) // 4×4 kernel doubles H and W
 */
export function convTranspose2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options?: ConvTransposeOptions): Tensor {
  return convTransposeNd(2, 'convTranspose2d', x, weight, bias, options);
}

/**
 * Transposed 3-D convolution: `x` [N, C, D, H, W], `weight` [C, O/groups, kd, kh, kw].
 * PyTorch: `F.conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1)`.
 * @example convTranspose3d(x, w, null, { stride: 2 }) // kernel 2 doubles D, H and W
 */
export function convTranspose3d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options?: ConvTransposeOptions): Tensor {
  return convTransposeNd(3, 'convTranspose3d', x, weight, bias, options);
}
