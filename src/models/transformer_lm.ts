/**
 * @file A decoder-only Transformer language model (GPT-style, SPEC §12.6): token embedding
 * scaled by √d plus positions → causal Transformer layers → linear to next-token logits, the
 * output projection tied to the embedding.
 */
import { noGrad } from '../autograd/grad_mode.js';
import { ValueError } from '../errors.js';
import { Embedding } from '../nn/embedding.js';
import { normal_ } from '../nn/init.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { LayerNorm } from '../nn/normalization.js';
import { LearnedPositionalEncoding, PositionalEncoding } from '../nn/positional_encoding.js';
import { TransformerEncoderLayer, handBack } from '../nn/transformer.js';
import { TransformerEncoder, type KeyValueCache } from '../nn/transformer_stacks.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';
import type { StepDecoder } from '../text/decoding.js';
import { transformerStepDecoder } from './transformer_step.js';

/** Options of `TransformerLanguageModel` (PyTorch's keyword arguments, where it has them). */
export interface TransformerLanguageModelOptions {
  vocabSize: number;
  /** Model width (default 128). */
  dModel?: number;
  /** Attention heads (default 4). */
  nhead?: number;
  /** Layers (default 2). */
  numLayers?: number;
  /** Feed-forward width (default 4·dModel). */
  dimFeedforward?: number;
  /** Dropout on embeddings, attention and residual branches (default 0.1). */
  dropout?: number;
  /** Longest context (default 512). */
  maxLen?: number;
  /** 'sinusoidal' (the paper's, default) or 'learned' positions. */
  positional?: 'sinusoidal' | 'learned';
  /** Share the embedding matrix with the output projection (default true). */
  tieWeights?: boolean;
  /** Pre-LN layers with a final LayerNorm (default true), or the paper's post-LN. */
  normFirst?: boolean;
}

/** The model's own part classes (its intermediates are then seen by nobody else). */
const LM_PARTS = new Set<unknown>([Embedding, PositionalEncoding, LearnedPositionalEncoding, TransformerEncoder, Linear]);

/**
 * Next-token logits for every position: `forward(tokens [B, T] int32)` → [B, T, V], position t
 * seeing tokens 0…t only. The embedding starts N(0, 1/d) so that ×√d gives unit-scale inputs and
 * the tied projection starts small.
 * PyTorch: pytorch/examples word_language_model `TransformerModel` (batch first, pre-LN, tied).
 * @example const lm = new TransformerLanguageModel({ vocabSize: 80 }); const logits = lm.forward(x);
 */
export class TransformerLanguageModel extends Module {
  readonly embedding: Embedding;
  readonly positions: PositionalEncoding | LearnedPositionalEncoding;
  readonly encoder: TransformerEncoder;
  readonly decoder: Linear;
  readonly dModel: number;
  readonly maxLen: number;

  constructor(options: TransformerLanguageModelOptions) {
    super();
    const {
      vocabSize, dModel = 128, nhead = 4, numLayers = 2, dimFeedforward = 4 * dModel, dropout = 0.1, maxLen = 512, positional = 'sinusoidal', tieWeights = true, normFirst = true,
    } = checkOptions<TransformerLanguageModelOptions>('TransformerLanguageModel', options, {
      vocabSize: true, dModel: true, nhead: true, numLayers: true, dimFeedforward: true, dropout: true, maxLen: true, positional: true, tieWeights: true, normFirst: true,
    });
    if (positional !== 'sinusoidal' && positional !== 'learned') throw new ValueError(`TransformerLanguageModel: positional must be 'sinusoidal' or 'learned', got '${String(positional)}'`);
    this.embedding = new Embedding(vocabSize, dModel);
    noGrad(() => normal_(this.embedding.weight, 0, dModel ** -0.5));
    const Positions = positional === 'sinusoidal' ? PositionalEncoding : LearnedPositionalEncoding;
    this.positions = new Positions(dModel, { dropout, maxLen, batchFirst: true });
    const layer = new TransformerEncoderLayer(dModel, nhead, { dimFeedforward, dropout, batchFirst: true, normFirst });
    this.encoder = new TransformerEncoder(layer, numLayers, normFirst ? new LayerNorm(dModel) : null);
    this.decoder = new Linear(dModel, vocabSize);
    if (tieWeights) this.decoder.weight = this.embedding.weight;
    this.dModel = dModel;
    this.maxLen = maxLen;
  }

  /** Logits of `tokens` [B, T] at positions offset…; with a cache, T holds only the new positions. */
  forward(tokens: Tensor, offset = 0, cache: KeyValueCache | null = null): Tensor {
    if (tokens.ndim !== 2) throw new ValueError(`TransformerLanguageModel: expected tokens [B, T], got [${tokens.shape}]`);
    const embedded = this.embedding.forward(tokens);
    const scaled = embedded.mul(Math.sqrt(this.dModel));
    const x = this.positions.forward(scaled, offset);
    const encoded = this.encoder.forward(x, { isCausal: true, cache: cache ?? undefined });
    const logits = this.decoder.forward(encoded);
    handBack(this, [embedded, scaled, x, encoded], LM_PARTS);
    return logits;
  }

  /**
   * A StepDecoder over `rows` sequences (for `greedyDecode`, `sampleDecode`, `beamSearch`); `cache: false`
   * recomputes the prefix each step. Past `window` tokens (default maxLen; pass the training context)
   * it slides: the newest half window is kept and placed at positions 0… again.
   */
  stepDecoder(options?: { cache?: boolean; window?: number }): StepDecoder {
    const { cache = true, window = this.maxLen } = checkOptions<{ cache?: boolean; window?: number }>('TransformerLanguageModel.stepDecoder', options, { cache: true, window: true });
    if (!Number.isInteger(window) || window < 2 || window > this.maxLen) throw new ValueError(`TransformerLanguageModel.stepDecoder: window must be an integer in [2, maxLen = ${this.maxLen}], got ${window}`);
    return transformerStepDecoder((tokens, offset, kv) => this.forward(tokens, offset, kv), cache, undefined, window);
  }
}
