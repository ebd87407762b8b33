/**
 * @file Early reuse of a library function's own intermediates.
 *
 * A composite such as `linear` (a product, then a bias added) makes tensors that nobody else
 * ever sees: once the next op has read one, its buffer is dead, unless a graph node saved it for
 * the backward. Handing such buffers back at once (instead of waiting for V8 to find them dead)
 * lets the next output of the same length reuse memory that is already mapped and cached, and
 * spares the collections that V8 starts for every 64 MB of new buffers.
 */
import { recycle } from '../backend/recycling.js';
import type { Storage, Tensor } from '../tensor/tensor.js';
import { isTracing } from './trace.js';

/** Storages that a graph node kept for its backward (or that were handed back already). */
const kept = new WeakSet<Storage>();

/** Records that a graph node keeps `t` for its backward, so its memory is never discarded. */
export function markSaved(t: Tensor): void {
  kept.add(t.storage);
}

/**
 * Hands back the buffer of `t`, an intermediate the caller made and has finished with, unless
 * a graph node saved it (or any view of it) or a tracer listens. The caller promises that
 * neither `t` nor any other tensor on its storage is used again.
 */
export function discard(t: Tensor): void {
  if (isTracing() || kept.has(t.storage)) return;
  kept.add(t.storage);
  recycle(t.storage.data);
}
