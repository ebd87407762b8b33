/** @file The Transformer encoder and decoder layers (SPEC §12.6). */
import { discard } from '../autograd/discard.js';
import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { MultiheadAttention } from './attention.js';
import { Dropout } from './dropout.js';
import { gelu, relu } from './functional/activation.js';
import type { AttentionCache } from './functional/attention.js';
import { Linear } from './linear.js';
import { Module } from './module.js';
import { LayerNorm } from './normalization.js';
import { checkArgCount, checkOptions, type OptionKeys } from '../options.js';

/** Options of the Transformer encoder and decoder layers (PyTorch's keyword arguments, where it has them). */
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

const LAYER_KEYS = { dimFeedforward: true, dropout: true, activation: true, layerNormEps: true, batchFirst: true, normFirst: true } as const;

/**
 * A layer's options from PyTorch's positional form `(dimFeedforward, dropout, options)` or an
 * options object, with the defaults filled in.
 */
function layerOptions(op: string, first: number | TransformerLayerOptions | undefined, dropout: number | undefined, rest: TransformerLayerOptions | undefined): Required<TransformerLayerOptions> {
  let given: TransformerLayerOptions;
  // PyTorch's positional form (dModel, nhead, dimFeedforward, dropout, …), also with dimFeedforward left undefined.
  if (typeof first === 'number' || (first === undefined && (dropout !== undefined || rest !== undefined))) {
    const later = checkOptions<Omit<TransformerLayerOptions, 'dimFeedforward' | 'dropout'>>(op, rest, { activation: true, layerNormEps: true, batchFirst: true, normFirst: true });
    given = first === undefined ? { ...later } : { ...later, dimFeedforward: first };
    if (dropout !== undefined) given.dropout = dropout;
  } else {
    checkArgCount(op, dropout === undefined && rest === undefined ? 3 : 5, 3, `new nn.${op}(dModel, nhead, { dimFeedforward, dropout, ... }) or (dModel, nhead, dimFeedforward, dropout, { ... })`);
    given = checkOptions<TransformerLayerOptions>(op, first, LAYER_KEYS);
  }
  const o = { dimFeedforward: 2048, dropout: 0.1, activation: 'relu' as const, layerNormEps: 1e-5, batchFirst: false, normFirst: false, ...given };
  if (o.activation !== 'relu' && o.activation !== 'gelu') throw new ValueError(`${op}: activation must be 'relu' or 'gelu', got '${String(o.activation)}'`);
  if (!Number.isInteger(o.dimFeedforward) || o.dimFeedforward <= 0) throw new ValueError(`${op}: dimFeedforward must be a positive integer, got ${o.dimFeedforward}`);
  return o;
}

/**
 * Call options that may also come with their first mask positional, as PyTorch's
 * `forward(src, src_mask)`: `(mask, options)` or `(options)`.
 */
export function maskOrOptions<O extends object>(op: string, maskKey: keyof O & string, first: Tensor | null | O | undefined, rest: object | undefined,
  keys: OptionKeys<O>, usage: string): O {
  if (first instanceof Tensor || first === null) {
    const others = Object.fromEntries(Object.entries(keys).filter(([k]) => k !== maskKey)) as OptionKeys<O>;
    return { ...checkOptions<O>(op, rest as O | undefined, others), [maskKey]: first };
  }
  if (rest !== undefined) checkArgCount(op, 3, 2, usage);
  return checkOptions<O>(op, first, keys);
}

/** The library's sublayer classes, whose outputs nobody but the layer sees (a subclass might keep them). */
const OWN_PARTS = new Set<unknown>([Linear, Dropout, LayerNorm, MultiheadAttention]);

/** Discards a module's intermediates (see `discard`) when each of its parts is of one of the `own` classes. */
export function handBack(module: Module, intermediates: readonly Tensor[], own: ReadonlySet<unknown> = OWN_PARTS): void {
  for (const part of module.children()) if (!own.has(part.constructor)) return;
  intermediates.forEach(discard);
}

/** The position-wise feed-forward block: linear → activation → dropout → linear. */
function feedForward(layer: TransformerEncoderLayer | TransformerDecoderLayer, x: Tensor): Tensor {
  const hidden = layer.linear1.forward(x);
  const activated = layer.options.activation === 'relu' ? relu(hidden) : gelu(hidden);
  const dropped = layer.dropout.forward(activated);
  const out = layer.linear2.forward(dropped);
  handBack(layer, [hidden, activated, dropped]);
  return out;
}

/** Options of `TransformerEncoderLayer.forward` (the masks) (PyTorch's keyword arguments, where it has them). */
export interface EncoderCallOptions {
  /** [L, L] or [N·heads, L, L]: bool (true = not allowed) or float (added). */
  srcMask?: Tensor | null;
  /** [N, L] bool: true marks padding, which no position attends to. */
  srcKeyPaddingMask?: Tensor | null;
  /** Each position attends only to itself and earlier ones (default false). */
  isCausal?: boolean;
  /**
   * Incremental decoding of a decoder-only (causal) stack: `src` holds only the new positions,
   * whose keys and values are appended to the cache (see `DecoderCallOptions.cache`).
   */
  cache?: AttentionCache;
}

const ENCODER_KEYS = { srcMask: true, srcKeyPaddingMask: true, isCausal: true, cache: true } as const;

/**
 * Self-attention then a position-wise feed-forward network, each with dropout, a residual
 * connection and LayerNorm: post-LN x ← LN(x + Dropout(Sublayer(x))), or pre-LN
 * x ← x + Dropout(Sublayer(LN(x))) with `normFirst`. Input and output [L, N, dModel]
 * ([N, L, dModel] with batchFirst). State-dict keys as PyTorch's (`self_attn.in_proj_weight`,
 * `linear1.weight`, `norm1.bias`, …).
 * PyTorch: `torch.nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation='relu', layer_norm_eps=1e-5, batch_first=False, norm_first=False)`.
 * @example const layer = new TransformerEncoderLayer(128, 4, { dimFeedforward: 512, batchFirst: true });
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
  readonly options: Required<TransformerLayerOptions>;

  constructor(dModel: number, nhead: number, options?: TransformerLayerOptions);
  constructor(dModel: number, nhead: number, dimFeedforward: number, dropout?: number, options?: Omit<TransformerLayerOptions, 'dimFeedforward' | 'dropout'>);
  constructor(readonly dModel: number, readonly nhead: number, first?: number | TransformerLayerOptions, dropout?: number, rest?: TransformerLayerOptions) {
    super();
    const o = layerOptions('TransformerEncoderLayer', first, dropout, rest);
    this.selfAttn = new MultiheadAttention(dModel, nhead, { dropout: o.dropout, batchFirst: o.batchFirst });
    this.linear1 = new Linear(dModel, o.dimFeedforward);
    this.dropout = new Dropout(o.dropout);
    this.linear2 = new Linear(o.dimFeedforward, dModel);
    this.norm1 = new LayerNorm(dModel, { eps: o.layerNormEps });
    this.norm2 = new LayerNorm(dModel, { eps: o.layerNormEps });
    this.dropout1 = new Dropout(o.dropout);
    this.dropout2 = new Dropout(o.dropout);
    this.options = o;
  }

  get normFirst(): boolean {
    return this.options.normFirst;
  }

  private attentionBlock(x: Tensor, o: EncoderCallOptions): Tensor {
    const [y] = this.selfAttn.forward(x, x, x, { attnMask: o.srcMask, keyPaddingMask: o.srcKeyPaddingMask, isCausal: o.isCausal, needWeights: false, cache: o.cache });
    return this.dropout1.forward(y);
  }

  /**
   * Encodes `src`; the mask may also come positionally, as in PyTorch's `forward(src, src_mask)`.
   * @example layer.forward(x, { srcMask: causal }); layer.forward(x, causal, { srcKeyPaddingMask: pad })
   */
  forward(src: Tensor, options?: EncoderCallOptions): Tensor;
  forward(src: Tensor, srcMask: Tensor | null, options?: Omit<EncoderCallOptions, 'srcMask'>): Tensor;
  forward(src: Tensor, first?: Tensor | null | EncoderCallOptions, rest?: Omit<EncoderCallOptions, 'srcMask'>): Tensor {
    const options = maskOrOptions<EncoderCallOptions>('TransformerEncoderLayer.forward', 'srcMask', first, rest, ENCODER_KEYS,
      'forward(src, srcMask, { srcKeyPaddingMask, isCausal, cache }) or forward(src, { srcMask, srcKeyPaddingMask, isCausal, cache })');
    if (this.normFirst) {
      const normed = this.norm1.forward(src);
      const attended = this.attentionBlock(normed, options);
      const x = src.add(attended);
      const normed2 = this.norm2.forward(x);
      const fed = this.dropout2.forward(feedForward(this, normed2));
      const out = x.add(fed);
      handBack(this, [normed, attended, x, normed2, fed]);
      return out;
    }
    const attended = this.attentionBlock(src, options);
    const sum = src.add(attended);
    const x = this.norm1.forward(sum);
    const fed = this.dropout2.forward(feedForward(this, x));
    const sum2 = x.add(fed);
    const out = this.norm2.forward(sum2);
    handBack(this, [attended, sum, x, fed, sum2]);
    return out;
  }
}

/** One decoder layer's key/value caches: its self-attention's and its cross-attention's. */
export interface DecoderLayerCache {
  self: AttentionCache;
  cross: AttentionCache;
}

/** Options of `TransformerDecoderLayer.forward` (the masks and cache) (PyTorch's keyword arguments, where it has them). */
export interface DecoderCallOptions {
  /** [T, T] or [N·heads, T, T]: bool (true = not allowed) or float (added) — usually causal. */
  tgtMask?: Tensor | null;
  /** [T, S] or [N·heads, T, S] mask of the cross-attention. */
  memoryMask?: Tensor | null;
  /** [N, T] bool: true marks padded target positions. */
  tgtKeyPaddingMask?: Tensor | null;
  /** [N, S] bool: true marks padded source positions. */
  memoryKeyPaddingMask?: Tensor | null;
  /** Apply the causal mask in self-attention (instead of, or on top of, `tgtMask`; default false). */
  tgtIsCausal?: boolean;
  /** Apply a causal mask in cross-attention (default false). */
  memoryIsCausal?: boolean;
  /**
   * Incremental decoding: `tgt` holds only the new positions, whose self-attention keys and
   * values are appended to the cache; the memory's keys and values are projected once. The
   * new positions see every cached one, and with `tgtIsCausal` the earlier new ones only.
   */
  cache?: DecoderLayerCache;
  /** Receives each layer's cross-attention weights [N, T, S] (averaged over heads), e.g. for a heat map. */
  crossAttentionWeights?: Tensor[];
}

export const DECODER_KEYS = {
  tgtMask: true, memoryMask: true, tgtKeyPaddingMask: true, memoryKeyPaddingMask: true, tgtIsCausal: true, memoryIsCausal: true, cache: true, crossAttentionWeights: true,
} as const;

/**
 * Causal self-attention, cross-attention on the encoder's output (`memory`: keys and values)
 * and a position-wise feed-forward network, each with dropout, a residual connection and
 * LayerNorm (post-LN, or pre-LN with `normFirst`). `tgt` [T, N, dModel], `memory`
 * [S, N, dModel] (batch first with batchFirst) → [T, N, dModel]. State-dict keys as PyTorch's
 * (`self_attn.*`, `multihead_attn.*`, `linear1.*`, `norm1..3.*`).
 * PyTorch: `torch.nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation='relu', layer_norm_eps=1e-5, batch_first=False, norm_first=False)`.
 * @example const layer = new TransformerDecoderLayer(128, 4, { dimFeedforward: 512, batchFirst: true });
 * const y = layer.forward(tgt, memory, { tgtIsCausal: true });
 */
export class TransformerDecoderLayer extends Module {
  readonly selfAttn: MultiheadAttention;
  readonly multiheadAttn: MultiheadAttention;
  readonly linear1: Linear;
  readonly dropout: Dropout;
  readonly linear2: Linear;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly norm3: LayerNorm;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;
  readonly dropout3: Dropout;
  readonly options: Required<TransformerLayerOptions>;

  constructor(dModel: number, nhead: number, options?: TransformerLayerOptions);
  constructor(dModel: number, nhead: number, dimFeedforward: number, dropout?: number, options?: Omit<TransformerLayerOptions, 'dimFeedforward' | 'dropout'>);
  constructor(readonly dModel: number, readonly nhead: number, first?: number | TransformerLayerOptions, dropout?: number, rest?: TransformerLayerOptions) {
    super();
    const o = layerOptions('TransformerDecoderLayer', first, dropout, rest);
    this.selfAttn = new MultiheadAttention(dModel, nhead, { dropout: o.dropout, batchFirst: o.batchFirst });
    this.multiheadAttn = new MultiheadAttention(dModel, nhead, { dropout: o.dropout, batchFirst: o.batchFirst });
    this.linear1 = new Linear(dModel, o.dimFeedforward);
    this.dropout = new Dropout(o.dropout);
    this.linear2 = new Linear(o.dimFeedforward, dModel);
    this.norm1 = new LayerNorm(dModel, { eps: o.layerNormEps });
    this.norm2 = new LayerNorm(dModel, { eps: o.layerNormEps });
    this.norm3 = new LayerNorm(dModel, { eps: o.layerNormEps });
    this.dropout1 = new Dropout(o.dropout);
    this.dropout2 = new Dropout(o.dropout);
    this.dropout3 = new Dropout(o.dropout);
    this.options = o;
  }

  private selfAttentionBlock(x: Tensor, o: DecoderCallOptions): Tensor {
    const [y] = this.selfAttn.forward(x, x, x, { attnMask: o.tgtMask, keyPaddingMask: o.tgtKeyPaddingMask, isCausal: o.tgtIsCausal, needWeights: false, cache: o.cache?.self });
    return this.dropout1.forward(y);
  }

  private crossAttentionBlock(x: Tensor, memory: Tensor, o: DecoderCallOptions): Tensor {
    const [y, weights] = this.multiheadAttn.forward(x, memory, memory, {
      attnMask: o.memoryMask, keyPaddingMask: o.memoryKeyPaddingMask, isCausal: o.memoryIsCausal, needWeights: o.crossAttentionWeights !== undefined, cache: o.cache?.cross, staticKeys: true,
    });
    if (weights) o.crossAttentionWeights!.push(weights);
    return this.dropout2.forward(y);
  }

  /**
   * Decodes `tgt` attending to `memory`; the target mask may also come positionally, as in
   * PyTorch's `forward(tgt, memory, tgt_mask)`.
   * @example layer.forward(tgt, memory, Transformer.generateSquareSubsequentMask(T), { memoryKeyPaddingMask: pad })
   */
  forward(tgt: Tensor, memory: Tensor, options?: DecoderCallOptions): Tensor;
  forward(tgt: Tensor, memory: Tensor, tgtMask: Tensor | null, options?: Omit<DecoderCallOptions, 'tgtMask'>): Tensor;
  forward(tgt: Tensor, memory: Tensor, first?: Tensor | null | DecoderCallOptions, rest?: Omit<DecoderCallOptions, 'tgtMask'>): Tensor {
    const o = maskOrOptions<DecoderCallOptions>('TransformerDecoderLayer.forward', 'tgtMask', first, rest, DECODER_KEYS,
      'forward(tgt, memory, tgtMask, { memoryMask, ... }) or forward(tgt, memory, { tgtMask, memoryMask, ... })');
    const ff = (x: Tensor): Tensor => this.dropout3.forward(feedForward(this, x));
    if (this.options.normFirst) {
      let x = tgt.add(this.selfAttentionBlock(this.norm1.forward(tgt), o));
      x = x.add(this.crossAttentionBlock(this.norm2.forward(x), memory, o));
      return x.add(ff(this.norm3.forward(x)));
    }
    let x = this.norm1.forward(tgt.add(this.selfAttentionBlock(tgt, o)));
    x = this.norm2.forward(x.add(this.crossAttentionBlock(x, memory, o)));
    return this.norm3.forward(x.add(ff(x)));
  }
}
