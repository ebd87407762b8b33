/** @file What the image-translation recipes share: the emoji styles in [−1, 1], random jitter, the linear LR decay, test L1 and the result grids. */
import { loadEmojiPairs } from '../../data/datasets/emoji.js';
import { ValueError } from '../../errors.js';
import type { Module } from '../../nn/module.js';
import type { Optimizer } from '../../optim/optimizer.js';
import { interpolate } from '../../ops/resample.js';
import { cat } from '../../ops/shape.js';
import type { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { saveImage } from '../../vision/grid.js';
import type { RecipeOption } from '../recipe.js';
import type { Run } from '../run.js';
import { predict } from './common.js';

/** The PatchGAN options both recipes take. */
export const patchGanOptions: RecipeOption[] = [
  { flags: '--ndf <n>', description: "the PatchGAN's first-layer channels", default: 64 },
  { flags: '--d-layers <n>', description: "stride-2 PatchGAN layers: 1 sees 16×16 patches of the 32×32 emoji, 3 the paper's 70×70", default: 1 },
];

/** The option that shortens the training split (tests, quick looks). */
export const trainSizeOption: RecipeOption = { flags: '--train-size <n>', description: 'training emoji used (the first n of the 1,524)', default: 1524 };

/** Noto (X) and Twemoji (Y) emoji of both splits, scaled to [−1, 1] as the tanh generators emit; the first `trainSize` training pairs. */
export function emojiDomains(trainSize: number): { train: { x: Tensor; y: Tensor }; test: { x: Tensor; y: Tensor } } {
  const scaled = (split: 'train' | 'test'): { x: Tensor; y: Tensor } => {
    const { noto, twemoji } = loadEmojiPairs(split);
    return { x: noto.mul(2).sub(1), y: twemoji.mul(2).sub(1) };
  };
  const train = scaled('train');
  if (!Number.isInteger(trainSize) || trainSize < 1 || trainSize > train.x.shape[0]!) throw new ValueError(`--train-size must be an integer in [1, ${train.x.shape[0]}], got ${trainSize}`);
  return { train: { x: train.x.narrow(0, 0, trainSize), y: train.y.narrow(0, 0, trainSize) }, test: scaled('test') };
}

/**
 * pytorch-CycleGAN-and-pix2pix's 'linear' policy over `epochs` epochs: the rate stays for the
 * first half, then falls linearly to nearly 0 (factor 1 − max(0, epoch − half)/(rest + 1) for 1-based epochs).
 */
export function setLinearDecay(optimizers: readonly Optimizer<{ lr: number }>[], lr: number, epoch: number, epochs: number): number {
  const half = Math.ceil(epochs / 2);
  const rate = lr * (1 - Math.max(0, epoch - half) / (epochs - half + 1));
  for (const optimizer of optimizers) for (const group of optimizer.paramGroups) group.lr = rate;
  return rate;
}

/**
 * pix2pix's random jitter: each image of `images` [B, C, H, W] resized (bilinear) to
 * `loadSize`², cropped back to H × W at a random offset, and mirrored left–right with
 * probability 0.5. Paired images go through it stacked along C, so both get the same jitter.
 */
export function randomJitter(images: Tensor, loadSize: number, generator: Generator): Tensor {
  const [, , h, w] = images.shape as [number, number, number, number];
  if (loadSize < h || loadSize < w) throw new ValueError(`randomJitter: the load size ${loadSize} must be at least the image size ${h}×${w}`);
  return cat(images.split(1, 0).map((image) => {
    const resized = loadSize === h && loadSize === w ? image : interpolate(image, { size: [loadSize, loadSize], mode: 'bilinear', alignCorners: false });
    const [top, left] = [generator.integer(0, loadSize - h + 1), generator.integer(0, loadSize - w + 1)];
    const crop = resized.narrow(2, top, h).narrow(3, left, w);
    return generator.random() < 0.5 ? crop.flip([3]) : crop;
  }), 0);
}

/** `G` of every image of `x` ([−1, 1]), in eval mode without gradients, in batches of 64. */
export const translate = (G: Module, x: Tensor): Tensor => predict(G, x, undefined, 64);

/** Mean absolute error in [0, 1] pixel units between two batches in [−1, 1]. */
export const pixelL1 = (a: Tensor, b: Tensor): number => a.sub(b).abs().mean().item() / 2;

/** A PNG of the first 16 test emoji, one row per stage (e.g. input → output → truth), in [0, 1]. */
export function saveTranslationGrid(run: Run, file: string, rows: readonly [string, Tensor][], title: string): void {
  const shown = rows.map(([, images]) => images.narrow(0, 0, 16).add(1).div(2).clamp(0, 1));
  saveImage(run.file(file), cat(shown), { nrow: 16, scale: 3, title, rowLabels: rows.map(([label]) => label) });
}
