/**
 * @file Normalization layers: BatchNorm1d/2d/3d and InstanceNorm1d/2d/3d share one base (affine
 * parameters and running statistics, PyTorch's buffers and keys); LayerNorm and GroupNorm keep
 * no statistics. All are thin wrappers over nn.functional (SPEC §4).
 */
import { noGrad } from '../autograd/grad_mode.js';
import { ShapeError, ValueError } from '../errors.js';
import { ones, tensor, zeros } from '../tensor/creation.js';
import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { batchNorm, groupNorm, instanceNorm, layerNorm } from './functional/normalization.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { checkOptions, type OptionKeys } from '../options.js';

/** Options of the normalization layers (PyTorch's keyword arguments, where it has them). */
export interface NormOptions {
  eps?: number;
  /** Weight of each new batch in the running statistics; null averages all batches equally. */
  momentum?: number | null;
  /** Learn a per-channel scale γ (init 1) and shift β (init 0). */
  affine?: boolean;
  /** Keep running mean and variance (buffers) for eval mode. */
  trackRunningStats?: boolean;
}

const normKeys: OptionKeys<NormOptions> = { eps: true, momentum: true, affine: true, trackRunningStats: true };

/** Parameters and buffers of batch and instance norm; subclasses check the input's rank. */
abstract class NormBase extends Module {
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  declare runningMean: Tensor | null;
  declare runningVar: Tensor | null;
  declare numBatchesTracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;
  readonly trackRunningStats: boolean;

  constructor(name: string, readonly numFeatures: number, options: NormOptions | undefined, defaults: { affine: boolean; track: boolean }) {
    super();
    const o = checkOptions(name, options, normKeys);
    if (!Number.isInteger(numFeatures) || numFeatures <= 0) throw new ValueError(`${name}: numFeatures must be a positive integer, got ${numFeatures}`);
    this.eps = o.eps ?? 1e-5;
    this.momentum = o.momentum === undefined ? 0.1 : o.momentum;
    this.trackRunningStats = o.trackRunningStats ?? defaults.track;
    const affine = o.affine ?? defaults.affine;
    this.weight = affine ? new Parameter(ones([numFeatures])) : null;
    this.bias = affine ? new Parameter(zeros([numFeatures])) : null;
    this.registerBuffer('runningMean', this.trackRunningStats ? zeros([numFeatures]) : null);
    this.registerBuffer('runningVar', this.trackRunningStats ? ones([numFeatures]) : null);
    this.registerBuffer('numBatchesTracked', this.trackRunningStats ? tensor(0, { dtype: 'int32' }) : null);
  }

  /** Counts a training batch; returns the momentum for it (1/count when momentum is null). */
  protected trackBatch(): number {
    if (!this.training || !this.numBatchesTracked) return this.momentum ?? 0;
    const tracked = this.numBatchesTracked;
    noGrad(() => tracked.add_(1));
    return this.momentum ?? 1 / (tracked.item() as number);
  }

  /** Sets the running statistics back to mean 0, variance 1. PyTorch: `reset_running_stats`. */
  resetRunningStats(): void {
    noGrad(() => {
      this.runningMean?.zero_();
      this.runningVar?.fill_(1);
      this.numBatchesTracked?.zero_();
    });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null}, trackRunningStats=${this.trackRunningStats}`;
  }
}

function checkRank(name: string, x: Tensor, ranks: number[], layout: string): void {
  if (!ranks.includes(x.ndim)) throw new ShapeError(`${name}: expected input ${layout}, got ${shapeStr(x.shape)}`);
}

abstract class BatchNormNd extends NormBase {
  protected abstract checkInput(x: Tensor): void;

  constructor(name: string, numFeatures: number, options: NormOptions | undefined) {
    super(name, numFeatures, options, { affine: true, track: true });
  }

  forward(x: Tensor): Tensor {
    this.checkInput(x);
    const momentum = this.trackBatch();
    // Batch statistics in training, and also in eval when no running statistics are kept.
    const useBatchStats = this.training || !this.trackRunningStats;
    const keepRunning = !this.training || this.trackRunningStats;
    return batchNorm(x, keepRunning ? this.runningMean : null, keepRunning ? this.runningVar : null, this.weight, this.bias,
      { training: useBatchStats, momentum, eps: this.eps });
  }
}

/**
 * Batch normalization over [N, C] or [N, C, L] per channel (SPEC §4).
 * PyTorch: `torch.nn.BatchNorm1d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)`.
 * @example new nn.BatchNorm1d(128) // after Linear(…, 128): [N, 128] or [N, 128, L]
 */
export class BatchNorm1d extends BatchNormNd {
  constructor(numFeatures: number, options?: NormOptions) { super('BatchNorm1d', numFeatures, options); }
  protected checkInput(x: Tensor): void { checkRank('BatchNorm1d', x, [2, 3], '[N, C] or [N, C, L]'); }
}

/**
 * Batch normalization over [N, C, H, W] per channel: batch statistics while training (and a
 * momentum update of the running ones), running statistics in eval mode.
 * PyTorch: `torch.nn.BatchNorm2d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)`.
 * @example const bn = new BatchNorm2d(32); bn.forward(features); bn.eval();
 */
export class BatchNorm2d extends BatchNormNd {
  constructor(numFeatures: number, options?: NormOptions) { super('BatchNorm2d', numFeatures, options); }
  protected checkInput(x: Tensor): void { checkRank('BatchNorm2d', x, [4], '[N, C, H, W]'); }
}

/**
 * Batch normalization over [N, C, D, H, W] per channel. PyTorch: `torch.nn.BatchNorm3d`.
 * @example new nn.BatchNorm3d(64) // [N, 64, D, H, W]
 */
export class BatchNorm3d extends BatchNormNd {
  constructor(numFeatures: number, options?: NormOptions) { super('BatchNorm3d', numFeatures, options); }
  protected checkInput(x: Tensor): void { checkRank('BatchNorm3d', x, [5], '[N, C, D, H, W]'); }
}

abstract class InstanceNormNd extends NormBase {
  constructor(name: string, numFeatures: number, options: NormOptions | undefined, private readonly spatialDims: number) {
    super(name, numFeatures, options, { affine: false, track: false });
  }

  forward(input: Tensor): Tensor {
    const nd = this.spatialDims;
    const name = this.constructor.name;
    checkRank(name, input, [nd + 1, nd + 2], `[N, C, ${['L', 'H, W', 'D, H, W'][nd - 1]}] or unbatched`);
    const x = input.ndim === nd + 1 ? input.unsqueeze(0) : input;
    if (x.shape[1] !== this.numFeatures) throw new ShapeError(`${name}: expected ${this.numFeatures} channels, got input ${shapeStr(input.shape)}`);
    // PyTorch's instance norm never counts batches; a null momentum leaves the statistics as they are.
    const momentum = this.momentum ?? 0;
    const y = instanceNorm(x, this.runningMean, this.runningVar, this.weight, this.bias,
      { useInputStats: this.training || !this.trackRunningStats, momentum, eps: this.eps });
    return input.ndim === nd + 1 ? y.squeeze(0) : y;
  }
}

/**
 * Instance normalization of [N, C, L]. PyTorch: `torch.nn.InstanceNorm1d(num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False)`.
 * @example new nn.InstanceNorm1d(80, { affine: true }) // [N, 80, L]
 */
export class InstanceNorm1d extends InstanceNormNd {
  constructor(numFeatures: number, options?: NormOptions) { super('InstanceNorm1d', numFeatures, options, 1); }
}

/**
 * Instance normalization of [N, C, H, W]: every sample's channels over their own H×W (style
 * transfer, CycleGAN). PyTorch: `torch.nn.InstanceNorm2d(num_features, eps=1e-5, momentum=0.1,
 * affine=False, track_running_stats=False)`.
 * @example new nn.InstanceNorm2d(64) // CycleGAN's norm: no affine, no running stats
 */
export class InstanceNorm2d extends InstanceNormNd {
  constructor(numFeatures: number, options?: NormOptions) { super('InstanceNorm2d', numFeatures, options, 2); }
}

/**
 * Instance normalization of [N, C, D, H, W]. PyTorch: `torch.nn.InstanceNorm3d`.
 * @example new nn.InstanceNorm3d(32)
 */
export class InstanceNorm3d extends InstanceNormNd {
  constructor(numFeatures: number, options?: NormOptions) { super('InstanceNorm3d', numFeatures, options, 3); }
}

export interface LayerNormOptions {
  eps?: number;
  /** Learn an elementwise scale γ (init 1) and, with `bias`, a shift β (init 0) (default true). */
  elementwiseAffine?: boolean;
  bias?: boolean;
}

/**
 * Layer normalization over the trailing `normalizedShape` dims of each sample, with an
 * elementwise affine map (γ = 1, β = 0 at init).
 * PyTorch: `torch.nn.LayerNorm(normalized_shape, eps=1e-5, elementwise_affine=True)`.
 * @example new LayerNorm([512]).forward(tokens) // tokens [B, T, 512]
 */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly eps: number;

  constructor(normalizedShape: number | readonly number[], options?: LayerNormOptions) {
    super();
    const { eps = 1e-5, elementwiseAffine = true, bias = true } = checkOptions<LayerNormOptions>('LayerNorm', options, { eps: true, elementwiseAffine: true, bias: true });
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (this.normalizedShape.length === 0 || !this.normalizedShape.every((s) => Number.isInteger(s) && s > 0)) {
      throw new ValueError(`LayerNorm: normalizedShape must be positive integers, got ${JSON.stringify(normalizedShape)}`);
    }
    this.eps = eps;
    this.weight = elementwiseAffine ? new Parameter(ones(this.normalizedShape)) : null;
    this.bias = elementwiseAffine && bias ? new Parameter(zeros(this.normalizedShape)) : null;
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `[${this.normalizedShape.join(', ')}], eps=${this.eps}, elementwiseAffine=${this.weight !== null}`;
  }
}

export interface GroupNormOptions {
  eps?: number;
  /** Learn a per-channel scale and shift (default true). */
  affine?: boolean;
}

/**
 * Group normalization: channels in `numGroups` contiguous groups, each normalised per sample
 * over its channels and spatial dims; per-channel affine. Independent of the batch size.
 * PyTorch: `torch.nn.GroupNorm(num_groups, num_channels, eps=1e-5, affine=True)`.
 * @example new nn.GroupNorm(8, 64) // 64 channels in 8 groups
 */
export class GroupNorm extends Module {
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly eps: number;

  constructor(readonly numGroups: number, readonly numChannels: number, options?: GroupNormOptions) {
    super();
    const { eps = 1e-5, affine = true } = checkOptions<GroupNormOptions>('GroupNorm', options, { eps: true, affine: true });
    if (!Number.isInteger(numGroups) || numGroups < 1 || numChannels % numGroups !== 0) {
      throw new ValueError(`GroupNorm: numChannels=${numChannels} must be divisible by numGroups=${numGroups}`);
    }
    this.eps = eps;
    this.weight = affine ? new Parameter(ones([numChannels])) : null;
    this.bias = affine ? new Parameter(zeros([numChannels])) : null;
  }

  forward(x: Tensor): Tensor {
    if (x.ndim < 2 || x.shape[1] !== this.numChannels) throw new ShapeError(`GroupNorm: expected input [N, ${this.numChannels}, …], got ${shapeStr(x.shape)}`);
    return groupNorm(x, this.numGroups, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${this.eps}, affine=${this.weight !== null}`;
  }
}
