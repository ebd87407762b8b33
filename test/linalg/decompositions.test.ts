import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, checkFixtures } from '../helpers.js';

const { linalg } = s;

/** A + shift·I, the well-conditioned matrices the fixtures solve with. */
const shifted = (a: s.Tensor, shift: number): s.Tensor => a.add(s.eye(a.shape[a.ndim - 1]!, undefined, { dtype: a.dtype }).mul(shift));

/** Flips each column so its first row is non-negative, as tools/fixtures/generate.py does. */
const signs = (q: s.Tensor): s.Tensor => s.where(q.narrow(-2, 0, 1).lt(0), -1, 1).to(q.dtype);

checkFixtures('decompositions', {
  solve: ([a, b], { shift }) => linalg.solve(shifted(a!, shift), b!),
  solveTriangular: ([a, b], { upper, left, unitriangular }) => {
    const t = unitriangular ? a! : shifted(a!, 3);
    return linalg.solveTriangular(upper ? t.triu() : t.tril(), b!, { upper, left, unitriangular });
  },
  cholesky: ([x], { shift }) => linalg.cholesky(shifted(x!.matmul(x!.mT), shift)),
  svdvals: ([x]) => linalg.svdvals(x!),
  eigvalsh: ([x]) => linalg.eigvalsh(x!.add(x!.mT)),
  eighVectors: ([x]) => {
    const q = linalg.eigh(x!.add(x!.mT)).eigenvectors;
    return q.mul(signs(q));
  },
  svd: ([x], { part }) => {
    const { U, S, Vh } = linalg.svd(x!, { fullMatrices: false });
    const sg = signs(U);
    return ({ U: U.mul(sg), S, Vh: Vh.mul(sg.mT) } as Record<string, s.Tensor>)[part]!;
  },
}, { rtol: 1e-4, atol: 1e-5 });

test('svd with full matrices gives orthogonal U and Vh that rebuild A, tall and wide', () => {
  for (const [m, n] of [[6, 3], [3, 6], [4, 4], [1, 5], [7, 1]] as const) {
    const a = s.randn([2, m, n], { dtype: 'float64' });
    const { U, S, Vh } = linalg.svd(a);
    assert.deepEqual(U.shape, [2, m, m]);
    assert.deepEqual(Vh.shape, [2, n, n]);
    assertClose(U.mT.matmul(U), s.eye(m, undefined, { dtype: 'float64' }).expand([2, m, m]), { atol: 1e-10 });
    assertClose(Vh.matmul(Vh.mT), s.eye(n, undefined, { dtype: 'float64' }).expand([2, n, n]), { atol: 1e-10 });
    const k = Math.min(m, n);
    const rebuilt = U.narrow(-1, 0, k).mul(S.unsqueeze(-2)).matmul(Vh.narrow(-2, 0, k));
    assertClose(rebuilt, a, { atol: 1e-10 });
  }
});

test('svd of a rank-deficient matrix still has orthonormal U', () => {
  const col = s.randn([5, 1], { dtype: 'float64' });
  const a = col.matmul(s.randn([1, 3], { dtype: 'float64' }));
  const { U, S } = linalg.svd(a, { fullMatrices: false });
  assert.ok(Number(S.dataSync()[1]) < 1e-12);
  assertClose(U.mT.matmul(U), s.eye(3, undefined, { dtype: 'float64' }), { atol: 1e-10 });
});

test('eigh of a 128×128 covariance rebuilds it and orders the eigenvalues ascending', () => {
  const x = s.randn([300, 128], { dtype: 'float64' });
  const cov = x.mT.matmul(x).div(300);
  const [values, vectors] = linalg.eigh(cov);
  const v = Array.from(values.dataSync(), Number);
  for (let i = 1; i < v.length; i++) assert.ok(v[i]! >= v[i - 1]!);
  assertClose(vectors.mul(values.unsqueeze(-2)).matmul(vectors.mT), cov, { atol: 1e-10 });
});

test('a singular system or a matrix that is not positive-definite throws LinAlgError', () => {
  const singular = s.tensor([[1, 2], [2, 4]]);
  assert.throws(() => linalg.solve(singular, s.ones([2])), { name: 'LinAlgError', message: /singular/ });
  assert.throws(() => linalg.cholesky(s.tensor([[1, 2], [2, 1]])), { name: 'LinAlgError', message: /order 2 is not positive-definite/ });
});

test('linalg ops name bad shapes, dtypes and missing options', () => {
  assert.throws(() => linalg.solve(s.zeros([2, 3]), s.zeros([2])), { name: 'ShapeError', message: /square/ });
  assert.throws(() => linalg.solve(s.eye(3), s.zeros([2, 1])), { name: 'ShapeError', message: /expected 3/ });
  assert.throws(() => linalg.svdvals(s.arange(4)), { name: 'DTypeError' });
  assert.throws(() => linalg.eigh(s.zeros([3])), { name: 'ShapeError' });
  assert.throws(() => linalg.solveTriangular(s.eye(2), s.ones([2, 1]), {} as never), { name: 'ValueError', message: /upper/ });
  assert.throws(() => linalg.svd(s.eye(2), { full_matrices: false } as never), { name: 'ValueError' });
});

test('eigh and svd refuse inputs that require grad instead of giving no gradient', () => {
  const a = s.eye(3).requiresGrad_();
  assert.throws(() => linalg.eigh(a), { name: 'AutogradError' });
  assert.throws(() => linalg.svd(a), { name: 'AutogradError' });
  assert.doesNotThrow(() => s.noGrad(() => linalg.eigh(a)));
});

test('svdvals of a float32 weight equals the largest singular value power iteration finds', () => {
  const w = s.randn([16, 9]);
  let v = s.randn([9]);
  for (let i = 0; i < 200; i++) v = w.mT.matmul(w.matmul(v)).div(w.mT.matmul(w.matmul(v)).norm());
  const sigma = Number(w.matmul(v).norm().item());
  assert.ok(Math.abs(Number(linalg.svdvals(w).dataSync()[0]) - sigma) < 1e-4 * sigma);
});
