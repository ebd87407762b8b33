/**
 * @file Residual networks as in torchvision (He et al., CVPR 2016; SPEC §6): BasicBlock,
 * Bottleneck and a ResNet with a CIFAR-style stem for small images. Module and key names follow
 * torchvision (`layer1.0.conv1.weight`, `downsample.0`, `fc`), so weights can move between them.
 */
import { ValueError } from '../errors.js';
import { ReLU } from '../nn/activation.js';
import { Sequential } from '../nn/container.js';
import { Conv2d } from '../nn/conv.js';
import { constant_, kaimingNormal_ } from '../nn/init.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { BatchNorm2d } from '../nn/normalization.js';
import { AdaptiveAvgPool2d } from '../nn/pooling.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions, type OptionKeys } from '../options.js';

/** Makes the activation that follows a block's convolutions (ReLU, or e.g. FReLU(channels)). */
export type ActivationFactory = (channels: number) => Module;

const relu: ActivationFactory = () => new ReLU();

/** Options of the residual blocks (PyTorch's keyword arguments, where it has them). */
export interface BlockOptions {
  stride?: number;
  /** The shortcut's projection (1×1 conv + BN) when the shape changes; null for identity. */
  downsample?: Module | null;
  activation?: ActivationFactory;
}

const blockKeys: OptionKeys<BlockOptions> = { stride: true, downsample: true, activation: true };

/** 3×3 convolution with padding 1 and no bias (the BN that follows has one). */
function conv3x3(inPlanes: number, outPlanes: number, stride = 1): Conv2d {
  return new Conv2d(inPlanes, outPlanes, 3, { stride, padding: 1, bias: false });
}

/**
 * out = act(BN2(conv3×3(act(BN1(conv3×3_stride(x))))) + shortcut(x)), expansion 1.
 * PyTorch: `torchvision.models.resnet.BasicBlock(inplanes, planes, stride=1, downsample=None)`.
 * @example new BasicBlock(64, 128, { stride: 2, downsample: projection(64, 128, 2) })
 */
export class BasicBlock extends Module {
  static readonly expansion = 1;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly act1: Module;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly act2: Module;
  readonly downsample: Module | null;

  constructor(inPlanes: number, planes: number, options?: BlockOptions) {
    super();
    const { stride = 1, downsample = null, activation = relu } = checkOptions(new.target.name, options, blockKeys);
    this.conv1 = conv3x3(inPlanes, planes, stride);
    this.bn1 = new BatchNorm2d(planes);
    this.act1 = activation(planes);
    this.conv2 = conv3x3(planes, planes);
    this.bn2 = new BatchNorm2d(planes);
    this.act2 = activation(planes);
    this.downsample = downsample;
  }

  forward(x: Tensor): Tensor {
    const out = this.bn2.forward(this.conv2.forward(this.act1.forward(this.bn1.forward(this.conv1.forward(x)))));
    const identity = this.downsample ? (this.downsample.forward(x) as Tensor) : x;
    return this.act2.forward(out.add(identity)) as Tensor;
  }
}

/**
 * 1×1 reduce → 3×3 (stride here, "ResNet v1.5") → 1×1 expand to 4·planes, plus the shortcut.
 * PyTorch: `torchvision.models.resnet.Bottleneck(inplanes, planes, stride=1, downsample=None)`.
 * @example new models.Bottleneck(256, 64) // 256 → 64 → 64 → 256 channels
 */
export class Bottleneck extends Module {
  static readonly expansion = 4;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly act1: Module;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly act2: Module;
  readonly conv3: Conv2d;
  readonly bn3: BatchNorm2d;
  readonly act3: Module;
  readonly downsample: Module | null;

  constructor(inPlanes: number, planes: number, options?: BlockOptions) {
    super();
    const { stride = 1, downsample = null, activation = relu } = checkOptions(new.target.name, options, blockKeys);
    const out = planes * Bottleneck.expansion;
    this.conv1 = new Conv2d(inPlanes, planes, 1, { bias: false });
    this.bn1 = new BatchNorm2d(planes);
    this.act1 = activation(planes);
    this.conv2 = conv3x3(planes, planes, stride);
    this.bn2 = new BatchNorm2d(planes);
    this.act2 = activation(planes);
    this.conv3 = new Conv2d(planes, out, 1, { bias: false });
    this.bn3 = new BatchNorm2d(out);
    this.act3 = activation(out);
    this.downsample = downsample;
  }

  forward(x: Tensor): Tensor {
    let out = this.act1.forward(this.bn1.forward(this.conv1.forward(x))) as Tensor;
    out = this.act2.forward(this.bn2.forward(this.conv2.forward(out))) as Tensor;
    out = this.bn3.forward(this.conv3.forward(out));
    const identity = this.downsample ? (this.downsample.forward(x) as Tensor) : x;
    return this.act3.forward(out.add(identity)) as Tensor;
  }
}

/**
 * The "option B" shortcut: 1×1 conv with the block's stride, then BN.
 * PyTorch: the `downsample` `nn.Sequential(conv1x1(…, stride), norm_layer(…))` of torchvision's `ResNet._make_layer`.
 * @example models.projection(64, 128, 2) // 1×1 conv stride 2 + BN for a downsampling shortcut
 */
export function projection(inPlanes: number, outPlanes: number, stride: number): Sequential {
  return new Sequential(new Conv2d(inPlanes, outPlanes, 1, { stride, bias: false }), new BatchNorm2d(outPlanes));
}

/** Options of `ResNet` (PyTorch's keyword arguments, where it has them). */
export interface ResNetOptions {
  /** 'basic' (default) or 'bottleneck' blocks. */
  block?: 'basic' | 'bottleneck';
  /** Blocks per stage, e.g. [1, 1, 1] (ResNet-8) or [3, 3, 3] (ResNet-20). */
  layers: readonly number[];
  /** Channels of each stage (before the bottleneck expansion); default 16, 32, 64, …. */
  widths?: readonly number[];
  inChannels?: number;
  numClasses?: number;
  /** The activation in each stage (default ReLU everywhere). */
  activation?: ActivationFactory | readonly ActivationFactory[];
  /** Start each block as the identity by zeroing its last BN's γ (Goyal et al. 2017). */
  zeroInitResidual?: boolean;
}

/**
 * ResNet for small images (CIFAR-style, He et al. §4.2): a 3×3 conv stem (no max pool), stages
 * whose first block halves the resolution (except the first stage), global average pooling and
 * a linear classifier. Convs start as kaiming_normal_(fan_out, relu), BN as γ = 1, β = 0.
 * PyTorch: `torchvision.models.ResNet` with the CIFAR stem of the paper.
 * @example const net = new ResNet({ layers: [1, 1, 1], inChannels: 1 }); // ResNet-8 for MNIST
 */
export class ResNet extends Module {
  // Assigned in torchvision's order (stem, layer1…layerN, avgpool, fc), which is the state-dict order.
  declare readonly conv1: Conv2d;
  declare readonly bn1: BatchNorm2d;
  declare readonly act: Module;
  declare readonly avgpool: AdaptiveAvgPool2d;
  declare readonly fc: Linear;
  /** The stages, also properties `layer1`, `layer2`, … as in torchvision. */
  readonly stages: Sequential[];

  constructor({ block = 'basic', layers, widths, inChannels = 3, numClasses = 10, activation = relu, zeroInitResidual = false }: ResNetOptions) {
    super();
    if (layers.length === 0 || !layers.every((n) => Number.isInteger(n) && n >= 1)) throw new ValueError(`ResNet: layers must be positive block counts, got [${layers.join(', ')}]`);
    const stageWidths = widths ?? layers.map((_, i) => 16 * 2 ** i);
    if (stageWidths.length !== layers.length) throw new ValueError(`ResNet: ${layers.length} stages but ${stageWidths.length} widths`);
    const activations = typeof activation === 'function' ? layers.map(() => activation) : activation;
    if (activations.length !== layers.length) throw new ValueError(`ResNet: ${layers.length} stages but ${activations.length} activations`);
    const Block = block === 'basic' ? BasicBlock : Bottleneck;
    Object.assign(this, { conv1: conv3x3(inChannels, stageWidths[0]!), bn1: new BatchNorm2d(stageWidths[0]!), act: activations[0]!(stageWidths[0]!) });
    let inPlanes = stageWidths[0]!;
    const stages = layers.map((count, i) => {
      const planes = stageWidths[i]!;
      const out = planes * Block.expansion;
      const stride = i === 0 ? 1 : 2;
      const blocks: Module[] = [];
      for (let b = 0; b < count; b++) {
        const s = b === 0 ? stride : 1;
        const downsample = b === 0 && (s !== 1 || inPlanes !== out) ? projection(inPlanes, out, s) : null;
        blocks.push(new Block(inPlanes, planes, { stride: s, downsample, activation: activations[i]! }));
        inPlanes = out;
      }
      return new Sequential(...blocks);
    });
    this.stages = stages;
    stages.forEach((stage, i) => Object.assign(this, { [`layer${i + 1}`]: stage }));
    Object.assign(this, { avgpool: new AdaptiveAvgPool2d(1), fc: new Linear(inPlanes, numClasses) });
    for (const m of this.modules()) {
      if (m instanceof Conv2d) kaimingNormal_(m.weight, { mode: 'fanOut', nonlinearity: 'relu' });
    }
    if (zeroInitResidual) {
      for (const m of this.modules()) {
        if (m instanceof BasicBlock) constant_(m.bn2.weight!, 0);
        if (m instanceof Bottleneck) constant_(m.bn3.weight!, 0);
      }
    }
  }

  forward(x: Tensor): Tensor {
    let features = this.act.forward(this.bn1.forward(this.conv1.forward(x))) as Tensor;
    for (const stage of this.stages) features = stage.forward(features);
    return this.fc.forward(this.avgpool.forward(features).flatten(1));
  }
}
