import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'shinsou-img-'));

test('PNG write/read round-trips gray and RGB images at 8-bit precision', () => {
  for (const c of [1, 3] as const) {
    const img = s.rand([c, 5, 7]);
    const path = join(dir, `img${c}.png`);
    s.io.writePng(path, img);
    const back = s.io.readPng(path, c === 1 ? 1 : 3);
    assert.deepEqual(back.shape, [c, 5, 7]);
    assert.ok((back.sub(img).abs().amax().item() as number) <= 0.5 / 255 + 1e-6);
  }
  assert.throws(() => s.io.encodePng(s.zeros([2, 4, 4])), { name: 'ShapeError' });
  writeFileSync(join(dir, 'bad.png'), 'not a png');
  assert.throws(() => s.io.readPng(join(dir, 'bad.png')), { name: 'FormatError' });
});

test('makeGrid lays out images like torchvision (padding 2, gray repeated to RGB)', () => {
  const batch = s.ones([5, 1, 4, 4]);
  const grid = s.vision.makeGrid(batch, { nrow: 3, padding: 2 });
  assert.deepEqual(grid.shape, [3, 2 * 6 + 2, 3 * 6 + 2]);
  // The cell of image 0 starts at (2, 2); the padding around it is 0; the missing sixth cell is padding.
  assert.equal(grid.select(0, 0).select(0, 2).select(0, 2).item(), 1);
  assert.equal(grid.select(0, 0).select(0, 1).select(0, 2).item(), 0);
  assert.equal(grid.select(0, 1).narrow(0, 8, 4).narrow(1, 14, 4).sum().item(), 0);
  const path = join(dir, 'grid.png');
  s.vision.saveImage(path, batch);
  assert.equal(readFileSync(path).subarray(1, 4).toString(), 'PNG');
});

test('saveImage labels a grid: title band, row labels on the left, captions, upscaled pixels', () => {
  const batch = s.ones([4, 1, 4, 4]);
  const plain = join(dir, 'plain.png');
  const labelled = join(dir, 'labelled.png');
  s.vision.saveImage(plain, batch, { nrow: 2 });
  s.vision.saveImage(labelled, batch, { nrow: 2, title: 'digits', rowLabels: ['input', 'output'], labels: ['a', 'b', 'c', 'd'], scale: 3 });
  const [p, l] = [s.io.readPng(plain), s.io.readPng(labelled)];
  assert.deepEqual(p.shape, [3, 14, 14]);
  assert.equal(l.shape[1], 28 + 14 * 3, 'a 28-pixel title band over the 3× grid');
  assert.ok(l.shape[2]! > 14 * 3 + 20, 'a margin for the row labels');
  const band = l.narrow(1, 0, 28);
  assert.ok((band.amin().item() as number) < 0.5, 'the title is drawn');
  assert.throws(() => s.vision.saveImage(labelled, batch, { labels: ['a'] }), { name: 'ValueError', message: /got 1 labels for 4 images/ });
  assert.throws(() => s.vision.saveImage(labelled, batch, { nrow: 2, rowLabels: ['x'] }), { name: 'ValueError', message: /1 row labels for 2 rows/ });
  assert.throws(() => s.vision.saveImage(labelled, batch, { scale: 1.5 }), { name: 'ValueError', message: /scale must be a positive integer/ });
  assert.throws(() => s.vision.saveImage(labelled, batch, { titel: 'x' } as never), { name: 'ValueError', message: /did you mean 'title'/ });
});

test('linePlot renders a PNG of the requested size and rejects empty data', () => {
  const path = join(dir, 'plot.png');
  s.io.linePlot(path, [{ name: 'train', points: [[1, 2], [2, 1], [3, NaN], [4, 0.5]] }, { name: 'val', points: [[1, 2.5], [4, 0.7]] }], { logY: true, width: 400, height: 300 });
  const png = s.io.readPng(path);
  assert.deepEqual(png.shape, [3, 300, 400]);
  assert.ok((png.amin().item() as number) < 0.5, 'something was drawn');
  assert.throws(() => s.io.linePlot(path, [{ name: 'x', points: [] }]), { name: 'ValueError', message: /no finite points/ });
});

test('heatmap shades the largest cell darkest, sizes the PNG to its cells and labels, and rejects ragged input', () => {
  const path = join(dir, 'heat.png');
  s.io.heatmap(path, [[0, 1], [0.5, 0]], { cellSize: 20 });
  const png = s.io.readPng(path);
  assert.deepEqual(png.shape, [3, 2 * 20 + 24, 2 * 20 + 24]);
  const at = (i: number, j: number): number => png.select(1, 12 + i * 20 + 10).select(1, 12 + j * 20 + 10).sum().item() as number;
  assert.ok(at(0, 1) < at(1, 0) && at(1, 0) < at(0, 0), 'darker means larger');
  assert.ok(Math.abs(at(0, 0) - 3) < 1e-6 && Math.abs(at(1, 1) - 3) < 1e-6, 'the smallest value is white');
  s.io.heatmap(path, [[1, 2, 3]], { rowLabels: ['out'], columnLabels: ['a', 'b', 'c'], title: 'attention', annotate: true });
  assert.ok(s.io.readPng(path).shape[2]! > 3 * 28 + 24, 'room for the row labels');
  assert.throws(() => s.io.heatmap(path, [[1, 2], [3]]), { name: 'ValueError', message: /rows of equal length/ });
  assert.throws(() => s.io.heatmap(path, [[1, 2]], { columnLabels: ['a'] }), { name: 'ValueError', message: /2 columns but 1 column labels/ });
});

test('metrics JSONL appends and reads back; corrupt lines are reported', () => {
  const log = new s.io.MetricsLog(join(dir, 'm.jsonl'));
  log.append({ epoch: 1, loss: 0.5 });
  log.append({ epoch: 2, loss: 0.25 });
  assert.deepEqual(log.read(), [{ epoch: 1, loss: 0.5 }, { epoch: 2, loss: 0.25 }]);
  writeFileSync(join(dir, 'bad.jsonl'), '{"a":1}\n{oops\n');
  assert.throws(() => s.io.readMetrics(join(dir, 'bad.jsonl')), { name: 'FormatError', message: /line 2/ });
});

test('linePlot marks a series of one point (a one-epoch run) with a dot in its colour', () => {
  const path = join(dir, 'one.png');
  s.io.linePlot(path, [{ name: 'train', points: [[1, 0.7]] }], { width: 400, height: 300 });
  const png = s.io.readPng(path);
  // One point sits in the middle of the plot area (margins: left 70, right 20, top 16, bottom 50).
  const [x, y] = [70 + (400 - 90) / 2, 16 + (300 - 66) / 2];
  const rgb = [0, 1, 2].map((c) => Math.round(png.select(0, c).select(0, Math.round(y)).select(0, Math.round(x)).item() * 255));
  assert.deepEqual(rgb, [0x1f, 0x77, 0xb4]);
});
