/**
 * @file Stacks of Transformer layers (SPEC §12.6): the encoder, the decoder with its key/value
 * cache for incremental decoding, and the encoder-decoder `Transformer`.
 */
import { noGrad } from '../autograd/grad_mode.js';
import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { Tensor } from '../tensor/tensor.js';
import { ModuleList } from './container.js';
import { xavierUniform_ } from './init.js';
import { Module } from './module.js';
import { LayerNorm } from './normalization.js';
import {
  DECODER_KEYS, TransformerDecoderLayer, TransformerEncoderLayer, handBack, maskOrOptions,
  type DecoderCallOptions, type DecoderLayerCache, type TransformerLayerOptions,
} from './transformer.js';
import { checkOptions } from '../options.js';

/** `count` copies of `layer` with the same initial weights, as PyTorch's stacks deep-copy theirs. */
function clones<L extends TransformerEncoderLayer | TransformerDecoderLayer>(layer: L, count: number, op: string): ModuleList {
  if (!Number.isInteger(count) || count < 1) throw new ValueError(`${op}: numLayers must be a positive integer, got ${count}`);
  const make = layer.constructor as new (d: number, h: number, o: TransformerLayerOptions) => L;
  const weights = layer.stateDict();
  return new ModuleList(Array.from({ length: count }, () => {
    const copy = new make(layer.dModel, layer.nhead, layer.options);
    copy.loadStateDict(weights);
    return copy.train(layer.training);
  }));
}

/** Options of `TransformerEncoder.forward` (PyTorch's keyword arguments, where it has them). */
export interface EncoderStackCallOptions {
  /** [L, L] or [N·heads, L, L] attention mask of every layer. */
  mask?: Tensor | null;
  /** [N, L] bool: true marks padding. */
  srcKeyPaddingMask?: Tensor | null;
  isCausal?: boolean;
  /** Incremental decoding of a causal (decoder-only) stack: `src` holds only the new positions. */
  cache?: KeyValueCache;
}

/** A stack's own parts: its layer list and final norm (the layers' classes are checked on their own). */
const STACK_PARTS = new Set<unknown>([ModuleList, LayerNorm]);

/**
 * `numLayers` copies of an encoder layer applied in turn, then the optional final `norm`
 * (pre-LN stacks need one). State-dict keys `layers.0.self_attn.…`, `norm.weight` as PyTorch's.
 * PyTorch: `torch.nn.TransformerEncoder(encoder_layer, num_layers, norm=None)`.
 * @example const encoder = new TransformerEncoder(new TransformerEncoderLayer(128, 4), 2);
 * const y = encoder.forward(x, Transformer.generateSquareSubsequentMask(x.shape[0]));
 */
export class TransformerEncoder extends Module {
  readonly layers: ModuleList;
  readonly norm: LayerNorm | null;

  constructor(encoderLayer: TransformerEncoderLayer, readonly numLayers: number, norm: LayerNorm | null = null) {
    super();
    this.layers = clones(encoderLayer, numLayers, 'TransformerEncoder');
    this.norm = norm;
  }

  /** Encodes `src` [L, N, E] ([N, L, E] batch first); the mask may come positionally as in PyTorch. */
  forward(src: Tensor, options?: EncoderStackCallOptions): Tensor;
  forward(src: Tensor, mask: Tensor | null, options?: Omit<EncoderStackCallOptions, 'mask'>): Tensor;
  forward(src: Tensor, first?: Tensor | null | EncoderStackCallOptions, rest?: Omit<EncoderStackCallOptions, 'mask'>): Tensor {
    const o = maskOrOptions<EncoderStackCallOptions>('TransformerEncoder.forward', 'mask', first, rest, { mask: true, srcKeyPaddingMask: true, isCausal: true, cache: true },
      'forward(src, mask, { srcKeyPaddingMask }) or forward(src, { mask, srcKeyPaddingMask })');
    checkCache('TransformerEncoder.forward', o.cache);
    const outputs = [src];
    [...this.layers].forEach((layer, i) => {
      outputs.push((layer as TransformerEncoderLayer).forward(outputs[i]!, { srcMask: o.mask, srcKeyPaddingMask: o.srcKeyPaddingMask, isCausal: o.isCausal, cache: o.cache?.layer(i).self }));
    });
    const last = outputs[outputs.length - 1]!;
    const out = this.norm ? this.norm.forward(last) : last;
    // The layers' outputs are this stack's own, but for the one it returns.
    if ([...this.layers.children()].every((m) => m.constructor === TransformerEncoderLayer)) handBack(this, outputs.slice(1).filter((t) => t !== out), STACK_PARTS);
    return out;
  }
}

/**
 * The key/value caches of a decoder stack for incremental decoding: pass the same cache to
 * every `TransformerDecoder.forward` call with only the new target positions; `reorder` keeps
 * chosen batch rows (beam search).
 * PyTorch: none built in; Hugging Face's `past_key_values` (`DynamicCache`).
 * @example const cache = new KeyValueCache(); for (...) y = decoder.forward(lastToken, memory, { cache });
 */
export class KeyValueCache {
  readonly layers: DecoderLayerCache[] = [];

  /** The cache of layer `i`, created empty on first use. */
  layer(i: number): DecoderLayerCache {
    while (this.layers.length <= i) this.layers.push({ self: { key: null, value: null }, cross: { key: null, value: null } });
    return this.layers[i]!;
  }

  /** Target positions cached so far. */
  get length(): number {
    return this.layers[0]?.self.key?.shape[2] ?? 0;
  }

  /** Keeps batch rows `rows` (in that order, repeats allowed) of every cached tensor. */
  reorder(rows: readonly number[]): void {
    const index = tensor([...rows], { dtype: 'int32' });
    for (const layer of this.layers) {
      for (const c of [layer.self, layer.cross]) {
        if (c.key) [c.key, c.value] = [c.key.indexSelect(0, index), c.value!.indexSelect(0, index)];
      }
    }
  }
}

function checkCache(op: string, cache: unknown): void {
  if (cache !== undefined && !(cache instanceof KeyValueCache)) throw new ValueError(`${op}: cache must be a KeyValueCache`);
}

/** Options of `TransformerDecoder.forward`: the decoder layer's masks plus an optional key/value cache. */
export type DecoderStackCallOptions = Omit<DecoderCallOptions, 'cache'> & {
  /** Incremental decoding: `tgt` holds only the new positions (see `KeyValueCache`). */
  cache?: KeyValueCache;
};

/**
 * `numLayers` copies of a decoder layer applied in turn, then the optional final `norm`.
 * PyTorch: `torch.nn.TransformerDecoder(decoder_layer, num_layers, norm=None)`.
 * @example const decoder = new TransformerDecoder(new TransformerDecoderLayer(128, 4), 2, new LayerNorm(128));
 * const y = decoder.forward(tgt, memory, { tgtIsCausal: true });
 */
export class TransformerDecoder extends Module {
  readonly layers: ModuleList;
  readonly norm: LayerNorm | null;

  constructor(decoderLayer: TransformerDecoderLayer, readonly numLayers: number, norm: LayerNorm | null = null) {
    super();
    this.layers = clones(decoderLayer, numLayers, 'TransformerDecoder');
    this.norm = norm;
  }

  /** Decodes `tgt` [T, N, E] against `memory` [S, N, E] (batch first with batchFirst); the target mask may come positionally. */
  forward(tgt: Tensor, memory: Tensor, options?: DecoderStackCallOptions): Tensor;
  forward(tgt: Tensor, memory: Tensor, tgtMask: Tensor | null, options?: Omit<DecoderStackCallOptions, 'tgtMask'>): Tensor;
  forward(tgt: Tensor, memory: Tensor, first?: Tensor | null | DecoderStackCallOptions, rest?: Omit<DecoderStackCallOptions, 'tgtMask'>): Tensor {
    const { cache, ...o } = maskOrOptions<DecoderStackCallOptions>('TransformerDecoder.forward', 'tgtMask', first, rest, DECODER_KEYS,
      'forward(tgt, memory, tgtMask, { memoryMask, ... }) or forward(tgt, memory, { tgtMask, memoryMask, ... })');
    checkCache('TransformerDecoder.forward', cache);
    let x = tgt;
    let i = 0;
    for (const layer of this.layers) x = (layer as TransformerDecoderLayer).forward(x, memory, { ...o, cache: cache?.layer(i++) });
    return this.norm ? this.norm.forward(x) : x;
  }
}

/** Options of `nn.Transformer` (PyTorch's keyword arguments, where it has them). */
export interface TransformerOptions extends TransformerLayerOptions {
  /** Default 512. */
  dModel?: number;
  /** Attention heads (default 8). */
  nhead?: number;
  numEncoderLayers?: number;
  numDecoderLayers?: number;
  /** Used instead of the built encoder / decoder stacks. */
  customEncoder?: Module | null;
  customDecoder?: Module | null;
}

/** Options of `Transformer.forward` (every mask kind) (PyTorch's keyword arguments, where it has them). */
export interface TransformerCallOptions {
  srcMask?: Tensor | null;
  tgtMask?: Tensor | null;
  memoryMask?: Tensor | null;
  srcKeyPaddingMask?: Tensor | null;
  tgtKeyPaddingMask?: Tensor | null;
  memoryKeyPaddingMask?: Tensor | null;
}

/**
 * The encoder-decoder Transformer: `numEncoderLayers` encoder layers and `numDecoderLayers`
 * decoder layers, each stack with a final LayerNorm; every parameter with more than one
 * dimension is re-drawn Xavier-uniform, as in PyTorch. `forward(src [S, N, E], tgt [T, N, E])`
 * → [T, N, E] (batch first with batchFirst). Embeddings and the output projection are the
 * caller's.
 * PyTorch: `torch.nn.Transformer(d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048, dropout=0.1, ...)`.
 * @example const model = new Transformer({ dModel: 64, nhead: 4, numEncoderLayers: 2, numDecoderLayers: 2, dimFeedforward: 128 });
 * const y = model.forward(src, tgt, { tgtMask: Transformer.generateSquareSubsequentMask(tgt.shape[0]) });
 */
export class Transformer extends Module {
  readonly encoder: Module;
  readonly decoder: Module;
  readonly dModel: number;
  readonly nhead: number;
  readonly batchFirst: boolean;

  constructor(options?: TransformerOptions) {
    super();
    const {
      dModel = 512, nhead = 8, numEncoderLayers = 6, numDecoderLayers = 6, customEncoder = null, customDecoder = null, ...layer
    } = checkOptions<TransformerOptions>('Transformer', options, {
      dModel: true, nhead: true, numEncoderLayers: true, numDecoderLayers: true, customEncoder: true, customDecoder: true,
      dimFeedforward: true, dropout: true, activation: true, layerNormEps: true, batchFirst: true, normFirst: true,
    });
    const eps = layer.layerNormEps ?? 1e-5;
    this.encoder = customEncoder ?? new TransformerEncoder(new TransformerEncoderLayer(dModel, nhead, layer), numEncoderLayers, new LayerNorm(dModel, { eps }));
    this.decoder = customDecoder ?? new TransformerDecoder(new TransformerDecoderLayer(dModel, nhead, layer), numDecoderLayers, new LayerNorm(dModel, { eps }));
    this.dModel = dModel;
    this.nhead = nhead;
    this.batchFirst = layer.batchFirst ?? false;
    noGrad(() => {
      for (const p of this.parameters()) if (p.ndim > 1) xavierUniform_(p);
    });
  }

  /**
   * The float mask [size, size] with −∞ above the diagonal and 0 elsewhere: position i sees 0…i.
   * PyTorch: `nn.Transformer.generate_square_subsequent_mask(sz)`.
   */
  static generateSquareSubsequentMask(size: number): Tensor {
    if (!Number.isInteger(size) || size < 1) throw new ValueError(`generateSquareSubsequentMask: size must be a positive integer, got ${size}`);
    const data = new Float32Array(size * size);
    for (let i = 0; i < size; i++) data.fill(-Infinity, i * size + i + 1, (i + 1) * size);
    return Tensor.fromData(data, [size, size]);
  }

  forward(src: Tensor, tgt: Tensor, options?: TransformerCallOptions): Tensor {
    const o = checkOptions<TransformerCallOptions>('Transformer.forward', options,
      { srcMask: true, tgtMask: true, memoryMask: true, srcKeyPaddingMask: true, tgtKeyPaddingMask: true, memoryKeyPaddingMask: true });
    const batchDim = this.batchFirst ? 0 : 1;
    if (src.ndim === 3 && tgt.ndim === 3 && src.shape[batchDim] !== tgt.shape[batchDim]) {
      throw new ValueError(`Transformer.forward: src and tgt must have the same batch size, got ${src.shape[batchDim]} and ${tgt.shape[batchDim]}`);
    }
    const memory = this.encoder.forward(src, { mask: o.srcMask, srcKeyPaddingMask: o.srcKeyPaddingMask }) as Tensor;
    return this.decoder.forward(tgt, memory, {
      tgtMask: o.tgtMask, memoryMask: o.memoryMask, tgtKeyPaddingMask: o.tgtKeyPaddingMask, memoryKeyPaddingMask: o.memoryKeyPaddingMask,
    }) as Tensor;
  }
}
