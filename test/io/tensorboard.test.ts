import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { io } = s;
const fixture = (name: string): Buffer => readFileSync(new URL(`../../../test/fixtures/tensorboard/${name}`, import.meta.url));

test('masked CRC-32C: RFC 3720 vectors through TensorFlow\'s mask', () => {
  const mask = (crc: number): number => ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
  assert.equal(io.maskedCrc32c(new Uint8Array(32)), mask(0x8a9136aa));
  assert.equal(io.maskedCrc32c(new Uint8Array(32).fill(0xff)), mask(0x62a8ab43));
  assert.equal(io.maskedCrc32c(Uint8Array.from({ length: 32 }, (_, i) => i)), mask(0x46dd794e));
});

test('SummaryWriter writes scalars, images, histograms and text byte for byte as the reference writer (protobuf + crcmod + numpy)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-'));
  const writer = new io.SummaryWriter(dir);
  writer.addScalar('train/loss', 0.125, 7, 1001.25);
  writer.addImage('samples', s.tensor([[[0, 0.5, 1], [1, 0.25, 0]], [[1, 1, 0], [0, 0, 0]], [[0.2, 0.4, 0.6], [0.8, 1, 0]]]), 8, 1002.5);
  writer.addHistogram('weights', s.tensor([0, 0.5, 1, 1.5, 2.5, 3, 3.5, 4, 4]), 9, 4, 1003.75);
  writer.addText('notes', '**ok** — ünïcode', 10, 1005);
  writer.close();
  assert.deepEqual(readdirSync(dir), [writer.path.slice(dir.length + 1)]);
  assert.match(writer.path, /events\.out\.tfevents\.\d+\./);
  const [ours, reference] = [readFileSync(writer.path), fixture('reference.tfevents')];
  const [mine, theirs] = [io.eventRecords(ours), io.eventRecords(reference)];
  assert.equal(mine.length, 5);
  // The first record (file version) carries the time the writer opened; the rest are the same bytes, framing included.
  assert.equal(io.decodeEvent(mine[0]!).fileVersion, 'brain.Event:2');
  const rest = (file: Buffer, records: Uint8Array[]): Buffer => file.subarray(records[0]!.length + 16);
  assert.ok(rest(ours, mine).equals(rest(reference, theirs)));
  const events = io.readEvents(writer.path);
  assert.deepEqual(events.slice(1).map((e) => [e.step, (e.summary as { value: { tag: string }[] }).value[0]!.tag]), [[7, 'train/loss'], [8, 'samples'], [9, 'weights'], [10, 'notes']]);
});

test('SummaryWriter rejects what TensorBoard cannot show', () => {
  const writer = new io.SummaryWriter(mkdtempSync(join(tmpdir(), 'tb-')));
  assert.throws(() => writer.addScalar('x', 1, 1.5), /step must be an integer, got 1.5/);
  assert.throws(() => writer.addImage('x', s.zeros([4, 4])), /expected \[C, H, W\], got \[4, 4\]/);
  assert.throws(() => writer.addHistogram('x', [1, NaN]), /values must be finite/);
  assert.throws(() => writer.addHistogram('x', []), /no values/);
});

test('readEvents rejects truncated and corrupted files with a FormatError', () => {
  const bytes = new Uint8Array(fixture('reference.tfevents'));
  assert.throws(() => io.eventRecords(bytes.subarray(0, bytes.length - 3)), (e: Error) => e.name === 'FormatError' && /record 4/.test(e.message));
  const flipped = bytes.slice();
  flipped[20]! ^= 1;
  assert.throws(() => io.eventRecords(flipped), /record 0's data fails its CRC/);
  const long = bytes.slice();
  new DataView(long.buffer).setBigUint64(0, 1n << 40n, true);
  assert.throws(() => io.eventRecords(long), /record 0's length fails its CRC/);
});
