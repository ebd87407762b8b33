/** @file Dropout layers: elementwise (Dropout) and channel-wise (Dropout2d, Dropout3d). */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { dropout, dropout2d, dropout3d, type DropoutOptions } from './functional/layers.js';
import { Module } from './module.js';
import { checkNoInplaceFlag } from '../options.js';

/**
 * Inverted dropout: zeroes elements with probability p while training (scaling the rest by
 * 1/(1−p)); the identity in eval mode. PyTorch: `torch.nn.Dropout(p=0.5)`.
 * @example new nn.Dropout(0.1) // identity after model.eval()
 */
export class Dropout extends Module {
  protected readonly drop: (x: Tensor, options: DropoutOptions) => Tensor = dropout;

  constructor(readonly p = 0.5, ...extra: never[]) {
    super();
    checkNoInplaceFlag(this.constructor.name, 1, extra, `new nn.${this.constructor.name}(p)`);
    if (!(p >= 0 && p <= 1)) throw new ValueError(`${this.constructor.name}: probability must be in [0, 1], got ${p}`);
  }

  forward(x: Tensor): Tensor {
    return this.drop(x, { p: this.p, training: this.training });
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}

/**
 * Zeroes whole channels of [N, C, H, W] with probability p while training (SPEC §5).
 * PyTorch: `torch.nn.Dropout2d(p=0.5)`.
 * @example new nn.Dropout2d(0.2) // zeroes whole channels of [N, C, H, W]
 */
export class Dropout2d extends Dropout {
  protected override readonly drop = dropout2d;
}

/**
 * Zeroes whole channels of [N, C, D, H, W] with probability p while training. PyTorch: `torch.nn.Dropout3d(p=0.5)`.
 * @example new nn.Dropout3d(0.2) // zeroes whole channels of [N, C, D, H, W]
 */
export class Dropout3d extends Dropout {
  protected override readonly drop = dropout3d;
}
