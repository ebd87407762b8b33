/**
 * @file Normalization: batch, instance, layer and group norm. Each standardises x over some
 * dims with the biased variance, ŷ = (x − μ)/√(σ² + ε), then applies a per-channel (or
 * per-element) affine map (SPEC §4). The standardisation is one fused op (backend kernels
 * forward and backward); its backward is written in ops when second derivatives are recorded.
 */
import { discard } from '../../autograd/discard.js';
import { defineOp } from '../../autograd/function.js';
import { isGradEnabled, noGrad } from '../../autograd/grad_mode.js';
import { traced } from '../../autograd/trace.js';
import { getBackend } from '../../backend/backend.js';
import { ShapeError, ValueError } from '../../errors.js';
import { shapeStr } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkOptions } from '../../options.js';

interface StandardizeAttrs {
  outer: number;
  channels: number;
  inner: number;
  mean: Float64Array;
  invstd: Float64Array;
  eps: number;
}

/**
 * The affine parameters [C] of a standardisation over `channels` statistics channels, channel s
 * taking parameter s mod C (batch norm: the same channels; instance norm: n·C, sample by sample).
 */
function perStatistic(parameter: Tensor, channels: number): Float64Array {
  const values = parameter.contiguousData();
  return Float64Array.from({ length: channels }, (_, s) => values[s % values.length]!);
}

/** The gradient of standardisation (and of the affine map after it) as differentiable ops, for second derivatives. */
function standardizeGradOps(g: Tensor, x: Tensor, weight: Tensor | null, a: StandardizeAttrs): Tensor[] {
  const dims = [0, 2];
  const centered = x.sub(x.mean(dims, true));
  const invstd = centered.square().mean(dims, true).add(a.eps).rsqrt();
  const xhat = centered.mul(invstd);
  const repeats = weight ? a.channels / weight.numel : 1;
  const gy = weight ? g.mul(weight.reshape([1, -1]).expand([repeats, weight.numel]).reshape([1, a.channels, 1])) : g;
  const dx = invstd.mul(gy.sub(gy.mean(dims, true)).sub(xhat.mul(gy.mul(xhat).mean(dims, true))));
  if (!weight) return [dx];
  const fold = (t: Tensor): Tensor => t.sum(dims).reshape([repeats, weight.numel]).sum(0);
  return [dx, fold(g.mul(xhat)), fold(g)];
}

/**
 * x [outer, channels, inner] → (x − mean_c)·invstd_c, with the channel statistics in attrs; given
 * a weight and a bias [C] as inputs 1 and 2, ·weight + bias in the same pass (their gradients are
 * sums the backward kernel makes anyway).
 */
const standardizeOp = defineOp<StandardizeAttrs>({
  name: 'standardize',
  saves: (needsGrad) => (needsGrad.length === 1 ? [0] : [0, 1]),
  forward: ([x, weight, bias], a) => {
    const affine = weight ? { weight: perStatistic(weight, a.channels), bias: perStatistic(bias!, a.channels) } : null;
    return Tensor.fromData(getBackend().standardize(x!.contiguousData(), a.outer, a.channels, a.inner, a.mean, a.invstd, affine), x!.shape);
  },
  backward: (g, { inputs: [x, weight], attrs: a }) => {
    if (isGradEnabled()) return standardizeGradOps(g, x!, weight ?? null, a);
    const sums = weight ? new Float64Array(2 * a.channels) : null;
    const scale = weight ? perStatistic(weight, a.channels) : null;
    const dx = Tensor.fromData(getBackend().standardizeBackward(g.contiguousData(), x!.contiguousData(), a.outer, a.channels, a.inner, a.mean, a.invstd, scale, sums), x!.shape);
    if (!weight || !sums) return [dx];
    // Σdy·x̂ = invstd·Σdy·(x − mean) per statistics channel, then summed onto the C parameters.
    const [dw, db] = [new Float64Array(weight.numel), new Float64Array(weight.numel)];
    for (let s = 0; s < a.channels; s++) {
      db[s % weight.numel] += sums[s]!;
      dw[s % weight.numel] += sums[a.channels + s]! * a.invstd[s]!;
    }
    return [dx, Tensor.fromData(dw, weight.shape).to(weight.dtype), Tensor.fromData(db, weight.shape).to(weight.dtype)];
  },
});

/** A weight and bias [C] that standardisation applies in its own pass. */
interface FusedAffine {
  readonly weight: Tensor;
  readonly bias: Tensor;
}

/**
 * Standardises `x` seen as [outer, channels, inner] per channel (over outer and inner) with the
 * biased variance, then applies `affine` (if given); returns the result in x's shape and the
 * statistics as [channels] tensors. One fused kernel forward and backward instead of a dozen
 * elementwise passes. The statistics are computed outside the graph, so a tracer sees the whole
 * call as op 'standardize'.
 */
const standardize = traced('standardize', (x: Tensor, outer: number, channels: number, inner: number, eps: number,
  affine: FusedAffine | null): { y: Tensor; mean: Tensor; variance: Tensor } => {
  const data = x.contiguousData();
  const { mean, variance } = getBackend().moments(data, outer, channels, inner);
  const invstd = variance.map((v) => 1 / Math.sqrt(v + eps));
  const inputs = [x.reshape([outer, channels, inner]), ...(affine ? [affine.weight, affine.bias] : [])];
  const y = standardizeOp(inputs, { outer, channels, inner, mean, invstd, eps }).reshape(x.shape);
  const stat = (v: Float64Array): Tensor => Tensor.fromData(v, [channels]).to(x.dtype);
  return { y, mean: stat(mean), variance: stat(variance) };
});

/** Weight and bias for standardisation to apply itself: both given, 1-D, in x's dtype. */
function fusable(x: Tensor, weight: Tensor | null, bias: Tensor | null): FusedAffine | null {
  if (!weight || !bias || weight.ndim !== 1 || bias.ndim !== 1 || weight.dtype !== x.dtype || bias.dtype !== x.dtype) return null;
  return { weight, bias };
}

/** Reshapes a per-channel vector [C] to broadcast against [N, C, *spatial]. */
function perChannel(v: Tensor, ndim: number): Tensor {
  return v.reshape([v.numel, ...new Array<number>(ndim - 2).fill(1)]);
}

function affine(y: Tensor, weight: Tensor | null, bias: Tensor | null, shape: (v: Tensor) => Tensor): Tensor {
  const scaled = weight ? y.mul(shape(weight)) : y;
  const out = bias ? scaled.add(shape(bias)) : scaled;
  // y (the caller's standardised values) and the product are seen by nobody else.
  if (scaled !== y) discard(y);
  if (out !== scaled) discard(scaled);
  return out;
}

/** running ← (1 − m)·running + m·value, in place and outside the graph. */
function updateRunning(running: Tensor, value: Tensor, momentum: number): void {
  noGrad(() => running.mul_(1 - momentum).add_(value.detach().reshape(running.shape).mul(momentum)));
}

/** Options of `batchNorm` (PyTorch's keyword arguments, where it has them). */
export interface BatchNormOptions {
  /** Use batch statistics (and update the running ones) instead of the running statistics. */
  training?: boolean;
  /** Weight of the new batch in the running averages (default 0.1). */
  momentum?: number;
  eps?: number;
}

/**
 * Batch normalization of `x` [N, C, *spatial] per channel. Training: normalise with the batch
 * mean and biased variance over N and the spatial dims, and move `runningMean`/`runningVar`
 * towards them (the variance unbiased, ·n/(n−1)). Eval: normalise with the running statistics.
 * PyTorch: `F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)`.
 * @example F.batchNorm(x, runningMean, runningVar, gamma, beta, { training: true })
 */
export function batchNorm(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null = null,
  bias: Tensor | null = null, options?: BatchNormOptions): Tensor {
  const { training = false, momentum = 0.1, eps = 1e-5 } = checkOptions<BatchNormOptions>('batchNorm', options, { training: true, momentum: true, eps: true });
  if (x.ndim < 2) throw new ShapeError(`batchNorm: expected input [N, C, …], got ${shapeStr(x.shape)}`);
  const c = x.shape[1]!;
  for (const [name, t] of [['runningMean', runningMean], ['runningVar', runningVar], ['weight', weight], ['bias', bias]] as const) {
    if (t && t.numel !== c) throw new ShapeError(`batchNorm: ${name} must have ${c} elements (the channels of ${shapeStr(x.shape)}), got ${shapeStr(t.shape)}`);
  }
  const shape = (v: Tensor): Tensor => perChannel(v, x.ndim);
  if (!training) {
    if (!runningMean || !runningVar) throw new ValueError('batchNorm: eval mode needs runningMean and runningVar');
    return affine(x.sub(shape(runningMean)).mul(shape(runningVar).add(eps).rsqrt()), weight, bias, shape);
  }
  const count = x.numel / c;
  if (count <= 1) throw new ValueError(`batchNorm: expected more than 1 value per channel when training, got input ${shapeStr(x.shape)}`);
  const fused = fusable(x, weight, bias);
  const { y, mean, variance } = standardize(x, x.shape[0]!, c, count / x.shape[0]!, eps, fused);
  if (runningMean) updateRunning(runningMean, mean, momentum);
  if (runningVar) updateRunning(runningVar, variance.mul(count / (count - 1)), momentum);
  return fused ? y : affine(y, weight, bias, shape);
}

/** Options of `instanceNorm` (PyTorch's keyword arguments, where it has them). */
export interface InstanceNormOptions {
  /** Normalise with each instance's statistics (default true); false uses the running ones. */
  useInputStats?: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * Instance normalization: each sample's channels are normalised over their own spatial dims.
 * With running statistics given (and `useInputStats`), they move towards the batch average of
 * the instance statistics. PyTorch: `F.instance_norm(input, running_mean=None, running_var=None,
 * weight=None, bias=None, use_input_stats=True, momentum=0.1, eps=1e-5)`.
 * @example F.instanceNorm(images) // per sample and channel, over H and W
 */
export function instanceNorm(x: Tensor, runningMean: Tensor | null = null, runningVar: Tensor | null = null, weight: Tensor | null = null,
  bias: Tensor | null = null, options?: InstanceNormOptions): Tensor {
  const { useInputStats = true, momentum = 0.1, eps = 1e-5 } = checkOptions<InstanceNormOptions>('instanceNorm', options, { useInputStats: true, momentum: true, eps: true });
  if (x.ndim < 3) throw new ShapeError(`instanceNorm: expected input [N, C, *spatial], got ${shapeStr(x.shape)}`);
  const shape = (v: Tensor): Tensor => perChannel(v, x.ndim);
  if (!useInputStats) return batchNorm(x, runningMean, runningVar, weight, bias, { training: false, eps });
  const [n, c] = x.shape as [number, number];
  const count = x.numel / (n * c);
  if (count <= 1) throw new ValueError(`instanceNorm: expected more than 1 spatial element per channel, got input ${shapeStr(x.shape)}`);
  const fused = fusable(x, weight, bias);
  const { y, mean, variance } = standardize(x, 1, n * c, count, eps, fused);
  if (runningMean) updateRunning(runningMean, mean.reshape([n, c]).mean(0), momentum);
  if (runningVar) updateRunning(runningVar, variance.reshape([n, c]).mul(count / (count - 1)).mean(0), momentum);
  return fused ? y : affine(y, weight, bias, shape);
}

/**
 * Layer normalization over the trailing `normalizedShape` dims of each sample, with an
 * elementwise affine map of that shape.
 * PyTorch: `F.layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5)`.
 * @example layerNorm(tokens, [512], gamma, beta) // tokens [B, T, 512]
 */
export function layerNorm(x: Tensor, normalizedShape: readonly number[], weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5): Tensor {
  const k = normalizedShape.length;
  const tail = x.shape.slice(x.ndim - k);
  if (k === 0 || k > x.ndim || tail.some((s, i) => s !== normalizedShape[i])) {
    throw new ShapeError(`layerNorm: input ${shapeStr(x.shape)} does not end with the normalized shape ${shapeStr(normalizedShape)}`);
  }
  const inner = tail.reduce((a, b) => a * b, 1);
  return affine(standardize(x, 1, x.numel / inner, inner, eps, null).y, weight, bias, (v) => v.reshape(normalizedShape));
}

/**
 * Group normalization: each sample's C channels are split into `numGroups` contiguous groups,
 * each normalised over its channels and spatial dims; then a per-channel affine map.
 * PyTorch: `F.group_norm(input, num_groups, weight=None, bias=None, eps=1e-5)`.
 * @example F.groupNorm(features, 8, gamma, beta) // 32 channels in 8 groups of 4
 */
export function groupNorm(x: Tensor, numGroups: number, weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5): Tensor {
  if (x.ndim < 2) throw new ShapeError(`groupNorm: expected input [N, C, …], got ${shapeStr(x.shape)}`);
  const [n, c] = x.shape as [number, number];
  if (!Number.isInteger(numGroups) || numGroups < 1 || c % numGroups !== 0) {
    throw new ValueError(`groupNorm: ${c} channels cannot be split into ${numGroups} groups`);
  }
  const y = standardize(x, 1, n * numGroups, x.numel / (n * numGroups), eps, null).y;
  return affine(y, weight, bias, (v) => perChannel(v, x.ndim));
}
