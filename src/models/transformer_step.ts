/**
 * @file The `StepDecoder` of a Transformer model: feeds each row's newest token with a key/value
 * cache (one position per step), or re-runs the whole prefix every step without one.
 */
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { KeyValueCache } from '../nn/transformer_stacks.js';
import type { StepDecoder } from '../text/decoding.js';

/**
 * Logits [rows, T, V] of `tokens` [rows, T] placed at positions `offset…`, reading and extending
 * `cache` when it is given (then T is the new positions only).
 */
export type PrefixLogits = (tokens: Tensor, offset: number, cache: KeyValueCache | null) => Tensor;

/**
 * A StepDecoder over `rows` sequences. With `cache` every step costs one position per layer;
 * without it step t recomputes all t positions. `onReorder` moves the caller's per-row state
 * (e.g. the encoder memory) along with the rows. Once a prefix would exceed `window` positions
 * (the context a model was trained on), it keeps its newest ⌈window/2⌉ tokens, placed at
 * positions 0… again (the cache rebuilt from them), so generation can run past the window.
 * PyTorch: none built in; Hugging Face's `generate(…, use_cache=True)` with `past_key_values`.
 * @example const decoder = models.transformerStepDecoder((tokens, offset, kv) => lm.forward(tokens, offset, kv), true)
 */
export function transformerStepDecoder(logitsOf: PrefixLogits, useCache: boolean, onReorder: (index: Tensor) => void = () => {}, window = Infinity): StepDecoder {
  let cache = useCache ? new KeyValueCache() : null;
  let prefixes: number[][] | null = null;
  let offset = 0;
  const last = (logits: Tensor): Tensor => logits.select(1, logits.shape[1]! - 1);
  return {
    step(tokens) {
      prefixes = (prefixes ?? tokens.map(() => [])).map((p, r) => [...p, tokens[r]!]);
      if (prefixes[0]!.length > window) {
        prefixes = prefixes.map((p) => p.slice(-Math.ceil(window / 2)));
        if (cache) {
          cache = new KeyValueCache();
          offset = prefixes[0]!.length;
          return last(logitsOf(tensor(prefixes, { dtype: 'int32' }), 0, cache));
        }
      }
      const input = cache ? tensor(tokens.map((t) => [t]), { dtype: 'int32' }) : tensor(prefixes, { dtype: 'int32' });
      const logits = logitsOf(input, cache ? offset : 0, cache);
      offset++;
      return last(logits);
    },
    reorder(rows) {
      cache?.reorder(rows);
      if (prefixes) prefixes = rows.map((r) => [...prefixes![r]!]);
      onReorder(tensor([...rows], { dtype: 'int32' }));
    },
  };
}
