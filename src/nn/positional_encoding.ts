/**
 * @file Position information for Transformers (SPEC §12.6): the paper's fixed sinusoids and
 * learned position embeddings, each added to token embeddings.
 */
import { ShapeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { shapeStr } from '../tensor/shape.js';
import { Dropout } from './dropout.js';
import { normal_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { zeros } from '../tensor/creation.js';
import { checkOptions } from '../options.js';

/**
 * The sinusoidal table [length, dModel]: PE(pos, 2i) = sin(pos/10000^{2i/dModel}),
 * PE(pos, 2i+1) = cos(pos/10000^{2i/dModel}).
 * PyTorch: the `pe` buffer of pytorch/examples word_language_model's `PositionalEncoding` (without the batch axis).
 * @example sinusoidalPositions(100, 64) // [100, 64]
 */
export function sinusoidalPositions(length: number, dModel: number): Tensor {
  if (!Number.isInteger(length) || length < 1 || !Number.isInteger(dModel) || dModel < 1) {
    throw new ValueError(`sinusoidalPositions: length and dModel must be positive integers, got ${length}, ${dModel}`);
  }
  const data = new Float32Array(length * dModel);
  for (let i = 0; i < dModel; i += 2) {
    // The frequency in float32 as the reference computes it, so tables agree to rounding.
    const frequency = Math.fround(Math.exp(Math.fround(i * Math.fround(-Math.log(10000) / dModel))));
    for (let pos = 0; pos < length; pos++) {
      const angle = Math.fround(pos * frequency);
      data[pos * dModel + i] = Math.sin(angle);
      if (i + 1 < dModel) data[pos * dModel + i + 1] = Math.cos(angle);
    }
  }
  return Tensor.fromData(data, [length, dModel]);
}

/** Options of the positional encodings (PyTorch's keyword arguments, where it has them). */
export interface PositionalEncodingOptions {
  /** Dropout after adding the positions (default 0.1). */
  dropout?: number;
  /** Longest sequence (default 5000). */
  maxLen?: number;
  /** Inputs are [N, L, E] (default false: [L, N, E]). */
  batchFirst?: boolean;
}

/** `x` [L, N, E] (or [N, L, E]) plus rows `offset … offset+L−1` of a [maxLen, E] table. */
function addPositions(op: string, x: Tensor, table: Tensor, batchFirst: boolean, offset: number): Tensor {
  const [maxLen, e] = table.shape as [number, number];
  const lengthDim = batchFirst ? 1 : 0;
  if (x.ndim !== 3 || x.shape[2] !== e) throw new ShapeError(`${op}: expected ${batchFirst ? '[N, L, E]' : '[L, N, E]'} with E = ${e}, got ${shapeStr(x.shape)}`);
  const l = x.shape[lengthDim]!;
  if (!Number.isInteger(offset) || offset < 0 || offset + l > maxLen) throw new ValueError(`${op}: positions ${offset}…${offset + l - 1} exceed maxLen ${maxLen}`);
  const rows = table.narrow(0, offset, l);
  return x.add(batchFirst ? rows.unsqueeze(0) : rows.unsqueeze(1));
}

/**
 * Adds the fixed sinusoidal encodings and applies dropout: Dropout(x + PE[offset …]). The
 * table is the buffer `pe` [maxLen, 1, dModel], as in pytorch/examples. `offset` places the
 * positions of an incremental decoding step.
 * PyTorch: pytorch/examples word_language_model `PositionalEncoding(d_model, dropout=0.1, max_len=5000)`.
 * @example const pos = new PositionalEncoding(64, { dropout: 0.1 }); pos.forward(embed.forward(x).mul(8))
 */
export class PositionalEncoding extends Module {
  readonly dropout: Dropout;
  declare readonly pe: Tensor;
  readonly batchFirst: boolean;

  constructor(readonly dModel: number, options?: PositionalEncodingOptions) {
    super();
    const { dropout = 0.1, maxLen = 5000, batchFirst = false } = checkOptions<PositionalEncodingOptions>('PositionalEncoding', options, { dropout: true, maxLen: true, batchFirst: true });
    this.dropout = new Dropout(dropout);
    this.registerBuffer('pe', sinusoidalPositions(maxLen, dModel).unsqueeze(1));
    this.batchFirst = batchFirst;
  }

  forward(x: Tensor, offset = 0): Tensor {
    return this.dropout.forward(addPositions('PositionalEncoding', x, this.pe.squeeze(1), this.batchFirst, offset));
  }
}

/**
 * Adds a learned embedding of each position (`weight` [maxLen, dModel], N(0, 0.02) as in
 * GPT-2) and applies dropout.
 * PyTorch: `x + nn.Embedding(max_len, d_model)(torch.arange(L))`.
 * @example const pos = new LearnedPositionalEncoding(64, { maxLen: 256, batchFirst: true });
 */
export class LearnedPositionalEncoding extends Module {
  readonly weight: Parameter;
  readonly dropout: Dropout;
  readonly batchFirst: boolean;

  constructor(readonly dModel: number, options?: PositionalEncodingOptions) {
    super();
    const { dropout = 0.1, maxLen = 5000, batchFirst = false } = checkOptions<PositionalEncodingOptions>('LearnedPositionalEncoding', options, { dropout: true, maxLen: true, batchFirst: true });
    this.weight = new Parameter(zeros([maxLen, dModel]));
    normal_(this.weight, 0, 0.02);
    this.dropout = new Dropout(dropout);
    this.batchFirst = batchFirst;
  }

  forward(x: Tensor, offset = 0): Tensor {
    return this.dropout.forward(addPositions('LearnedPositionalEncoding', x, this.weight, this.batchFirst, offset));
  }
}
