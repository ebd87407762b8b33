/**
 * @file A video predictor: a 3-D convolutional encoder-decoder that reads a clip's first frames and
 * draws the frames that follow, with U-Net skips so the decoder keeps the digits' shapes.
 */
import { LeakyReLU, ReLU } from '../nn/activation.js';
import { Sequential } from '../nn/container.js';
import { Conv3d, ConvTranspose3d } from '../nn/conv.js';
import { Module } from '../nn/module.js';
import { BatchNorm3d } from '../nn/normalization.js';
import { ShapeError } from '../errors.js';
import { cat } from '../ops/shape.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of `VideoPredictor` (PyTorch's keyword arguments, where it has them). */
export interface VideoPredictorOptions {
  /** Channels of a frame (default 1). */
  inChannels?: number;
  /** Channels of the first layer; the deeper ones have 2× and 4× (default 32). */
  width?: number;
}

/**
 * Frames [B, C, T, H, W] (T, H and W divisible by 4) → the next T frames [B, C, T, H, W] in (0, 1).
 * Encoder: Conv3d(4³, stride 2, padding 1) twice (w, 2w channels; BatchNorm, LeakyReLU 0.2) and a
 * Conv3d(3³) at 4w; decoder: ConvTranspose3d(4³, stride 2, padding 1) twice back to full size,
 * each fed the encoder's maps of the same size (U-Net skips), a sigmoid last. Time is a
 * dimension like the others: output frame t comes from all the input frames through the
 * bottleneck, not from input frame t.
 * PyTorch: none built in (an `nn.Module` of Conv3d/ConvTranspose3d).
 * @example new models.VideoPredictor().forward(clips.narrow(1, 0, 8).transpose(1, 2)) // the next 8 frames
 */
export class VideoPredictor extends Module {
  down1: Sequential;
  down2: Sequential;
  middle: Sequential;
  up2: Sequential;
  up1: ConvTranspose3d;

  constructor(options?: VideoPredictorOptions) {
    super();
    const { inChannels = 1, width = 32 } = checkOptions('VideoPredictor', options, { inChannels: true, width: true });
    const w = width;
    const down = (cin: number, cout: number): Sequential => new Sequential(new Conv3d(cin, cout, 4, { stride: 2, padding: 1 }), new BatchNorm3d(cout), new LeakyReLU(0.2));
    this.down1 = down(inChannels, w);
    this.down2 = down(w, 2 * w);
    this.middle = new Sequential(new Conv3d(2 * w, 4 * w, 3, { padding: 1 }), new BatchNorm3d(4 * w), new ReLU());
    this.up2 = new Sequential(new ConvTranspose3d(4 * w + 2 * w, w, 4, { stride: 2, padding: 1 }), new BatchNorm3d(w), new ReLU());
    this.up1 = new ConvTranspose3d(2 * w, inChannels, 4, { stride: 2, padding: 1 });
  }

  forward(x: Tensor): Tensor {
    if (x.ndim !== 5 || x.shape.slice(2).some((s) => s % 4 !== 0)) {
      throw new ShapeError(`VideoPredictor: expected frames [B, C, T, H, W] with T, H and W divisible by 4, got [${x.shape.join(', ')}]`);
    }
    const d1 = this.down1.forward(x) as Tensor;
    const d2 = this.down2.forward(d1) as Tensor;
    const m = this.middle.forward(d2) as Tensor;
    const u2 = this.up2.forward(cat([m, d2], 1)) as Tensor;
    return this.up1.forward(cat([u2, d1], 1)).sigmoid();
  }
}
