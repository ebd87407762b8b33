/**
 * @file A small C3D (Tran et al. 2015; SPEC §10.2): homogeneous 3×3×3 convolutions over
 * [time, height, width], the first pooling spatial only (1×2×2) so early layers keep the motion.
 */
import { ReLU } from '../nn/activation.js';
import { Sequential } from '../nn/container.js';
import { Conv3d } from '../nn/conv.js';
import { Dropout } from '../nn/dropout.js';
import { Flatten } from '../nn/flatten.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { BatchNorm3d } from '../nn/normalization.js';
import { AdaptiveAvgPool3d, MaxPool3d } from '../nn/pooling.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of `C3d` (PyTorch's keyword arguments, where it has them). */
export interface C3dOptions {
  /** Channels of a frame (default 1). */
  inChannels?: number;
  /** Classes (default 8). */
  numClasses?: number;
  /** Channels of the four conv blocks (default [16, 32, 64, 128]). */
  widths?: readonly number[];
  /** Dropout before the classifier (default 0.5). */
  dropout?: number;
}

/**
 * Clips [B, C, T, H, W] → logits [B, classes]: four blocks Conv3d(3×3×3, padding 1)-BatchNorm3d-ReLU
 * -MaxPool3d, pooling 1×2×2 then 2×2×2, global average pooling, dropout, linear. Unlike the
 * paper's (fc6/fc7 of 4096 on 112² crops, no BatchNorm) it is sized to train from scratch on a CPU.
 * PyTorch: the common C3D ports (`nn.Conv3d(…, kernel_size=3, padding=1)` stacks) with BatchNorm3d.
 * @example new models.C3d({ numClasses: 8 }).forward(clips.transpose(1, 2)) // [B, 8] from [B, T, C, H, W] clips
 */
export class C3d extends Module {
  features: Sequential;
  classifier: Sequential;

  constructor(options?: C3dOptions) {
    super();
    const { inChannels = 1, numClasses = 8, widths = [16, 32, 64, 128], dropout = 0.5 } = checkOptions('C3d', options,
      { inChannels: true, numClasses: true, widths: true, dropout: true });
    const channels = [inChannels, ...widths];
    this.features = new Sequential(...widths.map((out, i) => new Sequential(
      new Conv3d(channels[i]!, out, 3, { padding: 1 }), new BatchNorm3d(out), new ReLU(), new MaxPool3d(i === 0 ? [1, 2, 2] : 2))));
    this.classifier = new Sequential(new AdaptiveAvgPool3d(1), new Flatten(), new Dropout(dropout), new Linear(widths[widths.length - 1]!, numClasses));
  }

  forward(x: Tensor): Tensor {
    return this.classifier.forward(this.features.forward(x)) as Tensor;
  }
}
