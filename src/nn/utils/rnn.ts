/**
 * @file Variable-length batches for the recurrent layers: padding a list of sequences, and the
 * PackedSequence that tells LSTM, GRU and RNN where each sequence ends, so padding changes no result.
 */
import { ShapeError, ValueError } from '../../errors.js';
import { checkOptions } from '../../options.js';
import { full, tensor } from '../../tensor/creation.js';
import { shapeStr } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { cat, stack } from '../../ops/shape.js';

/**
 * A padded batch and the length of each sequence in it, as the recurrent layers take and return
 * it. Unlike PyTorch's, `padded` keeps the padded time-major layout [T, B, *] (not the
 * interleaved packed data); steps at or after a sequence's length are padding.
 * @example const packed = new nn.PackedSequence(padded, [5, 3, 2]) // padded [T, B, D], usually from packPaddedSequence
 */
export class PackedSequence {
  constructor(readonly padded: Tensor, readonly lengths: readonly number[]) {
    if (padded.ndim < 2) throw new ShapeError(`PackedSequence: expected a padded batch [T, B, …], got ${shapeStr(padded.shape)}`);
    const [steps, batch] = padded.shape as [number, number];
    if (lengths.length !== batch) throw new ShapeError(`PackedSequence: ${lengths.length} lengths for a batch of ${batch}`);
    for (const l of lengths) if (!Number.isInteger(l) || l < 1 || l > steps) throw new ValueError(`PackedSequence: lengths must be integers in [1, ${steps}], got ${l}`);
  }
}

/** Options of `packPaddedSequence` (PyTorch's keyword arguments, where it has them). */
export interface PackOptions {
  /** `input` is [B, T, *] (default false: [T, B, *]). */
  batchFirst?: boolean;
  /** Require lengths in decreasing order, as PyTorch's default (default true). */
  enforceSorted?: boolean;
}

/**
 * Marks `input` [T, B, *] ([B, T, *] with batchFirst) as sequences of `lengths` for an LSTM, GRU
 * or RNN; with `enforceSorted` (the default, as PyTorch) the lengths must not increase.
 * PyTorch: `nn.utils.rnn.pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True)`.
 * @example const [out] = gru.forward(packPaddedSequence(x, [5, 3, 2], { batchFirst: true })); const [y, lengths] = padPackedSequence(out, { batchFirst: true });
 */
export function packPaddedSequence(input: Tensor, lengths: readonly number[] | Tensor, options?: PackOptions): PackedSequence {
  const { batchFirst = false, enforceSorted = true } = checkOptions<PackOptions>('packPaddedSequence', options, { batchFirst: true, enforceSorted: true });
  const ls = Array.isArray(lengths) ? [...lengths] : [...(lengths as Tensor).dataSync()].map(Number);
  if (enforceSorted && ls.some((l, i) => i > 0 && l > ls[i - 1]!)) {
    throw new ValueError(`packPaddedSequence: lengths [${ls}] are not sorted in decreasing order; sort them or pass { enforceSorted: false }`);
  }
  return new PackedSequence(batchFirst ? input.transpose(0, 1) : input, ls);
}

/** Options of `padPackedSequence` (PyTorch's keyword arguments, where it has them). */
export interface PadPackedOptions {
  /** Return [B, T, *] (default false: [T, B, *]). */
  batchFirst?: boolean;
  /** The value at padded steps (default 0). */
  paddingValue?: number;
  /** Pad to this many steps (default: the longest length). */
  totalLength?: number;
}

/**
 * The padded batch of a PackedSequence and its lengths (int32 [B]), cut or padded to the longest
 * length (or `totalLength`), with `paddingValue` at padded steps.
 * PyTorch: `nn.utils.rnn.pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None)`.
 * @example const [out, lengths] = nn.padPackedSequence(lstmOutput, { batchFirst: true })
 */
export function padPackedSequence(sequence: PackedSequence, options?: PadPackedOptions): [Tensor, Tensor] {
  const { batchFirst = false, paddingValue = 0, totalLength } = checkOptions<PadPackedOptions>('padPackedSequence', options, { batchFirst: true, paddingValue: true, totalLength: true });
  const longest = Math.max(...sequence.lengths);
  const steps = totalLength ?? longest;
  if (!Number.isInteger(steps) || steps < longest) throw new ValueError(`padPackedSequence: totalLength must be at least the longest length ${longest}, got ${totalLength}`);
  const x = sequence.padded;
  const kept = x.narrow(0, 0, Math.min(steps, x.shape[0]!));
  const valid = tensor(Array.from({ length: kept.shape[0]! * x.shape[1]! }, (_, k) => (Math.floor(k / x.shape[1]!) < sequence.lengths[k % x.shape[1]!]! ? 1 : 0)))
    .reshape([kept.shape[0]!, x.shape[1]!, ...x.shape.slice(2).map(() => 1)]).gt(0);
  let out = kept.where(valid, paddingValue);
  if (out.shape[0]! < steps) out = cat([out, full([steps - out.shape[0]!, ...out.shape.slice(1)], paddingValue, { dtype: out.dtype })]);
  return [batchFirst ? out.transpose(0, 1) : out, tensor([...sequence.lengths], { dtype: 'int32' })];
}

/** Options of `padSequence` (PyTorch's keyword arguments, where it has them). */
export interface PadSequenceOptions {
  /** Return [B, T, *] (default false: [T, B, *]). */
  batchFirst?: boolean;
  /** The value after each sequence's end (default 0). */
  paddingValue?: number;
}

/**
 * Stacks sequences [Lᵢ, *] of equal trailing shape into one padded batch [max L, B, *].
 * PyTorch: `nn.utils.rnn.pad_sequence(sequences, batch_first=False, padding_value=0.0)`.
 * @example padSequence([a, b, c], { batchFirst: true }) // [3, max L, *]
 */
export function padSequence(sequences: readonly Tensor[], options?: PadSequenceOptions): Tensor {
  const { batchFirst = false, paddingValue = 0 } = checkOptions<PadSequenceOptions>('padSequence', options, { batchFirst: true, paddingValue: true });
  if (sequences.length === 0) throw new ValueError('padSequence: expected at least one sequence');
  const trailing = sequences[0]!.shape.slice(1).join();
  for (const s of sequences) if (s.ndim < 1 || s.shape.slice(1).join() !== trailing) throw new ShapeError(`padSequence: sequences must share their trailing shape, got ${shapeStr(s.shape)} and ${shapeStr(sequences[0]!.shape)}`);
  const longest = Math.max(...sequences.map((s) => s.shape[0]!));
  const padded = sequences.map((s) => (s.shape[0] === longest ? s : cat([s, full([longest - s.shape[0]!, ...s.shape.slice(1)], paddingValue, { dtype: s.dtype })])));
  return stack(padded, batchFirst ? 0 : 1);
}

/**
 * [B, steps] of 1 where step t < lengths[b] and 0 past each sequence's end (float32 unless `dtype`).
 * @example lengthMask([2, 3], 4) // [[1, 1, 0, 0], [1, 1, 1, 0]]
 */
export function lengthMask(lengths: readonly number[], steps: number, dtype: Tensor['dtype'] = 'float32'): Tensor {
  return tensor(lengths.map((n) => Array.from({ length: steps }, (_, t) => (t < n ? 1 : 0))), { dtype });
}
