/**
 * @file Occlusion augmentation (SPEC §8.4–8.5): Cutout zeroes a square around a random centre,
 * RandomErasing fills a random rectangle. Apply them after Normalize, so 0 means "mean pixel".
 */
import { ValueError } from '../../errors.js';
import { randn } from '../../tensor/creation.js';
import { defaultGenerator, type Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkProbability, generatorOf, onBatch, range, uniform, type RandomOptions, type Transform } from './transform.js';
import { checkOptions } from '../../options.js';

/** A rectangle (top, left, height, width) per image, or null for an image left alone. */
type Box = [number, number, number, number] | null;

/** A [N, 1, H, W] mask that is 1 inside each image's box. */
function boxMask(boxes: Box[], h: number, w: number): Tensor {
  const m = new Float32Array(boxes.length * h * w);
  boxes.forEach((box, i) => {
    if (!box) return;
    const [top, left, bh, bw] = box;
    for (let y = top; y < top + bh; y++) m.fill(1, (i * h + y) * w + left, (i * h + y) * w + left + bw);
  });
  return Tensor.fromData(m, [boxes.length, 1, h, w]);
}

/**
 * Zeroes a `length`×`length` square whose centre is uniform over the pixels, clipped at the
 * border, in every image (DeVries & Taylor 2017).
 * PyTorch: no torchvision class; the authors' `Cutout(n_holes=1, length)`.
 * @example new Cutout(16) // CIFAR-10's setting
 */
export class Cutout implements Transform {
  private readonly generator: Generator;

  constructor(readonly length: number, options?: RandomOptions) {
    this.generator = generatorOf('Cutout', options);
    if (!Number.isInteger(length) || length <= 0) throw new ValueError(`Cutout: length must be a positive integer, got ${length}`);
  }

  /** Zeroes a random square. */
  apply(x: Tensor): Tensor {
    return onBatch('Cutout', x, (b) => {
      const [n, , h, w] = b.shape as [number, number, number, number];
      const half = Math.floor(this.length / 2);
      const boxes: Box[] = Array.from({ length: n }, () => {
        const cy = this.generator.integer(0, h);
        const cx = this.generator.integer(0, w);
        const [top, left] = [Math.max(cy - half, 0), Math.max(cx - half, 0)];
        return [top, left, Math.min(cy + this.length - half, h) - top, Math.min(cx + this.length - half, w) - left];
      });
      return b.mul(boxMask(boxes, h, w).neg().add(1).to(b.dtype));
    });
  }
}

export interface RandomErasingOptions extends RandomOptions {
  /** Probability of erasing an image (default 0.5). */
  p?: number;
  /** Range of the erased area as a fraction of the image (default 0.02–0.33). */
  scale?: readonly [number, number];
  /** Range of the rectangle's aspect ratio h/w, sampled log-uniformly (default 0.3–3.3). */
  ratio?: readonly [number, number];
  /** Fill value, or 'random' for N(0, 1) noise (default 0). */
  value?: number | 'random';
}

/**
 * With probability p per image, fills a rectangle of random area and aspect ratio (10 attempts
 * to fit, else the image is left alone) with `value` (Zhong et al. 2020).
 * PyTorch: `torchvision.transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0)`.
 * @example new data.transforms.RandomErasing({ p: 0.5, value: 'random' }).apply(image)
 */
export class RandomErasing implements Transform {
  readonly p: number;
  readonly scale: [number, number];
  readonly ratio: [number, number];
  private readonly generator: Generator;

  readonly options: RandomErasingOptions;

  constructor(options?: RandomErasingOptions) {
    this.options = options = checkOptions<RandomErasingOptions>('RandomErasing', options, { p: true, scale: true, ratio: true, value: true, generator: true });
    this.p = options.p ?? 0.5;
    checkProbability('RandomErasing', this.p);
    this.scale = range('RandomErasing: scale', options.scale ?? [0.02, 0.33]);
    this.ratio = range('RandomErasing: ratio', options.ratio ?? [0.3, 3.3]);
    if (this.scale[0] < 0 || this.scale[1] > 1 || this.ratio[0] <= 0) throw new ValueError('RandomErasing: scale must lie in [0, 1] and ratio be positive');
    this.generator = options.generator ?? defaultGenerator;
  }

  /** The rectangle torchvision's `get_params` would draw, or null. */
  private box(h: number, w: number): Box {
    const g = this.generator;
    if (g.random() >= this.p) return null;
    for (let attempt = 0; attempt < 10; attempt++) {
      const area = h * w * uniform(g, ...this.scale);
      const aspect = Math.exp(uniform(g, Math.log(this.ratio[0]), Math.log(this.ratio[1])));
      const bh = Math.round(Math.sqrt(area * aspect));
      const bw = Math.round(Math.sqrt(area / aspect));
      if (bh >= 1 && bh < h && bw >= 1 && bw < w) return [g.integer(0, h - bh + 1), g.integer(0, w - bw + 1), bh, bw];
    }
    return null;
  }

  /** With probability p, fills a random rectangle with a value or noise. */
  apply(x: Tensor): Tensor {
    return onBatch('RandomErasing', x, (b) => {
      const [n, , h, w] = b.shape as [number, number, number, number];
      const mask = boxMask(Array.from({ length: n }, () => this.box(h, w)), h, w).gt(0);
      const value = this.options.value ?? 0;
      const fill = value === 'random' ? randn(b.shape, { generator: this.generator, dtype: b.dtype }) : b.fullLike(value);
      return fill.where(mask, b);
    });
  }
}
