/**
 * @file A Transformer-encoder sequence classifier (SPEC §12.6): token embedding ×√d plus
 * sinusoidal positions → encoder layers with the padding masked → mean over the real tokens
 * (or a learned [CLS] token's output) → linear.
 */
import { noGrad } from '../autograd/grad_mode.js';
import { ValueError } from '../errors.js';
import { Dropout } from '../nn/dropout.js';
import { Embedding } from '../nn/embedding.js';
import { normal_ } from '../nn/init.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { LayerNorm } from '../nn/normalization.js';
import { Parameter } from '../nn/parameter.js';
import { PositionalEncoding } from '../nn/positional_encoding.js';
import { TransformerEncoderLayer } from '../nn/transformer.js';
import { TransformerEncoder } from '../nn/transformer_stacks.js';
import { cat } from '../ops/shape.js';
import { checkOptions } from '../options.js';
import { tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of `TransformerClassifier` (PyTorch's keyword arguments, where it has them). */
export interface TransformerClassifierOptions {
  vocabSize: number;
  /** Output classes (default 2). */
  numClasses?: number;
  /** Default 64. */
  dModel?: number;
  nhead?: number;
  /** Default 2. */
  numLayers?: number;
  /** Default 4·dModel. */
  dimFeedforward?: number;
  /** Default 0.1. */
  dropout?: number;
  /** Longest sequence (default 512). */
  maxLen?: number;
  /** 'mean' over the real tokens (default) or 'cls': the output of a learned token put first. */
  pooling?: 'mean' | 'cls';
}

/**
 * Class logits of padded token sequences: `forward(tokens [B, T] int32, lengths)` → [B, classes];
 * padded steps never change a result.
 * PyTorch: `nn.TransformerEncoder(nn.TransformerEncoderLayer(d, h, batch_first=True, norm_first=True), n)` with `src_key_padding_mask`, masked mean, `nn.Linear`.
 * @example const model = new TransformerClassifier({ vocabSize: 20000, pooling: 'cls' }); model.forward(tokens, [57, 12]);
 */
export class TransformerClassifier extends Module {
  readonly embedding: Embedding;
  readonly clsToken: Parameter | null;
  readonly positions: PositionalEncoding;
  readonly encoder: TransformerEncoder;
  readonly dropout: Dropout;
  readonly classifier: Linear;
  readonly dModel: number;
  readonly pooling: 'mean' | 'cls';

  constructor(options: TransformerClassifierOptions) {
    super();
    const { vocabSize, numClasses = 2, dModel = 64, nhead = 4, numLayers = 2, dimFeedforward = 4 * dModel, dropout = 0.1, maxLen = 512, pooling = 'mean' } =
      checkOptions<TransformerClassifierOptions>('TransformerClassifier', options,
        { vocabSize: true, numClasses: true, dModel: true, nhead: true, numLayers: true, dimFeedforward: true, dropout: true, maxLen: true, pooling: true });
    if (pooling !== 'mean' && pooling !== 'cls') throw new ValueError(`TransformerClassifier: pooling must be 'mean' or 'cls', got '${String(pooling)}'`);
    this.embedding = new Embedding(vocabSize, dModel);
    noGrad(() => normal_(this.embedding.weight, 0, dModel ** -0.5));
    this.clsToken = pooling === 'cls' ? new Parameter(zeros([1, 1, dModel])) : null;
    if (this.clsToken) noGrad(() => normal_(this.clsToken!, 0, dModel ** -0.5));
    this.positions = new PositionalEncoding(dModel, { dropout, maxLen: maxLen + 1, batchFirst: true });
    this.encoder = new TransformerEncoder(new TransformerEncoderLayer(dModel, nhead, { dimFeedforward, dropout, batchFirst: true, normFirst: true }), numLayers, new LayerNorm(dModel));
    this.dropout = new Dropout(dropout);
    this.classifier = new Linear(dModel, numClasses);
    this.dModel = dModel;
    this.pooling = pooling;
  }

  forward(tokens: Tensor, lengths: readonly number[]): Tensor {
    if (tokens.ndim !== 2 || tokens.shape[0] !== lengths.length) {
      throw new ValueError(`TransformerClassifier: expected tokens [B, T] and B lengths, got [${tokens.shape}] and ${lengths.length}`);
    }
    const [b, t] = tokens.shape as [number, number];
    let x = this.embedding.forward(tokens).mul(Math.sqrt(this.dModel));
    const first = this.clsToken ? 1 : 0;
    if (this.clsToken) x = cat([this.clsToken.expand([b, 1, this.dModel]).mul(Math.sqrt(this.dModel)), x], 1);
    const real = tensor(lengths.map((len) => Array.from({ length: t + first }, (_, j) => (j < len + first ? 1 : 0))));
    const h = this.encoder.forward(this.positions.forward(x), { srcKeyPaddingMask: real.eq(0) });
    const pooled = this.clsToken ? h.select(1, 0) : h.mul(real.unsqueeze(2)).sum(1).div(tensor([...lengths]).unsqueeze(1));
    return this.classifier.forward(this.dropout.forward(pooled));
  }
}
