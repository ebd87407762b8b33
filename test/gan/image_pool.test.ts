import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { gan } = s;

test('ImagePool returns new images while it fills, then swaps about half of them for stored ones', () => {
  const pool = new gan.ImagePool(50, new s.Generator(1));
  const first = s.arange(0, 50).reshape([50, 1, 1, 1]);
  assert.deepEqual([...pool.query(first).dataSync()], [...first.dataSync()]);
  assert.equal(pool.length, 50);
  const next = s.arange(100, 1100).reshape([1000, 1, 1, 1]);
  const out = [...pool.query(next).dataSync()];
  assert.equal(out.length, 1000);
  const old = out.filter((v, i) => v !== 100 + i).length;
  assert.ok(old > 430 && old < 570, `${old} of 1000 came from the pool`);
  assert.equal(pool.length, 50);
  const zero = new gan.ImagePool(0);
  assert.equal(zero.query(first), first);
  assert.throws(() => new gan.ImagePool(-1), s.ValueError);
});

test('ImagePool returns images without gradient history', () => {
  const x = s.randn([4, 2], { requiresGrad: true }).mul(2);
  assert.equal(new gan.ImagePool(2).query(x).requiresGrad, false);
});
