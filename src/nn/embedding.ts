/** @file Embedding: a lookup table of learned vectors. */
import { noGrad } from '../autograd/grad_mode.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { embedding } from './functional/layers.js';
import { normal_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { checkOptions } from '../options.js';

/** Options of `nn.Embedding` (PyTorch's keyword arguments, where it has them). */
export interface EmbeddingOptions {
  /** A row that starts at zero and gets no gradient (e.g. the padding token). */
  paddingIdx?: number | null;
}

/** Options of `Embedding.fromPretrained` (PyTorch's keyword arguments, where it has them). */
export interface FromPretrainedOptions {
  /** Keep the vectors fixed: the weight does not require grad (default true, as PyTorch). */
  freeze?: boolean;
  /** A row that gets no gradient (its given values are kept, as PyTorch). */
  paddingIdx?: number | null;
}

/**
 * Maps int32 indices (any shape) to rows of `weight` [numEmbeddings, embeddingDim], drawn
 * from N(0, 1). The `paddingIdx` row starts at zero and gets no gradient.
 * PyTorch: `torch.nn.Embedding(num_embeddings, embedding_dim, padding_idx)`.
 * @example new Embedding(1000, 64).forward(tokenIds) // [B, T] → [B, T, 64]
 */
export class Embedding extends Module {
  weight: Parameter;
  readonly paddingIdx: number | null;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, options?: EmbeddingOptions) {
    super();
    const { paddingIdx = null } = checkOptions<EmbeddingOptions>('Embedding', options, { paddingIdx: true });
    if (paddingIdx !== null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
      throw new ValueError(`Embedding: paddingIdx ${paddingIdx} must be within [${-numEmbeddings}, ${numEmbeddings - 1}]`);
    }
    this.paddingIdx = paddingIdx === null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
    this.weight = new Parameter(zeros([numEmbeddings, embeddingDim]));
    normal_(this.weight);
    if (this.paddingIdx !== null) noGrad(() => this.weight.select(0, this.paddingIdx!).fill_(0));
  }

  /**
   * An Embedding whose weight is a copy of `embeddings` [numEmbeddings, embeddingDim] (e.g.
   * word2vec vectors), frozen unless `freeze: false`.
   * PyTorch: `torch.nn.Embedding.from_pretrained(embeddings, freeze=True, padding_idx=None)`.
   * @example const emb = Embedding.fromPretrained(tensor(vectors).reshape([V, 100]), { freeze: false });
   */
  static fromPretrained(embeddings: Tensor, options?: FromPretrainedOptions): Embedding {
    const { freeze = true, paddingIdx = null } = checkOptions<FromPretrainedOptions>('Embedding.fromPretrained', options, { freeze: true, paddingIdx: true });
    if (embeddings.ndim !== 2) throw new ShapeError(`Embedding.fromPretrained: embeddings must be 2-D [numEmbeddings, embeddingDim], got [${embeddings.shape}]`);
    if (!embeddings.dtype.startsWith('float')) throw new DTypeError(`Embedding.fromPretrained: embeddings must be floating point, got ${embeddings.dtype}`);
    const layer = new Embedding(embeddings.shape[0]!, embeddings.shape[1]!, { paddingIdx });
    layer.weight = new Parameter(embeddings.detach().clone(), !freeze);
    return layer;
  }

  forward(indices: Tensor): Tensor {
    return embedding(indices, this.weight, this.paddingIdx);
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === null ? '' : `, paddingIdx=${this.paddingIdx}`}`;
  }
}
