/** @file Shared test helpers: closeness checks and the PyTorch-fixture + gradcheck runner (`checkFixtures`). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { grad, gradcheck, gradgradcheck, Tensor, tensor, type DType } from '../src/index.js';

export interface Encoded {
  shape: number[];
  dtype: DType;
  data: (number | boolean | string)[];
}

export interface FixtureCase {
  op: string;
  attrs: Record<string, unknown>;
  inputs: Encoded[];
  output: Encoded;
  smooth: boolean;
  noncontig: number[];
  gradcheck: boolean;
  nograd: number[];
  gradOutput?: Encoded;
  grads?: (Encoded | null)[];
}

/** An op under test: takes the fixture's inputs and attributes, returns the output. */
export type OpFn = (inputs: Tensor[], attrs: Record<string, any>) => Tensor; // eslint-disable-line @typescript-eslint/no-explicit-any

const fixtureRoot = new URL('../../test/fixtures/', import.meta.url);

export function loadFixture<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, fixtureRoot), 'utf8')) as T;
}

export function decode(e: Encoded, dtype: DType = e.dtype): Tensor {
  const values = e.data.map((v) => (typeof v === 'string' ? Number(v) : Number(v)));
  const t = tensor(values, { dtype });
  return t.reshape(e.shape);
}

/** Asserts `actual` matches `expected` in shape and values within `atol + rtol·|expected|`. */
export function assertClose(actual: Tensor, expected: Tensor | Encoded | number[], tol: { rtol?: number; atol?: number } = {}, label = ''): void {
  const { rtol = 1e-5, atol = 1e-6 } = tol;
  const exp = expected instanceof Tensor ? expected : Array.isArray(expected) ? tensor(expected, { dtype: 'float64' }) : decode(expected);
  assert.deepEqual(actual.shape, exp.shape, `${label} shape`);
  const a = actual.dataSync();
  const b = exp.dataSync();
  for (let i = 0; i < a.length; i++) {
    const x = Number(a[i]);
    const y = Number(b[i]);
    if (Number.isNaN(y) && Number.isNaN(x)) continue;
    if (x === y) continue;
    assert.ok(Math.abs(x - y) <= atol + rtol * Math.abs(y), `${label} element ${i}: got ${x}, expected ${y}`);
  }
}

/** Builds an input; `noncontig` makes a transposed-strides view with the same values. */
function buildInput(e: Encoded, dtype: DType, noncontig: boolean, constant: boolean): Tensor {
  const floating = (dtype === 'float32' || dtype === 'float64') && !constant;
  if (!noncontig) return floating ? decode(e, dtype).requiresGrad_() : decode(e, dtype);
  const base = decode(e, dtype).mT.contiguous();
  return (floating ? base.requiresGrad_() : base).mT;
}

/**
 * For every fixture case of `family`: the forward and the gradients of sum(out·R) must match
 * PyTorch (float32), every float input passes gradcheck in float64, and smooth ops also pass
 * gradgradcheck. One call per test file keeps op tests one line each (tinygrad's helper_test_op).
 */
export function checkFixtures(family: string, ops: Record<string, OpFn>, tol: { rtol?: number; atol?: number } = {}): void {
  const { cases } = loadFixture<{ cases: FixtureCase[] }>(`ops/${family}.json`);
  const counts = new Map<string, number>();
  for (const c of cases) {
    const n = (counts.get(c.op) ?? 0) + 1;
    counts.set(c.op, n);
    const fn = ops[c.op];
    const name = `${c.op} #${n} ${c.inputs.map((i) => `[${i.shape.join(',')}]`).join(' ')}`;
    test(`${family}: ${name} matches PyTorch`, () => {
      assert.ok(fn, `no op registered for fixture op '${c.op}'`);
      const inputs = c.inputs.map((e, i) => buildInput(e, e.dtype, c.noncontig.includes(i), c.nograd.includes(i)));
      const out = fn(inputs, c.attrs);
      assert.equal(out.dtype, c.output.dtype, 'output dtype');
      assertClose(out, c.output, tol, 'output');
      if (c.grads && c.gradOutput) {
        const wrt = inputs.filter((t) => t.requiresGrad);
        const grads = grad([out], wrt, { gradOutputs: [decode(c.gradOutput)], allowUnused: true });
        let k = 0;
        c.grads.forEach((expected, i) => {
          if (!inputs[i]!.requiresGrad) return;
          const g = grads[k++];
          if (expected === null) assert.equal(g, null, `grad ${i} should be unused`);
          else assertClose(g!, expected, tol, `grad of input ${i}`);
        });
      }
    });
    if (!c.grads || !c.gradcheck) continue;
    test(`${family}: ${name} gradcheck${c.smooth ? ' + gradgradcheck' : ''} (float64)`, () => {
      const inputs = c.inputs.map((e, i) => buildInput(e, e.dtype === 'float32' ? 'float64' : e.dtype, c.noncontig.includes(i), c.nograd.includes(i)));
      const f = (...xs: Tensor[]): Tensor => fn(xs, c.attrs);
      const strict = { atol: 1e-7, rtol: 1e-6 };
      assert.equal(gradcheck(f, inputs, c.smooth ? strict : { atol: 1e-5, rtol: 1e-4 }), true);
      if (c.smooth) assert.equal(gradgradcheck(f, inputs, { atol: 1e-6, rtol: 1e-5 }), true);
    });
  }
}
