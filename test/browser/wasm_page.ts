/**
 * @file Bundled into a Chromium page by wasm_kernels.test.ts: the WebAssembly kernels, compiled
 * the way browsers require (asynchronously), against the js reference on the same odd shapes as
 * in Node. Leaves `{ cases, failures }` on `globalThis.kernelReport`.
 */
import { jsBackend } from '../../src/backend/js/index.js';
import { compileWasmBackend } from '../../src/backend/wasm/index.js';
import { Generator } from '../../src/tensor/random.js';
import { assertNear, ODD_PRODUCT_SHAPES, productCases } from '../backend/products.js';

const failures: string[] = [];
let cases = 0;
const wasm = await compileWasmBackend();
if (!wasm) failures.push('no WebAssembly SIMD in this browser');
else {
  for (const { a, b, args, label, tol } of productCases(ODD_PRODUCT_SHAPES, new Generator(7))) {
    cases++;
    try {
      assertNear(wasm.matmul(a, b, ...args), jsBackend.matmul(a, b, ...args), tol, label);
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
}
(globalThis as { kernelReport?: unknown }).kernelReport = { cases, failures };
