import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose } from '../helpers.js';

const { gan } = s;

/** Every step off except `on`. */
function only(...on: string[]): s.gan.AdaAugmentOptions {
  const steps = ['xflip', 'rotate90', 'xint', 'scale', 'rotate', 'aniso', 'xfrac', 'brightness', 'contrast', 'lumaflip', 'hue', 'saturation'];
  return Object.fromEntries(steps.map((k) => [k, on.includes(k) ? 1 : 0]));
}

const sample = (y: s.Tensor, i: number): s.Tensor => y.narrow(0, i, 1);
const same = (a: s.Tensor, b: s.Tensor): boolean => Number(a.sub(b).abs().amax().item()) < 1e-5;

test('at p = 0 the ADA pipeline is the identity', () => {
  const x = s.randn([8, 3, 9, 7]);
  assert.equal(gan.adaAugment(x, 0), x);
});

test('x-flip and 90° rotations at p = 1 give each image one of its flips or rotations exactly', () => {
  const x = s.randn([40, 2, 6, 6]);
  const flipped = gan.adaAugment(x, 1, only('xflip'));
  const rotated = gan.adaAugment(x, 1, only('rotate90'));
  let flips = 0;
  for (let i = 0; i < 40; i++) {
    const xi = sample(x, i);
    const f = same(sample(flipped, i), xi.flip(3));
    assert.ok(f || same(sample(flipped, i), xi), `image ${i} flipped or not`);
    flips += f ? 1 : 0;
    const r = [0, 1, 2, 3].map((k) => [...Array(k)].reduce((t: s.Tensor) => t.transpose(2, 3).flip(2), xi));
    assert.ok(r.some((t) => same(sample(rotated, i), t)), `image ${i} is a 90° rotation`);
  }
  assert.ok(flips > 8 && flips < 32, `about half are flipped (${flips})`);
});

test('integer translation moves the content by whole pixels (inside the image, before the border)', () => {
  const x = s.randn([20, 1, 16, 16]);
  const y = gan.adaAugment(x, 1, only('xint'));
  let moved = 0;
  for (let i = 0; i < 20; i++) {
    const inside = y.narrow(0, i, 1).narrow(2, 2, 12).narrow(3, 2, 12);
    const ok = [...Array(5)].some((_, a) => [...Array(5)].some((_, b) => {
      const [dy, dx] = [a - 2, b - 2];
      return same(inside, x.narrow(0, i, 1).narrow(2, 2 - dy, 12).narrow(3, 2 - dx, 12));
    }));
    assert.ok(ok, `image ${i} is a shift of at most 2 pixels`);
    if (!same(inside, x.narrow(0, i, 1).narrow(2, 2, 12).narrow(3, 2, 12))) moved++;
  }
  assert.ok(moved >= 10, `most images are actually shifted (${moved} of 20)`);
});

test('colour steps: brightness adds a constant per image, contrast scales, luma flip negates a grey image', () => {
  const x = s.randn([16, 1, 5, 5]);
  const b = gan.adaAugment(x, 1, only('brightness')).sub(x).flatten(1);
  assertClose(b.amax(1), b.amin(1), { atol: 1e-6 }, 'one offset per image');
  const c = gan.adaAugment(x, 1, only('contrast')).div(x).flatten(1);
  assertClose(c.amax(1), c.amin(1), { rtol: 1e-4 }, 'one factor per image');
  const l = gan.adaAugment(x, 1, only('lumaflip'));
  for (let i = 0; i < 16; i++) assert.ok(same(sample(l, i), sample(x, i)) || same(sample(l, i), sample(x, i).neg()));
  const grey = s.randn([4, 1, 5, 5]);
  assert.ok(same(gan.adaAugment(grey, 1, only('hue', 'saturation')), grey), 'hue and saturation leave grey images alone');
  const rgb = s.randn([4, 3, 5, 5]);
  const luma = (t: s.Tensor): s.Tensor => t.mean(1);
  assertClose(luma(gan.adaAugment(rgb, 1, only('hue', 'saturation'))), luma(rgb), { atol: 1e-5 }, 'hue and saturation keep the luma');
});

test('the fraction of images a step changes is ≈ p', () => {
  const x = s.randn([2000, 1, 4, 4]);
  const y = gan.adaAugment(x, 0.25, { ...only('brightness'), generator: new s.Generator(4) });
  const changed = [...y.sub(x).abs().flatten(1).amax(1).dataSync()].filter((v) => v > 0).length / 2000;
  assert.ok(Math.abs(changed - 0.25) < 0.03, `changed fraction ${changed}`);
});

test('the full pipeline passes gradcheck in the image and lets gradients reach G', () => {
  const x = s.randn([2, 3, 6, 5], { dtype: 'float64', requiresGrad: true });
  assert.equal(s.gradcheck((t) => gan.adaAugment(t!, 0.8, { generator: new s.Generator(7) }), [x]), true);
  const G = new s.nn.Linear(2, 16);
  gan.adaAugment(G.forward(s.randn([3, 2])).reshape([3, 1, 4, 4]), 1).sum().backward();
  assert.ok(Number(G.weight.grad!.abs().sum().item()) > 0);
  assert.throws(() => gan.adaAugment(x, 1.5), s.ValueError);
  assert.throws(() => gan.adaAugment(s.zeros([3, 4, 4]), 0.5), s.ShapeError);
  assert.throws(() => gan.adaAugment(x, 0.5, { xflip: -1 }), s.ValueError);
});
