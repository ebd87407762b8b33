/**
 * @file pix2pix's networks (Isola et al. 2017, as junyanz/pytorch-CycleGAN-and-pix2pix builds
 * them): the U-Net generator with skip connections and the PatchGAN discriminator that CycleGAN
 * shares; and their N(0, 0.02) initialisation.
 */
import { noGrad } from '../autograd/grad_mode.js';
import { ShapeError, ValueError } from '../errors.js';
import { LeakyReLU, ReLU, Tanh } from '../nn/activation.js';
import { Sequential } from '../nn/container.js';
import { Conv2d, ConvTranspose2d } from '../nn/conv.js';
import { Dropout } from '../nn/dropout.js';
import { Module } from '../nn/module.js';
import { BatchNorm2d, InstanceNorm2d } from '../nn/normalization.js';
import { cat, pad } from '../ops/shape.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';
import { dcganInit } from './dcgan.js';

/** The normalisation of the image-translation networks: 'batch' (pix2pix's) or 'instance' (CycleGAN's; no affine parameters, no running statistics). */
export type TranslationNorm = 'batch' | 'instance';

/** `kind`, checked: a named error for anything but 'batch' or 'instance'. */
export function checkNorm(op: string, kind: TranslationNorm): TranslationNorm {
  if (kind !== 'batch' && kind !== 'instance') throw new ValueError(`${op}: norm must be 'batch' or 'instance', got '${String(kind)}'`);
  return kind;
}

/** A normalisation layer of `kind` over `channels`. */
export function translationNorm(kind: TranslationNorm, channels: number): Module {
  return kind === 'batch' ? new BatchNorm2d(channels) : new InstanceNorm2d(channels);
}

/** Right and bottom zero padding of `y` [N, C, h, w] up to `like`'s height and width (odd sizes lose a row on the way down). */
function padTo(y: Tensor, like: Tensor): Tensor {
  const [dh, dw] = [like.shape[2]! - y.shape[2]!, like.shape[3]! - y.shape[3]!];
  return dh === 0 && dw === 0 ? y : pad(y, [0, dw, 0, dh]);
}

/**
 * One level of the U-Net: down (LeakyReLU 0.2, Conv 4×4 stride 2, norm), the inner levels, up (ReLU,
 * ConvTranspose 4×4 stride 2, norm), and the skip: the level's input concatenated to its output.
 */
class UnetLevel extends Module {
  down: Sequential;
  inner: UnetLevel | null;
  up: Sequential;

  constructor(outer: number, innerChannels: number, o: { inner: UnetLevel | null; input?: number; outermost?: boolean; norm: TranslationNorm; dropout: boolean }) {
    super();
    const bias = o.norm === 'instance';
    const input = o.input ?? outer;
    const downConv = new Conv2d(input, innerChannels, 4, { stride: 2, padding: 1, bias });
    const upIn = o.inner ? 2 * innerChannels : innerChannels;
    if (o.outermost) {
      this.down = new Sequential(downConv);
      this.up = new Sequential(new ReLU(), new ConvTranspose2d(upIn, outer, 4, { stride: 2, padding: 1 }), new Tanh());
    } else {
      this.down = new Sequential(new LeakyReLU(0.2), downConv, ...(o.inner ? [translationNorm(o.norm, innerChannels)] : []));
      this.up = new Sequential(new ReLU(), new ConvTranspose2d(upIn, outer, 4, { stride: 2, padding: 1, bias }), translationNorm(o.norm, outer), ...(o.dropout ? [new Dropout(0.5)] : []));
    }
    this.inner = o.inner;
  }

  /** The level's output before the skip, at the input's size. */
  transform(x: Tensor): Tensor {
    const y = this.down.forward(x) as Tensor;
    return padTo(this.up.forward(this.inner ? this.inner.forward(y) : y) as Tensor, x);
  }

  forward(x: Tensor): Tensor {
    return cat([x, this.transform(x)], 1);
  }
}

/** Options of `UnetGenerator` (PyTorch's keyword arguments, where it has them). */
export interface UnetGeneratorOptions {
  inChannels?: number;
  outChannels?: number;
  /** Halvings from the image to the bottleneck: 5 takes 32×32 to 1×1, 8 does 256×256 (default 5). */
  numDowns?: number;
  /** Channels of the outermost level; deeper levels have 2×, 4×, then 8× (default 64). */
  ngf?: number;
  /** Default 'batch', as pix2pix. */
  norm?: TranslationNorm;
  /** Dropout 0.5 in the 8·ngf levels beyond the innermost four (pix2pix's noise; none when numDowns ≤ 5; default true). */
  dropout?: boolean;
}

/**
 * pix2pix's U-Net generator: images [N, inChannels, H, W] → tanh images [N, outChannels, H, W],
 * each level's input concatenated to its output on the way up. Sizes need not be powers of two:
 * an odd size loses a row going down, which the way up pads back.
 * PyTorch (pytorch-CycleGAN-and-pix2pix): `UnetGenerator(input_nc, output_nc, num_downs, ngf, norm_layer, use_dropout)`.
 * @example new models.UnetGenerator({ numDowns: 5, ngf: 32 }).forward(images.mul(2).sub(1)) // [N, 3, 32, 32]
 */
export class UnetGenerator extends Module {
  model: UnetLevel;

  constructor(options?: UnetGeneratorOptions) {
    super();
    const { inChannels = 3, outChannels = 3, numDowns = 5, ngf = 64, norm = 'batch', dropout = true } = checkOptions('UnetGenerator', options,
      { inChannels: true, outChannels: true, numDowns: true, ngf: true, norm: true, dropout: true });
    if (!Number.isInteger(numDowns) || numDowns < 5) throw new ValueError(`UnetGenerator: numDowns must be an integer ≥ 5, got ${numDowns}`);
    checkNorm('UnetGenerator', norm);
    let level = new UnetLevel(8 * ngf, 8 * ngf, { inner: null, norm, dropout: false });
    for (let i = 0; i < numDowns - 5; i++) level = new UnetLevel(8 * ngf, 8 * ngf, { inner: level, norm, dropout });
    level = new UnetLevel(4 * ngf, 8 * ngf, { inner: level, norm, dropout: false });
    level = new UnetLevel(2 * ngf, 4 * ngf, { inner: level, norm, dropout: false });
    level = new UnetLevel(ngf, 2 * ngf, { inner: level, norm, dropout: false });
    this.model = new UnetLevel(outChannels, ngf, { inner: level, input: inChannels, outermost: true, norm, dropout: false });
  }

  forward(x: Tensor): Tensor {
    if (x.ndim !== 4) throw new ShapeError(`UnetGenerator: expected images [N, C, H, W], got [${x.shape.join(', ')}]`);
    return this.model.transform(x);
  }
}

/** Options of `PatchDiscriminator` (PyTorch's keyword arguments, where it has them). */
export interface PatchDiscriminatorOptions {
  /** Channels of what it judges (pix2pix: input and output concatenated, 6). */
  inChannels?: number;
  /** Channels of the first layer (default 64). */
  ndf?: number;
  /** Stride-2 layers after the first (default 3: the 70×70 PatchGAN). */
  nLayers?: number;
  /** Default 'batch'. */
  norm?: TranslationNorm;
}

/**
 * The PatchGAN discriminator: a logit per overlapping patch, [N, 1, h, w]. Conv 4×4 stride 2
 * (ndf, LeakyReLU 0.2), `nLayers` − 1 more stride-2 convs doubling the channels (up to 8·ndf,
 * norm, LeakyReLU), one stride-1 conv (norm, LeakyReLU) and a stride-1 conv to one channel. Each
 * logit sees `patchReceptiveField(nLayers)` pixels square: 70 for 3 layers, 34 for 2, 16 for 1.
 * PyTorch (pytorch-CycleGAN-and-pix2pix): `NLayerDiscriminator(input_nc, ndf, n_layers, norm_layer)`.
 * @example new models.PatchDiscriminator({ inChannels: 6, nLayers: 1 }).forward(cat([x, y], 1)) // [N, 1, 14, 14] on 32×32
 */
export class PatchDiscriminator extends Module {
  model: Sequential;

  constructor(options?: PatchDiscriminatorOptions) {
    super();
    const { inChannels = 3, ndf = 64, nLayers = 3, norm = 'batch' } = checkOptions('PatchDiscriminator', options, { inChannels: true, ndf: true, nLayers: true, norm: true });
    if (!Number.isInteger(nLayers) || nLayers < 1) throw new ValueError(`PatchDiscriminator: nLayers must be a positive integer, got ${nLayers}`);
    checkNorm('PatchDiscriminator', norm);
    const bias = norm === 'instance';
    const layers: Module[] = [new Conv2d(inChannels, ndf, 4, { stride: 2, padding: 1 }), new LeakyReLU(0.2)];
    let channels = ndf;
    for (let n = 1; n <= nLayers; n++) {
      const next = ndf * Math.min(2 ** n, 8);
      layers.push(new Conv2d(channels, next, 4, { stride: n < nLayers ? 2 : 1, padding: 1, bias }), translationNorm(norm, next), new LeakyReLU(0.2));
      channels = next;
    }
    this.model = new Sequential(...layers, new Conv2d(channels, 1, 4, { padding: 1 }));
  }

  forward(x: Tensor): Tensor {
    return this.model.forward(x) as Tensor;
  }
}

/**
 * The side of the input square each PatchGAN logit sees: r ← (r − 1)·stride + 4 from the top.
 * PyTorch: none; the 70×70 of pix2pix's `NLayerDiscriminator(n_layers=3)`.
 * @example models.patchReceptiveField(3) // 70: the 70×70 PatchGAN
 */
export function patchReceptiveField(nLayers: number): number {
  let r = 1;
  const strides = [...Array.from({ length: nLayers }, () => 2), 1, 1];
  for (const s of strides.reverse()) r = (r - 1) * s + 4;
  return r;
}

/**
 * pytorch-CycleGAN-and-pix2pix's initialisation: convolution weights N(0, 0.02) and biases 0, BatchNorm weights N(1, 0.02) and biases 0.
 * @example models.translationInit(new models.UnetGenerator()) // weights N(0, 0.02) as pix2pix/CycleGAN
 */
export function translationInit<M extends Module>(model: M): M {
  dcganInit(model);
  noGrad(() => {
    for (const m of model.modules()) if ((m instanceof Conv2d || m instanceof ConvTranspose2d) && m.bias) m.bias.zero_();
  });
  return model;
}
