/** @file Multi-head attention. */
import { noGrad } from '../autograd/grad_mode.js';
import { ValueError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { multiHeadAttention, type MultiHeadAttentionOptions } from './functional/attention.js';
import { constant_, xavierUniform_ } from './init.js';
import { Linear } from './linear.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { checkOptions } from '../options.js';

/** Options of `nn.MultiheadAttention` (PyTorch's keyword arguments, where it has them). */
export interface MultiheadAttentionLayerOptions {
  /** Dropout on the attention weights while training (default 0). */
  dropout?: number;
  /** Biases in the input and output projections (default true). */
  bias?: boolean;
  /** Inputs and output are [N, L, E] (default false: [L, N, E]). */
  batchFirst?: boolean;
}

/** Per-call options of `MultiheadAttention.forward` (see `multiHeadAttention`). */
export type MultiheadAttentionCallOptions = Pick<MultiHeadAttentionOptions, 'keyPaddingMask' | 'attnMask' | 'isCausal' | 'needWeights' | 'averageAttnWeights' | 'cache' | 'staticKeys'>;

/**
 * Multi-head attention (SPEC §12.6): Concat(head₁…head_h)·W_oᵀ with
 * head_i = softmax(Q_i K_iᵀ/√d)V_i, d = E/numHeads. Query [L, N, E], key and value [S, N, E]
 * ([N, ·, E] with batchFirst); returns `[output, weights]` (weights [N, L, S] averaged over
 * heads, or null with `needWeights: false`). Parameters `in_proj_weight` [3E, E] (Xavier
 * uniform), `in_proj_bias` (zeros), `out_proj` (a Linear, bias zeros), as in PyTorch.
 * PyTorch: `torch.nn.MultiheadAttention(embed_dim, num_heads, dropout=0.0, bias=True, batch_first=False)`.
 * @example const mha = new MultiheadAttention(128, 4, { batchFirst: true }); const [y] = mha.forward(x, x, x);
 */
export class MultiheadAttention extends Module {
  readonly inProjWeight: Parameter;
  readonly inProjBias: Parameter | null;
  readonly outProj: Linear;
  readonly dropout: number;
  readonly batchFirst: boolean;

  constructor(readonly embedDim: number, readonly numHeads: number, options?: MultiheadAttentionLayerOptions) {
    super();
    const { dropout = 0, bias = true, batchFirst = false } = checkOptions<MultiheadAttentionLayerOptions>('MultiheadAttention', options, { dropout: true, bias: true, batchFirst: true });
    if (!Number.isInteger(embedDim) || embedDim <= 0) throw new ValueError(`MultiheadAttention: embedDim must be a positive integer, got ${embedDim}`);
    if (!Number.isInteger(numHeads) || numHeads <= 0 || embedDim % numHeads !== 0) {
      throw new ValueError(`MultiheadAttention: embedDim ${embedDim} must be divisible by numHeads ${numHeads}`);
    }
    if (!(dropout >= 0 && dropout <= 1)) throw new ValueError(`MultiheadAttention: dropout must be in [0, 1], got ${dropout}`);
    this.inProjWeight = new Parameter(zeros([3 * embedDim, embedDim]));
    this.inProjBias = bias ? new Parameter(zeros([3 * embedDim])) : null;
    this.outProj = new Linear(embedDim, embedDim, { bias });
    this.dropout = dropout;
    this.batchFirst = batchFirst;
    noGrad(() => {
      xavierUniform_(this.inProjWeight);
      if (this.outProj.bias) constant_(this.outProj.bias, 0);
    });
  }

  forward(query: Tensor, key: Tensor, value: Tensor, options?: MultiheadAttentionCallOptions): [Tensor, Tensor | null] {
    options = checkOptions<MultiheadAttentionCallOptions>('MultiheadAttention.forward', options,
      { keyPaddingMask: true, attnMask: true, isCausal: true, needWeights: true, averageAttnWeights: true, cache: true, staticKeys: true });
    const { output, weights } = multiHeadAttention(query, key, value, this.numHeads, {
      inProjWeight: this.inProjWeight, inProjBias: this.inProjBias, outProjWeight: this.outProj.weight, outProjBias: this.outProj.bias,
    }, { ...options, dropout: this.dropout, training: this.training, batchFirst: this.batchFirst });
    return [output, weights];
  }

  override extraRepr(): string {
    return `embedDim=${this.embedDim}, numHeads=${this.numHeads}${this.dropout ? `, dropout=${this.dropout}` : ''}${this.batchFirst ? ', batchFirst=true' : ''}`;
  }
}
