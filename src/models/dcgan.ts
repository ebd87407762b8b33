/**
 * @file DCGAN for 28×28 digits (SPEC §9.2): a generator of transposed convolutions from z (and
 * optionally a class), and a discriminator/critic of strided convolutions, with the options the
 * GAN recipes need (no BatchNorm for WGAN-GP, spectral norm for SN-GAN, class conditioning by
 * concatenation or a projection head).
 */
import { noGrad } from '../autograd/grad_mode.js';
import { ValueError } from '../errors.js';
import { LeakyReLU, ReLU, Tanh } from '../nn/activation.js';
import { Sequential } from '../nn/container.js';
import { Conv2d, ConvTranspose2d } from '../nn/conv.js';
import { Embedding } from '../nn/embedding.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { BatchNorm2d } from '../nn/normalization.js';
import { spectralNorm } from '../nn/utils/spectral_norm.js';
import { oneHot } from '../ops/index.js';
import { cat } from '../ops/shape.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of `DcganGenerator` (PyTorch's keyword arguments, where it has them). */
export interface DcganGeneratorOptions {
  /** Size of z (default 100). */
  latentDim?: number;
  /** Channels of the last hidden layer; the first has 4× (default 64). */
  channels?: number;
  /** Classes to condition on by concatenating one-hot y to z (default 0: unconditional). */
  numClasses?: number;
}

/**
 * G: [z, onehot(y)] → ConvT(k7) 7×7×4c → ConvT(k4, s2) 14×14×2c → ConvT(k4, s2) 28×28×1, BatchNorm and
 * ReLU between, Tanh at the output (images in [−1, 1]). `forward(z [N, latentDim], y? [N] int32)`.
 * PyTorch: the `Generator` of pytorch/examples' dcgan, sized for 28×28 and conditioned on the label.
 * @example new DcganGenerator().forward(randn([64, 100])) // [64, 1, 28, 28]
 */
export class DcganGenerator extends Module {
  readonly latentDim: number;
  readonly numClasses: number;
  main: Sequential;

  constructor(options?: DcganGeneratorOptions) {
    super();
    const { latentDim = 100, channels = 64, numClasses = 0 } = checkOptions<DcganGeneratorOptions>('DcganGenerator', options, { latentDim: true, channels: true, numClasses: true });
    this.latentDim = latentDim;
    this.numClasses = numClasses;
    const c = channels;
    this.main = new Sequential(
      new ConvTranspose2d(latentDim + numClasses, 4 * c, 7, { bias: false }), new BatchNorm2d(4 * c), new ReLU(),
      new ConvTranspose2d(4 * c, 2 * c, 4, { stride: 2, padding: 1, bias: false }), new BatchNorm2d(2 * c), new ReLU(),
      new ConvTranspose2d(2 * c, 1, 4, { stride: 2, padding: 1 }), new Tanh(),
    );
  }

  forward(z: Tensor, y?: Tensor): Tensor {
    checkLabels('DcganGenerator', y, this.numClasses);
    const input = withClass(z, y, this.numClasses);
    return this.main.forward(input.reshape([input.shape[0]!, -1, 1, 1])) as Tensor;
  }
}

/** Throws unless labels are given exactly when the model is conditional. */
function checkLabels(model: string, y: Tensor | undefined, numClasses: number): void {
  if ((numClasses > 0) !== (y !== undefined)) throw new ValueError(`${model}: ${numClasses > 0 ? `expects class labels y (it has ${numClasses} classes)` : 'is unconditional; it takes no labels'}`);
}

/** x [N, F] with one-hot y [N] appended as F more features, or broadcast as channels of an image [N, C, H, W]. */
function withClass(x: Tensor, y: Tensor | undefined, numClasses: number): Tensor {
  if (y === undefined) return x;
  const code = oneHot(y, numClasses).to(x.dtype);
  if (x.ndim === 2) return cat([x, code], 1);
  const n = x.shape[0]!;
  return cat([x, code.reshape([n, numClasses, 1, 1]).expand([n, numClasses, x.shape[2]!, x.shape[3]!])], 1);
}

/** Options of `DcganDiscriminator` (PyTorch's keyword arguments, where it has them). */
export interface DcganDiscriminatorOptions {
  /** Channels of the first layer; the second has 2× (default 64). */
  channels?: number;
  /** BatchNorm after the second convolution (DCGAN) or none (critics with a gradient penalty). Default true. */
  batchNorm?: boolean;
  /** Spectral norm on every convolution and linear layer (SN-GAN; default false). */
  spectralNorm?: boolean;
  /** Classes to condition on (default 0). */
  numClasses?: number;
  /** 'concat': one-hot y as extra input channels (default); 'projection': l = ψ(φ(x)) + ⟨E(y), φ(x)⟩. */
  conditioning?: 'concat' | 'projection';
}

/**
 * D: Conv(k4, s2) 14×14×c → LeakyReLU(0.2) → Conv(k4, s2) 7×7×2c (+ BatchNorm) → LeakyReLU(0.2) →
 * Conv(k7) → one logit per image [N]. With `conditioning: 'projection'` the last layer is a linear
 * ψ on φ(x), the sum over positions of the 7×7 features, plus the projection ⟨E(y), φ(x)⟩
 * (Miyato & Koyama 2018). `forward(x [N, 1, 28, 28], y? [N] int32)`.
 * PyTorch: the `Discriminator` of pytorch/examples' dcgan, sized for 28×28.
 * @example new DcganDiscriminator({ batchNorm: false }).forward(images) // [N] critic scores
 */
export class DcganDiscriminator extends Module {
  readonly numClasses: number;
  readonly conditioning: 'concat' | 'projection';
  body: Sequential;
  head: Module;
  embed: Embedding | null;

  constructor(options?: DcganDiscriminatorOptions) {
    super();
    const o = checkOptions<DcganDiscriminatorOptions>('DcganDiscriminator', options, { channels: true, batchNorm: true, spectralNorm: true, numClasses: true, conditioning: true });
    const { channels: c = 64, batchNorm = true, numClasses = 0, conditioning = 'concat' } = o;
    if (conditioning !== 'concat' && conditioning !== 'projection') throw new ValueError(`DcganDiscriminator: conditioning must be 'concat' or 'projection', got '${conditioning}'`);
    this.numClasses = numClasses;
    this.conditioning = conditioning;
    const sn = <M extends Module>(m: M): M => (o.spectralNorm ? spectralNorm(m) : m);
    const inputs = 1 + (conditioning === 'concat' ? numClasses : 0);
    this.body = new Sequential(
      sn(new Conv2d(inputs, c, 4, { stride: 2, padding: 1 })), new LeakyReLU(0.2),
      sn(new Conv2d(c, 2 * c, 4, { stride: 2, padding: 1, bias: !batchNorm })), ...(batchNorm ? [new BatchNorm2d(2 * c)] : []), new LeakyReLU(0.2),
    );
    const projection = conditioning === 'projection';
    this.head = projection ? sn(new Linear(2 * c, 1)) : sn(new Conv2d(2 * c, 1, 7));
    this.embed = projection && numClasses > 0 ? sn(new Embedding(numClasses, 2 * c)) : null;
  }

  forward(x: Tensor, y?: Tensor): Tensor {
    const n = x.shape[0]!;
    checkLabels('DcganDiscriminator', y, this.numClasses);
    if (this.conditioning === 'projection') {
      const phi = (this.body.forward(x) as Tensor).sum([2, 3]);
      const out = (this.head.forward(phi) as Tensor).reshape([n]);
      return this.embed && y ? out.add((this.embed.forward(y) as Tensor).mul(phi).sum(1)) : out;
    }
    return (this.head.forward(this.body.forward(withClass(x, y, this.numClasses))) as Tensor).reshape([n]);
  }
}

/**
 * DCGAN's initialisation: convolution and linear weights N(0, 0.02), BatchNorm weights N(1, 0.02)
 * and biases 0 (as pytorch/examples' `weights_init`). Spectrally normalised layers keep PyTorch's
 * default initialisation (their scale is normalised anyway).
 * @example models.dcganInit(new models.DcganGenerator()) // conv weights N(0, 0.02), BN weights N(1, 0.02)
 */
export function dcganInit<M extends Module>(model: M): M {
  noGrad(() => {
    for (const m of model.modules()) {
      if ((m instanceof Conv2d || m instanceof ConvTranspose2d || m instanceof Linear) && !('weightOrig' in m)) m.weight.normal_(0, 0.02);
      if (m instanceof BatchNorm2d) {
        m.weight!.normal_(1, 0.02);
        m.bias!.zero_();
      }
    }
  });
  return model;
}
