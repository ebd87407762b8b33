/**
 * @file An encoder-decoder Transformer for translation (SPEC §12.6): source and target token
 * embeddings scaled by √d plus sinusoidal positions, `nn.Transformer`, and an output
 * projection tied to the target embedding.
 */
import { noGrad } from '../autograd/grad_mode.js';
import { ValueError } from '../errors.js';
import { Embedding } from '../nn/embedding.js';
import { normal_ } from '../nn/init.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { PositionalEncoding } from '../nn/positional_encoding.js';
import { Transformer, TransformerDecoder, TransformerEncoder, type KeyValueCache } from '../nn/transformer_stacks.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';
import type { StepDecoder } from '../text/decoding.js';
import { transformerStepDecoder } from './transformer_step.js';

/** Options of `TransformerSeq2Seq` (PyTorch's keyword arguments, where it has them). */
export interface TransformerSeq2SeqOptions {
  srcVocabSize: number;
  tgtVocabSize: number;
  /** The padding id of both vocabularies (default 0). */
  padId?: number;
  /** Default 256. */
  dModel?: number;
  nhead?: number;
  numEncoderLayers?: number;
  numDecoderLayers?: number;
  /** Default 4·dModel. */
  dimFeedforward?: number;
  /** Default 0.1. */
  dropout?: number;
  /** Longest sequence (default 256). */
  maxLen?: number;
  /** Pre-LN layers instead of the paper's post-LN (default false). */
  normFirst?: boolean;
}

/** What the encoder passes to decoding: its output and the source padding. */
export interface EncodedSource {
  memory: Tensor;
  srcKeyPaddingMask: Tensor;
}

/**
 * Target logits from source and shifted target tokens: `forward(src [B, S], tgtIn [B, T])` →
 * [B, T, V_tgt], causal over the target, padding (`padId`) masked as keys everywhere.
 * PyTorch: the `Seq2SeqTransformer` of PyTorch's translation tutorial (nn.Transformer, batch first, tied generator).
 * @example const model = new TransformerSeq2Seq({ srcVocabSize: 8000, tgtVocabSize: 8000, dModel: 256 });
 */
export class TransformerSeq2Seq extends Module {
  readonly srcEmbedding: Embedding;
  readonly tgtEmbedding: Embedding;
  readonly positions: PositionalEncoding;
  readonly transformer: Transformer;
  readonly generator: Linear;
  readonly dModel: number;
  readonly padId: number;

  constructor(options: TransformerSeq2SeqOptions) {
    super();
    const {
      srcVocabSize, tgtVocabSize, padId = 0, dModel = 256, nhead = 4, numEncoderLayers = 3, numDecoderLayers = 3, dimFeedforward = 4 * dModel, dropout = 0.1, maxLen = 256, normFirst = false,
    } = checkOptions<TransformerSeq2SeqOptions>('TransformerSeq2Seq', options, {
      srcVocabSize: true, tgtVocabSize: true, padId: true, dModel: true, nhead: true, numEncoderLayers: true, numDecoderLayers: true, dimFeedforward: true, dropout: true, maxLen: true, normFirst: true,
    });
    this.srcEmbedding = new Embedding(srcVocabSize, dModel);
    this.tgtEmbedding = new Embedding(tgtVocabSize, dModel);
    this.positions = new PositionalEncoding(dModel, { dropout, maxLen, batchFirst: true });
    this.transformer = new Transformer({ dModel, nhead, numEncoderLayers, numDecoderLayers, dimFeedforward, dropout, batchFirst: true, normFirst });
    this.generator = new Linear(dModel, tgtVocabSize);
    this.generator.weight = this.tgtEmbedding.weight;
    noGrad(() => {
      normal_(this.srcEmbedding.weight, 0, dModel ** -0.5);
      normal_(this.tgtEmbedding.weight, 0, dModel ** -0.5);
    });
    this.dModel = dModel;
    this.padId = padId;
  }

  private embed(embedding: Embedding, tokens: Tensor, offset = 0): Tensor {
    if (tokens.ndim !== 2) throw new ValueError(`TransformerSeq2Seq: expected tokens [B, T], got [${tokens.shape}]`);
    return this.positions.forward(embedding.forward(tokens).mul(Math.sqrt(this.dModel)), offset);
  }

  /** Runs the encoder on `src` [B, S]. */
  encode(src: Tensor): EncodedSource {
    const srcKeyPaddingMask = src.eq(this.padId);
    const memory = (this.transformer.encoder as TransformerEncoder).forward(this.embed(this.srcEmbedding, src), { srcKeyPaddingMask });
    return { memory, srcKeyPaddingMask };
  }

  /**
   * Logits of target tokens `tgtIn` [B, T] at positions offset… given the encoded source; with a
   * cache T holds only the new positions. `crossAttentionWeights` receives each layer's weights.
   */
  decode(tgtIn: Tensor, source: EncodedSource, offset = 0, cache: KeyValueCache | null = null, crossAttentionWeights?: Tensor[]): Tensor {
    const y = (this.transformer.decoder as TransformerDecoder).forward(this.embed(this.tgtEmbedding, tgtIn, offset), source.memory, {
      tgtIsCausal: true, tgtKeyPaddingMask: cache ? null : tgtIn.eq(this.padId), memoryKeyPaddingMask: source.srcKeyPaddingMask, cache: cache ?? undefined, crossAttentionWeights,
    });
    return this.generator.forward(y);
  }

  forward(src: Tensor, tgtIn: Tensor): Tensor {
    return this.decode(tgtIn, this.encode(src));
  }

  /** A StepDecoder over the rows of `src` [B, S]; `cache: false` recomputes the target prefix each step. */
  stepDecoder(src: Tensor, options?: { cache?: boolean }): StepDecoder {
    const { cache = true } = checkOptions<{ cache?: boolean }>('TransformerSeq2Seq.stepDecoder', options, { cache: true });
    let source = this.encode(src);
    return transformerStepDecoder((tokens, offset, kv) => this.decode(tokens, source, offset, kv), cache, (index) => {
      source = { memory: source.memory.indexSelect(0, index), srcKeyPaddingMask: source.srcKeyPaddingMask.indexSelect(0, index) };
    });
  }
}
