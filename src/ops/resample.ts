/**
 * @file Resizing (interpolate / upsample) and pixel shuffling. Nearest and (bi/tri)linear
 * resizing are separable: each spatial dim is multiplied by an [in, out] interpolation matrix.
 */
import { ShapeError, ValueError } from '../errors.js';
import { shapeStr } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { adaptiveAvgPool1d, adaptiveAvgPool2d, adaptiveAvgPool3d } from './pooling.js';
import { alongSpatialDims } from './separable.js';
import { checkOptions, type OptionKeys } from '../options.js';

/** How `interpolate` fills new pixels: nearest neighbour, (bi/tri)linear, or the mean over each output cell's area. PyTorch: `mode`. */
export type InterpolateMode = 'nearest' | 'linear' | 'bilinear' | 'trilinear' | 'area';

/** Options of `interpolate` and `nn.Upsample` (PyTorch's keyword arguments, where it has them). */
export interface InterpolateOptions {
  /** Output spatial size (an int for every dim, or one per dim). Give this or `scaleFactor`. */
  size?: number | readonly number[];
  /** Multiplier of each spatial size (output size = ⌊in·scale⌋). */
  scaleFactor?: number | readonly number[];
  /** Default 'nearest'. 'linear', 'bilinear', 'trilinear' need 1, 2, 3 spatial dims. */
  mode?: InterpolateMode;
  /** Linear modes: map corner pixel centres onto each other (default false). */
  alignCorners?: boolean;
}

const LINEAR_DIMS: Partial<Record<InterpolateMode, number>> = { linear: 1, bilinear: 2, trilinear: 3 };

function perDim(name: string, v: number | readonly number[], nd: number): number[] {
  const t = typeof v === 'number' ? new Array<number>(nd).fill(v) : [...v];
  if (t.length !== nd || !t.every((s) => s > 0 && Number.isFinite(s))) throw new ValueError(`interpolate: ${name} must be a positive number or ${nd} of them, got ${JSON.stringify(v)}`);
  return t;
}

/**
 * The [in, out] matrix resizing one dim (PyTorch's coordinate rules): nearest reads
 * ⌊dst·scale⌋; linear reads (dst + ½)·scale − ½ clamped at 0, or dst·(in−1)/(out−1) with
 * alignCorners. `scale` is in/out, or 1/scaleFactor when the factor was given.
 */
function resizeMatrix(inLen: number, outLen: number, mode: InterpolateMode, alignCorners: boolean, factor: number | undefined): Tensor {
  const m = new Float64Array(inLen * outLen);
  const scale = factor !== undefined ? 1 / factor : inLen / outLen;
  for (let dst = 0; dst < outLen; dst++) {
    if (mode === 'nearest') {
      m[Math.min(Math.floor(dst * scale), inLen - 1) * outLen + dst] = 1;
      continue;
    }
    const src = alignCorners ? (outLen > 1 ? (dst * (inLen - 1)) / (outLen - 1) : 0) : Math.max((dst + 0.5) * scale - 0.5, 0);
    const i0 = Math.min(Math.floor(src), inLen - 1);
    const i1 = Math.min(i0 + 1, inLen - 1);
    const w1 = src - i0;
    m[i0 * outLen + dst]! += 1 - w1;
    m[i1 * outLen + dst]! += w1;
  }
  return Tensor.fromData(m, [inLen, outLen]);
}

/** The keys `interpolate` accepts in its options. */
export const interpolateKeys: OptionKeys<InterpolateOptions> = { size: true, scaleFactor: true, mode: true, alignCorners: true };

/**
 * Resizes `x` [N, C, *spatial] (1–3 spatial dims) to `size`, or by `scaleFactor`.
 * PyTorch: `F.interpolate(input, size=None, scale_factor=None, mode='nearest', align_corners=None)`.
 * @example interpolate(img, { scaleFactor: 2, mode: 'bilinear' })
 */
export function interpolate(x: Tensor, options: InterpolateOptions): Tensor {
  options = checkOptions<InterpolateOptions>('interpolate', options, interpolateKeys);
  const nd = x.ndim - 2;
  if (nd < 1 || nd > 3) throw new ShapeError(`interpolate: expected input [N, C, *spatial] with 1 to 3 spatial dims, got ${shapeStr(x.shape)}`);
  const mode = options.mode ?? 'nearest';
  const linearDims = LINEAR_DIMS[mode];
  if (linearDims !== undefined && linearDims !== nd) throw new ValueError(`interpolate: mode '${mode}' needs ${linearDims} spatial dims, got input ${shapeStr(x.shape)}`);
  if (linearDims === undefined && options.alignCorners !== undefined) throw new ValueError(`interpolate: alignCorners only applies to the linear modes, not '${mode}'`);
  if ((options.size === undefined) === (options.scaleFactor === undefined)) throw new ValueError('interpolate: give exactly one of size and scaleFactor');
  const spatial = x.shape.slice(2);
  const factors = options.scaleFactor === undefined ? undefined : perDim('scaleFactor', options.scaleFactor, nd);
  const size = options.size !== undefined ? perDim('size', options.size, nd) : spatial.map((s, i) => Math.floor(s * factors![i]!));
  if (!size.every((s) => Number.isInteger(s) && s >= 1)) throw new ValueError(`interpolate: output size must be positive integers, got [${size}]`);
  if (mode === 'area') return [adaptiveAvgPool1d, adaptiveAvgPool2d, adaptiveAvgPool3d][nd - 1]!(x, size);
  return alongSpatialDims(x, nd, (len, i) => resizeMatrix(len, size[i]!, mode, options.alignCorners ?? false, factors?.[i]));
}

/**
 * Rearranges [N, C·r², H, W] into [N, C, H·r, W·r] (sub-pixel convolution upsampling).
 * PyTorch: `F.pixel_shuffle(input, upscale_factor)`.
 * @example pixelShuffle(features, 2) // [N, 4C, H, W] → [N, C, 2H, 2W]
 */
export function pixelShuffle(x: Tensor, r: number): Tensor {
  if (x.ndim !== 4 || !Number.isInteger(r) || r < 1 || x.shape[1]! % (r * r) !== 0) {
    throw new ShapeError(`pixelShuffle: expected [N, C·${r}², H, W] and an integer factor, got ${shapeStr(x.shape)}`);
  }
  const [n, c, h, w] = x.shape as [number, number, number, number];
  return x.reshape([n, c / (r * r), r, r, h, w]).permute([0, 1, 4, 2, 5, 3]).reshape([n, c / (r * r), h * r, w * r]);
}

/**
 * The inverse of pixelShuffle: [N, C, H·r, W·r] → [N, C·r², H, W]. PyTorch: `F.pixel_unshuffle`.
 * @example pixelUnshuffle(images, 2) // [N, C, 2H, 2W] → [N, 4C, H, W]
 */
export function pixelUnshuffle(x: Tensor, r: number): Tensor {
  if (x.ndim !== 4 || !Number.isInteger(r) || r < 1 || x.shape[2]! % r !== 0 || x.shape[3]! % r !== 0) {
    throw new ShapeError(`pixelUnshuffle: expected [N, C, H·${r}, W·${r}] and an integer factor, got ${shapeStr(x.shape)}`);
  }
  const [n, c, h, w] = x.shape as [number, number, number, number];
  return x.reshape([n, c, h / r, r, w / r, r]).permute([0, 1, 3, 5, 2, 4]).reshape([n, c * r * r, h / r, w / r]);
}
