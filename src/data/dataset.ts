/** @file Datasets: indexable collections of samples (PyTorch's map-style `Dataset`). */
import { ShapeError, ValueError } from '../errors.js';
import { randperm } from '../tensor/creation.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * A map-style dataset: `length` samples, each returned by `get(i)`. `getBatch` is an optional
 * fast path that returns a whole collated batch at once (TensorDataset has one).
 * PyTorch: `torch.utils.data.Dataset`.
 */
export interface Dataset<T> {
  readonly length: number;
  get(index: number): T;
  getBatch?(indices: readonly number[]): T;
}

function checkIndex(op: string, index: number, length: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) throw new ValueError(`${op}: index ${index} out of range for ${length} samples`);
}

/**
 * Samples are the i-th rows of each tensor (all must share their first dim).
 * PyTorch: `torch.utils.data.TensorDataset`.
 * @example const ds = new TensorDataset(images, labels); const [x, y] = ds.get(0);
 */
export class TensorDataset implements Dataset<Tensor[]> {
  readonly tensors: Tensor[];

  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) throw new ValueError('TensorDataset: needs at least one tensor');
    const n = tensors[0]!.shape[0];
    if (tensors.some((t) => t.ndim === 0 || t.shape[0] !== n)) {
      throw new ShapeError(`TensorDataset: all tensors need the same first dim, got ${tensors.map((t) => `[${t.shape.join(', ')}]`).join(', ')}`);
    }
    this.tensors = tensors;
  }

  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  /** Row `i` of every tensor. */
  get(index: number): Tensor[] {
    checkIndex('TensorDataset', index, this.length);
    return this.tensors.map((t) => t.select(0, index));
  }

  /** The rows at `indices` of every tensor, gathered at once. */
  getBatch(indices: readonly number[]): Tensor[] {
    indices.forEach((i) => checkIndex('TensorDataset', i, this.length));
    const index = Tensor.fromData(Int32Array.from(indices), [indices.length]);
    return this.tensors.map((t) => t.indexSelect(0, index));
  }
}

/**
 * The samples of `dataset` at `indices`. PyTorch: `torch.utils.data.Subset`.
 * @example new data.Subset(trainSet, [0, 1, 2, 3]) // the first four samples
 */
export class Subset<T> implements Dataset<T> {
  /** Present when the underlying dataset has a batch fast path. */
  readonly getBatch?: (indices: readonly number[]) => T;

  constructor(readonly dataset: Dataset<T>, readonly indices: readonly number[]) {
    indices.forEach((i) => checkIndex('Subset', i, dataset.length));
    const batch = dataset.getBatch?.bind(dataset);
    if (batch) this.getBatch = (ids) => batch(ids.map((i) => this.indices[i]!));
  }

  get length(): number {
    return this.indices.length;
  }

  /** Item `i` of the subset (item `indices[i]` of the dataset). */
  get(index: number): T {
    checkIndex('Subset', index, this.length);
    return this.dataset.get(this.indices[index]!);
  }
}

/**
 * Splits a dataset into non-overlapping random subsets of the given lengths (or fractions
 * summing to 1, rounded as PyTorch does). PyTorch: `torch.utils.data.random_split`.
 * @example const [train, val] = data.randomSplit(dataset, [0.8, 0.2], new Generator(0))
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[], generator: Generator = defaultGenerator): Subset<T>[] {
  let sizes = [...lengths];
  if (sizes.every((l) => l >= 0 && l <= 1) && Math.abs(sizes.reduce((a, b) => a + b, 0) - 1) < 1e-9 && sizes.some((l) => !Number.isInteger(l))) {
    sizes = sizes.map((f) => Math.floor(dataset.length * f));
    let rest = dataset.length - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; rest > 0; i = (i + 1) % sizes.length, rest--) sizes[i]!++;
  }
  if (sizes.reduce((a, b) => a + b, 0) !== dataset.length) {
    throw new ValueError(`randomSplit: lengths [${lengths.join(', ')}] do not add up to the dataset's ${dataset.length} samples`);
  }
  const order = Array.from(randperm(dataset.length, { generator }).dataSync());
  let start = 0;
  return sizes.map((n) => {
    const part = new Subset(dataset, order.slice(start, start + n));
    start += n;
    return part;
  });
}
