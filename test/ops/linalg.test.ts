import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, checkFixtures } from '../helpers.js';

checkFixtures('linalg', {
  matmul: ([a, b]) => a!.matmul(b!),
  bmm: ([a, b]) => a!.bmm(b!),
  dot: ([a, b]) => a!.dot(b!),
  outer: ([a, b]) => a!.outer(b!),
  einsum: (xs, { equation }) => s.einsum(equation, ...xs),
}, { rtol: 1e-5, atol: 1e-5 });

test('matmul names the mismatched inner dims', () => {
  assert.throws(() => s.zeros([2, 3]).matmul(s.zeros([4, 5])), {
    name: 'ShapeError', message: 'matmul: cannot multiply [2, 3] by [4, 5] (inner dims 3 != 4)',
  });
  assert.throws(() => s.zeros([2, 3, 4]).bmm(s.zeros([3, 4, 5])), { name: 'ShapeError', message: /bmm: batch sizes differ/ });
  assert.throws(() => s.arange(4).matmul(s.arange(4)), { name: 'DTypeError' });
});

test('the blocked js GEMM matches a plain triple loop on odd sizes', () => {
  for (const [m, k, n] of [[1, 1, 1], [5, 3, 7], [17, 300, 9], [33, 257, 530]] as const) {
    const a = s.randn([m, k], { dtype: 'float64' });
    const b = s.randn([k, n], { dtype: 'float64' });
    const A = a.dataSync();
    const B = b.dataSync();
    const ref = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc += A[i * k + p]! * B[p * n + j]!;
      ref[i * n + j] = acc;
    }
    assertClose(a.matmul(b), s.tensor(ref).reshape([m, n]), { rtol: 1e-12, atol: 1e-12 }, `${m}x${k}x${n}`);
  }
});

test('einsum rejects what it does not support with a clear message', () => {
  assert.throws(() => s.einsum('ii->i', s.zeros([2, 2])), { name: 'ValueError', message: /repeated letter/ });
  assert.throws(() => s.einsum('ij,jk->ik', s.zeros([2, 3])), { name: 'ValueError', message: /has 2 operands but 1 tensors/ });
});

test('a strided batch times a matrix without a gradient is read in place, not copied, and agrees with the folded product', () => {
  const g = s.randn([3, 37, 21]);
  const w = s.randn([37, 11]);
  const backend = s.getBackend() as unknown as { copy: (...args: unknown[]) => unknown };
  const copy = backend.copy;
  let copies = 0;
  backend.copy = (...args: unknown[]) => {
    copies++;
    return copy.apply(backend, args);
  };
  let strided: s.Tensor;
  try {
    strided = s.noGrad(() => g.mT.matmul(w));
  } finally {
    backend.copy = copy;
  }
  assert.equal(copies, 0);
  assert.deepEqual(strided.shape, [3, 21, 11]);
  assertClose(strided, g.mT.contiguous().matmul(w), { atol: 1e-5 });
  // With the matrix's gradient wanted, the batch still folds into one product (one weight gradient).
  const wg = s.randn([37, 11], { requiresGrad: true });
  g.mT.matmul(wg).sum().backward();
  assertClose(wg.grad!, g.mT.contiguous().reshape([-1, 37]).sum(0).reshape([37, 1]).expand([37, 11]), { atol: 1e-4 });
});
