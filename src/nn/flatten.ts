/** @file Flatten and Unflatten layers. */
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * Flattens dims startDim..endDim (default 1..−1: keeps the batch dim). PyTorch: `torch.nn.Flatten`.
 * @example new nn.Sequential(new nn.Conv2d(1, 8, 3), new nn.Flatten(), new nn.Linear(8 * 26 * 26, 10))
 */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}

/**
 * Splits dim `dim` into `sizes`, e.g. [N, 784] → [N, 1, 28, 28]. PyTorch: `torch.nn.Unflatten`.
 * @example new nn.Unflatten(1, [64, 7, 7]) // [N, 3136] → [N, 64, 7, 7] in a decoder
 */
export class Unflatten extends Module {
  constructor(readonly dim: number, readonly sizes: readonly number[]) {
    super();
  }

  forward(x: Tensor): Tensor {
    return x.unflatten(this.dim, this.sizes);
  }

  override extraRepr(): string {
    return `dim=${this.dim}, sizes=[${this.sizes.join(', ')}]`;
  }
}
