/**
 * @file Attention (SPEC §12.6): scaled dot-product attention, and multi-head attention with
 * PyTorch's packed input projection, masks and averaged attention weights.
 */
import { discard } from '../../autograd/discard.js';
import { isGradEnabled } from '../../autograd/grad_mode.js';
import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { full } from '../../tensor/creation.js';
import { isFloating } from '../../tensor/dtype.js';
import type { Generator } from '../../tensor/random.js';
import { shapeStr } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import { cat } from '../../ops/shape.js';
import { dropout, linear } from './layers.js';
import { checkOptions } from '../../options.js';

/** A mask as an additive float tensor: a bool mask gives 0 where `allowedWhen` holds and −∞ elsewhere. */
function additiveMask(mask: Tensor, allowedWhen: boolean, dtype: Tensor['dtype']): Tensor {
  if (mask.dtype !== 'bool') return mask.to(dtype);
  return full(mask.shape, 0, { dtype }).maskedFill(allowedWhen ? mask.logicalNot() : mask, -Infinity);
}

/**
 * The causal mask [l, s]: 0 where key j ≤ query i + offset, −∞ after. The offset is the number
 * of earlier positions whose keys come from a cache (queries are the last l of s positions).
 */
function causalMask(l: number, s: number, dtype: Tensor['dtype'], offset = 0): Tensor {
  const data = new Float64Array(l * s);
  for (let i = 0; i < l; i++) data.fill(-Infinity, i * s + Math.min(s, i + offset + 1), (i + 1) * s);
  return Tensor.fromData(data, [l, s]).to(dtype);
}

/** Options of `scaledDotProductAttention` (PyTorch's keyword arguments, where it has them). */
export interface AttentionOptions {
  /**
   * Added to the scores: a float mask, or a bool mask that is true where attention is
   * **allowed** (the convention of PyTorch's `scaled_dot_product_attention`); broadcasts to [..., L, S].
   */
  attnMask?: Tensor | null;
  /** Dropout on the attention weights, in training (default 0). */
  dropoutP?: number;
  /** Mask out the keys after each query's position (default false). */
  isCausal?: boolean;
  /** Scale of the scores (default 1/√E). */
  scale?: number;
  /** Dropout is active only in training (default true). */
  training?: boolean;
  generator?: Generator;
}

/** The attention output and the weights (after dropout) that produced it. */
function attend(q: Tensor, k: Tensor, v: Tensor, o: AttentionOptions): { output: Tensor; weights: Tensor } {
  const [l, e] = q.shape.slice(-2) as [number, number];
  // q scaled before the product, as PyTorch's attention does: [L, E] values instead of [L, S].
  const scaled = q.mul(o.scale ?? 1 / Math.sqrt(e));
  let scores = scaled.matmul(k.mT);
  discard(scaled);
  const masked = (mask: Tensor): Tensor => {
    const sum = scores.add(mask);
    discard(scores);
    return sum;
  };
  if (o.attnMask) scores = masked(additiveMask(o.attnMask, true, scores.dtype));
  if (o.isCausal) scores = masked(causalMask(l, k.shape[k.ndim - 2]!, scores.dtype));
  const probabilities = scores.softmax(-1);
  discard(scores);
  const p = o.dropoutP ?? 0;
  const weights = p > 0 ? dropout(probabilities, { p, training: o.training ?? true, generator: o.generator }) : probabilities;
  if (weights !== probabilities) discard(probabilities);
  return { output: weights.matmul(v), weights };
}

/**
 * softmax(q·kᵀ·scale + mask)·v for `q` [..., L, E], `k` [..., S, E], `v` [..., S, Ev] → [..., L, Ev].
 * A query whose keys are all masked gets NaN, as in PyTorch.
 * PyTorch: `F.scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None)`.
 * @example scaledDotProductAttention(q, k, v, { isCausal: true }) // decoder self-attention
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions): Tensor {
  options = checkOptions<AttentionOptions>('scaledDotProductAttention', options, { attnMask: true, dropoutP: true, isCausal: true, scale: true, training: true, generator: true });
  if (q.ndim < 2 || k.ndim !== q.ndim || v.ndim !== q.ndim || q.shape[q.ndim - 1] !== k.shape[k.ndim - 1] || k.shape[k.ndim - 2] !== v.shape[v.ndim - 2]) {
    throw new ShapeError(`scaledDotProductAttention: expected q [..., L, E], k [..., S, E], v [..., S, Ev], got ${shapeStr(q.shape)}, ${shapeStr(k.shape)}, ${shapeStr(v.shape)}`);
  }
  const { output, weights } = attend(q, k, v, options);
  discard(weights);
  return output;
}

/** Multi-head attention's parameters, as `nn.MultiheadAttention` stores them. */
export interface MultiHeadAttentionWeights {
  /** Shape [3E, E]: the rows of W_q, then W_k, then W_v. */
  inProjWeight: Tensor;
  inProjBias: Tensor | null;
  outProjWeight: Tensor;
  outProjBias: Tensor | null;
}

/**
 * The projected keys and values of earlier calls, per head ([N, heads, S, d]), for incremental
 * decoding: start with `{ key: null, value: null }` and pass the same object at every step.
 */
export interface AttentionCache {
  key: Tensor | null;
  value: Tensor | null;
}

/** Options of `multiHeadAttention` (PyTorch's keyword arguments, where it has them). */
export interface MultiHeadAttentionOptions {
  /** [N, S] bool (true = ignore that key) or float (added). */
  keyPaddingMask?: Tensor | null;
  /** [L, S] or [N·heads, L, S]: bool (true = **not** allowed, PyTorch's MHA convention) or float (added). */
  attnMask?: Tensor | null;
  /** Also mask the keys after each query's position (default false). */
  isCausal?: boolean;
  /** Return the attention weights (default true). */
  needWeights?: boolean;
  /** Average the weights over heads ([N, L, S]) instead of per head ([N, heads, L, S]) (default true). */
  averageAttnWeights?: boolean;
  /** Dropout on the attention weights (default 0). */
  dropout?: number;
  training?: boolean;
  /** Inputs and output are [N, L, E] (default false: [L, N, E]). */
  batchFirst?: boolean;
  generator?: Generator;
  /**
   * Keys and values of earlier steps. Self-attention (`staticKeys` false) appends this call's
   * projected keys and values to it, and the causal mask then lines the l queries up with the
   * last l of the S keys; with `staticKeys` (cross-attention on a fixed memory) the first call
   * fills it and later calls reuse it without projecting `key` and `value` again.
   */
  cache?: AttentionCache;
  staticKeys?: boolean;
}

function checkAttention(query: Tensor, key: Tensor, value: Tensor, numHeads: number, w: MultiHeadAttentionWeights, batchFirst: boolean): void {
  if (!isFloating(query.dtype)) throw new DTypeError(`multiHeadAttention: query must be floating point, got ${query.dtype}`);
  const layout = batchFirst ? '[N, L, E]' : '[L, N, E]';
  const e = w.inProjWeight.shape[1]!;
  const batchDim = batchFirst ? 0 : 1;
  for (const [name, t] of [['query', query], ['key', key], ['value', value]] as const) {
    if (t.ndim !== 3 || t.shape[2] !== e || t.shape[batchDim] !== query.shape[batchDim]) {
      throw new ShapeError(`multiHeadAttention: ${name} must be ${layout} with E = ${e} and the query's batch, got ${shapeStr(t.shape)}`);
    }
  }
  if (key.shape[1 - batchDim] !== value.shape[1 - batchDim]) throw new ShapeError(`multiHeadAttention: key ${shapeStr(key.shape)} and value ${shapeStr(value.shape)} differ in length`);
  if (!Number.isInteger(numHeads) || numHeads < 1 || e % numHeads !== 0) throw new ValueError(`multiHeadAttention: ${e} features cannot be split into ${numHeads} heads`);
  if (w.inProjWeight.shape[0] !== 3 * e) throw new ShapeError(`multiHeadAttention: inProjWeight must be [${3 * e}, ${e}], got ${shapeStr(w.inProjWeight.shape)}`);
}

/** Both masks as one additive mask broadcasting against the scores [N, heads, L, S] (or null). */
function combinedMask(o: MultiHeadAttentionOptions, n: number, heads: number, l: number, s: number, dtype: Tensor['dtype'], causalOffset: number): Tensor | null {
  let mask: Tensor | null = null;
  if (o.attnMask) {
    const m = o.attnMask;
    const ok = (m.ndim === 2 && m.shape[0] === l && m.shape[1] === s) || (m.ndim === 3 && m.shape[0] === n * heads && m.shape[1] === l && m.shape[2] === s);
    if (!ok) throw new ShapeError(`multiHeadAttention: attnMask must be [${l}, ${s}] or [${n * heads}, ${l}, ${s}], got ${shapeStr(m.shape)}`);
    mask = additiveMask(m, false, dtype);
    if (m.ndim === 3) mask = mask.reshape([n, heads, l, s]);
  }
  if (o.keyPaddingMask) {
    const m = o.keyPaddingMask;
    if (m.ndim !== 2 || m.shape[0] !== n || m.shape[1] !== s) throw new ShapeError(`multiHeadAttention: keyPaddingMask must be [${n}, ${s}], got ${shapeStr(m.shape)}`);
    const pad = additiveMask(m, false, dtype).reshape([n, 1, 1, s]);
    mask = mask ? mask.add(pad) : pad;
  }
  // (When even the first query may see all s keys — one query after s − 1 cached ones — nothing is masked.)
  if (o.isCausal && causalOffset < s - 1) {
    const causal = causalMask(l, s, dtype, causalOffset);
    mask = mask ? mask.add(causal) : causal;
  }
  return mask;
}

/**
 * Multi-head attention: project query, key and value with W_q, W_k, W_v (rows of
 * `inProjWeight`), split the E features into `numHeads` heads, attend in each, concatenate and
 * project with W_o. Returns the output (shaped like the query) and the attention weights.
 * PyTorch: `F.multi_head_attention_forward` / `nn.MultiheadAttention.forward`.
 * @example const { output } = multiHeadAttention(x, x, x, 4, weights, { batchFirst: true })
 */
export function multiHeadAttention(query: Tensor, key: Tensor, value: Tensor, numHeads: number, w: MultiHeadAttentionWeights,
  options?: MultiHeadAttentionOptions): { output: Tensor; weights: Tensor | null } {
  options = checkOptions<MultiHeadAttentionOptions>('multiHeadAttention', options, {
    keyPaddingMask: true, attnMask: true, isCausal: true, needWeights: true, averageAttnWeights: true, dropout: true, training: true, batchFirst: true, generator: true,
    cache: true, staticKeys: true,
  });
  const { batchFirst = false, needWeights = true, averageAttnWeights = true, dropout: p = 0, training = true } = options;
  checkAttention(query, key, value, numHeads, w, batchFirst);
  const [qIn, kIn, vIn] = batchFirst ? [query, key, value] : [query, key, value].map((t) => t.transpose(0, 1)) as [Tensor, Tensor, Tensor];
  const [n, l, e] = qIn.shape as [number, number, number];
  const d = e / numHeads;
  const rows = (t: Tensor | null, i: number): Tensor | null => (t ? t.narrow(0, i * e, e) : null);
  // Three products with row blocks of the packed weight, not one product chunked afterwards:
  // the backward of a chunk of the packed output would write into a zeroed full-size gradient.
  const heads = (t: Tensor): Tensor => t.reshape([n, t.shape[1]!, numHeads, d]).transpose(1, 2);
  // Keys and values come out as W·xᵀ per sample, [N, heads, d, S]: q·kᵀ and weights·v then read
  // them where they are, where [N, S, heads, d] would be copied out head by head (and back in
  // the backward). The queries' scaling makes them contiguous anyway.
  const project = (t: Tensor, i: number): Tensor => {
    if (i === 0) return heads(linear(t, rows(w.inProjWeight, i)!, rows(w.inProjBias, i)));
    const product = rows(w.inProjWeight, i)!.matmul(t.mT);
    const bias = rows(w.inProjBias, i);
    const biased = bias ? product.add(bias.reshape([e, 1])) : product;
    if (bias) discard(product);
    return biased.reshape([n, numHeads, d, t.shape[1]!]).mT;
  };
  const { cache, staticKeys = false } = options;
  // Self-attention with nothing to differentiate (inference, a decoding step): one product with the packed weight.
  const packed = qIn === kIn && kIn === vIn && !staticKeys && !isGradEnabled() ? linear(qIn, w.inProjWeight, w.inProjBias) : null;
  const projected = (i: number): Tensor => (packed ? heads(packed.narrow(2, i * e, e)) : project([qIn, kIn, vIn][i]!, i));
  let [k, v] = cache?.key && staticKeys ? [cache.key, cache.value!] : [projected(1), projected(2)];
  if (cache && !staticKeys && cache.key) [k, v] = [cat([cache.key, k], 2), cat([cache.value!, v], 2)];
  if (cache) [cache.key, cache.value] = [k, v];
  const s = k.shape[2]!;
  const mask = combinedMask(options, n, numHeads, l, s, k.dtype, cache && !staticKeys ? s - l : 0);
  const q = projected(0);
  const { output, weights } = attend(q, k, v, { attnMask: mask, dropoutP: p, training, generator: options.generator });
  const joined = output.transpose(1, 2).reshape([n, l, e]);
  const merged = linear(joined, w.outProjWeight, w.outProjBias);
  // This call made all of these; a packed projection's q shares memory with k and v, and a cache keeps k and v.
  if (!packed) discard(q);
  if (!packed && !cache) [k, v].forEach(discard);
  [output, joined, ...(needWeights ? [] : [weights])].forEach(discard);
  return {
    output: batchFirst ? merged : merged.transpose(0, 1),
    weights: needWeights ? (averageAttnWeights ? weights.mean(1) : weights) : null,
  };
}
