/** @file Upsampling layers: Upsample (interpolate) and PixelShuffle / PixelUnshuffle. */
import { interpolate, interpolateKeys, pixelShuffle, pixelUnshuffle, type InterpolateOptions } from '../ops/resample.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';
import { checkOptions } from '../options.js';

/**
 * Resizes [N, C, *spatial] to a size or by a scale factor.
 * PyTorch: `torch.nn.Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None)`.
 * @example new Upsample({ scaleFactor: 2, mode: 'nearest' })
 */
export class Upsample extends Module {
  readonly options: InterpolateOptions;

  constructor(options: InterpolateOptions) {
    super();
    this.options = checkOptions('Upsample', options, interpolateKeys);
  }

  forward(x: Tensor): Tensor {
    return interpolate(x, this.options);
  }

  override extraRepr(): string {
    return JSON.stringify(this.options);
  }
}

/**
 * [N, C·r², H, W] → [N, C, H·r, W·r]. PyTorch: `torch.nn.PixelShuffle(upscale_factor)`.
 * @example new nn.PixelShuffle(3) // [N, 9C, H, W] → [N, C, 3H, 3W] (ESPCN)
 */
export class PixelShuffle extends Module {
  constructor(readonly upscaleFactor: number) {
    super();
  }

  forward(x: Tensor): Tensor {
    return pixelShuffle(x, this.upscaleFactor);
  }
}

/**
 * [N, C, H·r, W·r] → [N, C·r², H, W]. PyTorch: `torch.nn.PixelUnshuffle(downscale_factor)`.
 * @example new nn.PixelUnshuffle(2) // [N, C, 2H, 2W] → [N, 4C, H, W]
 */
export class PixelUnshuffle extends Module {
  constructor(readonly downscaleFactor: number) {
    super();
  }

  forward(x: Tensor): Tensor {
    return pixelUnshuffle(x, this.downscaleFactor);
  }
}
