/** @file Per-channel normalisation of images. */
import { ValueError } from '../../errors.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * (x − mean)/std per channel of [N, C, …] or [C, …] images. The MNIST statistics are
 * mean 0.1307, std 0.3081. PyTorch: `torchvision.transforms.Normalize(mean, std)`.
 * @example new data.Normalize([0.1307], [0.3081]).apply(image) // MNIST's mean and std
 */
export class Normalize {
  constructor(readonly mean: readonly number[], readonly std: readonly number[]) {
    if (mean.length !== std.length || std.some((s) => !(s > 0))) {
      throw new ValueError(`Normalize: mean and std need the same length and std must be positive, got [${mean}] and [${std}]`);
    }
  }

  /** (x − mean) / std per channel. */
  apply(x: Tensor): Tensor {
    const channelDim = x.ndim >= 4 ? 1 : 0;
    const shape = x.shape.map((_, i) => (i === channelDim ? this.mean.length : 1));
    const c = x.shape[channelDim];
    if (c !== this.mean.length && this.mean.length !== 1) throw new ValueError(`Normalize: ${this.mean.length} channel statistics for ${c} channels`);
    const stat = (v: readonly number[]): Tensor => tensor([...v], { dtype: x.dtype === 'float64' ? 'float64' : 'float32' }).reshape(this.mean.length === 1 ? [] : shape);
    return x.sub(stat(this.mean)).div(stat(this.std));
  }
}
