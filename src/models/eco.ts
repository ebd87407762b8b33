/**
 * @file ECO (Zolfaghari et al. 2018; SPEC §10.3), in miniature: a shared 2-D CNN turns each of the
 * N sampled frames into feature maps, the maps are stacked along time and a 3-D ResNet block
 * reasons over them in one pass; ECO-Full adds a 2-D branch whose per-frame features are averaged
 * over time.
 */
import { ReLU } from '../nn/activation.js';
import { Sequential } from '../nn/container.js';
import { Conv2d, Conv3d } from '../nn/conv.js';
import { Dropout } from '../nn/dropout.js';
import { Flatten } from '../nn/flatten.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { BatchNorm2d, BatchNorm3d } from '../nn/normalization.js';
import { AdaptiveAvgPool2d, MaxPool2d } from '../nn/pooling.js';
import { ShapeError } from '../errors.js';
import { cat } from '../ops/shape.js';
import { checkOptions, type OptionKeys } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of `EcoLite` and `EcoFull` (PyTorch's keyword arguments, where it has them). */
export interface EcoOptions {
  /** Channels of a frame (default 1). */
  inChannels?: number;
  /** Classes (default 8). */
  numClasses?: number;
  /** Channels of the 2-D net's two conv blocks (default [16, 32]). */
  widths2d?: readonly [number, number];
  /** Channels of the 3-D net (default 64); ECO-Full's 2-D branch has as many. */
  width3d?: number;
  /** Dropout before the classifier (default 0.5). */
  dropout?: number;
}

const keys: OptionKeys<EcoOptions> = { inChannels: true, numClasses: true, widths2d: true, width3d: true, dropout: true };

/**
 * ECO-Lite: frames [B, N, C, H, W] (one per segment, see `video.sampleSegments`) → logits [B, classes].
 * 2-D net per frame: two Conv2d(3×3)-BatchNorm-ReLU-MaxPool(2) blocks → [B·N, c, H/4, W/4];
 * stacked [B, N, c, …] → transposed to [B, c, N, H/4, W/4] (not reshaped: that would mix channels
 * and time); 3-D net: Conv3d(3³, stride 2)-BN-ReLU → Conv3d(3³)-BN, plus a Conv3d(1³, stride 2)-BN
 * shortcut, ReLU, global average pooling; dropout, linear.
 * Reference: the ECO-Lite of Zolfaghari et al., with BN-Inception and 3D-ResNet-18 shrunk to a few layers.
 * @example new models.EcoLite().forward(video.sampleSegments(clips, 8, { training: true })) // [B, 8]
 */
export class EcoLite extends Module {
  net2d: Sequential;
  net3d: Sequential;
  shortcut: Sequential;
  head: Sequential;
  /** Channels of the 2-D net's maps, and of the 3-D net. */
  protected readonly mapChannels: number;
  protected readonly width3d: number;

  constructor(options?: EcoOptions, name = 'EcoLite') {
    super();
    const { inChannels = 1, numClasses = 8, widths2d = [16, 32], width3d = 64, dropout = 0.5 } = checkOptions(name, options, keys);
    [this.mapChannels, this.width3d] = [widths2d[1], width3d];
    const block2d = (cin: number, cout: number): Module[] => [new Conv2d(cin, cout, 3, { padding: 1 }), new BatchNorm2d(cout), new ReLU(), new MaxPool2d(2)];
    this.net2d = new Sequential(...block2d(inChannels, widths2d[0]), ...block2d(widths2d[0], widths2d[1]));
    this.net3d = new Sequential(
      new Conv3d(widths2d[1], width3d, 3, { stride: 2, padding: 1 }), new BatchNorm3d(width3d), new ReLU(),
      new Conv3d(width3d, width3d, 3, { padding: 1 }), new BatchNorm3d(width3d));
    this.shortcut = new Sequential(new Conv3d(widths2d[1], width3d, 1, { stride: 2 }), new BatchNorm3d(width3d));
    this.head = new Sequential(new Dropout(dropout), new Linear(this.featureSize(), numClasses));
  }

  /** Features the classifier reads. */
  protected featureSize(): number {
    return this.width3d;
  }

  /** The 2-D net's maps of every frame, [B·N, c, h, w], from frames [B, N, C, H, W]. */
  protected frameMaps(frames: Tensor): Tensor {
    if (frames.ndim !== 5) throw new ShapeError(`${this.constructor.name}: expected frames [B, N, C, H, W], got [${frames.shape.join(', ')}]`);
    const [b, n] = frames.shape as [number, number];
    return this.net2d.forward(frames.reshape([b * n, ...frames.shape.slice(2)])) as Tensor;
  }

  /** The 3-D net's pooled features [B, width3d] from the stacked maps. */
  protected features3d(maps: Tensor, b: number, n: number): Tensor {
    const stacked = maps.reshape([b, n, ...maps.shape.slice(1)]).transpose(1, 2);
    const y = (this.net3d.forward(stacked) as Tensor).add(this.shortcut.forward(stacked) as Tensor).relu();
    return y.mean([2, 3, 4]);
  }

  forward(frames: Tensor): Tensor {
    const maps = this.frameMaps(frames);
    return this.head.forward(this.features3d(maps, frames.shape[0]!, frames.shape[1]!)) as Tensor;
  }
}

/**
 * ECO-Full: ECO-Lite plus a 2-D branch on each frame's maps (Conv2d(3×3)-BN-ReLU, global average
 * pooling) averaged over the N frames; the 3-D and 2-D features are concatenated before the classifier.
 * PyTorch: none built in; mzolfaghari/ECO-pytorch's ECOfull.
 * @example new models.EcoFull().forward(video.sampleSegments(clips, 8)) // [B, 8]
 */
export class EcoFull extends EcoLite {
  branch2d: Sequential;

  constructor(options?: EcoOptions) {
    super(options, 'EcoFull');
    this.branch2d = new Sequential(new Conv2d(this.mapChannels, this.width3d, 3, { padding: 1 }), new BatchNorm2d(this.width3d), new ReLU(), new AdaptiveAvgPool2d(1), new Flatten());
  }

  protected override featureSize(): number {
    return 2 * this.width3d;
  }

  override forward(frames: Tensor): Tensor {
    const [b, n] = frames.shape as [number, number];
    const maps = this.frameMaps(frames);
    const pooled2d = (this.branch2d.forward(maps) as Tensor).reshape([b, n, -1]).mean(1);
    return this.head.forward(cat([this.features3d(maps, b, n), pooled2d], 1)) as Tensor;
  }
}
