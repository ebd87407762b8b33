/**
 * @file Bundled into Chromium by wasm_kernels.test.ts: the WebAssembly kernels, compiled the way
 * browsers require (asynchronously), against the js reference on the odd shapes Node checks.
 * Inline in a page it runs on one thread and leaves `{ cases, failures, threads }` on
 * `globalThis.kernelReport`; as a module worker loaded with `?threads=N` (in a cross-origin-
 * isolated page) it runs the threaded build and posts that report.
 */
import { getBackend, setBackend, type Backend } from '../../src/backend/backend.js';
import { jsBackend } from '../../src/backend/js/index.js';
import { compileWasmBackend, initWasm } from '../../src/backend/wasm/index.js';
import { Generator } from '../../src/tensor/random.js';
import { assertNear, ODD_PRODUCT_SHAPES, productCases } from '../backend/products.js';

const threads = Number(new URL(import.meta.url).searchParams.get('threads') ?? 1);
const failures: string[] = [];
let cases = 0;
let wasm: Backend | null = null;
if (threads > 1) {
  if (await initWasm({ threads })) {
    setBackend('wasm');
    wasm = getBackend();
  }
} else {
  wasm = await compileWasmBackend();
}
if (!wasm) failures.push('no WebAssembly SIMD in this browser');
else {
  for (const { a, b, args, label, tol } of productCases([...ODD_PRODUCT_SHAPES, [13, 300, 200], [301, 67, 259]], new Generator(7))) {
    cases++;
    try {
      assertNear(wasm.matmul(a, b, ...args), jsBackend.matmul(a, b, ...args), tol, label);
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
}
const report = { cases, failures, threads: wasm?.threads };
if (threads > 1) (globalThis as unknown as { postMessage(m: unknown): void }).postMessage(report);
else (globalThis as { kernelReport?: unknown }).kernelReport = report;
