/**
 * @file Shared by the convolutional recipes: the `--dataset` and `--augment` options, the
 * augmentation pipelines, and one training stage of a classifier (Adam + one-cycle, augmentation
 * on the raw [0, 1] images before normalisation, test accuracy at the end).
 */
import type { Normalize } from '../../data/transforms/normalize.js';
import { RandomAffine, RandomCrop, RandomHorizontalFlip } from '../../data/transforms/geometric.js';
import { Compose, type Transform } from '../../data/transforms/transform.js';
import { ValueError } from '../../errors.js';
import { crossEntropy } from '../../nn/functional/loss.js';
import type { Module } from '../../nn/module.js';
import { Adam } from '../../optim/adam.js';
import { OneCycleLR } from '../../optim/lr_scheduler.js';
import type { MetricRecord } from '../../io/metrics.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { RecipeOption } from '../recipe.js';
import type { CommonOptions, Run } from '../run.js';
import { evaluateClassifier, IMAGE_DATASETS, loader, mnistSplits, predictionSheet, trainEpoch, valSizeOption, type Split } from './common.js';

export const datasetOption: RecipeOption = {
  flags: '--dataset <name>',
  description: `${Object.keys(IMAGE_DATASETS).join(' or ')} (Fashion-MNIST: apt-get install dataset-fashion-mnist)`,
  default: 'mnist',
  parse: (v) => {
    if (!(v in IMAGE_DATASETS)) throw new ValueError(`--dataset must be one of ${Object.keys(IMAGE_DATASETS).join(', ')}, got '${v}'`);
    return v;
  },
};

export const augmentOption: RecipeOption = {
  flags: '--augment <kind>',
  description: "'auto' (digits: rotation ±10°, scale 0.9–1.1, shift ±10%; clothes: 2-px random crop + horizontal flip) or 'none'",
  default: 'auto',
  parse: (v) => {
    if (v !== 'auto' && v !== 'none') throw new ValueError(`--augment must be 'auto' or 'none', got '${v}'`);
    return v;
  },
};

export { valSizeOption };

export const trainSizeOption: RecipeOption = { flags: '--train-size <n>', description: 'use only the first n training images (0: all)', default: 0 };

export const labelSmoothingOption: RecipeOption = { flags: '--label-smoothing <eps>', description: 'label smoothing of the cross-entropy target', default: 0 };

/**
 * The augmentation for a data set: digits are not flip-invariant, so they get small affine
 * jitter; clothes get random crops and mirror images.
 */
export function augmentation(dataset: string): Transform {
  if (dataset === 'mnist') return new RandomAffine(10, { translate: [0.1, 0.1], scale: [0.9, 1.1], interpolation: 'bilinear' });
  return new Compose([new RandomCrop(28, 2), new RandomHorizontalFlip()]);
}

export interface ImageData {
  raw: { train: Split; val: Split; test: Split };
  normalize: Normalize;
  dataset: string;
}

export function imageData(o: Record<string, string | number | boolean>): ImageData {
  const dataset = String(o.dataset);
  const raw = mnistSplits(Number(o.valSize), dataset);
  const limit = Number(o.trainSize);
  if (!Number.isInteger(limit) || limit < 0) throw new ValueError(`--train-size must be a non-negative integer, got ${o.trainSize}`);
  if (limit > 0 && limit < raw.train.y.numel) raw.train = { x: raw.train.x.narrow(0, 0, limit), y: raw.train.y.narrow(0, 0, limit) };
  return { raw, normalize: IMAGE_DATASETS[dataset]!.normalize, dataset };
}

const normalized = (split: Split, n: Normalize): Split => ({ x: n.apply(split.x), y: split.y });

/**
 * Trains `model` as stage `stage` (Adam with a one-cycle schedule peaking at `lr`), with
 * `augment` applied to each raw training batch, and returns its test accuracy and predictions.
 */
export function trainClassifier(run: Run, stage: string, model: Module, data: ImageData, augment: Transform | null,
  o: CommonOptions & Record<string, string | number | boolean>): { testAccuracy: number; predicted: Tensor } {
  const { normalize } = data;
  const [val, test] = [normalized(data.raw.val, normalize), normalized(data.raw.test, normalize)];
  const batches = loader(data.raw.train, o.batchSize);
  const optimizer = new Adam(model.parameters(), { lr: o.lr });
  const scheduler = new OneCycleLR(optimizer, o.lr, { totalSteps: o.epochs * batches.length });
  const result = run.stage(stage, {
    epochs: o.epochs,
    optimizer,
    scheduler,
    batchesPerEpoch: batches.length,
    epoch(_epoch, bar): MetricRecord {
      const trainLoss = trainEpoch(batches, optimizer, ([x, y]) => {
        const input = normalize.apply(augment ? augment.apply(x!) : x!);
        return { loss: crossEntropy(model.forward(input) as Tensor, y!, { labelSmoothing: Number(o.labelSmoothing ?? 0) }), size: y!.numel };
      }, bar, scheduler);
      const lr = optimizer.paramGroups[0]!.lr;
      if (val.y.numel === 0) return { trainLoss, lr };
      const v = evaluateClassifier(model, val);
      return { trainLoss, valLoss: v.loss, valAccuracy: v.accuracy, lr };
    },
    finish: () => ({ testAccuracy: evaluateClassifier(model, test).accuracy }),
  });
  return { testAccuracy: result.testAccuracy, predicted: evaluateClassifier(model, test).predicted };
}

/** Writes the first 96 test images with their predicted labels (wrong ones framed in red). */
export function writePredictions(run: Run, data: ImageData, predicted: Tensor): void {
  const n = Math.min(96, predicted.shape[0]!);
  predictionSheet(run.file('predictions.png'), data.raw.test.x.narrow(0, 0, n), predicted.narrow(0, 0, n), data.raw.test.y.narrow(0, 0, n));
}
