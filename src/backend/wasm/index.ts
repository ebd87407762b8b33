/**
 * @file The `wasm` backend: the js backend with its hot kernels replaced by WebAssembly SIMD ones
 * (wasm/src/, built by tools/build-wasm.js). So far the matrix product; every other kernel is
 * js's. It registers itself where WebAssembly SIMD runs (Node 16+, current browsers) and is
 * chosen with `setBackend('wasm')` or SHINSOU_BACKEND=wasm. Single-threaded for now.
 */
import { registerBackend, type Backend } from '../backend.js';
import { jsBackend } from '../js/index.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { KERNELS_WASM } from './kernels_wasm.js';

interface Kernels {
  memory: WebAssembly.Memory;
  __heap_base: WebAssembly.Global;
  sgemm(a: number, b: number, c: number, m: number, k: number, n: number, transA: number, transB: number): void;
}

function instantiate(): Kernels | null {
  try {
    const bytes = Uint8Array.from(atob(KERNELS_WASM), (ch) => ch.charCodeAt(0));
    return new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Kernels;
  } catch {
    return null; // no WebAssembly SIMD here: the backend is not offered
  }
}

const PAGE = 65536;

/**
 * Copies `arrays` into the module's memory one after another (above its static data), leaves
 * room for `outFloats` more floats, and returns each one's byte offset and the output's.
 */
function place(kernels: Kernels, arrays: readonly Float32Array[], outFloats: number): { offsets: number[]; out: number } {
  let at = Number(kernels.__heap_base.value);
  const offsets = arrays.map((a) => {
    const offset = at;
    at += a.length * 4;
    return offset;
  });
  const end = at + outFloats * 4;
  const have = kernels.memory.buffer.byteLength;
  if (end > have) kernels.memory.grow(Math.ceil((end - have) / PAGE));
  const heap = new Float32Array(kernels.memory.buffer);
  arrays.forEach((a, i) => heap.set(a, offsets[i]! / 4));
  return { offsets, out: at };
}

const f32 = (x: TypedArray | null): x is Float32Array => x instanceof Float32Array;

function createWasmBackend(kernels: Kernels): Backend {
  const matmul: Backend['matmul'] = (a, b, batch, m, k, n, aBatchStride, bBatchStride, transA = false, transB = false) => {
    if (!f32(a) || !f32(b)) return jsBackend.matmul(a, b, batch, m, k, n, aBatchStride, bBatchStride, transA, transB);
    const { offsets: [pa, pb], out } = place(kernels, [a, b], batch * m * n);
    for (let i = 0; i < batch; i++) {
      kernels.sgemm(pa! + i * aBatchStride * 4, pb! + i * bBatchStride * 4, out + i * m * n * 4, m, k, n, transA ? 1 : 0, transB ? 1 : 0);
    }
    return new Float32Array(kernels.memory.buffer, out, batch * m * n).slice();
  };
  return { ...jsBackend, name: 'wasm', matmul, matmulFewRows: matmul };
}

const kernels = instantiate();

/** The wasm backend, or null where WebAssembly SIMD is not available. */
export const wasmBackend: Backend | null = kernels ? createWasmBackend(kernels) : null;

if (wasmBackend) registerBackend(wasmBackend);
