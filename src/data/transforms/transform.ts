/** @file The transform interface, composition, random application, and the helpers random transforms share. */
import { ShapeError, ValueError } from '../../errors.js';
import { defaultGenerator, type Generator } from '../../tensor/random.js';
import { shapeStr } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkOptions } from '../../options.js';

/** Maps a batch of images [N, C, H, W] (or one image [C, H, W]) to another. */
export interface Transform {
  apply(x: Tensor): Tensor;
}

/** Options of every random transform: the generator its draws come from (default: the global one). */
export interface RandomOptions {
  generator?: Generator;
}

/** The generator named by a random transform's checked options (the global one by default). */
export function generatorOf(op: string, options: RandomOptions | undefined): Generator {
  return checkOptions<RandomOptions>(op, options, { generator: true }).generator ?? defaultGenerator;
}

/** U(a, b) from `g`. */
export function uniform(g: Generator, a: number, b: number): number {
  return a + (b - a) * g.random();
}

/** A (min, max) range from a number d (→ (−d, d), or (center−d, center+d)) or a pair. */
export function range(name: string, v: number | readonly [number, number], center = 0, min = -Infinity): [number, number] {
  const r: [number, number] = typeof v === 'number' ? [center - v, center + v] : [v[0], v[1]];
  if (typeof v === 'number' && v < 0) throw new ValueError(`${name} must be non-negative, got ${v}`);
  if (!(r[0] <= r[1])) throw new ValueError(`${name} must be an increasing (min, max) pair, got [${r}]`);
  return [Math.max(r[0], min), r[1]];
}

export function checkProbability(name: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`${name}: probability must be in [0, 1], got ${p}`);
}

/**
 * Runs `fn` on `x` as a batch [N, C, H, W]: an unbatched image [C, H, W] gets a batch of one
 * (removed again afterwards).
 */
export function onBatch(name: string, x: Tensor, fn: (batch: Tensor) => Tensor): Tensor {
  if (x.ndim === 3) return fn(x.unsqueeze(0)).squeeze(0);
  if (x.ndim !== 4) throw new ShapeError(`${name}: expected images [N, C, H, W] or [C, H, W], got ${shapeStr(x.shape)}`);
  return fn(x);
}

/** A [N, 1, 1, 1] mask that is true for each sample with probability p. */
export function sampleMask(n: number, p: number, g: Generator): Tensor {
  const keep = Uint8Array.from({ length: n }, () => (g.random() < p ? 1 : 0));
  return Tensor.fromData(Float32Array.from(keep), [n, 1, 1, 1]).gt(0);
}

/**
 * Applies transforms in order.
 * PyTorch: `torchvision.transforms.Compose(transforms)`.
 * @example new Compose([new RandomRotation(10), new Normalize([0.1307], [0.3081])])
 */
export class Compose implements Transform {
  constructor(readonly transforms: readonly Transform[]) {}

  /** Applies each transform in turn. */
  apply(x: Tensor): Tensor {
    return this.transforms.reduce((y, t) => t.apply(y), x);
  }
}

/**
 * Applies `transform` to each sample with probability p (the others pass unchanged).
 * PyTorch: `torchvision.transforms.RandomApply(transforms, p=0.5)`.
 * @example new data.transforms.RandomApply(new data.transforms.GaussianNoise(0.2), 0.3).apply(image)
 */
export class RandomApply implements Transform {
  private readonly generator: Generator;

  constructor(readonly transform: Transform, readonly p = 0.5, options?: RandomOptions) {
    this.generator = generatorOf('RandomApply', options);
    checkProbability('RandomApply', p);
  }

  /** Applies the transforms with probability p. */
  apply(x: Tensor): Tensor {
    return onBatch('RandomApply', x, (b) => this.transform.apply(b).where(sampleMask(b.shape[0]!, this.p, this.generator), b));
  }
}
