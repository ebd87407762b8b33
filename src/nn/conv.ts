/**
 * @file Convolution layers: one `ConvNd` base holds the parameters and PyTorch's initialisation;
 * Conv1d/2d/3d and ConvTranspose1d/2d/3d only pick the functional op.
 */
import { ValueError } from '../errors.js';
import {
  conv1d, conv2d, conv3d, convKeys, convTranspose1d, convTranspose2d, convTranspose3d, convTransposeKeys,
  type ConvOptions, type ConvTransposeOptions, type PaddingMode, type SizeN,
} from '../ops/conv.js';
import { tupleOf } from '../ops/window.js';
import { checkOptions, type OptionKeys } from '../options.js';
import { zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { computeFans, kaimingUniform_, uniform_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Options of the convolution layers (PyTorch's keyword arguments, where it has them). */
export interface ConvLayerOptions extends ConvOptions {
  /** Learn an additive bias per output channel (default true). */
  bias?: boolean;
}

/** Options of the transposed-convolution layers (PyTorch's keyword arguments, where it has them). */
export interface ConvTransposeLayerOptions extends ConvTransposeOptions {
  bias?: boolean;
}

/**
 * Shared by every convolution layer: weight [O, C/groups, *k] (transposed: [C, O/groups, *k])
 * and bias [O], both U(±1/√fan_in) with fan_in = weight.shape[1]·Πk as in PyTorch.
 */
abstract class ConvNd<O extends { groups?: number; bias?: boolean }> extends Module {
  weight: Parameter;
  bias: Parameter | null;
  readonly kernelSize: number[];
  /** The functional op's options (everything but `bias`). */
  protected readonly options: Omit<O, 'bias'>;

  constructor(name: string, nd: number, transposed: boolean, readonly inChannels: number, readonly outChannels: number,
    kernelSize: SizeN, options: O | undefined) {
    super();
    const { bias = true, ...functional } = checkOptions(name, options, (transposed ? { ...convTransposeKeys, bias: true } : { ...convKeys, bias: true }) as OptionKeys<O>);
    this.options = functional;
    const groups = functional.groups ?? 1;
    for (const [what, v] of [['inChannels', inChannels], ['outChannels', outChannels], ['groups', groups]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ValueError(`${name}: ${what} must be a positive integer, got ${v}`);
    }
    if (inChannels % groups !== 0 || outChannels % groups !== 0) {
      throw new ValueError(`${name}: groups=${groups} must divide both inChannels=${inChannels} and outChannels=${outChannels}`);
    }
    this.kernelSize = tupleOf(name, 'kernel size', kernelSize, nd, 1);
    const shape = transposed ? [inChannels, outChannels / groups] : [outChannels, inChannels / groups];
    this.weight = new Parameter(zeros([...shape, ...this.kernelSize]));
    this.bias = bias ? new Parameter(zeros([outChannels])) : null;
    this.resetParameters();
  }

  /** PyTorch's default: kaiming_uniform_(a=√5) for the weight, U(±1/√fan_in) for the bias. */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const bound = 1 / Math.sqrt(computeFans(this.weight).fanIn);
      uniform_(this.bias, -bound, bound);
    }
  }

  override extraRepr(): string {
    const extra = Object.entries(this.options).filter(([, v]) => v !== undefined).map(([k, v]) => `, ${k}=${JSON.stringify(v)}`).join('');
    return `${this.inChannels}, ${this.outChannels}, kernelSize=[${this.kernelSize.join(', ')}]${extra}${this.bias ? '' : ', bias=false'}`;
  }
}

/**
 * 1-D convolution over [N, C, L] (audio, sequences). PyTorch: `torch.nn.Conv1d(in_channels,
 * out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros')`.
 * @example new nn.Conv1d(1, 32, 80, { stride: 4 }) // M5 audio net's first layer on raw waveforms
 */
export class Conv1d extends ConvNd<ConvLayerOptions> {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeN, options?: ConvLayerOptions) {
    super('Conv1d', 1, false, inChannels, outChannels, kernelSize, options);
  }

  forward(x: Tensor): Tensor {
    return conv1d(x, this.weight, this.bias, this.options);
  }
}

/**
 * 2-D convolution over [N, C, H, W].
 * PyTorch: `torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0,
 * dilation=1, groups=1, bias=True, padding_mode='zeros')`.
 * @example const conv = new Conv2d(1, 32, 3, { padding: 1 }); conv.forward(images) // [N, 32, H, W]
 */
export class Conv2d extends ConvNd<ConvLayerOptions> {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeN, options?: ConvLayerOptions) {
    super('Conv2d', 2, false, inChannels, outChannels, kernelSize, options);
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, this.options);
  }
}

/**
 * 3-D convolution over [N, C, D, H, W] (video, volumes). PyTorch: `torch.nn.Conv3d`.
 * @example new nn.Conv3d(3, 64, 3, { padding: 1 }) // C3D's first layer on [N, 3, T, H, W] clips
 */
export class Conv3d extends ConvNd<ConvLayerOptions> {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeN, options?: ConvLayerOptions) {
    super('Conv3d', 3, false, inChannels, outChannels, kernelSize, options);
  }

  forward(x: Tensor): Tensor {
    return conv3d(x, this.weight, this.bias, this.options);
  }
}

/**
 * Transposed 1-D convolution (upsampling). PyTorch: `torch.nn.ConvTranspose1d`.
 * @example new nn.ConvTranspose1d(64, 32, 25, { stride: 4, padding: 11, outputPadding: 1 }) // ×4 upsampling
 */
export class ConvTranspose1d extends ConvNd<ConvTransposeLayerOptions> {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeN, options?: ConvTransposeLayerOptions) {
    super('ConvTranspose1d', 1, true, inChannels, outChannels, kernelSize, options);
  }

  forward(x: Tensor): Tensor {
    return convTranspose1d(x, this.weight, this.bias, this.options);
  }
}

/**
 * Transposed 2-D convolution, e.g. a DCGAN generator's upsampling layer.
 * PyTorch: `torch.nn.ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1,
 * padding=0, output_padding=0, groups=1, bias=True, dilation=1)`.
 * @example new ConvTranspose2d(128, 64, 4, { stride: 2, padding: 1 }) // doubles H and W
 */
export class ConvTranspose2d extends ConvNd<ConvTransposeLayerOptions> {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeN, options?: ConvTransposeLayerOptions) {
    super('ConvTranspose2d', 2, true, inChannels, outChannels, kernelSize, options);
  }

  forward(x: Tensor): Tensor {
    return convTranspose2d(x, this.weight, this.bias, this.options);
  }
}

/**
 * Transposed 3-D convolution. PyTorch: `torch.nn.ConvTranspose3d`.
 * @example new nn.ConvTranspose3d(16, 8, 2, { stride: 2 }) // doubles D, H and W
 */
export class ConvTranspose3d extends ConvNd<ConvTransposeLayerOptions> {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeN, options?: ConvTransposeLayerOptions) {
    super('ConvTranspose3d', 3, true, inChannels, outChannels, kernelSize, options);
  }

  forward(x: Tensor): Tensor {
    return convTranspose3d(x, this.weight, this.bias, this.options);
  }
}

export type { PaddingMode };
