/**
 * @file Bundled into Chromium by wasm_kernels.test.ts: the WebAssembly kernels, compiled the way
 * browsers require (asynchronously), against the js reference: the product on the odd shapes Node
 * checks, the convolutions (forward, both gradients; grouped and strided), and the elementwise
 * and optimizer kernels (test/backend/elementwise_cases.ts).
 * Inline in a page it runs on one thread and leaves `{ cases, failures, threads }` on
 * `globalThis.kernelReport`; as a module worker loaded with `?threads=N` (in a cross-origin-
 * isolated page) it runs the threaded build and posts that report.
 */
import { getBackend, setBackend, type Backend, type ConvProduct } from '../../src/backend/backend.js';
import { jsBackend } from '../../src/backend/js/index.js';
import { compileWasmBackend, initWasm } from '../../src/backend/wasm/index.js';
import { Generator } from '../../src/tensor/random.js';
import { elementwiseCases } from '../backend/elementwise_cases.js';
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
// The convolutions (js's column layouts on the wasm product): forward and both gradients.
const g = new Generator(11);
const random = (n: number): Float32Array => Float32Array.from({ length: n }, () => g.normal());
const convs: ConvProduct[] = [
  { batch: 2, groups: 1, outChannels: 4, geometry: { channels: 3, size: [1, 9, 7], kernel: [1, 3, 3], stride: [1, 1, 1], padding: [0, 1, 1], dilation: [1, 1, 1], out: [1, 9, 7] } },
  { batch: 1, groups: 2, outChannels: 6, geometry: { channels: 4, size: [1, 11, 10], kernel: [1, 3, 2], stride: [1, 2, 2], padding: [0, 0, 0], dilation: [1, 1, 1], out: [1, 5, 5] } },
];
for (const c of wasm ? convs : []) {
  const { channels, size, kernel, out } = c.geometry;
  const x = random(c.batch * channels * size[0] * size[1] * size[2]);
  const weight = random(c.outChannels * (channels / c.groups) * kernel[0] * kernel[1] * kernel[2]);
  const bias = random(c.outChannels);
  const dy = random(c.batch * c.outChannels * out[0] * out[1] * out[2]);
  const label = `conv ${c.batch}×${channels}×${size.join('×')} groups ${c.groups}`;
  for (const [name, actual, expected] of [
    ['forward', wasm!.convForward(x, weight, bias, c), jsBackend.convForward(x, weight, bias, c)],
    ['weight gradient', wasm!.convWeightGrad(x, dy, c), jsBackend.convWeightGrad(x, dy, c)],
    ['input gradient', wasm!.convInputGrad(weight, dy, c), jsBackend.convInputGrad(weight, dy, c)],
  ] as const) {
    cases++;
    try {
      assertNear(actual, expected, 1e-4, `${label} ${name}`);
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
}
// The elementwise and optimizer kernels.
if (wasm) {
  const elementwise = elementwiseCases(wasm, new Generator(5));
  cases += elementwise.cases;
  failures.push(...elementwise.failures);
}
const report = { cases, failures, threads: wasm?.threads };
if (threads > 1) (globalThis as unknown as { postMessage(m: unknown): void }).postMessage(report);
else (globalThis as { kernelReport?: unknown }).kernelReport = report;
