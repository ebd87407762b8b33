/**
 * @file The `wasm` backend: the js backend with its hot kernels replaced by WebAssembly SIMD ones
 * (wasm/src/, built by tools/build-wasm.js). So far the matrix product; every other kernel is
 * js's. In Node it registers itself at import; browsers refuse to compile a module this size
 * synchronously on the main thread, so there `await initWasm()` registers it. It is chosen with
 * `setBackend('wasm')` or SHINSOU_BACKEND=wasm. Single-threaded for now.
 */
import { listBackends, registerBackend, type Backend } from '../backend.js';
import { jsBackend } from '../js/index.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { KERNELS_WASM } from './kernels_wasm.js';

interface Kernels {
  memory: WebAssembly.Memory;
  __heap_base: WebAssembly.Global;
  sgemm(a: number, b: number, c: number, m: number, k: number, n: number, transA: number, transB: number): void;
}

const wasmBytes = (): Uint8Array => Uint8Array.from(atob(KERNELS_WASM), (ch) => ch.charCodeAt(0));

function instantiate(): Kernels | null {
  try {
    return new WebAssembly.Instance(new WebAssembly.Module(wasmBytes())).exports as unknown as Kernels;
  } catch {
    return null; // no WebAssembly SIMD here, or (in a browser's main thread) no synchronous compile
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

/** The wasm backend as registered at import, or null where that was not possible (see {@link initWasm}). */
export const wasmBackend: Backend | null = kernels ? createWasmBackend(kernels) : null;

if (wasmBackend) registerBackend(wasmBackend);

/**
 * Compiles the WebAssembly kernels asynchronously (as browsers require on their main thread) and
 * registers the `wasm` backend; resolves false where WebAssembly SIMD is not available.
 * PyTorch: none; TF.js: `await tf.setBackend('wasm'); await tf.ready()`.
 * @example if (await initWasm()) setBackend('wasm');
 */
export async function initWasm(): Promise<boolean> {
  if (listBackends().includes('wasm')) return true;
  const backend = await compileWasmBackend();
  if (backend) registerBackend(backend);
  return backend !== null;
}

/** A new wasm backend from an asynchronous compile (null where WebAssembly SIMD is not available); `initWasm` registers it. */
export async function compileWasmBackend(): Promise<Backend | null> {
  try {
    const { instance } = await WebAssembly.instantiate(wasmBytes());
    return createWasmBackend(instance.exports as unknown as Kernels);
  } catch {
    return null;
  }
}
