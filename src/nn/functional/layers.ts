/** @file Functional forms of the basic layers: linear, dropout (elementwise and channel-wise), embedding. */
import { discard } from '../../autograd/discard.js';
import { traced } from '../../autograd/trace.js';
import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { where } from '../../ops/elementwise.js';
import { allocate } from '../../tensor/dtype.js';
import { defaultGenerator, type Generator } from '../../tensor/random.js';
import { shapeStr } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkOptions, type OptionKeys } from '../../options.js';

/**
 * y = x·Wᵀ + b for `x` of shape [..., in], `weight` [out, in], `bias` [out].
 * PyTorch: `F.linear`.
 * @example F.linear(x, weight, bias) // x·Wᵀ + b, W [out, in]
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const inFeatures = weight.shape[1];
  if (weight.ndim !== 2 || x.shape[x.ndim - 1] !== inFeatures) {
    throw new ShapeError(`linear: input ${shapeStr(x.shape)} does not fit weight ${shapeStr(weight.shape)} (expected last dim ${inFeatures})`);
  }
  const y = x.matmul(weight.mT);
  if (!bias) return y;
  const out = y.add(bias);
  discard(y);
  return out;
}

/** Options of `dropout` (PyTorch's keyword arguments, where it has them). */
export interface DropoutOptions {
  /** Drop probability (default 0.5). */
  p?: number;
  /** Dropout is the identity unless training (default true). */
  training?: boolean;
  generator?: Generator;
}

const dropoutKeys: OptionKeys<DropoutOptions> = { p: true, training: true, generator: true };

/**
 * Inverted dropout: in training, zeroes each element with probability p and scales the rest
 * by 1/(1−p); the identity otherwise. PyTorch: `F.dropout(x, p=0.5, training=True)`.
 * @example F.dropout(x, { p: 0.1, training: model.training })
 */
export function dropout(x: Tensor, options?: DropoutOptions): Tensor {
  const { p = 0.5, training = true, generator = defaultGenerator } = checkOptions('dropout', options, dropoutKeys);
  if (!(p >= 0 && p <= 1)) throw new ValueError(`dropout: probability must be in [0, 1], got ${p}`);
  if (!training || p === 0) return x;
  return activeDropout(x, p, generator);
}

/** Dropout that drops (what a tracer sees as op 'dropout', whose mask is drawn anew at every run). */
const activeDropout = traced('dropout', (x: Tensor, p: number, generator: Generator): Tensor => {
  if (p === 1) return x.mul(0);
  return x.mul(keepMask(x.shape, x.dtype, p, generator));
});

/** 1/(1−p) with probability 1 − p, else 0, for each element of `shape`. */
function keepMask(shape: readonly number[], dtype: Tensor['dtype'], p: number, generator: Generator): Tensor {
  const mask = allocate(dtype === 'float64' ? 'float64' : 'float32', shape.reduce((a, b) => a * b, 1)) as Float32Array | Float64Array;
  generator.fillBernoulli(mask, 1 - p, 1 / (1 - p));
  return Tensor.fromData(mask, shape);
}

/**
 * Channel dropout over `x` [N, C, *spatial] (or unbatched [C, *spatial]) with `spatialDims`
 * trailing dims: zeroes whole channels with probability p while training, scales the rest.
 */
function channelDropout(op: string, x: Tensor, spatialDims: number, options: DropoutOptions | undefined): Tensor {
  const { p = 0.5, training = true, generator = defaultGenerator } = checkOptions(op, options, dropoutKeys);
  if (x.ndim !== spatialDims + 1 && x.ndim !== spatialDims + 2) {
    throw new ShapeError(`${op}: expected input with ${spatialDims} spatial dims, [N, C, …] or [C, …], got ${shapeStr(x.shape)}`);
  }
  if (!(p >= 0 && p <= 1)) throw new ValueError(`${op}: probability must be in [0, 1], got ${p}`);
  if (!training || p === 0) return x;
  if (p === 1) return x.mul(0);
  return x.mul(keepMask([...x.shape.slice(0, x.ndim - spatialDims), ...new Array<number>(spatialDims).fill(1)], x.dtype, p, generator));
}

/**
 * Zeroes whole channels of `x` [N, C, H, W] with probability p in training (scaling the rest by
 * 1/(1−p)), for convolutional features whose neighbours are correlated. PyTorch: `F.dropout2d`.
 * @example F.dropout2d(features, { p: 0.2 }) // drops whole [H, W] channels
 */
export function dropout2d(x: Tensor, options?: DropoutOptions): Tensor {
  return channelDropout('dropout2d', x, 2, options);
}

/**
 * Zeroes whole channels of `x` [N, C, D, H, W] with probability p in training. PyTorch: `F.dropout3d`.
 * @example F.dropout3d(clips, { p: 0.2 }) // drops whole [D, H, W] channels
 */
export function dropout3d(x: Tensor, options?: DropoutOptions): Tensor {
  return channelDropout('dropout3d', x, 3, options);
}

/**
 * Rows of `weight` [num, dim] at the int32 `indices` (any shape) → [...indices.shape, dim].
 * Rows at `paddingIdx` get no gradient. PyTorch: `F.embedding(input, weight, padding_idx)`.
 * @example F.embedding(tokenIds, table, 0) // [B, T] → [B, T, D]; row 0 gets no gradient
 */
export function embedding(indices: Tensor, weight: Tensor, paddingIdx?: number | null): Tensor {
  if (indices.dtype !== 'int32') throw new DTypeError(`embedding: indices must be int32, got ${indices.dtype}`);
  const out = weight.index(indices);
  if (paddingIdx === undefined || paddingIdx === null) return out;
  const pad = indices.eq(paddingIdx < 0 ? paddingIdx + weight.shape[0]! : paddingIdx).unsqueeze(-1);
  return where(pad, out.detach(), out);
}
