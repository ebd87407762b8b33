/** @file Dropout layer. */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { dropout } from './functional/layers.js';
import { Module } from './module.js';

/**
 * Inverted dropout: zeroes elements with probability p while training (scaling the rest by
 * 1/(1−p)); the identity in eval mode. PyTorch: `torch.nn.Dropout(p=0.5)`.
 */
export class Dropout extends Module {
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ValueError(`Dropout: probability must be in [0, 1], got ${p}`);
  }

  forward(x: Tensor): Tensor {
    return dropout(x, { p: this.p, training: this.training });
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
