/**
 * @file FID-MNIST, the judge of every GAN recipe: the Fréchet distance between the 128-d
 * penultimate features of a fixed LeNet classifier on generated digits and on the 2,000 shipped
 * test digits. The classifier is trained deterministically on first use and cached.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { noGrad } from '../autograd/grad_mode.js';
import { DataLoader } from '../data/dataloader.js';
import { TensorDataset } from '../data/dataset.js';
import { loadMnist } from '../data/datasets/mnist.js';
import { ShapeError, ValueError } from '../errors.js';
import { cacheDirectory } from '../io/cache.js';
import { loadSafetensors, saveSafetensors } from '../io/safetensors_file.js';
import { lenet } from '../models/lenet.js';
import { checkOptions } from '../options.js';
import type { Sequential } from '../nn/container.js';
import { crossEntropy } from '../nn/functional/loss.js';
import { Adam } from '../optim/adam.js';
import { cat } from '../ops/shape.js';
import { rand } from '../tensor/creation.js';
import { withSeed } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { frechetDistance, gaussianStatistics, type GaussianStatistics } from './fid.js';

/** Options of `MnistFid` (PyTorch's keyword arguments, where it has them). */
export interface MnistFidOptions {
  /** The cached classifier (default `$SHINSOU_CACHE` or `~/.cache/shinsou`, `fid-mnist-lenet.safetensors`). */
  cachePath?: string;
  /** Training epochs when the cache is missing (default 10). */
  epochs?: number;
  /** The test accuracy the trained classifier must reach (default 0.97). */
  minAccuracy?: number;
  /** Where progress lines go (default: nowhere). */
  log?: (line: string) => void;
}

/**
 * The default location of the cached FID classifier.
 * PyTorch: none (torch.hub's `~/.cache/torch` is the analogous cache).
 * @example gan.defaultFidCachePath() // where the trained FID classifier is kept
 */
export function defaultFidCachePath(): string {
  return join(cacheDirectory(), 'fid-mnist-lenet.safetensors');
}

const FEATURE_LAYERS = 9; // conv-relu-pool ×2, flatten, fc128, relu

/** Digits in [0, 1] as the classifier's inputs in [−1, 1], the range generators produce. */
const toSigned = (x: Tensor): Tensor => x.mul(2).sub(1);

/** Trains the classifier with seed 0 (Adam 1e-3, batch 64), leaving the global RNG stream as it was. */
function trainClassifier(epochs: number, log: (line: string) => void): Sequential {
  return withSeed(0, () => {
    const model = lenet();
    const train = loadMnist('train');
    const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
    const batches = new DataLoader(new TensorDataset(toSigned(train.images), train.labels), { batchSize: 64, shuffle: true });
    for (let epoch = 1; epoch <= epochs; epoch++) {
      for (const [x, y] of batches) {
        optimizer.zeroGrad();
        crossEntropy(model.forward(x!) as Tensor, y!).backward();
        optimizer.step();
      }
      log(`FID classifier: epoch ${epoch}/${epochs}`);
    }
    return model;
  });
}

/**
 * FID on MNIST: `score(images)` is the Fréchet distance between the features of `images`
 * ([N, 1, 28, 28] in [−1, 1]) and of the 2,000 test digits. Also classifies generated digits, for
 * the class accuracy of conditional models.
 * PyTorch: `torchmetrics.image.fid.FrechetInceptionDistance` with an MNIST classifier's features in place of Inception's.
 * @example const fid = MnistFid.load({ log: console.log }); fid.score(samples)
 */
export class MnistFid {
  private constructor(readonly model: Sequential, readonly testAccuracy: number, readonly reference: GaussianStatistics) {}

  /** Loads the cached classifier, training and caching it first if it is missing. */
  static load(options?: MnistFidOptions): MnistFid {
    const o = checkOptions<MnistFidOptions>('MnistFid.load', options, { cachePath: true, epochs: true, minAccuracy: true, log: true });
    const { cachePath = defaultFidCachePath(), epochs = 10, minAccuracy = 0.97, log = () => {} } = o;
    const model = lenet();
    const test = loadMnist('test');
    let accuracy: number;
    if (existsSync(cachePath)) {
      model.loadStateDict(loadSafetensors(cachePath).tensors);
      accuracy = classAccuracy(model, toSigned(test.images), test.labels);
    } else {
      log(`FID classifier: training (${epochs} epochs, seed 0); it is cached at ${cachePath}`);
      model.loadStateDict(trainClassifier(epochs, log).stateDict());
      accuracy = classAccuracy(model, toSigned(test.images), test.labels);
      if (accuracy < minAccuracy) throw new ValueError(`MnistFid: the classifier reached ${accuracy} test accuracy, below the ${minAccuracy} required`);
      mkdirSync(dirname(cachePath), { recursive: true });
      saveSafetensors(cachePath, model.stateDict(), { testAccuracy: String(accuracy), epochs: String(epochs), seed: '0' });
    }
    model.eval();
    log(`FID classifier: test accuracy ${(100 * accuracy).toFixed(2)}%`);
    return new MnistFid(model, accuracy, gaussianStatistics(penultimate(model, toSigned(test.images))));
  }

  /** The 128-d penultimate ReLU features [N, 128] of images in [−1, 1] (eval mode, no gradient). */
  features(images: Tensor): Tensor {
    return penultimate(this.model, images);
  }

  /** FID of `images` [N, 1, 28, 28] in [−1, 1] against the test digits. */
  score(images: Tensor): number {
    return frechetDistance(gaussianStatistics(this.features(images)), this.reference);
  }

  /** The fraction of `images` the classifier assigns to `labels`. */
  classAccuracy(images: Tensor, labels: Tensor): number {
    return classAccuracy(this.model, images, labels);
  }

  /** FID of uniform noise in [−1, 1] (as many images as `n`): the top of the scale. */
  noiseScore(n = 10000): number {
    return this.score(rand([n, 1, 28, 28]).mul(2).sub(1));
  }

  /** FID of the 8,000 real training digits: the floor of the scale. */
  realScore(): number {
    return this.score(toSigned(loadMnist('train').images));
  }
}

function penultimate(model: Sequential, images: Tensor): Tensor {
  if (images.ndim !== 4 || images.shape[1] !== 1 || images.shape[2] !== 28 || images.shape[3] !== 28) {
    throw new ShapeError(`MnistFid: expects images [N, 1, 28, 28] in [−1, 1], got [${images.shape.join(', ')}]`);
  }
  return inBatches(images, (x) => {
    let h = x;
    for (let i = 0; i < FEATURE_LAYERS; i++) h = model.at(i).forward(h) as Tensor;
    return h;
  });
}

function inBatches(x: Tensor, fn: (batch: Tensor) => Tensor, size = 500): Tensor {
  return noGrad(() => {
    const parts: Tensor[] = [];
    for (let i = 0; i < x.shape[0]!; i += size) parts.push(fn(x.narrow(0, i, Math.min(size, x.shape[0]! - i))));
    return cat(parts);
  });
}

function classAccuracy(model: Sequential, images: Tensor, labels: Tensor): number {
  const was = model.training;
  model.eval();
  const predicted = inBatches(images, (x) => model.forward(x) as Tensor).argmax(1);
  model.train(was);
  return Number(predicted.eq(labels).sum().item()) / labels.numel;
}
