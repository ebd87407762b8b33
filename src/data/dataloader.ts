/** @file DataLoader: batches of samples, optionally shuffled with a seeded generator. */
import { ValueError } from '../errors.js';
import { stack } from '../ops/shape.js';
import { randperm } from '../tensor/creation.js';
import { defaultGenerator, type Generator as RandomGenerator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { Dataset } from './dataset.js';
import { checkOptions } from '../options.js';

/** Options of `DataLoader` (PyTorch's keyword arguments, where it has them). */
export interface DataLoaderOptions<T, B> {
  batchSize?: number;
  /** Reshuffle the order at the start of every pass (default false). */
  shuffle?: boolean;
  /** Drop the last incomplete batch (default false). */
  dropLast?: boolean;
  /** Combines a list of samples into a batch; the default stacks tensors position by position. */
  collate?: (samples: T[]) => B;
  generator?: RandomGenerator;
}

/**
 * Stacks samples: tensors along a new dim 0, numbers into a 1-D tensor, and arrays/objects
 * field by field. PyTorch: `torch.utils.data.default_collate`.
 * @example data.defaultCollate([[x1, 0], [x2, 1]]) // [stack([x1, x2]), tensor([0, 1])]
 */
export function defaultCollate(samples: unknown[]): unknown {
  const first = samples[0];
  if (first instanceof Tensor) return stack(samples as Tensor[]);
  if (typeof first === 'number') return Tensor.fromData(Float32Array.from(samples as number[]), [samples.length]);
  if (Array.isArray(first)) return first.map((_, i) => defaultCollate(samples.map((s) => (s as unknown[])[i])));
  if (typeof first === 'object' && first !== null) {
    return Object.fromEntries(Object.keys(first).map((k) => [k, defaultCollate(samples.map((s) => (s as Record<string, unknown>)[k]))]));
  }
  throw new ValueError(`defaultCollate: cannot batch samples of type ${typeof first}`);
}

/**
 * Iterates over a dataset in batches.
 * PyTorch: `torch.utils.data.DataLoader`.
 * @example for (const [x, y] of new DataLoader(train, { batchSize: 64, shuffle: true })) { … }
 */
export class DataLoader<T, B = T> implements Iterable<B> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  private readonly collate?: (samples: T[]) => B;
  private readonly generator: RandomGenerator;

  constructor(readonly dataset: Dataset<T>, options?: DataLoaderOptions<T, B>) {
    options = checkOptions<DataLoaderOptions<T, B>>('DataLoader', options, { batchSize: true, shuffle: true, dropLast: true, collate: true, generator: true });
    this.batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize <= 0) throw new ValueError(`DataLoader: batchSize must be a positive integer, got ${this.batchSize}`);
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.collate = options.collate;
    this.generator = options.generator ?? defaultGenerator;
  }

  /** Number of batches per pass. */
  get length(): number {
    const n = this.dataset.length / this.batchSize;
    return this.dropLast ? Math.floor(n) : Math.ceil(n);
  }

  /** Iterates over one epoch of batches (reshuffled each epoch when `shuffle`). */
  *[Symbol.iterator](): Generator<B> {
    const n = this.dataset.length;
    const order = this.shuffle ? Array.from(randperm(n, { generator: this.generator }).dataSync()) : [...Array(n).keys()];
    for (let start = 0; start < n; start += this.batchSize) {
      const indices = order.slice(start, start + this.batchSize);
      if (this.dropLast && indices.length < this.batchSize) break;
      if (!this.collate && this.dataset.getBatch) {
        yield this.dataset.getBatch(indices) as unknown as B;
      } else {
        const samples = indices.map((i) => this.dataset.get(i));
        yield this.collate ? this.collate(samples) : (defaultCollate(samples) as B);
      }
    }
  }
}
