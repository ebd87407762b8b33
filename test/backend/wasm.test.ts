/** The WebAssembly kernels against the js reference, on random shapes including odd sizes and transposes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsBackend } from '../../src/backend/js/index.js';
import { compileThreadedKernels, compileWasmBackend, threadedWasmBackend, wasmBackend } from '../../src/backend/wasm/index.js';
import { spawnNodeWorker } from '../../src/backend/wasm/node.js';
import { KernelThreads, type ThreadedKernels } from '../../src/backend/wasm/threads.js';
import { Generator } from '../../src/tensor/random.js';
import * as s from '../../src/index.js';
import { ELEMENTWISE_CASES, elementwiseCases } from './elementwise_cases.js';
import { assertNear, ODD_PRODUCT_SHAPES, productCases } from './products.js';

const g = new Generator(7);
const randArray = (n: number): Float32Array => Float32Array.from({ length: n }, () => g.normal());

test('the wasm backend is offered (Node has WebAssembly SIMD) and can be selected', () => {
  assert.ok(wasmBackend);
  assert.ok(s.listBackends().includes('wasm'));
  const previous = s.getBackend().name;
  s.setBackend('wasm');
  try {
    assert.deepEqual(s.tensor([[1, 2], [3, 4]]).matmul(s.tensor([[5], [6]])).toArray(), [[17], [39]]);
  } finally {
    s.setBackend(previous);
  }
});

test('wasm sgemm matches js on odd sizes, transposes, batches, shared operands and empty products', () => {
  for (const { a, b, args, label, tol } of productCases(ODD_PRODUCT_SHAPES, g)) assertNear(wasmBackend!.matmul(a, b, ...args), jsBackend.matmul(a, b, ...args), tol, label);
});

test('wasm elementwise kernels (unary, binary with a repeated operand, strided copies, sums, ReLU gradient), softmax, normalisation, Adam and SGD match js on odd sizes, extremes and NaN', () => {
  const threaded = threadedWasmBackend(compileThreadedKernels(), 2, spawnNodeWorker);
  for (const backend of [wasmBackend!, threaded]) {
    const { cases, failures } = elementwiseCases(backend, new Generator(5));
    assert.deepEqual(failures, []);
    assert.equal(cases, ELEMENTWISE_CASES);
  }
});

test('threaded wasm sgemm (3 threads: bands of rows on workers sharing the memory) matches js, empty bands included', () => {
  const threaded = threadedWasmBackend(compileThreadedKernels(), 3, spawnNodeWorker);
  assert.equal(threaded.threads, 3);
  const shapes = [...ODD_PRODUCT_SHAPES, [13, 300, 200], [8, 2048, 17], [301, 67, 259]];
  for (const { a, b, args, label, tol } of productCases(shapes, g)) assertNear(threaded.matmul(a, b, ...args), jsBackend.matmul(a, b, ...args), tol, label);
});

test('a product that traps on its threads throws (workers included) and leaves the pool usable', () => {
  const module = compileThreadedKernels();
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 32768, shared: true });
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as ThreadedKernels;
  const pool = new KernelThreads(module, memory, kernels, 2, spawnNodeWorker);
  const outside = memory.buffer.byteLength + 4096; // every row of A lies past the end of memory
  assert.throws(() => pool.sgemm(outside, pool.heapStart, pool.heapStart, 16, 64, 8, 0, 0), /out of bounds/);
  const [m, k, n] = [16, 3, 2];
  const heap = new Float32Array(memory.buffer);
  const at = pool.heapStart / 4;
  heap.fill(1, at, at + m * k + k * n);
  pool.sgemm(pool.heapStart, pool.heapStart + 4 * m * k, pool.heapStart + 4 * (m * k + k * n), m, k, n, 0, 0);
  assert.deepEqual([...new Float32Array(memory.buffer, pool.heapStart + 4 * (m * k + k * n), m * n)], new Array(m * n).fill(3));
});

test('the asynchronous compile browsers need gives the same kernels; initWasm registers the backend once', async () => {
  const compiled = await compileWasmBackend();
  assert.ok(compiled);
  for (const { a, b, args, label, tol } of productCases([[9, 70, 13]], g)) assertNear(compiled.matmul(a, b, ...args), jsBackend.matmul(a, b, ...args), tol, label);
  assert.equal(await s.initWasm(), true);
  assert.equal(s.listBackends().filter((b) => b === 'wasm').length, 1);
});

test('wasm convolutions (js column layouts on the wasm product) match js: outputs and both gradients, grouped and strided', () => {
  const cases = [{ x: [2, 3, 9, 7], w: [4, 3, 3, 3], o: { padding: 1 } }, { x: [1, 4, 11, 10], w: [6, 2, 3, 2], o: { stride: 2, groups: 2 } }, { x: [3, 1, 28, 28], w: [32, 1, 5, 5], o: {} }] as const;
  for (const { x: xs, w: ws, o } of cases) {
    s.manualSeed(3);
    const [x, w, b] = [s.randn([...xs]), s.randn([...ws]), s.randn([ws[0]])];
    const run = (backend: string): number[][] => {
      const previous = s.getBackend().name;
      s.setBackend(backend);
      try {
        const [xv, wv] = [x.clone().requiresGrad_(), w.clone().requiresGrad_()];
        const y = s.conv2d(xv, wv, b, o);
        y.mul(y).sum().backward();
        return [y, xv.grad!, wv.grad!].map((t) => Array.from(t.contiguousData()));
      } finally {
        s.setBackend(previous);
      }
    };
    const [wasm, js] = [run('wasm'), run('js')];
    wasm.forEach((values, i) => assertNear(values, js[i]!, 1e-4, `conv ${xs} ${ws} output/grads ${i}`));
  }
});

test('wasm matmul leaves float64 products to js (exactly its result)', () => {
  const a = Float64Array.from(randArray(12));
  const b = Float64Array.from(randArray(20));
  assert.deepEqual(wasmBackend!.matmul(a, b, 1, 3, 4, 5, 0, 0), jsBackend.matmul(a, b, 1, 3, 4, 5, 0, 0));
});
