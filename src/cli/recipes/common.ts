/** @file Helpers shared by the MNIST recipes: data splits, batching, evaluation, prediction sheets. */
import { createCanvas } from '@napi-rs/canvas';
import { noGrad } from '../../autograd/grad_mode.js';
import { DataLoader } from '../../data/dataloader.js';
import { TensorDataset } from '../../data/dataset.js';
import { loadFashionMnist, loadMnist, type ImageSet } from '../../data/datasets/mnist.js';
import { Normalize } from '../../data/transforms/normalize.js';
import { writeFileAtomic } from '../../io/atomic.js';
import type { Module } from '../../nn/module.js';
import { crossEntropy } from '../../nn/functional/loss.js';
import { cat } from '../../ops/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../errors.js';
import type { LRScheduler } from '../../optim/lr_scheduler.js';
import type { Optimizer } from '../../optim/optimizer.js';
import type { Progress } from '../progress.js';
import type { RecipeOption } from '../recipe.js';

export interface Split {
  x: Tensor;
  y: Tensor;
}

/** MNIST's statistics, used by torchvision's examples. */
export const MNIST_NORMALIZE = new Normalize([0.1307], [0.3081]);

/** The 28×28 grayscale data sets the image recipes can train on. */
export const IMAGE_DATASETS: Record<string, { load: (split: 'train' | 'test') => ImageSet; normalize: Normalize }> = {
  'mnist': { load: loadMnist, normalize: MNIST_NORMALIZE },
  // Statistics of the 60,000 Fashion-MNIST training images.
  'fashion-mnist': { load: loadFashionMnist, normalize: new Normalize([0.2860], [0.3530]) },
};

/**
 * A data set's splits with a validation slice: the last `valSize` training images validate; the
 * rest train; the test images are only used for the final figure. The default is the shipped
 * MNIST (8,000 / 2,000 digits).
 */
export function mnistSplits(valSize: number, dataset = 'mnist'): { train: Split; val: Split; test: Split } {
  const source = IMAGE_DATASETS[dataset];
  if (!source) throw new ValueError(`--dataset must be one of ${Object.keys(IMAGE_DATASETS).join(', ')}, got '${dataset}'`);
  const train = source.load('train');
  const test = source.load('test');
  const n = train.images.shape[0]!;
  if (!Number.isInteger(valSize) || valSize < 0 || valSize >= n) throw new ValueError(`--val-size must be in [0, ${n - 1}], got ${valSize}`);
  return {
    train: { x: train.images.narrow(0, 0, n - valSize), y: train.labels.narrow(0, 0, n - valSize) },
    val: { x: train.images.narrow(0, n - valSize, valSize), y: train.labels.narrow(0, n - valSize, valSize) },
    test: { x: test.images, y: test.labels },
  };
}

/** A shuffling loader of (x, y) batches over a split. */
export function loader(split: Split, batchSize: number, shuffle = true): DataLoader<Tensor[]> {
  return new DataLoader(new TensorDataset(split.x, split.y), { batchSize, shuffle });
}

/**
 * One pass of minibatch training: for each batch, zeroGrad → loss → backward → step (and the
 * scheduler, stepped per batch). Returns the sample-weighted mean loss.
 */
export function trainEpoch<B>(batches: Iterable<B>, optimizer: Optimizer<{ lr: number }>, loss: (batch: B) => { loss: Tensor; size: number },
  bar: Progress, scheduler?: LRScheduler): number {
  let total = 0;
  let count = 0;
  for (const batch of batches) {
    optimizer.zeroGrad();
    const { loss: l, size } = loss(batch);
    l.backward();
    optimizer.step();
    scheduler?.step();
    total += (l.item() as number) * size;
    count += size;
    bar.tick({ loss: total / count });
  }
  return total / count;
}

/** `fn` of each chunk of `batchSize` rows of `x`, with `model` in eval mode and no gradients recorded, concatenated. */
export function inEvalChunks(model: Module, x: Tensor, fn: (chunk: Tensor) => Tensor, batchSize: number): Tensor {
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => {
      const parts: Tensor[] = [];
      for (let i = 0; i < x.shape[0]!; i += batchSize) parts.push(fn(x.narrow(0, i, Math.min(batchSize, x.shape[0]! - i))));
      return cat(parts);
    });
  } finally {
    model.train(wasTraining);
  }
}

/** Runs `fn` over the model's outputs on `x` in chunks without recording gradients, in eval mode, and concatenates them. */
export function predict(model: Module, x: Tensor, fn: (out: Tensor) => Tensor = (o) => o, batchSize = 500): Tensor {
  return inEvalChunks(model, x, (chunk) => fn(model.forward(chunk) as Tensor), batchSize);
}

/** Mean cross-entropy and accuracy of a classifier on a split. */
export function evaluateClassifier(model: Module, split: Split): { loss: number; accuracy: number; predicted: Tensor } {
  if (split.x.shape[0] === 0) return { loss: NaN, accuracy: NaN, predicted: split.y };
  const logits = predict(model, split.x);
  const predicted = logits.argmax(1);
  return {
    loss: crossEntropy(logits, split.y).item() as number,
    accuracy: (predicted.eq(split.y).sum().item() as number) / split.y.numel,
    predicted,
  };
}

/**
 * A PNG sheet of digits with their predicted labels; wrong predictions are framed in red and
 * show the true label too.
 */
export function predictionSheet(path: string, images: Tensor, predicted: Tensor, labels: Tensor, columns = 12): void {
  const n = images.shape[0]!;
  const [h, w] = [images.shape[2]!, images.shape[3]!];
  const scale = 2;
  const cellW = w * scale + 16;
  const cellH = h * scale + 22;
  const rows = Math.ceil(n / columns);
  const canvas = createCanvas(columns * cellW, rows * cellH);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const pixels = images.to('float32').contiguousData();
  const pred = predicted.dataSync();
  const truth = labels.dataSync();
  const img = ctx.createImageData(w * scale, h * scale);
  for (let i = 0; i < n; i++) {
    const [cx, cy] = [(i % columns) * cellW + 8, Math.floor(i / columns) * cellH + 4];
    for (let y = 0; y < h * scale; y++) {
      for (let x = 0; x < w * scale; x++) {
        const v = 255 - Math.round(255 * Math.min(1, Math.max(0, pixels[i * h * w + Math.floor(y / scale) * w + Math.floor(x / scale)]!)));
        const o = 4 * (y * w * scale + x);
        img.data[o] = img.data[o + 1] = img.data[o + 2] = v;
        img.data[o + 3] = 255;
      }
    }
    ctx.putImageData(img, cx, cy);
    const wrong = pred[i] !== truth[i];
    if (wrong) {
      ctx.strokeStyle = '#d62728';
      ctx.lineWidth = 2;
      ctx.strokeRect(cx - 2, cy - 2, w * scale + 4, h * scale + 4);
    }
    ctx.fillStyle = wrong ? '#d62728' : '#222222';
    ctx.font = '12px sans-serif';
    ctx.fillText(wrong ? `${pred[i]} (true ${truth[i]})` : `${pred[i]}`, cx, cy + h * scale + 14);
  }
  writeFileAtomic(path, canvas.toBuffer('image/png'));
}

/** The `--val-size` option shared by the MNIST recipes. */
export const valSizeOption: RecipeOption = { flags: '--val-size <n>', description: 'training digits held out for validation', default: 800 };

/** A `--sizes` option of layer widths from the 784 MNIST pixels inwards. */
export function sizesOption(description: string): RecipeOption {
  return { flags: '--sizes <sizes>', description, default: '784,256,64', parse: (v) => parseSizes(v).join(',') };
}

/** Parses `--sizes`, which must start at the 784 MNIST pixels. */
export function mnistLayerSizes(text: string): number[] {
  const sizes = parseSizes(text);
  if (sizes[0] !== 784) throw new ValueError(`--sizes must start with 784 (MNIST pixels), got ${sizes[0]}`);
  return sizes;
}

/** Parses a comma-separated list of positive integers, e.g. '512,256'. */
export function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((t) => Number(t.trim()));
  if (sizes.length === 0 || sizes.some((s) => !Number.isInteger(s) || s <= 0)) throw new ValueError(`expected comma-separated positive integers, got '${text}'`);
  return sizes;
}

/** A recipe option's parser that accepts only one of `choices` ("--aug must be one of a, b or c, got 'x'"). */
export function oneOf(flag: string, choices: readonly string[]): (value: string) => string {
  return (value) => {
    if (!choices.includes(value)) throw new ValueError(`${flag} must be one of ${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}, got '${value}'`);
    return value;
  };
}

/** A recipe option's parser for a comma-separated list of distinct `choices` ("--models must list some of a, b or c, got 'x'"). */
export function listOf(flag: string, choices: readonly string[]): (value: string) => string {
  return (value) => {
    const items = value.split(',').map((v) => v.trim());
    if (items.some((v) => !choices.includes(v)) || new Set(items).size !== items.length) {
      throw new ValueError(`${flag} must list distinct choices among ${choices.slice(0, -1).join(', ')} and ${choices.at(-1)}, got '${value}'`);
    }
    return items.join(',');
  };
}

/** A summary key for one of several variants: the prefix and the variant's name, camel-cased ('fid', 'none' → 'fidNone'). */
export const variantKey = (prefix: string, name: string): string => `${prefix}${name[0]!.toUpperCase()}${name.slice(1)}`;
