import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose } from '../helpers.js';

const T = s.data.transforms;
const seeded = (seed = 1): { generator: s.Generator } => ({ generator: new s.Generator(seed) });
/** torch.rot90(x, 1, [-2, -1]): counter-clockwise on screen. */
const rot90 = (x: s.Tensor): s.Tensor => x.transpose(-2, -1).flip([-2]);

test('identity parameters give the input back', () => {
  const x = s.rand([3, 2, 7, 6]);
  assertClose(new T.RandomAffine(0).apply(x), x, { atol: 0 });
  assertClose(new T.RandomAffine(0, { interpolation: 'bilinear' }).apply(x), x, { atol: 1e-6 });
  assertClose(new T.RandomCrop([7, 6]).apply(x), x, { atol: 0 });
  assertClose(new T.RandomHorizontalFlip(0).apply(x), x, { atol: 0 });
  assertClose(new T.RandomResizedCrop([7, 6], { scale: [1, 1], ratio: [6 / 7, 6 / 7] }).apply(x), x, { atol: 1e-6 });
  assertClose(new T.ColorJitter().apply(x), x, { atol: 1e-6 });
  assertClose(new T.RandomErasing({ p: 0 }).apply(x), x, { atol: 0 });
  assertClose(new T.GaussianNoise(0).apply(x), x, { atol: 0 });
  assertClose(new T.RandomApply(new T.RandomVerticalFlip(1), 0).apply(x), x, { atol: 0 });
});

test('SPEC §8.3: a 90° rotation with nearest sampling is torch.rot90 (counter-clockwise); the centre pixel never moves', () => {
  const x = s.rand([2, 1, 5, 5]);
  assertClose(new T.RandomRotation([90, 90]).apply(x), rot90(x), { atol: 0 });
  const odd = s.rand([4, 3, 9, 9]);
  const rotated = new T.RandomRotation(180, { ...seeded(), interpolation: 'bilinear' }).apply(odd);
  assertClose(rotated.narrow(2, 4, 1).narrow(3, 4, 1), odd.narrow(2, 4, 1).narrow(3, 4, 1), { atol: 1e-5 });
});

test('known geometry: flips mirror, whole-pixel translation shifts, scale 2 zooms into the centre', () => {
  const x = s.arange(20).float().reshape([1, 1, 4, 5]);
  assertClose(new T.RandomHorizontalFlip(1).apply(x), x.flip([3]), { atol: 0 });
  assertClose(new T.RandomVerticalFlip(1).apply(new T.RandomVerticalFlip(1).apply(x)), x, { atol: 0 });
  // translate 0.2 of width 5 = up to 1 pixel; every output is x shifted by −1, 0 or 1 columns, zeros entering.
  const shifted = new T.RandomAffine(0, { translate: [0.2, 0], ...seeded(3) }).apply(x.expand([16, 1, 4, 5]).contiguous());
  const shifts = [-1, 0, 1].map((d) => s.pad(x, [d, -d]));
  for (let i = 0; i < 16; i++) {
    const sample = shifted.narrow(0, i, 1);
    assert.ok(shifts.some((t) => t.eq(sample).all().item()), `sample ${i} is not a whole-column shift`);
  }
  const zoom = new T.RandomAffine(0, { scale: [2, 2] }).apply(s.arange(16).float().reshape([1, 1, 4, 4]));
  // Output pixel (0, 0) reads input (0.75, 0.75) → nearest (1, 1) = 5.
  assert.equal(zoom.reshape([16]).select(0, 0).item(), 5);
});

test('random transforms are deterministic under a seed and differ per image', () => {
  const x = s.rand([6, 1, 8, 8]);
  const make = (seed: number): s.data.transforms.Transform => new T.Compose([
    new T.RandomAffine(20, { translate: [0.1, 0.1], scale: [0.9, 1.1], shear: 10, interpolation: 'bilinear', ...seeded(seed) }),
    new T.RandomResizedCrop(8, seeded(seed)),
    new T.RandomCrop(8, 2, seeded(seed)),
    new T.Cutout(3, seeded(seed)),
    new T.RandomErasing({ p: 1, value: 'random', ...seeded(seed) }),
    new T.GaussianNoise(0.1, 0, seeded(seed)),
  ]);
  assertClose(make(5).apply(x), make(5).apply(x), { atol: 0 });
  assert.ok(!(make(5).apply(x).eq(make(6).apply(x)).all().item()));
  const same = x.narrow(0, 0, 1).expand([6, 1, 8, 8]).contiguous();
  const out = new T.RandomRotation(45, { ...seeded(2), interpolation: 'bilinear' }).apply(same);
  assert.ok(!(out.narrow(0, 0, 1).eq(out.narrow(0, 1, 1)).all().item()), 'each image draws its own angle');
});

test('SPEC §8.2: RandomCrop with padding reaches every offset', () => {
  const x = s.arange(16).float().reshape([1, 1, 4, 4]).expand([400, 1, 4, 4]).contiguous();
  const crops = new T.RandomCrop(4, 1, seeded(4)).apply(x);
  // The top-left value identifies the offset: 9 possible (row, col) offsets in {0,1,2}².
  const seen = new Set<string>();
  for (let i = 0; i < 400; i++) seen.add(JSON.stringify(crops.select(0, i).toArray()));
  assert.equal(seen.size, 9);
});

test('SPEC §8.4: Cutout of 16 on 32×32 masks 14²/1024 = 0.1914 of the pixels on average', () => {
  const masked = new T.Cutout(16, seeded(7)).apply(s.ones([2000, 1, 32, 32]));
  const fraction = 1 - (masked.mean().item() as number);
  assert.ok(Math.abs(fraction - 0.1914) < 0.005, `masked fraction ${fraction}`);
});

test('SPEC §8.5: RandomErasing erases with probability p, within the scale bounds', () => {
  const n = 4000;
  const out = new T.RandomErasing({ p: 0.5, ...seeded(8) }).apply(s.ones([n, 1, 20, 20]));
  const erased = out.eq(0).float().sum([1, 2, 3]);
  const rate = erased.gt(0).float().mean().item() as number;
  assert.ok(Math.abs(rate - 0.5) < 0.025, `erase rate ${rate}`);
  const areas = erased.toArray() as number[];
  assert.ok(areas.every((a) => a === 0 || (a >= 0.02 * 400 * 0.5 && a <= 0.33 * 400 * 1.5)), 'areas within bounds up to rounding');
});

test('ColorJitter: brightness scales and clamps, saturation 0 gives gray, contrast 0 gives the mean', () => {
  const x = s.rand([3, 3, 4, 4]);
  const bright = new T.ColorJitter({ brightness: [2, 2] }).apply(x);
  assertClose(bright, x.mul(2).clamp(0, 1), { atol: 1e-6 });
  const gray = new T.ColorJitter({ saturation: [0, 0] }).apply(x);
  assertClose(gray.narrow(1, 0, 1), gray.narrow(1, 2, 1), { atol: 1e-6 });
  const flat = new T.ColorJitter({ contrast: [0, 0] }).apply(x);
  assertClose(flat.amax([1, 2, 3]), flat.amin([1, 2, 3]), { atol: 1e-6 });
});

test('transforms reject bad arguments with named errors', () => {
  assert.throws(() => new T.RandomAffine(-1), { name: 'ValueError' });
  assert.throws(() => new T.RandomAffine(0, { scale: [0, 1] }), { name: 'ValueError', message: /positive/ });
  assert.throws(() => new T.RandomCrop(9).apply(s.zeros([1, 1, 4, 4])), { name: 'ValueError', message: /larger than/ });
  assert.throws(() => new T.RandomHorizontalFlip(2), { name: 'ValueError', message: /probability/ });
  assert.throws(() => new T.Cutout(0), { name: 'ValueError' });
  assert.throws(() => new T.RandomRotation(10).apply(s.zeros([4, 4])), { name: 'ShapeError', message: /\[N, C, H, W\]/ });
});
