/**
 * @file WaveGAN (Donahue et al. 2019; SPEC §11.6): DCGAN for raw audio with length-25 kernels and
 * stride 4, so five layers span 16,384 samples; the critic has phase shuffle and no BatchNorm
 * (WGAN-GP).
 */
import { PhaseShuffle } from '../audio/phase_shuffle.js';
import { LeakyReLU, ReLU, Tanh } from '../nn/activation.js';
import { Sequential } from '../nn/container.js';
import { Conv1d, ConvTranspose1d } from '../nn/conv.js';
import { Flatten } from '../nn/flatten.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { checkOptions, type OptionKeys } from '../options.js';
import type { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of the WaveGAN generator and critic. */
export interface WaveganOptions {
  /** d: channels of the widest-in-time layer; the others have 2d … 16d (default 64, the paper's). */
  modelSize?: number;
  /** Size of z (generator only; default 100). */
  latentDim?: number;
  /** Phase shuffle radius n (critic only; default 2). */
  phaseShuffle?: number;
  /** Draws of the phase shuffle (critic only; default the global generator). */
  generator?: Generator;
}

const keys: OptionKeys<WaveganOptions> = { modelSize: true, latentDim: true, phaseShuffle: true, generator: true };
/** Samples a WaveGAN clip has: 16 × 4⁵. */
export const WAVEGAN_SAMPLES = 16384;

/**
 * G: z [N, latentDim] → Linear → [N, 16d, 16] → ReLU → five ConvTranspose1d(k25, s4) to 8d, 4d, 2d,
 * d, 1 channels (ReLU between, tanh last) → [N, 1, 16384].
 * PyTorch: none built in; the generator of chrisdonahue/wavegan (TensorFlow) and its PyTorch ports.
 * @example new models.WaveganGenerator({ modelSize: 16 }).forward(rand([8, 100]).mul(2).sub(1)) // [8, 1, 16384]
 */
export class WaveganGenerator extends Module {
  readonly latentDim: number;
  readonly modelSize: number;
  fc: Linear;
  main: Sequential;

  constructor(options?: WaveganOptions) {
    super();
    const { modelSize = 64, latentDim = 100 } = checkOptions('WaveganGenerator', options, keys);
    [this.latentDim, this.modelSize] = [latentDim, modelSize];
    const d = modelSize;
    this.fc = new Linear(latentDim, 256 * d);
    const widths = [16 * d, 8 * d, 4 * d, 2 * d, d, 1];
    // Kernel 25, padding 11 and output padding 1 make each layer exactly 4× longer ('same' upsampling).
    const layers = widths.slice(1).flatMap((out, i) => [new ReLU(), new ConvTranspose1d(widths[i]!, out, 25, { stride: 4, padding: 11, outputPadding: 1 })]);
    this.main = new Sequential(...layers, new Tanh());
  }

  forward(z: Tensor): Tensor {
    return this.main.forward(this.fc.forward(z).reshape([z.shape[0]!, 16 * this.modelSize, 16])) as Tensor;
  }
}

/**
 * D (critic): [N, 1, 16384] → five Conv1d(k25, s4, padding 11) to d, 2d, 4d, 8d, 16d channels, each
 * followed by LeakyReLU(0.2) and (all but the last) phase shuffle → flatten (256d) → Linear → [N, 1].
 * PyTorch: none built in; the discriminator of chrisdonahue/wavegan (TensorFlow) and its PyTorch ports.
 * @example new models.WaveganDiscriminator({ modelSize: 16 }).forward(clips) // [N, 1]
 */
export class WaveganDiscriminator extends Module {
  main: Sequential;

  constructor(options?: WaveganOptions) {
    super();
    const { modelSize = 64, phaseShuffle = 2, generator } = checkOptions('WaveganDiscriminator', options, keys);
    const d = modelSize;
    const widths = [1, d, 2 * d, 4 * d, 8 * d, 16 * d];
    const layers = widths.slice(1).flatMap((out, i) => [
      new Conv1d(widths[i]!, out, 25, { stride: 4, padding: 11 }), new LeakyReLU(0.2), ...(i < 4 ? [new PhaseShuffle(phaseShuffle, generator)] : []),
    ]);
    this.main = new Sequential(...layers, new Flatten(), new Linear(256 * d, 1));
  }

  forward(x: Tensor): Tensor {
    return this.main.forward(x) as Tensor;
  }
}
