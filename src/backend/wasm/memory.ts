/** @file Where the wasm kernels' operands go: copies of typed arrays placed in the module's linear memory. */
import type { TypedArray } from '../../tensor/dtype.js';
import { noteOutput, takeRecycled } from '../recycling.js';

const PAGE = 65536;

export const f32 = (x: TypedArray | null): x is Float32Array => x instanceof Float32Array;

/**
 * Copies `arrays` into the memory one after another from `start`, leaves room for `outFloats`
 * more floats, and returns each one's byte offset and the output's.
 */
export function place(memory: WebAssembly.Memory, start: number, arrays: readonly Float32Array[], outFloats: number): { offsets: number[]; out: number } {
  let at = start;
  const offsets = arrays.map((a) => {
    const offset = at;
    at += a.length * 4;
    return offset;
  });
  const end = at + outFloats * 4;
  const have = memory.buffer.byteLength;
  if (end > have) memory.grow(Math.ceil((end - have) / PAGE));
  const heap = new Float32Array(memory.buffer);
  arrays.forEach((a, i) => heap.set(a, offsets[i]! / 4));
  return { offsets, out: at };
}

/** A copy of `n` floats of the memory from byte `at` (a kernel's output), into a recycled buffer when one is waiting. */
export function readBack(memory: WebAssembly.Memory, at: number, n: number): Float32Array {
  const result = new Float32Array(memory.buffer, at, n);
  const recycled = takeRecycled(n);
  if (recycled === undefined) return noteOutput(result.slice()) as Float32Array;
  recycled.set(result);
  return noteOutput(recycled) as Float32Array;
}

/** Copies `target.length` elements of the memory from byte `at` back into `target` (a kernel's in-place update). */
export function writeBack(memory: WebAssembly.Memory, at: number, target: Float32Array | Uint32Array): void {
  target.set(target instanceof Float32Array ? new Float32Array(memory.buffer, at, target.length) : new Uint32Array(memory.buffer, at, target.length));
}
