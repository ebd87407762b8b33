/**
 * @file In Node, the `wasm` backend on threads: worker_threads sharing the kernels' memory, as
 * many as SHINSOU_NUM_THREADS or the cores. It replaces the one-thread `wasm` backend at import
 * (imported by the Node entry before the backend named by SHINSOU_BACKEND is selected).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { registerBackend } from '../backend.js';
import { compileThreadedKernels, threadedWasmBackend, wasmBackend } from './index.js';

/** Starts a kernel worker as a worker_threads Worker that does not keep the process alive. */
export function spawnNodeWorker(source: string): Worker {
  const worker = new Worker(source, { eval: true });
  worker.unref();
  return worker;
}

const threads = Number(process.env.SHINSOU_NUM_THREADS) || availableParallelism();

if (wasmBackend && threads > 1) registerBackend(threadedWasmBackend(compileThreadedKernels(), threads, spawnNodeWorker));
