import assert from 'node:assert/strict';
import { test } from 'node:test';
import { traceCalls, traced, type TracedCall } from '../../src/autograd/trace.js';
import * as s from '../../src/index.js';

test('a tracer sees each outermost traced call once, with its arguments and result, and nothing inside it', () => {
  const calls: TracedCall[] = [];
  const x = s.tensor([[1, -2], [3, 4]]);
  const y = traceCalls({ record: (c) => calls.push(c) }, () => s.nn.functional.layerNorm(x.relu(), [2]));
  assert.deepEqual(calls.map((c) => c.op), ['relu', 'standardize']);
  assert.equal(calls[0]!.result, calls[1]!.args[0]);
  assert.equal(calls[1]!.result && (calls[1]!.result as { y: s.Tensor }).y.shape.length, 2);
  assert.equal(y.shape[1], 2);
});

test('without a tracer nothing is reported; traceCalls restores the previous tracer, even after a throw', () => {
  const outer: string[] = [];
  const inner: string[] = [];
  const double = traced('double', (v: number) => v * 2);
  assert.equal(double(2), 4);
  traceCalls({ record: (c) => outer.push(c.op) }, () => {
    assert.throws(() => traceCalls({ record: (c) => inner.push(c.op) }, () => { double(1); throw new Error('boom'); }), /boom/);
    double(3);
  });
  assert.deepEqual([outer, inner], [['double'], ['double']]);
});
