/** @file FReLU, the funnel activation (Ma, Zhang & Sun, ECCV 2020; SPEC §3.1). */
import type { Tensor } from '../tensor/tensor.js';
import { Conv2d } from './conv.js';
import { Module } from './module.js';
import { BatchNorm2d } from './normalization.js';

/**
 * y = max(x, T(x)) with T(x) = BN(depthwise k×k conv(x)): ReLU's fixed 0 threshold replaced by
 * a learned, spatially conditioned one. Input and output [N, C, H, W]. The conv keeps its bias,
 * as the reference (MegEngine) code does.
 * PyTorch: no built-in; the paper's `FReLU(in_channels)` module.
 * @example new Sequential(new Conv2d(1, 16, 3, { padding: 1 }), new BatchNorm2d(16), new FReLU(16))
 */
export class FReLU extends Module {
  readonly conv: Conv2d;
  readonly bn: BatchNorm2d;

  constructor(readonly channels: number, kernelSize = 3) {
    super();
    this.conv = new Conv2d(channels, channels, kernelSize, { padding: 'same', groups: channels });
    this.bn = new BatchNorm2d(channels);
  }

  forward(x: Tensor): Tensor {
    return x.maximum(this.bn.forward(this.conv.forward(x)));
  }
}
