/**
 * @file CycleGAN's generator (Zhu et al. 2017, SPEC §9.13; Johnson et al.'s ResNet): reflection
 * padding, InstanceNorm, two stride-2 downsamplings, residual blocks, two transposed upsamplings.
 * Its discriminator is pix2pix's PatchDiscriminator with InstanceNorm.
 */
import { ReLU, Tanh } from '../nn/activation.js';
import { Sequential } from '../nn/container.js';
import { Conv2d, ConvTranspose2d } from '../nn/conv.js';
import { Module } from '../nn/module.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../errors.js';
import { checkNorm, translationNorm, type TranslationNorm } from './pix2pix.js';

/** [ReflectionPad 1, Conv 3×3, norm, ReLU, ReflectionPad 1, Conv 3×3, norm] + x, with no ReLU after the sum. */
class ResnetBlock extends Module {
  block: Sequential;

  constructor(channels: number, norm: TranslationNorm) {
    super();
    const conv = (): Conv2d => new Conv2d(channels, channels, 3, { padding: 1, paddingMode: 'reflect', bias: norm === 'instance' });
    this.block = new Sequential(conv(), translationNorm(norm, channels), new ReLU(), conv(), translationNorm(norm, channels));
  }

  forward(x: Tensor): Tensor {
    return x.add(this.block.forward(x) as Tensor);
  }
}

/** Options of `ResnetGenerator` (PyTorch's keyword arguments, where it has them). */
export interface ResnetGeneratorOptions {
  inChannels?: number;
  outChannels?: number;
  /** Channels of the first layer; 2× and 4× after the downsamplings (default 64). */
  ngf?: number;
  /** Residual blocks: 9 for 256², 6 for 128² and smaller (default 6). */
  blocks?: number;
  /** Default 'instance', as CycleGAN. */
  norm?: TranslationNorm;
}

/**
 * CycleGAN's ResNet generator: images [N, inChannels, H, W] (H, W divisible by 4) → tanh images
 * [N, outChannels, H, W]. ReflectionPad 3-Conv 7×7 (ngf)-norm-ReLU, two Conv 3×3 stride 2 (2ngf,
 * 4ngf)-norm-ReLU, `blocks` residual blocks, two ConvTranspose 3×3 stride 2 (output padding 1)
 * -norm-ReLU, ReflectionPad 3-Conv 7×7-tanh.
 * PyTorch (pytorch-CycleGAN-and-pix2pix): `ResnetGenerator(input_nc, output_nc, ngf, norm_layer, use_dropout=False, n_blocks)`.
 * @example new models.ResnetGenerator({ ngf: 32, blocks: 6 }).forward(x) // the other domain
 */
export class ResnetGenerator extends Module {
  model: Sequential;

  constructor(options?: ResnetGeneratorOptions) {
    super();
    const { inChannels = 3, outChannels = 3, ngf = 64, blocks = 6, norm = 'instance' } = checkOptions('ResnetGenerator', options,
      { inChannels: true, outChannels: true, ngf: true, blocks: true, norm: true });
    checkNorm('ResnetGenerator', norm);
    if (!Number.isInteger(blocks) || blocks < 0) throw new ValueError(`ResnetGenerator: blocks must be a non-negative integer, got ${blocks}`);
    const bias = norm === 'instance';
    const layers: Module[] = [new Conv2d(inChannels, ngf, 7, { padding: 3, paddingMode: 'reflect', bias }), translationNorm(norm, ngf), new ReLU()];
    for (const k of [1, 2]) layers.push(new Conv2d(ngf * k, ngf * 2 * k, 3, { stride: 2, padding: 1, bias }), translationNorm(norm, ngf * 2 * k), new ReLU());
    for (let i = 0; i < blocks; i++) layers.push(new ResnetBlock(4 * ngf, norm));
    for (const k of [4, 2]) layers.push(new ConvTranspose2d(ngf * k, (ngf * k) / 2, 3, { stride: 2, padding: 1, outputPadding: 1, bias }), translationNorm(norm, (ngf * k) / 2), new ReLU());
    layers.push(new Conv2d(ngf, outChannels, 7, { padding: 3, paddingMode: 'reflect' }), new Tanh());
    this.model = new Sequential(...layers);
  }

  forward(x: Tensor): Tensor {
    return this.model.forward(x) as Tensor;
  }
}
