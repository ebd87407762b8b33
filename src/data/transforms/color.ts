/** @file Photometric augmentation: ColorJitter (brightness, contrast, saturation) and GaussianNoise. */
import { ValueError } from '../../errors.js';
import { randn, tensor } from '../../tensor/creation.js';
import { defaultGenerator, type Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { generatorOf, onBatch, range, uniform, type RandomOptions, type Transform } from './transform.js';
import { checkOptions } from '../../options.js';

/** ITU-R 601 luma of [N, 3, H, W] RGB (or the image itself when it has one channel): [N, 1, H, W]. */
function grayscale(x: Tensor): Tensor {
  if (x.shape[1] === 1) return x;
  if (x.shape[1] !== 3) throw new ValueError(`ColorJitter: contrast and saturation need 1 or 3 channels, got ${x.shape[1]}`);
  return x.mul(tensor([0.299, 0.587, 0.114], { dtype: x.dtype }).reshape([1, 3, 1, 1])).sum(1, true);
}

/** x blended towards `other`: other + f·(x − other), clamped to [0, 1] (torchvision's `_blend`). */
function blend(x: Tensor, other: Tensor, factor: Tensor): Tensor {
  return x.sub(other).mul(factor).add(other).clamp(0, 1);
}

export interface ColorJitterOptions extends RandomOptions {
  /** Brightness factor range: d → (max(0, 1 − d), 1 + d), or a pair. */
  brightness?: number | readonly [number, number];
  contrast?: number | readonly [number, number];
  saturation?: number | readonly [number, number];
}

/**
 * Random brightness, contrast and saturation per image of [N, C, H, W] in [0, 1], applied in that
 * order (torchvision shuffles the order, and also offers hue, which this does not).
 * PyTorch: `torchvision.transforms.ColorJitter(brightness=0, contrast=0, saturation=0)`.
 * @example new ColorJitter({ brightness: 0.4, contrast: 0.4 })
 */
export class ColorJitter implements Transform {
  readonly brightness: [number, number];
  readonly contrast: [number, number];
  readonly saturation: [number, number];
  private readonly generator: Generator;

  constructor(options?: ColorJitterOptions) {
    options = checkOptions<ColorJitterOptions>('ColorJitter', options, { brightness: true, contrast: true, saturation: true, generator: true });
    this.brightness = range('ColorJitter: brightness', options.brightness ?? 0, 1, 0);
    this.contrast = range('ColorJitter: contrast', options.contrast ?? 0, 1, 0);
    this.saturation = range('ColorJitter: saturation', options.saturation ?? 0, 1, 0);
    this.generator = options.generator ?? defaultGenerator;
  }

  /** Blends each image towards `target(x)` by a factor drawn from `r`; a (1, 1) range is skipped. */
  private jitter(x: Tensor, r: [number, number], target: (x: Tensor) => Tensor): Tensor {
    if (r[0] === 1 && r[1] === 1) return x;
    const n = x.shape[0]!;
    const factors = Tensor.fromData(Float64Array.from({ length: n }, () => uniform(this.generator, ...r)), [n, 1, 1, 1]).to(x.dtype);
    return blend(x, target(x), factors);
  }

  /** Random brightness, contrast and saturation changes, in that order. */
  apply(x: Tensor): Tensor {
    return onBatch('ColorJitter', x, (b) => {
      const bright = this.jitter(b, this.brightness, (y) => y.zerosLike());
      const contrasted = this.jitter(bright, this.contrast, (y) => grayscale(y).mean([1, 2, 3], true));
      return this.jitter(contrasted, this.saturation, grayscale);
    });
  }
}

/**
 * Adds N(mean, std²) noise to every pixel. PyTorch: `torchvision.transforms.v2.GaussianNoise(mean=0, sigma=0.1, clip=True)`
 * without the clipping.
 * @example new data.transforms.GaussianNoise(0.1).apply(image)
 */
export class GaussianNoise implements Transform {
  private readonly generator: Generator;

  constructor(readonly std = 0.1, readonly mean = 0, options?: RandomOptions) {
    this.generator = generatorOf('GaussianNoise', options);
    if (!(std >= 0)) throw new ValueError(`GaussianNoise: std must be non-negative, got ${std}`);
  }

  /** Adds Gaussian noise of the set standard deviation. */
  apply(x: Tensor): Tensor {
    return x.add(randn(x.shape, { generator: this.generator, dtype: x.dtype }).mul(this.std).add(this.mean));
  }
}
