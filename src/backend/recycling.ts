/**
 * @file Reuse of the float32 buffers that the reverse pass is done with.
 *
 * V8 frees an ArrayBuffer only when a garbage collection finds it dead, and it starts a full
 * collection for every 64 MB of new buffers: a training step that allocates hundreds of MB of
 * gradients spends a fifth of its time marking a heap that did not change. The reverse pass
 * knows when a gradient it made is dead (no pending gradient shares its buffer, nothing outside
 * saw it), so it hands the buffer back here and a backend's next output of that length reuses
 * it — PyTorch's caching allocator, for the buffers whose lifetime is known.
 */
import type { TypedArray } from '../tensor/dtype.js';

/** Keep at most this many bytes waiting for reuse; beyond it, buffers are left to the garbage collector. */
const MAX_BYTES = 256 * 2 ** 20;

const free = new Map<number, Float32Array[]>();
let bytes = 0;
let recording: Set<ArrayBufferLike> | null = null;

/** A recycled float32 buffer of exactly `length` elements (old contents), or undefined. */
export function takeRecycled(length: number): Float32Array | undefined {
  const list = free.get(length);
  const buffer = list?.pop();
  if (buffer !== undefined) bytes -= buffer.byteLength;
  return buffer;
}

/** Tells the recorder (if one runs) that a backend made `data` for an output. */
export function noteOutput(data: TypedArray): TypedArray {
  recording?.add(data.buffer);
  return data;
}

/** Runs `fn`, adding to `into` the buffer of every output a backend makes meanwhile. */
export function recordOutputs<T>(into: Set<ArrayBufferLike>, fn: () => T): T {
  const previous = recording;
  recording = into;
  try {
    return fn();
  } finally {
    recording = previous;
  }
}

/**
 * Hands back a buffer nothing refers to any more. Only a Float32Array spanning its whole
 * ArrayBuffer is kept (a view into a larger one would keep the rest alive).
 */
export function recycle(data: TypedArray): void {
  // A buffer handed back while a recorder runs must not be handed back again by the recorder's owner.
  recording?.delete(data.buffer);
  if (!(data instanceof Float32Array) || data.byteOffset !== 0 || data.byteLength !== data.buffer.byteLength) return;
  if (bytes + data.byteLength > MAX_BYTES) return;
  const list = free.get(data.length);
  if (list === undefined) free.set(data.length, [data]);
  else list.push(data);
  bytes += data.byteLength;
}
