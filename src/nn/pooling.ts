/** @file Pooling layers: thin wrappers over the functional max, average and adaptive pools. */
import {
  adaptiveAvgPool1d, adaptiveAvgPool2d, adaptiveAvgPool3d, adaptiveMaxPool2d, avgPool1d, avgPool2d, avgPool3d,
  avgPoolKeys, maxPool1d, maxPool2d, maxPool3d, maxPoolKeys, type AdaptiveSize, type AvgPoolOptions, type MaxPoolOptions,
} from '../ops/pooling.js';
import type { SizeN } from '../ops/window.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

type Pool<O> = (x: Tensor, kernelSize: SizeN, options: O) => Tensor;

/** A window pool: kernel size and options fixed at construction. */
abstract class WindowPool<O> extends Module {
  protected abstract readonly pool: Pool<O>;

  constructor(readonly kernelSize: SizeN, readonly options: O) {
    super();
  }

  forward(x: Tensor): Tensor {
    return this.pool(x, this.kernelSize, this.options);
  }

  override extraRepr(): string {
    return `kernelSize=${JSON.stringify(this.kernelSize)}, ${JSON.stringify(this.options)}`;
  }
}

/**
 * Max over windows of [N, C, L]. PyTorch: `torch.nn.MaxPool1d(kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False)`.
 * @example new nn.MaxPool1d(4) // [N, C, L] → [N, C, L/4]
 */
export class MaxPool1d extends WindowPool<MaxPoolOptions> {
  protected readonly pool = maxPool1d;
  constructor(kernelSize: SizeN, options?: MaxPoolOptions) { super(kernelSize, checkOptions(new.target.name, options, maxPoolKeys)); }
}

/**
 * Max over windows of [N, C, H, W].
 * PyTorch: `torch.nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False)`.
 * @example new MaxPool2d(2) // halves H and W
 */
export class MaxPool2d extends WindowPool<MaxPoolOptions> {
  protected readonly pool = maxPool2d;
  constructor(kernelSize: SizeN, options?: MaxPoolOptions) { super(kernelSize, checkOptions(new.target.name, options, maxPoolKeys)); }
}

/**
 * Max over windows of [N, C, D, H, W]. PyTorch: `torch.nn.MaxPool3d`.
 * @example new nn.MaxPool3d([1, 2, 2]) // C3D's pool1: keep time, halve H and W
 */
export class MaxPool3d extends WindowPool<MaxPoolOptions> {
  protected readonly pool = maxPool3d;
  constructor(kernelSize: SizeN, options?: MaxPoolOptions) { super(kernelSize, checkOptions(new.target.name, options, maxPoolKeys)); }
}

/**
 * Average over windows of [N, C, L]. PyTorch: `torch.nn.AvgPool1d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)`.
 * @example new nn.AvgPool1d(2).forward(x)
 */
export class AvgPool1d extends WindowPool<AvgPoolOptions> {
  protected readonly pool = avgPool1d;
  constructor(kernelSize: SizeN, options?: AvgPoolOptions) { super(kernelSize, checkOptions(new.target.name, options, avgPoolKeys)); }
}

/**
 * Average over windows of [N, C, H, W]. PyTorch: `torch.nn.AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)`.
 * @example new nn.AvgPool2d(2, { stride: 2 }).forward(x) // LeNet's subsampling
 */
export class AvgPool2d extends WindowPool<AvgPoolOptions> {
  protected readonly pool = avgPool2d;
  constructor(kernelSize: SizeN, options?: AvgPoolOptions) { super(kernelSize, checkOptions(new.target.name, options, avgPoolKeys)); }
}

/**
 * Average over windows of [N, C, D, H, W]. PyTorch: `torch.nn.AvgPool3d`.
 * @example new nn.AvgPool3d([2, 2, 2]).forward(clips)
 */
export class AvgPool3d extends WindowPool<AvgPoolOptions> {
  protected readonly pool = avgPool3d;
  constructor(kernelSize: SizeN, options?: AvgPoolOptions) { super(kernelSize, checkOptions(new.target.name, options, avgPoolKeys)); }
}

/** An adaptive pool: output size fixed at construction. */
abstract class AdaptivePool extends Module {
  protected abstract readonly pool: (x: Tensor, size: AdaptiveSize) => Tensor;

  constructor(readonly outputSize: AdaptiveSize) {
    super();
  }

  forward(x: Tensor): Tensor {
    return this.pool(x, this.outputSize);
  }

  override extraRepr(): string {
    return `outputSize=${JSON.stringify(this.outputSize)}`;
  }
}

/**
 * Averages [N, C, L] into `outputSize` bins. PyTorch: `torch.nn.AdaptiveAvgPool1d(output_size)`.
 * @example new nn.AdaptiveAvgPool1d(1).forward(x) // global average over L
 */
export class AdaptiveAvgPool1d extends AdaptivePool {
  protected readonly pool = adaptiveAvgPool1d;
}

/**
 * Averages [N, C, H, W] into an `outputSize` grid.
 * PyTorch: `torch.nn.AdaptiveAvgPool2d(output_size)`.
 * @example new AdaptiveAvgPool2d(1) // global average pool
 */
export class AdaptiveAvgPool2d extends AdaptivePool {
  protected readonly pool = adaptiveAvgPool2d;
}

/**
 * Averages [N, C, D, H, W] into an `outputSize` grid. PyTorch: `torch.nn.AdaptiveAvgPool3d(output_size)`.
 * @example new nn.AdaptiveAvgPool3d(1).forward(clips) // [N, C, 1, 1, 1]
 */
export class AdaptiveAvgPool3d extends AdaptivePool {
  protected readonly pool = adaptiveAvgPool3d;
}

/**
 * Max of [N, C, H, W] over an `outputSize` grid of bins. PyTorch: `torch.nn.AdaptiveMaxPool2d(output_size)`.
 * @example new nn.AdaptiveMaxPool2d([7, 7]).forward(features)
 */
export class AdaptiveMaxPool2d extends AdaptivePool {
  protected readonly pool = adaptiveMaxPool2d;
}
