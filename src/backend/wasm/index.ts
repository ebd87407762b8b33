/**
 * @file The `wasm` backend: the js backend with its hot kernels replaced by WebAssembly SIMD ones
 * (wasm/src/, built by tools/build-wasm.js): the matrix product, which the convolutions (js's
 * column layouts) and the recurrent layers' packed products also run on, float32 elementwise
 * arithmetic on contiguous or bias-broadcast layouts, strided copies, sums, the ReLU gradient,
 * softmax along rows, normalisation statistics, dropout masks, and the Adam and SGD updates;
 * every other kernel is js's. The one-thread build registers itself at import where it can
 * compile synchronously (Node, workers); browsers refuse that on their main thread, so there
 * `await initWasm()` registers it.
 * With threads (Node through ./node.ts; a cross-origin-isolated worker through `initWasm`), large
 * products are split into bands of rows over workers sharing the module's memory.
 */
import { ValueError } from '../../errors.js';
import { checkOptions } from '../../options.js';
import { listBackends, registerBackend, type Backend } from '../backend.js';
import { convKernels } from '../js/conv.js';
import { jsBackend } from '../js/index.js';
import { elementwiseKernels, type ElementwiseExports } from './elementwise.js';
import { f32, place, readBack } from './memory.js';
import { KERNELS_WASM, KERNELS_WASM_THREADS } from './kernels_wasm.js';
import { KernelThreads, MR, type SpawnWorker, type ThreadedKernels } from './threads.js';

interface Kernels extends ElementwiseExports {
  __heap_base: WebAssembly.Global;
  sgemm(a: number, b: number, c: number, m: number, k: number, n: number, transA: number, transB: number): void;
}

/** A compiled and instantiated build: its exports, its memory, and its threads once started. */
interface Instance {
  kernels: Kernels;
  memory: WebAssembly.Memory;
  threads: number;
  startThreads?: () => KernelThreads;
}

const decode = (base64: string): Uint8Array => Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
// Below this many multiply-adds a product stays on one thread (waking workers costs more).
const THREADED_MIN_MACS = 1 << 18;

function createWasmBackend(instance: Instance): Backend {
  const { kernels, memory } = instance;
  let pool: KernelThreads | null = null;
  // Operands go above the heap, or above the workers' stacks and packing buffers once they run.
  const heapStart = (): number => pool?.heapStart ?? Number(kernels.__heap_base.value);
  const matmul: Backend['matmul'] = (a, b, batch, m, k, n, aBatchStride, bBatchStride, transA = false, transB = false) => {
    if (!f32(a) || !f32(b)) return jsBackend.matmul(a, b, batch, m, k, n, aBatchStride, bBatchStride, transA, transB);
    const threaded = instance.startThreads !== undefined && m * k * n >= THREADED_MIN_MACS && m >= 2 * MR;
    if (threaded) pool ??= instance.startThreads!();
    const { offsets: [pa, pb], out } = place(memory, heapStart(), [a, b], batch * m * n);
    for (let i = 0; i < batch; i++) {
      const args = [pa! + i * aBatchStride * 4, pb! + i * bBatchStride * 4, out + i * m * n * 4, m, k, n, transA ? 1 : 0, transB ? 1 : 0] as const;
      if (threaded) pool!.sgemm(...args);
      else kernels.sgemm(...args);
    }
    return readBack(memory, out, batch * m * n);
  };
  // No packed form of its own: a "packed" matrix is the matrix, multiplied on the wasm product (recurrent layers' W_hh).
  const matmulPacked: Backend['matmulPacked'] = (a, b, m, transA = false) => matmul(a, b.data, 1, m, b.k, b.n, 0, 0, transA, b.transB);
  return { ...jsBackend, ...convKernels(matmul), ...elementwiseKernels(kernels, memory, heapStart), name: 'wasm', threads: instance.threads, matmul, matmulFewRows: matmul, matmulPacked };
}

function oneThread(module: WebAssembly.Module): Instance {
  const exports = new WebAssembly.Instance(module).exports as unknown as Kernels & { memory: WebAssembly.Memory };
  return { kernels: exports, memory: exports.memory, threads: 1 };
}

/**
 * The wasm backend on `threads` threads: the threaded build on a shared memory, its workers
 * (started by `spawn`, on the first product large enough to split) each computing a band of rows.
 */
export function threadedWasmBackend(module: WebAssembly.Module, threads: number, spawn: SpawnWorker): Backend {
  return createWasmBackend(threadedInstance(module, threads, spawn));
}

function threadedInstance(module: WebAssembly.Module, threads: number, spawn: SpawnWorker): Instance & { startThreads: () => KernelThreads } {
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 32768, shared: true });
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Kernels & ThreadedKernels;
  return { kernels, memory, threads, startThreads: () => new KernelThreads(module, memory, kernels, threads, spawn) };
}

/** `threadedWasmBackend` with its workers started and awaited now, as browsers need (they start a worker only once the spawning thread is idle). */
async function startedThreadedWasmBackend(module: WebAssembly.Module, threads: number, spawn: SpawnWorker): Promise<Backend> {
  const instance = threadedInstance(module, threads, spawn);
  const pool = instance.startThreads();
  await pool.started();
  return createWasmBackend({ ...instance, startThreads: () => pool });
}

/** The threaded build, compiled synchronously (Node and workers allow that). */
export const compileThreadedKernels = (): WebAssembly.Module => new WebAssembly.Module(decode(KERNELS_WASM_THREADS));

function syncBackend(): Backend | null {
  try {
    return createWasmBackend(oneThread(new WebAssembly.Module(decode(KERNELS_WASM))));
  } catch {
    return null; // no WebAssembly SIMD here, or (in a browser's main thread) no synchronous compile
  }
}

/** The one-thread wasm backend as registered at import, or null where that was not possible (see {@link initWasm}). */
export const wasmBackend: Backend | null = syncBackend();

if (wasmBackend) registerBackend(wasmBackend);

/** Options of `initWasm`. */
export interface InitWasmOptions {
  /**
   * Threads for large products (default `navigator.hardwareConcurrency`). More than one needs
   * shared memory — a cross-origin-isolated page (COOP/COEP headers) — and a worker, since a
   * page's main thread may not block; elsewhere the backend runs on one thread.
   */
  threads?: number;
}

const canThread = (): boolean => typeof SharedArrayBuffer !== 'undefined' && typeof Atomics.wait === 'function'
  && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false && typeof (globalThis as { window?: unknown }).window === 'undefined';

const spawnBlobWorker: SpawnWorker = (source) => new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));

/**
 * Compiles the WebAssembly kernels asynchronously (as browsers require on their main thread) and
 * registers the `wasm` backend, threaded where the page allows (see {@link InitWasmOptions});
 * resolves false where WebAssembly SIMD is not available. `getBackend().threads` says how many.
 * PyTorch: none; TF.js: `await tf.setBackend('wasm'); await tf.ready()`.
 * @example if (await initWasm()) setBackend('wasm');
 */
export function initWasm(options?: InitWasmOptions): Promise<boolean> {
  // Bad options throw here, synchronously, rather than as a rejected promise.
  const o = checkOptions<InitWasmOptions>('initWasm', options, { threads: true });
  const threads = o.threads ?? ((globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency || 1);
  if (!Number.isInteger(threads) || threads < 1) throw new ValueError(`initWasm: threads must be a positive integer, got ${threads}`);
  return registerWasm(threads);
}

async function registerWasm(threads: number): Promise<boolean> {
  try {
    if (threads > 1 && canThread() && typeof Worker !== 'undefined') {
      registerBackend(await startedThreadedWasmBackend(await WebAssembly.compile(decode(KERNELS_WASM_THREADS)), threads, spawnBlobWorker));
      return true;
    }
  } catch {
    // shared memory refused: fall back to one thread
  }
  if (listBackends().includes('wasm')) return true;
  const backend = await compileWasmBackend();
  if (backend) registerBackend(backend);
  return backend !== null;
}

/** A new one-thread wasm backend from an asynchronous compile (null where WebAssembly SIMD is not available); `initWasm` registers it. */
export async function compileWasmBackend(): Promise<Backend | null> {
  try {
    return createWasmBackend(oneThread(await WebAssembly.compile(decode(KERNELS_WASM))));
  } catch {
    return null;
  }
}
