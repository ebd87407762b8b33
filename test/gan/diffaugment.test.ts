import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, decode } from '../helpers.js';
import { ganCases } from './fixtures.js';

const { gan } = s;

test('DiffAugment ops on fixed draws match the reference code in PyTorch, outputs and input gradients', () => {
  const c = ganCases.diffAugment;
  const u = [...decode(c.u).dataSync()];
  const shifts = (c.ty as number[]).map((dx, i) => [dx, c.tx[i]] as [number, number]);
  const offsets = (c.oy as number[]).map((ox, i) => [ox, c.ox[i]] as [number, number]);
  const ops: Record<string, (x: s.Tensor) => s.Tensor> = {
    brightness: (x) => gan.brightness(x, u),
    saturation: (x) => gan.saturation(x, u),
    contrast: (x) => gan.contrast(x, u),
    translation: (x) => gan.translate(x, shifts),
    cutout: (x) => gan.cutout(x, offsets, c.cutoutSize),
  };
  for (const [name, op] of Object.entries(ops)) {
    const x = decode(c.x).requiresGrad_();
    const y = op(x);
    assertClose(y, c[name].out, { atol: 1e-6 }, name);
    y.mul(decode(c.weights)).sum().backward();
    assertClose(x.grad!, c[name].grad, { atol: 1e-6 }, `${name} gradient`);
  }
});

test('the translation gradient of Σ T(x) is a 0/1 mask with (H − |dy|)(W − |dx|) ones', () => {
  const [h, w] = [9, 8];
  for (const [dx, dy] of [[2, -3], [-1, 0], [0, 4], [-8, 1]] as const) {
    const x = s.randn([1, 1, h, w]).requiresGrad_();
    gan.translate(x, [[dx, dy]]).sum().backward();
    const g = [...x.grad!.dataSync()];
    assert.ok(g.every((v) => v === 0 || v === 1), 'entries are 0 or 1');
    assert.equal(g.filter((v) => v === 1).length, Math.max(0, h - Math.abs(dy)) * Math.max(0, w - Math.abs(dx)), `shift [${dx}, ${dy}]`);
  }
});

test('translate moves the content by (−dx, −dy) and fills with zeros', () => {
  const x = s.arange(1, 7).reshape([1, 1, 2, 3]);
  assert.deepEqual(gan.translate(x, [[1, 0]]).reshape([6]).toArray(), [2, 3, 0, 5, 6, 0]);
  assert.deepEqual(gan.translate(x, [[0, -1]]).reshape([6]).toArray(), [0, 0, 0, 1, 2, 3]);
});

test('cutout zeroes on average 13.82²/1024 = 0.1865 of a 32×32 image, as SPEC §9.10 computes', () => {
  const x = s.ones([2000, 1, 32, 32]);
  const y = gan.diffAugment(x, { policy: 'cutout', generator: new s.Generator(3) });
  const zeroed = 1 - Number(y.mean().item());
  assert.ok(Math.abs(zeroed - 0.1865) < 0.005, `zeroed fraction ${zeroed}`);
});

test('diffAugment: an empty policy is the identity; the full policy passes gradcheck and sends a nonzero gradient to G', () => {
  const x = s.randn([2, 3, 6, 6]);
  assert.equal(gan.diffAugment(x, { policy: '' }), x);
  const x64 = s.randn([2, 3, 7, 5], { dtype: 'float64', requiresGrad: true });
  assert.equal(s.gradcheck((t) => gan.diffAugment(t!, { generator: new s.Generator(5) }), [x64]), true);
  const G = new s.nn.Linear(4, 3 * 6 * 6);
  const D = new s.nn.Sequential(new s.nn.Flatten(), new s.nn.Linear(3 * 6 * 6, 1));
  const fake = G.forward(s.randn([2, 4])).reshape([2, 3, 6, 6]);
  gan.generatorLoss('nonSaturating', D.forward(gan.diffAugment(fake))).backward();
  assert.ok(Number(G.weight.grad!.abs().sum().item()) > 0, 'G gets a gradient through the augmentation');
});

test('diffAugment: translation range is int(size/8 + 0.5), as the reference code rounds', () => {
  const x = s.zeros([400, 1, 28, 28]);
  x.narrow(2, 0, 1).fill_(1); // a marker row on top: a shift by dy moves it to row −dy
  const y = gan.diffAugment(x, { policy: 'translation', generator: new s.Generator(1) });
  const rows = new Set<number>();
  for (let n = 0; n < 400; n++) {
    const img = y.narrow(0, n, 1).reshape([28, 28]).sum(1).dataSync();
    const at = [...img].findIndex((v) => v > 0);
    if (at >= 0) rows.add(at);
  }
  assert.deepEqual([...rows].sort((a, b) => a - b), [0, 1, 2, 3, 4]);
});

test('diffAugment rejects what it cannot apply', () => {
  assert.throws(() => gan.diffAugment(s.zeros([2, 6, 6])), s.ShapeError);
  assert.throws(() => gan.diffAugment(s.zeros([1, 1, 6, 6]), { policy: 'color,flip' }), /policy entries must be color, translation, cutout, got 'flip'/);
  assert.throws(() => gan.diffAugment(s.zeros([1, 1, 6, 6]), { cutoutRatio: 2 }), s.ValueError);
  assert.throws(() => gan.brightness(s.zeros([2, 1, 3, 3]), [0.5]), /expected 2 draws/);
  assert.throws(() => gan.translate(s.zeros([1, 1, 3, 3]), [[0.5, 0]]), /integers/);
});
