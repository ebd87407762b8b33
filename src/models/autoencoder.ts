/**
 * @file Hourglass autoencoder: an MLP encoder narrows to a bottleneck, a mirrored decoder widens
 * back to the input size, and the input is its own target.
 */
import { ValueError } from '../errors.js';
import { ReLU } from '../nn/activation.js';
import { Sequential } from '../nn/container.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * `sizes` = [input, hidden…, bottleneck]; the decoder mirrors it. ReLU between layers; the code
 * (bottleneck) is linear. The decoder returns logits: `forward` applies the sigmoid, and
 * training on logits with binaryCrossEntropyWithLogits is the stable form.
 * PyTorch: none built in (an `nn.Sequential` encoder and decoder, as in the autoencoder tutorials).
 * @example const ae = new HourglassAutoencoder([784, 256, 64]); const recon = ae.forward(x); // x: [N, 784] in [0, 1]
 */
export class HourglassAutoencoder extends Module {
  readonly encoder: Sequential;
  readonly decoder: Sequential;

  constructor(readonly sizes: readonly number[]) {
    super();
    if (sizes.length < 2) throw new ValueError(`HourglassAutoencoder: needs at least [input, bottleneck] sizes, got [${sizes.join(', ')}]`);
    if (!sizes.every((s, i) => i === 0 || s < sizes[i - 1]!)) {
      throw new ValueError(`HourglassAutoencoder: sizes must shrink towards the bottleneck, got [${sizes.join(', ')}]`);
    }
    this.encoder = stack(sizes);
    this.decoder = stack([...sizes].reverse());
  }

  /** The bottleneck code [N, sizes.at(-1)]. */
  encode(x: Tensor): Tensor {
    return this.encoder.forward(x);
  }

  /** Reconstruction logits [N, sizes[0]]. */
  decodeLogits(z: Tensor): Tensor {
    return this.decoder.forward(z);
  }

  /** Reconstruction in (0, 1). */
  forward(x: Tensor): Tensor {
    return this.decodeLogits(this.encode(x)).sigmoid();
  }
}

/** Linear layers through `sizes` with ReLU between them (none after the last). */
function stack(sizes: readonly number[]): Sequential {
  const layers: Module[] = [];
  for (let i = 1; i < sizes.length; i++) {
    layers.push(new Linear(sizes[i - 1]!, sizes[i]!));
    if (i < sizes.length - 1) layers.push(new ReLU());
  }
  return new Sequential(...layers);
}
