/**
 * @file Text batching (SPEC §12): a token stream as B contiguous columns, cut into blocks of
 * `bptt` steps for truncated back-propagation through time; batches of sentences bucketed by
 * length and padded. Browser-safe.
 */
import { ShapeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { shapeStr } from '../tensor/shape.js';
import type { Generator as RandomGenerator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Token ids [N] (a tensor or array) as [⌊N/B⌋, B]: column b is the b-th contiguous stretch of the
 * stream, so consecutive blocks of rows continue each column's text (the tail that does not fill
 * a row is dropped).
 * PyTorch: word_language_model main.py's `batchify(data, bsz)`.
 * @example batchify(ids, 20) // [N/20, 20] int32
 */
export function batchify(ids: Tensor | readonly number[], batchSize: number): Tensor {
  const data = Array.isArray(ids) ? tensor(ids as number[], { dtype: 'int32' }) : (ids as Tensor);
  if (data.ndim !== 1) throw new ShapeError(`batchify: expected token ids [N], got ${shapeStr(data.shape)}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`batchify: batchSize must be a positive integer, got ${batchSize}`);
  const rows = Math.floor(data.shape[0]! / batchSize);
  if (rows < 2) throw new ValueError(`batchify: ${data.shape[0]} tokens make fewer than 2 rows of ${batchSize}`);
  return data.narrow(0, 0, rows * batchSize).reshape([batchSize, rows]).transpose(0, 1).contiguous();
}

/**
 * Consecutive blocks of a batchified stream [T, B]: inputs rows i … i+L−1 and targets rows
 * i+1 … i+L (the next token), L = min(bptt, T−1−i). Carry the recurrent state from block to block,
 * detached, for truncated BPTT.
 * PyTorch: main.py's `get_batch(source, i)` over `range(0, source.size(0) - 1, bptt)`.
 * @example for (const [x, y] of bpttBlocks(train, 35)) { [out, h] = rnn.forward(embed(x), h?.detach() ?? null); … }
 */
export function* bpttBlocks(stream: Tensor, bptt: number): Generator<[Tensor, Tensor]> {
  if (stream.ndim !== 2) throw new ShapeError(`bpttBlocks: expected a batchified stream [T, B], got ${shapeStr(stream.shape)}`);
  if (!Number.isInteger(bptt) || bptt < 1) throw new ValueError(`bpttBlocks: bptt must be a positive integer, got ${bptt}`);
  const steps = stream.shape[0]!;
  for (let i = 0; i < steps - 1; i += bptt) {
    const length = Math.min(bptt, steps - 1 - i);
    yield [stream.narrow(0, i, length), stream.narrow(0, i + 1, length)];
  }
}

/**
 * Batches of indices into `lengths` that pad little: the indices shuffled by `generator` (kept
 * in order without one), sorted by length within pools of `poolBatches` batches, cut into
 * batches, and the batches shuffled again. Every index appears exactly once.
 * PyTorch: torchtext's `BucketIterator` / a `BatchSampler` over length-sorted pools.
 * @example bucketBatches(sentences.map((s) => s.length), 64, defaultGenerator) // [[17, 3, …], …]
 */
export function bucketBatches(lengths: readonly number[], batchSize: number, generator: RandomGenerator | null = null, poolBatches = 20): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`bucketBatches: batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(poolBatches) || poolBatches < 1) throw new ValueError(`bucketBatches: poolBatches must be a positive integer, got ${poolBatches}`);
  const shuffle = (a: unknown[]): void => {
    for (let i = a.length - 1; i > 0; i--) {
      const j = generator!.integer(0, i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
  };
  const order = lengths.map((_, i) => i);
  if (generator) shuffle(order);
  const pool = batchSize * poolBatches;
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += pool) {
    const sorted = order.slice(start, start + pool).sort((a, b) => lengths[a]! - lengths[b]!);
    for (let i = 0; i < sorted.length; i += batchSize) batches.push(sorted.slice(i, i + batchSize));
  }
  if (generator) shuffle(batches);
  return batches;
}

/**
 * Rows of token ids padded with `padId` to the longest, as int32 [rows, T].
 * PyTorch: `nn.utils.rnn.pad_sequence([torch.tensor(r) for r in rows], batch_first=True, padding_value=pad_id)`.
 * @example padTokenRows([[5, 6, 7], [8]], 0) // [[5, 6, 7], [8, 0, 0]]
 */
export function padTokenRows(rows: readonly (readonly number[])[], padId: number): Tensor {
  if (rows.length === 0) throw new ValueError('padTokenRows: expected at least one row');
  const T = Math.max(...rows.map((r) => r.length));
  return tensor(rows.map((r) => [...r, ...new Array<number>(T - r.length).fill(padId)]), { dtype: 'int32' });
}
