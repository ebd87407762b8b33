/** @file The Transformer encoder layer (SPEC §12.6). */
import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { MultiheadAttention } from './attention.js';
import { Dropout } from './dropout.js';
import { gelu, relu } from './functional/activation.js';
import { Linear } from './linear.js';
import { Module } from './module.js';
import { LayerNorm } from './normalization.js';
import { checkArgCount, checkOptions } from '../options.js';

export interface TransformerLayerOptions {
  /** Width of the feed-forward network (default 2048). */
  dimFeedforward?: number;
  /** Dropout after attention, inside and after the feed-forward network (default 0.1). */
  dropout?: number;
  /** The feed-forward activation (default 'relu'). */
  activation?: 'relu' | 'gelu';
  layerNormEps?: number;
  /** Inputs and output are [N, L, E] (default false: [L, N, E]). */
  batchFirst?: boolean;
  /** Pre-LN (LayerNorm before each sublayer) instead of the paper's post-LN (default false). */
  normFirst?: boolean;
}

export interface EncoderCallOptions {
  /** [L, L] or [N·heads, L, L]: bool (true = not allowed) or float (added). */
  srcMask?: Tensor | null;
  /** [N, L] bool: true marks padding, which no position attends to. */
  srcKeyPaddingMask?: Tensor | null;
  /** Each position attends only to itself and earlier ones (default false). */
  isCausal?: boolean;
}

/**
 * Self-attention then a position-wise feed-forward network, each with dropout, a residual
 * connection and LayerNorm: post-LN x ← LN(x + Dropout(Sublayer(x))), or pre-LN
 * x ← x + Dropout(Sublayer(LN(x))) with `normFirst`. Input and output [L, N, dModel]
 * ([N, L, dModel] with batchFirst). State-dict keys as PyTorch's (`self_attn.in_proj_weight`,
 * `linear1.weight`, `norm1.bias`, …).
 * @example const layer = new TransformerEncoderLayer(128, 4, { dimFeedforward: 512, batchFirst: true });
 * PyTorch: `torch.nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation='relu', layer_norm_eps=1e-5, batch_first=False, norm_first=False)`.
 */
export class TransformerEncoderLayer extends Module {
  readonly selfAttn: MultiheadAttention;
  readonly linear1: Linear;
  readonly dropout: Dropout;
  readonly linear2: Linear;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;
  readonly normFirst: boolean;
  readonly activation: 'relu' | 'gelu';

  constructor(readonly dModel: number, readonly nhead: number, options?: TransformerLayerOptions) {
    super();
    const { dimFeedforward = 2048, dropout = 0.1, activation = 'relu', layerNormEps = 1e-5, batchFirst = false, normFirst = false } = checkOptions<TransformerLayerOptions>(
      'TransformerEncoderLayer', options, { dimFeedforward: true, dropout: true, activation: true, layerNormEps: true, batchFirst: true, normFirst: true });
    if (activation !== 'relu' && activation !== 'gelu') throw new ValueError(`TransformerEncoderLayer: activation must be 'relu' or 'gelu', got '${String(activation)}'`);
    this.selfAttn = new MultiheadAttention(dModel, nhead, { dropout, batchFirst });
    this.linear1 = new Linear(dModel, dimFeedforward);
    this.dropout = new Dropout(dropout);
    this.linear2 = new Linear(dimFeedforward, dModel);
    this.norm1 = new LayerNorm(dModel, { eps: layerNormEps });
    this.norm2 = new LayerNorm(dModel, { eps: layerNormEps });
    this.dropout1 = new Dropout(dropout);
    this.dropout2 = new Dropout(dropout);
    this.normFirst = normFirst;
    this.activation = activation;
  }

  private attentionBlock(x: Tensor, o: EncoderCallOptions): Tensor {
    const [y] = this.selfAttn.forward(x, x, x, { attnMask: o.srcMask, keyPaddingMask: o.srcKeyPaddingMask, isCausal: o.isCausal, needWeights: false });
    return this.dropout1.forward(y);
  }

  private feedForwardBlock(x: Tensor): Tensor {
    const hidden = this.linear1.forward(x);
    return this.dropout2.forward(this.linear2.forward(this.dropout.forward(this.activation === 'relu' ? relu(hidden) : gelu(hidden))));
  }

  /**
   * Encodes `src`; the mask may also come positionally, as in PyTorch's `forward(src, src_mask)`.
   * @example layer.forward(x, { srcMask: causal }); layer.forward(x, causal, { srcKeyPaddingMask: pad })
   */
  forward(src: Tensor, options?: EncoderCallOptions): Tensor;
  forward(src: Tensor, srcMask: Tensor | null, options?: Omit<EncoderCallOptions, 'srcMask'>): Tensor;
  forward(src: Tensor, maskOrOptions?: Tensor | null | EncoderCallOptions, rest?: Omit<EncoderCallOptions, 'srcMask'>): Tensor {
    const op = 'TransformerEncoderLayer.forward';
    const keys = { srcKeyPaddingMask: true, isCausal: true } as const;
    let options: EncoderCallOptions;
    if (maskOrOptions instanceof Tensor || maskOrOptions === null) {
      options = { ...checkOptions<Omit<EncoderCallOptions, 'srcMask'>>(op, rest, keys), srcMask: maskOrOptions };
    } else {
      checkArgCount(op, rest === undefined ? 2 : 3, 2, 'forward(src, srcMask, { srcKeyPaddingMask, isCausal }) or forward(src, { srcMask, srcKeyPaddingMask, isCausal })');
      options = checkOptions<EncoderCallOptions>(op, maskOrOptions, { ...keys, srcMask: true });
    }
    if (this.normFirst) {
      const x = src.add(this.attentionBlock(this.norm1.forward(src), options));
      return x.add(this.feedForwardBlock(this.norm2.forward(x)));
    }
    const x = this.norm1.forward(src.add(this.attentionBlock(src, options)));
    return this.norm2.forward(x.add(this.feedForwardBlock(x)));
  }
}
