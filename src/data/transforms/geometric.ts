/**
 * @file Geometric augmentation (SPEC §8.1–8.3): flips, crops, and affine maps. Rotation,
 * scaling, translation, shear and resized crops are inverse affine maps sampled with
 * affineGrid + gridSample (bilinear or nearest, zeros outside), one matrix per sample.
 */
import { ValueError } from '../../errors.js';
import { affineGrid, gridSample } from '../../ops/grid_sample.js';
import { cat, pad } from '../../ops/shape.js';
import { defaultGenerator, type Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkProbability, generatorOf, onBatch, range, sampleMask, uniform, type RandomOptions, type Transform } from './transform.js';
import { checkOptions, type OptionKeys } from '../../options.js';

/** How geometric transforms sample: nearest or bilinear. */
export type Interpolation = 'nearest' | 'bilinear';

/** Samples each image of `x` [N, C, H, W] through its 2×3 matrix (output → input, normalised coordinates). */
function warp(x: Tensor, thetas: number[][], outH: number, outW: number, interpolation: Interpolation): Tensor {
  const theta = Tensor.fromData(Float64Array.from(thetas.flat()), [thetas.length, 2, 3]).to(x.dtype);
  return gridSample(x, affineGrid(theta, [x.shape[0]!, x.shape[1]!, outH, outW]), { mode: interpolation });
}

/**
 * The normalised-coordinate matrix of the inverse of q = M·p + t in centred pixel coordinates
 * (x right, y down) on an H×W image: p = M⁻¹(q − t).
 */
export function inverseAffine(m: [number, number, number, number], t: [number, number], h: number, w: number): number[] {
  const [a, b, c, d] = m;
  const det = a * d - b * c;
  const inv = [d / det, -b / det, -c / det, a / det];
  // Pixel offsets from the centre are normalised coordinates times (W/2, H/2).
  const sx = w / 2;
  const sy = h / 2;
  return [
    inv[0]!, (inv[1]! * sy) / sx, -(inv[0]! * t[0] + inv[1]! * t[1]) / sx,
    (inv[2]! * sx) / sy, inv[3]!, -(inv[2]! * t[0] + inv[3]! * t[1]) / sy,
  ];
}

export interface RandomAffineOptions extends RandomOptions {
  /** Max |translation| as fractions of (width, height); shifts are whole pixels, as torchvision. */
  translate?: readonly [number, number];
  /** Scale range (min, max). */
  scale?: readonly [number, number];
  /** Shear angle in degrees along x: d → (−d, d), or a (min, max) pair. */
  shear?: number | readonly [number, number];
  /** Default 'nearest', as torchvision. */
  interpolation?: Interpolation;
}

/**
 * Random rotation (θ ~ U(range) degrees, positive = counter-clockwise), scaling, translation and
 * x-shear about the image centre, drawn independently for each image; pixels mapped from
 * outside the image are 0.
 * PyTorch: `torchvision.transforms.RandomAffine(degrees, translate=None, scale=None, shear=None)`.
 * @example new RandomAffine(10, { translate: [0.1, 0.1], scale: [0.9, 1.1] })
 */
export class RandomAffine implements Transform {
  readonly degrees: [number, number];
  readonly scale: [number, number];
  readonly shear: [number, number];
  private readonly generator: Generator;

  readonly options: RandomAffineOptions;

  constructor(degrees: number | readonly [number, number], options?: RandomAffineOptions) {
    this.options = options = checkOptions<RandomAffineOptions>(new.target.name, options,
      new.target === RandomAffine ? { translate: true, scale: true, shear: true, interpolation: true, generator: true } : { interpolation: true, generator: true } as OptionKeys<RandomAffineOptions>);
    this.degrees = range('RandomAffine: degrees', degrees);
    this.scale = range('RandomAffine: scale', options.scale ?? [1, 1]);
    if (this.scale[0] <= 0) throw new ValueError(`RandomAffine: scale must be positive, got [${this.scale}]`);
    this.shear = range('RandomAffine: shear', options.shear ?? 0);
    const [tx, ty] = options.translate ?? [0, 0];
    if (!(tx >= 0 && tx <= 1 && ty >= 0 && ty <= 1)) throw new ValueError(`RandomAffine: translate fractions must be in [0, 1], got [${tx}, ${ty}]`);
    this.generator = options.generator ?? defaultGenerator;
  }

  /** A random rotation, translation, scale and shear of the image. */
  apply(x: Tensor): Tensor {
    return onBatch('RandomAffine', x, (b) => {
      const [, , h, w] = b.shape as [number, number, number, number];
      const g = this.generator;
      const [tx, ty] = this.options.translate ?? [0, 0];
      const thetas = Array.from({ length: b.shape[0]! }, () => {
        const angle = (uniform(g, ...this.degrees) * Math.PI) / 180;
        const shift: [number, number] = [Math.round(uniform(g, -tx * w, tx * w)), Math.round(uniform(g, -ty * h, ty * h))];
        const s = uniform(g, ...this.scale);
        const shear = Math.tan((uniform(g, ...this.shear) * Math.PI) / 180);
        // M = R(θ)·Shear·S; R rotates counter-clockwise on screen (y points down).
        const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
        const m: [number, number, number, number] = [s * cos, s * (cos * shear + sin), -s * sin, s * (cos - sin * shear)];
        return inverseAffine(m, shift, h, w);
      });
      return warp(b, thetas, h, w, this.options.interpolation ?? 'nearest');
    });
  }
}

/**
 * Rotation by θ ~ U(−d, d) degrees (or a (min, max) range) about the centre, counter-clockwise
 * for positive θ (SPEC §8.3). PyTorch: `torchvision.transforms.RandomRotation(degrees, interpolation=NEAREST)`.
 * @example new data.transforms.RandomRotation(15).apply(image) // ±15°
 */
export class RandomRotation extends RandomAffine {
  constructor(degrees: number | readonly [number, number], options?: RandomOptions & { interpolation?: Interpolation }) {
    super(degrees, options);
  }
}

export interface RandomResizedCropOptions extends RandomOptions {
  /** Range of the crop's area as a fraction of the image (default 0.08–1). */
  scale?: readonly [number, number];
  /** Range of the crop's aspect ratio w/h, sampled log-uniformly (default 3/4–4/3). */
  ratio?: readonly [number, number];
  /** Default 'bilinear'. */
  interpolation?: Interpolation;
}

/**
 * Crops a random area and aspect ratio of each image and resizes it to `size` (Inception
 * style): up to 10 attempts, then the largest centred crop with an allowed ratio.
 * PyTorch: `torchvision.transforms.RandomResizedCrop(size, scale=(0.08, 1.0), ratio=(3/4, 4/3))`.
 * @example new data.transforms.RandomResizedCrop(32, { scale: [0.5, 1] }).apply(image)
 */
export class RandomResizedCrop implements Transform {
  readonly size: [number, number];
  readonly scale: [number, number];
  readonly ratio: [number, number];
  private readonly generator: Generator;

  readonly options: RandomResizedCropOptions;

  constructor(size: number | readonly [number, number], options?: RandomResizedCropOptions) {
    this.options = options = checkOptions<RandomResizedCropOptions>('RandomResizedCrop', options, { scale: true, ratio: true, interpolation: true, generator: true });
    this.size = typeof size === 'number' ? [size, size] : [size[0], size[1]];
    if (!this.size.every((s) => Number.isInteger(s) && s > 0)) throw new ValueError(`RandomResizedCrop: size must be positive integers, got ${JSON.stringify(size)}`);
    this.scale = range('RandomResizedCrop: scale', options.scale ?? [0.08, 1]);
    this.ratio = range('RandomResizedCrop: ratio', options.ratio ?? [3 / 4, 4 / 3]);
    if (this.scale[0] <= 0 || this.ratio[0] <= 0) throw new ValueError('RandomResizedCrop: scale and ratio must be positive');
    this.generator = options.generator ?? defaultGenerator;
  }

  /** The crop box (top, left, height, width) torchvision's `get_params` would draw. */
  private box(h: number, w: number): [number, number, number, number] {
    const g = this.generator;
    const area = h * w;
    const [logLo, logHi] = [Math.log(this.ratio[0]), Math.log(this.ratio[1])];
    for (let attempt = 0; attempt < 10; attempt++) {
      const target = area * uniform(g, ...this.scale);
      const aspect = Math.exp(uniform(g, logLo, logHi));
      const cw = Math.round(Math.sqrt(target * aspect));
      const ch = Math.round(Math.sqrt(target / aspect));
      if (cw > 0 && cw <= w && ch > 0 && ch <= h) return [g.integer(0, h - ch + 1), g.integer(0, w - cw + 1), ch, cw];
    }
    const ratio = w / h;
    const [ch, cw] = ratio < this.ratio[0] ? [Math.round(w / this.ratio[0]), w] : ratio > this.ratio[1] ? [h, Math.round(h * this.ratio[1])] : [h, w];
    return [Math.floor((h - ch) / 2), Math.floor((w - cw) / 2), ch, cw];
  }

  /** A random crop of random area and aspect ratio, resized to the output size. */
  apply(x: Tensor): Tensor {
    return onBatch('RandomResizedCrop', x, (b) => {
      const [, , h, w] = b.shape as [number, number, number, number];
      const thetas = Array.from({ length: b.shape[0]! }, () => {
        const [top, left, ch, cw] = this.box(h, w);
        // Output pixel centres spread evenly over the box (align_corners=False resizing).
        return [cw / w, 0, (2 * left + cw) / w - 1, 0, ch / h, (2 * top + ch) / h - 1];
      });
      return warp(b, thetas, this.size[0], this.size[1], this.options.interpolation ?? 'bilinear');
    });
  }
}

/**
 * Pads each side by `padding` (zeros) and cuts a size×size window at a uniformly random
 * offset, per image (SPEC §8.2). PyTorch: `torchvision.transforms.RandomCrop(size, padding=None)`.
 * @example new data.transforms.RandomCrop(32, 4).apply(image) // CIFAR: pad 4, crop 32
 */
export class RandomCrop implements Transform {
  readonly size: [number, number];
  private readonly generator: Generator;

  constructor(size: number | readonly [number, number], readonly padding = 0, options?: RandomOptions) {
    this.generator = generatorOf('RandomCrop', options);
    this.size = typeof size === 'number' ? [size, size] : [size[0], size[1]];
    if (!this.size.every((s) => Number.isInteger(s) && s > 0) || !(Number.isInteger(padding) && padding >= 0)) {
      throw new ValueError(`RandomCrop: size and padding must be positive integers, got ${JSON.stringify(size)} and ${padding}`);
    }
  }

  /** A random crop after optional padding. */
  apply(x: Tensor): Tensor {
    return onBatch('RandomCrop', x, (b) => {
      const p = this.padding;
      const padded = p > 0 ? pad(b, [p, p, p, p]) : b;
      const [n, , h, w] = padded.shape as [number, number, number, number];
      const [ch, cw] = this.size;
      if (ch > h || cw > w) throw new ValueError(`RandomCrop: crop ${ch}×${cw} is larger than the padded image ${h}×${w}`);
      const crops = Array.from({ length: n }, (_, i) => {
        const top = this.generator.integer(0, h - ch + 1);
        const left = this.generator.integer(0, w - cw + 1);
        return padded.narrow(0, i, 1).narrow(2, top, ch).narrow(3, left, cw);
      });
      return cat(crops, 0);
    });
  }
}

/** Mirrors each image along `dim` with probability p. */
class RandomFlip implements Transform {
  private readonly generator: Generator;

  constructor(private readonly dim: number, readonly p: number, options: RandomOptions | undefined) {
    this.generator = generatorOf(new.target.name, options);
    checkProbability(this.constructor.name, p);
  }

  apply(x: Tensor): Tensor {
    return onBatch(this.constructor.name, x, (b) => b.flip([this.dim]).where(sampleMask(b.shape[0]!, this.p, this.generator), b));
  }
}

/**
 * Mirrors each image left–right with probability p (SPEC §8.1). PyTorch: `torchvision.transforms.RandomHorizontalFlip(p=0.5)`.
 * @example new data.transforms.RandomHorizontalFlip().apply(image)
 */
export class RandomHorizontalFlip extends RandomFlip {
  constructor(p = 0.5, options?: RandomOptions) {
    super(3, p, options);
  }
}

/**
 * Mirrors each image top–bottom with probability p. PyTorch: `torchvision.transforms.RandomVerticalFlip(p=0.5)`.
 * @example new data.transforms.RandomVerticalFlip(0.5).apply(image)
 */
export class RandomVerticalFlip extends RandomFlip {
  constructor(p = 0.5, options?: RandomOptions) {
    super(2, p, options);
  }
}
