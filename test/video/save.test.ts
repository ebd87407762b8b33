import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { video } = s;
const dir = mkdtempSync(join(tmpdir(), 'shinsou-video-'));

test('saveGif writes a looping GIF with one image per frame, the size of the labelled grid', () => {
  const clips = s.rand([3, 5, 1, 12, 12], { generator: new s.Generator(0) });
  const path = join(dir, 'clips.gif');
  video.saveGif(path, clips, { nrow: 3, scale: 2, labels: ['a', 'b', 'c'], fps: 10 });
  const bytes = readFileSync(path);
  assert.equal(bytes.subarray(0, 6).toString('latin1'), 'GIF89a');
  // makeGrid: 3 cells of 12 px with 2 px padding around each → 44 × 16, scaled by 2.
  assert.deepEqual([bytes.readUInt16LE(6), bytes.readUInt16LE(8)], [88, 32]);
  assert.ok(bytes.includes(Buffer.from('NETSCAPE2.0', 'latin1')), 'loops');
  const delays = [...bytes.entries()].filter(([i, b]) => b === 0x21 && bytes[i + 1] === 0xf9 && bytes[i + 2] === 4).map(([i]) => bytes.readUInt16LE(i + 4));
  assert.deepEqual(delays, [10, 10, 10, 10, 10], 'five frames of 1/10 s (GIF delays are in hundredths)');
  assert.equal(bytes[bytes.length - 1], 0x3b);
  video.saveGif(join(dir, 'one.gif'), clips.select(0, 0));
  assert.equal(readFileSync(join(dir, 'one.gif')).readUInt16LE(6), 16);
});

test('saveFrameStrip lays each clip out as a row of its frames', () => {
  const path = join(dir, 'strip.png');
  video.saveFrameStrip(path, s.rand([2, 6, 1, 10, 10]));
  const image = s.io.readPng(path);
  assert.deepEqual(image.shape, [3, 2 + 2 * 12, 2 + 6 * 12]);
});

test('saveGif and saveFrameStrip reject what is not a clip, and saveGif a bad frame rate', () => {
  assert.throws(() => video.saveGif(join(dir, 'x.gif'), s.rand([2, 3, 2, 8, 8])), { name: 'ShapeError', message: /C = 1 or 3/ });
  assert.throws(() => video.saveFrameStrip(join(dir, 'x.png'), s.rand([8, 8])), { name: 'ShapeError', message: /saveFrameStrip: expected clips/ });
  assert.throws(() => video.saveGif(join(dir, 'x.gif'), s.rand([3, 1, 8, 8]), { fps: 0 }), { name: 'ValueError', message: /fps must be in \(0, 100\]/ });
});
