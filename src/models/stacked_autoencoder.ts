/**
 * @file Stacked autoencoder with greedy layer-wise pretraining (Bengio, Lamblin, Popovici &
 * Larochelle 2007): layer l is the encoder of a shallow autoencoder that reconstructs the
 * output of layers < l; the trained encoders are then stacked under a classifier and
 * fine-tuned together.
 */
import { ValueError } from '../errors.js';
import { Sigmoid } from '../nn/activation.js';
import { ModuleList, Sequential } from '../nn/container.js';
import { binaryCrossEntropyWithLogits } from '../nn/functional/loss.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import type { Parameter } from '../nn/parameter.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * `sizes` = [input, h1, h2, …]. Encoder l is Linear(sizes[l], sizes[l+1]) + sigmoid; decoder l
 * maps back to sizes[l] as logits (the reconstruction is their sigmoid), trained with
 * cross-entropy against its input, which lies in [0, 1] (pixels, then sigmoid codes).
 * PyTorch: none built in (Bengio et al. 2007's greedy layer-wise recipe, written as `nn.Module`s).
 * @example new models.StackedAutoencoder([784, 256, 64]) // encoder 784→256→64, mirrored decoder
 */
export class StackedAutoencoder extends Module {
  readonly encoders = new ModuleList();
  readonly decoders = new ModuleList();

  constructor(readonly sizes: readonly number[]) {
    super();
    if (sizes.length < 2) throw new ValueError(`StackedAutoencoder: needs at least two sizes, got [${sizes.join(', ')}]`);
    for (let l = 0; l + 1 < sizes.length; l++) {
      this.encoders.append(new Sequential(new Linear(sizes[l]!, sizes[l + 1]!), new Sigmoid()));
      this.decoders.append(new Linear(sizes[l + 1]!, sizes[l]!));
    }
  }

  get depth(): number {
    return this.encoders.length;
  }

  /** The output of the first `layers` encoders (all by default). */
  encode(x: Tensor, layers = this.depth): Tensor {
    let h = x;
    for (let l = 0; l < layers; l++) h = this.encoders.at(l).forward(h) as Tensor;
    return h;
  }

  /** Cross-entropy of layer `l`'s autoencoder reconstructing its input `h` (the output of layers < l). */
  reconstructionLoss(layer: number, h: Tensor): Tensor {
    const logits = this.decoders.at(layer).forward(this.encoders.at(layer).forward(h)) as Tensor;
    return binaryCrossEntropyWithLogits(logits, h);
  }

  /** The parameters trained while pretraining layer `l`: its encoder and decoder only. */
  *layerParameters(layer: number): Generator<Parameter> {
    yield* this.encoders.at(layer).parameters();
    yield* this.decoders.at(layer).parameters();
  }

  /** The stacked encoders (shared, not copied) under a new Linear output layer. */
  classifier(numClasses: number): Sequential {
    return new Sequential(...this.encoders, new Linear(this.sizes[this.sizes.length - 1]!, numClasses));
  }

  forward(x: Tensor): Tensor {
    return this.encode(x);
  }
}
