/**
 * Gradchecks on randomly drawn shapes: broadcast pairs, batched matmuls, reductions over random
 * dims, and non-contiguous (transposed) inputs, so shape handling is tested beyond the fixtures.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const g = new s.Generator(2024);
const int = (lo: number, hi: number): number => g.integer(lo, hi + 1);
const shapeOf = (ndim: number): number[] => Array.from({ length: ndim }, () => int(1, 4));

/** A float64 leaf of `shape`, sometimes laid out transposed in memory. */
function input(shape: number[], positive = false): s.Tensor {
  const base = positive ? s.rand(shape, { dtype: 'float64', generator: g }).add(0.5) : s.randn(shape, { dtype: 'float64', generator: g });
  if (shape.length >= 2 && g.random() < 0.5) return base.mT.contiguous().requiresGrad_().mT;
  return base.requiresGrad_();
}

/** `shape` with some dims turned into 1s or dropped from the front, so it broadcasts against `shape`. */
function broadcastPartner(shape: number[]): number[] {
  const drop = int(0, shape.length);
  return shape.slice(drop).map((d) => (g.random() < 0.3 ? 1 : d));
}

const strict = { atol: 1e-7, rtol: 1e-6 };

for (let trial = 0; trial < 6; trial++) {
  test(`random shapes #${trial}: broadcast binary ops pass gradcheck`, () => {
    const shape = shapeOf(int(1, 3));
    const other = broadcastPartner(shape);
    const [a, b, p] = [input(shape), input(other), input(other, true)];
    for (const [name, f] of [
      ['add', (x: s.Tensor, y: s.Tensor) => x.add(y)],
      ['mul', (x: s.Tensor, y: s.Tensor) => x.mul(y)],
      ['div', (x: s.Tensor, y: s.Tensor) => x.div(y)],
      ['sub', (x: s.Tensor, y: s.Tensor) => y.sub(x)],
    ] as const) {
      assert.equal(s.gradcheck(f, [a, name === 'div' ? p : b], strict), true, `${name} ${shape} ${other}`);
    }
    assert.equal(s.gradcheck((x, y) => p.pow(y).add(x), [a, b], strict), true);
    assert.equal(s.gradcheck((x, y) => s.where(x.gt(0), x, y), [a, b], { atol: 1e-5, rtol: 1e-4 }), true);
  });

  test(`random shapes #${trial}: batched matmul passes gradcheck`, () => {
    const [m, k, n] = [int(1, 4), int(1, 4), int(1, 4)];
    const batch = shapeOf(int(0, 2));
    const a = input([...batch, m, k]);
    const b = input([...broadcastPartner(batch), k, n]);
    assert.equal(s.gradcheck((x, y) => x.matmul(y), [a, b], strict), true);
  });

  test(`random shapes #${trial}: reductions over random dims pass gradcheck`, () => {
    const shape = shapeOf(int(1, 3));
    const x = input(shape);
    const dim = int(0, shape.length - 1);
    const keepdim = g.random() < 0.5;
    assert.equal(s.gradcheck((t) => t.sum(dim, keepdim), [x], strict), true);
    assert.equal(s.gradcheck((t) => t.softmax(dim), [x], strict), true);
    assert.equal(s.gradcheck((t) => t.logsumexp(dim, keepdim), [x], strict), true);
    assert.equal(s.gradcheck((t) => t.var({ dim, keepdim, correction: 0 }), [x], strict), true);
    assert.equal(s.gradgradcheck((t) => t.logSoftmax(dim), [x], { atol: 1e-6, rtol: 1e-5 }), true);
  });
}
