import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { video } = s;

/** Per frame of a clip [T, 1, S, S]: the brightness centroid (x right, y down) and the mean distance of the brightness from it. */
function frameStatistics(clip: s.Tensor): { x: number; y: number; radius: number }[] {
  const [t, , size] = clip.shape as [number, number, number];
  const px = clip.dataSync();
  return Array.from({ length: t }, (_, f) => {
    let [m, mx, my] = [0, 0, 0];
    for (let i = 0; i < size * size; i++) {
      const v = px[f * size * size + i]!;
      [m, mx, my] = [m + v, mx + v * ((i % size) + 0.5), my + v * (Math.floor(i / size) + 0.5)];
    }
    const [x, y] = [mx / m, my / m];
    let r = 0;
    for (let i = 0; i < size * size; i++) r += px[f * size * size + i]! * Math.hypot((i % size) + 0.5 - x, Math.floor(i / size) + 0.5 - y);
    return { x, y, radius: r / m };
  });
}

test('MovingDigits renders the same clips for the same seed, in any reading order, and others for another seed or split', () => {
  const a = new video.MovingDigits({ count: 24, size: 32, frames: 6 });
  const b = new video.MovingDigits({ count: 24, size: 32, frames: 6 });
  const [clips, labels] = a.getBatch([3, 17, 5]);
  assert.deepEqual(clips!.shape, [3, 6, 1, 32, 32]);
  assert.deepEqual([...labels!.dataSync()], [3, 1, 5]);
  assert.deepEqual(b.get(17)[0]!.dataSync(), clips!.select(0, 1).dataSync());
  assert.deepEqual(b.getBatch([3, 17, 5])[0]!.dataSync(), clips!.dataSync());
  assert.notDeepEqual(new video.MovingDigits({ count: 24, size: 32, frames: 6, seed: 1 }).get(3)[0]!.dataSync(), clips!.select(0, 0).dataSync());
  assert.notDeepEqual(new video.MovingDigits({ split: 'test', count: 24, size: 32, frames: 6 }).get(3)[0]!.dataSync(), clips!.select(0, 0).dataSync());
  const values = clips!.dataSync();
  assert.ok(values.every((v) => v >= 0 && v <= 1) && Math.max(...values) > 0.9, 'pixels in [0, 1], digits bright');
});

test('each motion does what its name says: the centroid moves left, right, up or down, and the digit grows or shrinks', () => {
  const set = new video.MovingDigits({ count: 64, frames: 8 });
  for (let i = 0; i < 64; i++) {
    const [clip, label] = set.get(i);
    const stats = frameStatistics(clip!);
    const [first, last] = [stats[0]!, stats[stats.length - 1]!];
    const motion = video.MOTIONS[label!.item()]!;
    const [dx, dy, grow] = [last.x - first.x, last.y - first.y, last.radius / first.radius];
    if (motion === 'left') assert.ok(dx < -10 && Math.abs(dy) < 2, `${motion}: dx ${dx}, dy ${dy}`);
    if (motion === 'right') assert.ok(dx > 10 && Math.abs(dy) < 2, `${motion}: dx ${dx}, dy ${dy}`);
    if (motion === 'up') assert.ok(dy < -10 && Math.abs(dx) < 2, `${motion}: dx ${dx}, dy ${dy}`);
    if (motion === 'down') assert.ok(dy > 10 && Math.abs(dx) < 2, `${motion}: dx ${dx}, dy ${dy}`);
    if (motion === 'zoom-in') assert.ok(grow > 1.5, `${motion}: radius × ${grow}`);
    if (motion === 'zoom-out') assert.ok(grow < 1 / 1.5, `${motion}: radius × ${grow}`);
    if (motion.startsWith('rotate')) assert.ok(Math.hypot(dx, dy) < 3 && Math.abs(grow - 1) < 0.15, `${motion} stays in place: moved ${Math.hypot(dx, dy)}, radius × ${grow}`);
  }
});

test('rotate-cw turns clockwise on screen and rotate-ccw counter-clockwise (a bar from the centre to the right)', () => {
  const bar = new Float32Array(28 * 28);
  for (let c = 16; c < 27; c++) bar[14 * 28 + c] = 1;
  for (const [motion, sign] of [['rotate-cw', 1], ['rotate-ccw', -1]] as const) {
    const path = video.motionPath(motion, 64, new s.Generator(2));
    const stats = frameStatistics(s.tensor(video.renderClip([bar], [path], 5, 64)).reshape([5, 1, 64, 64]));
    // With y pointing down, a clockwise turn on screen increases atan2(y, x) around the centre.
    const angles = stats.map((f) => Math.atan2(f.y - path.from.y, f.x - path.from.x));
    for (let t = 1; t < 5; t++) assert.ok(sign * (angles[t]! - angles[t - 1]!) > 0.2, `${motion}: angles ${angles.map((a) => a.toFixed(2))}`);
  }
});

test('every motion and its twin draw the same paths reversed, so the frames without their order carry no label', () => {
  for (let k = 0; k < video.MOTIONS.length; k += 2) {
    const [motion, twin] = [video.MOTIONS[k]!, video.MOTIONS[video.reversedMotion(k)]!];
    const path = video.motionPath(motion, 64, new s.Generator(k));
    const reversed = video.motionPath(twin, 64, new s.Generator(k));
    assert.deepEqual(reversed, { from: path.to, to: path.from }, `${motion} / ${twin}`);
  }
  assert.equal(video.reversedMotion(video.reversedMotion(5)), 5);
});

test('MovingDigits and motionPath reject bad arguments with named errors', () => {
  assert.throws(() => new video.MovingDigits({ count: 0 }), { name: 'ValueError', message: /count must be an integer ≥ 1/ });
  assert.throws(() => new video.MovingDigits({ size: 8 }), { name: 'ValueError', message: /size must be an integer ≥ 16/ });
  assert.throws(() => new video.MovingDigits({ frame: 8 } as never), { name: 'ValueError' });
  assert.throws(() => new video.MovingDigits({ count: 4 }).get(4), { name: 'ValueError', message: /index 4 out of range for 4 clips/ });
  assert.throws(() => video.motionPath('spin' as never, 64, new s.Generator(0)), { name: 'ValueError', message: /unknown motion 'spin'/ });
});
