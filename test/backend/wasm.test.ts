/** The WebAssembly kernels against the js reference, on random shapes including odd sizes and transposes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsBackend } from '../../src/backend/js/index.js';
import { wasmBackend } from '../../src/backend/wasm/index.js';
import { Generator } from '../../src/tensor/random.js';
import * as s from '../../src/index.js';

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
  const shapes = [[1, 1, 1], [3, 5, 7], [17, 33, 9], [64, 1, 64], [100, 300, 50], [129, 257, 131], [4, 600, 1030], [1, 2048, 3], [0, 5, 7], [7, 5, 0], [4, 0, 3]];
  for (const [m, k, n] of shapes) {
    for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      for (const [batch, shareA, shareB] of [[1, false, false], [3, false, true], [2, true, false]] as const) {
        const a = randArray((shareA ? 1 : batch) * m! * k!);
        const b = randArray((shareB ? 1 : batch) * k! * n!);
        const args = [batch, m!, k!, n!, shareA ? 0 : m! * k!, shareB ? 0 : k! * n!, transA, transB] as const;
        const got = wasmBackend!.matmul(a, b, ...args);
        const want = jsBackend.matmul(a, b, ...args);
        assert.equal(got.length, want.length);
        const tol = 2e-5 * Math.sqrt(k!);
        for (let i = 0; i < got.length; i++) {
          assert.ok(Math.abs(got[i]! - want[i]!) <= tol * (1 + Math.abs(want[i]!)), `m${m} k${k} n${n} tA${transA} tB${transB} batch ${batch} [${i}]: ${got[i]} vs ${want[i]}`);
        }
      }
    }
  }
});

test('wasm matmul leaves float64 products to js (exactly its result)', () => {
  const a = Float64Array.from(randArray(12));
  const b = Float64Array.from(randArray(20));
  assert.deepEqual(wasmBackend!.matmul(a, b, 1, 3, 4, 5, 0, 0), jsBackend.matmul(a, b, 1, 3, 4, 5, 0, 0));
});
