/** The reverse pass hands dead gradients' buffers back; reuse must never change a result. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineCustomOp } from '../../src/autograd/function.js';
import { takeRecycled } from '../../src/backend/recycling.js';
import * as s from '../../src/index.js';

/** Empties the pool of buffers of `length` elements. */
function drain(length: number): void {
  while (takeRecycled(length) !== undefined);
}

/**
 * A graph where gradients share buffers: a tensor used several times (sums of gradients), add
 * (the same gradient to both inputs), views (reshape, transpose, expand), a retained non-leaf.
 */
function tangled(x: s.Tensor, w: s.Tensor): { loss: s.Tensor; a: s.Tensor } {
  const h = x.matmul(w);
  const a = h.relu();
  a.retainGrad();
  const c = a.add(h.tanh()).reshape([w.shape[1]!, x.shape[0]!]).t();
  const d = c.mul(c).add(h.exp());
  const e = d.sum(1, true).expand(h.shape).mul(h);
  return { loss: e.sum().add(d.mean()).add(h.sum()), a };
}

/** Runs `fn` on each backend whose outputs take recycled buffers: the native one (when built) and wasm. */
function onRecyclingBackends(fn: (backend: string) => void): void {
  const previous = s.getBackend().name;
  try {
    for (const backend of ['native', 'wasm'].filter((name) => s.listBackends().includes(name))) {
      s.setBackend(backend);
      fn(backend);
    }
  } finally {
    s.setBackend(previous);
  }
}

test('backward recycles the gradients it is done with, and the next outputs of that length reuse them', () => {
  onRecyclingBackends((backend) => {
    const x = s.randn([7, 151], { requiresGrad: true });
    drain(7 * 151);
    x.mul(2).exp().mul(3).sum().backward();
    const reused = takeRecycled(7 * 151);
    assert.ok(reused instanceof Float32Array && reused.length === 7 * 151, `${backend}: a gradient of x's shape was recycled`);
    drain(7 * 151);
    // grad() hands its results to the caller: it recycles nothing.
    s.grad([x.mul(2).exp().mul(3).sum()], [x]);
    assert.equal(takeRecycled(7 * 151), undefined, backend);
  });
});

test('recycling leaves every gradient as computed without it, pass after pass', () => {
  onRecyclingBackends((backend) => {
    s.manualSeed(3);
    const x = s.randn([64, 33], { requiresGrad: true });
    const w = s.randn([33, 17], { requiresGrad: true });
    for (let pass = 0; pass < 3; pass++) {
      const plain = tangled(x, w);
      const [gx, gw, ga] = s.grad([plain.loss], [x, w, plain.a]);
      x.grad = null;
      w.grad = null;
      const recycled = tangled(x, w);
      recycled.loss.backward();
      const label = `${backend}, pass ${pass}`;
      assert.deepEqual(x.grad!.toArray(), gx!.toArray(), `x, ${label}`);
      assert.deepEqual(w.grad!.toArray(), gw!.toArray(), `w, ${label}`);
      assert.deepEqual(recycled.a.grad!.toArray(), ga!.toArray(), `retained a, ${label}`);
    }
  });
});

test('a custom op may keep the gradients it is given and returns', () => {
  const kept: s.Tensor[] = [];
  const logged = defineCustomOp<undefined>({
    name: 'logged',
    saves: 'none',
    forward: ([x]) => x!.clone(),
    backward: (g) => {
      const out = g.mul(2);
      kept.push(g, out);
      return [out];
    },
  });
  const x = s.randn([9, 131], { requiresGrad: true });
  logged([x.exp()], undefined).mul(3).sum().backward();
  const before = kept.map((t) => t.toArray());
  for (let i = 0; i < 3; i++) x.exp().mul(5).tanh().mul(x).sum().backward();
  assert.deepEqual(kept.map((t) => t.toArray()), before);
});
