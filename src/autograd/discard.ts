/**
 * @file Early reuse of a library function's own intermediates.
 *
 * A composite such as `linear` (a product, then a bias added) or attention makes tensors that
 * nobody else ever sees. Once the function is done with one, its buffer is dead — at once, or,
 * if graph nodes saved it for the backward, when the last of them has run. Handing such buffers
 * back then (instead of waiting for V8 to find them dead) lets later outputs of the same length
 * reuse memory that is already mapped and cached, and spares the collections V8 starts for
 * every 64 MB of new buffers.
 *
 * Bookkeeping is per ArrayBuffer, not per tensor or storage: whatever shares the memory counts.
 */
import { recycle } from '../backend/recycling.js';
import type { TypedArray } from '../tensor/dtype.js';
import type { Storage, Tensor } from '../tensor/tensor.js';
import { isTracing } from './trace.js';

/** How many live graph nodes keep a tensor on each buffer for their backward. */
const savers = new WeakMap<ArrayBufferLike, number>();
/** Discarded buffers that graph nodes still keep: handed back when the last of them is released. */
const waiting = new WeakMap<ArrayBufferLike, TypedArray>();
/** Storages already discarded (a second discard of the same tensor must not hand it back twice). */
const discarded = new WeakSet<Storage>();
/** Buffers freed by released nodes during the current reverse pass. */
let freed: TypedArray[] = [];

/** Records that a graph node keeps `t` for its backward. */
export function markSaved(t: Tensor): void {
  const buffer = t.storage.data.buffer;
  savers.set(buffer, (savers.get(buffer) ?? 0) + 1);
}

/** Records that a node no longer keeps `t`; a discarded buffer nothing keeps any more is freed. */
export function unmarkSaved(t: Tensor): void {
  const buffer = t.storage.data.buffer;
  const left = (savers.get(buffer) ?? 1) - 1;
  if (left > 0) {
    savers.set(buffer, left);
    return;
  }
  savers.delete(buffer);
  const data = waiting.get(buffer);
  if (data === undefined) return;
  waiting.delete(buffer);
  freed.push(data);
}

/**
 * Ends a reverse pass: with `reuse`, the buffers its released nodes freed are handed back (a
 * `backward` that stored every gradient it made elsewhere); otherwise they are left to the
 * garbage collector (`grad` may return a gradient that is a view of a saved tensor).
 */
export function endReversePass(reuse: boolean): void {
  if (reuse) freed.forEach(recycle);
  freed = [];
}

/**
 * Says that the caller made `t` and has finished with it: its buffer is handed back now, or
 * after the reverse pass that releases the last graph node keeping it — never while a tracer
 * listens. The caller promises that neither `t` nor any other tensor on its memory is used
 * again outside the graph.
 */
export function discard(t: Tensor): void {
  if (isTracing() || discarded.has(t.storage)) return;
  discarded.add(t.storage);
  const data = t.storage.data;
  if (savers.has(data.buffer)) waiting.set(data.buffer, data);
  else recycle(data);
}
