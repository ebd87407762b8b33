/**
 * @file Normalization: batch, instance, layer and group norm. Each standardises x over some
 * dims with the biased variance, ŷ = (x − μ)/√(σ² + ε), then applies a per-channel (or
 * per-element) affine map. Composite ops, so autograd derives the gradients (SPEC §4).
 */
import { noGrad } from '../../autograd/grad_mode.js';
import { ShapeError, ValueError } from '../../errors.js';
import { shapeStr } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';

/** (x − mean)/√(var + eps) with the biased statistics over `dims`, plus those statistics. */
function standardize(x: Tensor, dims: number[], eps: number): { y: Tensor; mean: Tensor; variance: Tensor } {
  const mean = x.mean(dims, true);
  const centered = x.sub(mean);
  const variance = centered.square().mean(dims, true);
  return { y: centered.mul(variance.add(eps).rsqrt()), mean, variance };
}

/** Reshapes a per-channel vector [C] to broadcast against [N, C, *spatial]. */
function perChannel(v: Tensor, ndim: number): Tensor {
  return v.reshape([v.numel, ...new Array<number>(ndim - 2).fill(1)]);
}

function affine(y: Tensor, weight: Tensor | null, bias: Tensor | null, shape: (v: Tensor) => Tensor): Tensor {
  const scaled = weight ? y.mul(shape(weight)) : y;
  return bias ? scaled.add(shape(bias)) : scaled;
}

/** running ← (1 − m)·running + m·value, in place and outside the graph. */
function updateRunning(running: Tensor, value: Tensor, momentum: number): void {
  noGrad(() => running.mul_(1 - momentum).add_(value.detach().reshape(running.shape).mul(momentum)));
}

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
 */
export function batchNorm(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null = null,
  bias: Tensor | null = null, { training = false, momentum = 0.1, eps = 1e-5 }: BatchNormOptions = {}): Tensor {
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
  const dims = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const count = x.numel / c;
  if (count <= 1) throw new ValueError(`batchNorm: expected more than 1 value per channel when training, got input ${shapeStr(x.shape)}`);
  const { y, mean, variance } = standardize(x, dims, eps);
  if (runningMean) updateRunning(runningMean, mean, momentum);
  if (runningVar) updateRunning(runningVar, variance.mul(count / (count - 1)), momentum);
  return affine(y, weight, bias, shape);
}

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
 */
export function instanceNorm(x: Tensor, runningMean: Tensor | null = null, runningVar: Tensor | null = null, weight: Tensor | null = null,
  bias: Tensor | null = null, { useInputStats = true, momentum = 0.1, eps = 1e-5 }: InstanceNormOptions = {}): Tensor {
  if (x.ndim < 3) throw new ShapeError(`instanceNorm: expected input [N, C, *spatial], got ${shapeStr(x.shape)}`);
  const shape = (v: Tensor): Tensor => perChannel(v, x.ndim);
  if (!useInputStats) return batchNorm(x, runningMean, runningVar, weight, bias, { training: false, eps });
  const dims = x.shape.map((_, i) => i).slice(2);
  const count = x.numel / (x.shape[0]! * x.shape[1]!);
  if (count <= 1) throw new ValueError(`instanceNorm: expected more than 1 spatial element per channel, got input ${shapeStr(x.shape)}`);
  const { y, mean, variance } = standardize(x, dims, eps);
  if (runningMean) updateRunning(runningMean, mean.mean(0), momentum);
  if (runningVar) updateRunning(runningVar, variance.mul(count / (count - 1)).mean(0), momentum);
  return affine(y, weight, bias, shape);
}

/**
 * Layer normalization over the trailing `normalizedShape` dims of each sample, with an
 * elementwise affine map of that shape.
 * @example layerNorm(tokens, [512], gamma, beta) // tokens [B, T, 512]
 * PyTorch: `F.layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5)`.
 */
export function layerNorm(x: Tensor, normalizedShape: readonly number[], weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5): Tensor {
  const k = normalizedShape.length;
  const tail = x.shape.slice(x.ndim - k);
  if (k === 0 || k > x.ndim || tail.some((s, i) => s !== normalizedShape[i])) {
    throw new ShapeError(`layerNorm: input ${shapeStr(x.shape)} does not end with the normalized shape ${shapeStr(normalizedShape)}`);
  }
  const dims = tail.map((_, i) => x.ndim - k + i);
  return affine(standardize(x, dims, eps).y, weight, bias, (v) => v.reshape(normalizedShape));
}

/**
 * Group normalization: each sample's C channels are split into `numGroups` contiguous groups,
 * each normalised over its channels and spatial dims; then a per-channel affine map.
 * PyTorch: `F.group_norm(input, num_groups, weight=None, bias=None, eps=1e-5)`.
 */
export function groupNorm(x: Tensor, numGroups: number, weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5): Tensor {
  if (x.ndim < 2) throw new ShapeError(`groupNorm: expected input [N, C, …], got ${shapeStr(x.shape)}`);
  const [n, c] = x.shape as [number, number];
  if (!Number.isInteger(numGroups) || numGroups < 1 || c % numGroups !== 0) {
    throw new ValueError(`groupNorm: ${c} channels cannot be split into ${numGroups} groups`);
  }
  const grouped = x.reshape([n, numGroups, -1]);
  const y = standardize(grouped, [2], eps).y.reshape(x.shape);
  return affine(y, weight, bias, (v) => perChannel(v, x.ndim));
}
