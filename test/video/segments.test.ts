import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { video } = s;

test('segmentIndices takes the middle frame of each segment in evaluation and a random one per segment while training', () => {
  assert.deepEqual(video.segmentIndices(16, 8), [1, 3, 5, 7, 9, 11, 13, 15]);
  assert.deepEqual(video.segmentIndices(10, 3), [1, 4, 8]);
  const g = new s.Generator(0);
  const draws = Array.from({ length: 200 }, () => video.segmentIndices(16, 4, { training: true, generator: g }));
  draws.forEach((d) => d.forEach((f, k) => assert.ok(f >= 4 * k && f < 4 * k + 4, `segment ${k} gave frame ${f}`)));
  for (let k = 0; k < 4; k++) assert.equal(new Set(draws.map((d) => d[k])).size, 4, `segment ${k} uses each of its frames`);
  assert.notDeepEqual(draws[0], draws[1]);
  // Shorter clips repeat frames, in both modes.
  assert.deepEqual(video.segmentIndices(3, 6), [0, 0, 1, 1, 2, 2]);
  assert.deepEqual(video.segmentIndices(3, 6, { training: true }), [0, 0, 1, 1, 2, 2]);
  assert.throws(() => video.segmentIndices(0, 4), { name: 'ValueError', message: /frames must be a positive integer/ });
});

test('sampleSegments picks the frames of every clip: the same middle frames in evaluation, each clip its own while training', () => {
  const clips = s.arange(0, 2 * 8).reshape([2, 8, 1, 1, 1]).expand([2, 8, 1, 2, 2]);
  const picked = video.sampleSegments(clips, 4);
  assert.deepEqual(picked.shape, [2, 4, 1, 2, 2]);
  assert.deepEqual([...picked.select(3, 0).select(3, 0).reshape([-1]).dataSync()], [1, 3, 5, 7, 9, 11, 13, 15]);
  const g = new s.Generator(1);
  const rows = Array.from({ length: 20 }, () => [...video.sampleSegments(clips, 4, { training: true, generator: g }).select(3, 0).select(3, 0).reshape([2, 4]).dataSync()]);
  assert.ok(rows.some((r) => r[4]! - 8 !== r[0]), 'the two clips draw their frames separately');
  rows.forEach((r) => r.forEach((f, i) => assert.equal(Math.floor((f % 8) / 2), i % 4)));
  assert.throws(() => video.sampleSegments(s.zeros([4]), 2), { name: 'ShapeError' });
});

test('pickFrames takes each clip\'s own frames and rejects lists that do not fit', () => {
  const clips = s.arange(0, 2 * 5).reshape([2, 5, 1]);
  assert.deepEqual([...video.pickFrames(clips, [[4, 0], [1, 1]]).reshape([-1]).dataSync()], [4, 0, 6, 6]);
  assert.throws(() => video.pickFrames(clips, [[0], [5]]), { name: 'ValueError', message: /frame indices in \[0, 5\)/ });
  assert.throws(() => video.pickFrames(clips, [[0, 1], [2]]), { name: 'ValueError' });
});
