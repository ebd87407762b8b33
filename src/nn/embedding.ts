/** @file Embedding: a lookup table of learned vectors. */
import { noGrad } from '../autograd/grad_mode.js';
import { ValueError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { embedding } from './functional/layers.js';
import { normal_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { checkOptions } from '../options.js';

export interface EmbeddingOptions {
  /** A row that starts at zero and gets no gradient (e.g. the padding token). */
  paddingIdx?: number | null;
}

/**
 * Maps int32 indices (any shape) to rows of `weight` [numEmbeddings, embeddingDim], drawn
 * from N(0, 1). The `paddingIdx` row starts at zero and gets no gradient.
 * @example new Embedding(1000, 64).forward(tokenIds) // [B, T] → [B, T, 64]
 * PyTorch: `torch.nn.Embedding(num_embeddings, embedding_dim, padding_idx)`.
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

  forward(indices: Tensor): Tensor {
    return embedding(indices, this.weight, this.paddingIdx);
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === null ? '' : `, paddingIdx=${this.paddingIdx}`}`;
  }
}
