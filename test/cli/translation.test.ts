import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { randomJitter } from '../../src/cli/recipes/translation_common.js';
import * as s from '../../src/index.js';

const cli = new URL('../../../dist/cli/main.js', import.meta.url).pathname;

test('pix2pix-emoji trains on emoji pairs and reports its test L1 beside the input\'s own, with a grid of translations', () => {
  const out = mkdtempSync(join(tmpdir(), 'shinsou-pix2pix-'));
  const r = spawnSync(process.execPath, [cli, 'train', 'pix2pix-emoji', '--epochs', '1', '--train-size', '16', '--batch-size', '4', '--ngf', '4', '--ndf', '4', '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, number>;
  assert.ok(summary.testL1! > 0 && summary.testL1! < 1);
  assert.ok(Math.abs(summary.identityBaselineL1! - 0.162) < 0.001, `the mean L1 between Noto and Twemoji test emoji: ${summary.identityBaselineL1}`);
  assert.ok(existsSync(join(out, 'test-translations.png')) && existsSync(join(out, 'loss-curve.png')));
  const bad = spawnSync(process.execPath, [cli, 'train', 'pix2pix-emoji', '--train-size', '5000', '--out', out], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--train-size must be an integer in \[1, 1524\], got 5000/);
});

test('cyclegan-emoji trains both directions unpaired and reports both test L1s, the cycle L1 and grids of both directions', () => {
  const out = mkdtempSync(join(tmpdir(), 'shinsou-cyclegan-'));
  const r = spawnSync(process.execPath, [cli, 'train', 'cyclegan-emoji', '--epochs', '1', '--train-size', '8', '--batch-size', '4', '--ngf', '4', '--ndf', '4', '--blocks', '1',
    '--pool-size', '4', '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, number>;
  for (const key of ['testL1XtoY', 'testL1YtoX', 'cycleL1', 'identityBaselineL1']) assert.ok(summary[key]! > 0 && summary[key]! < 1, `${key} ${summary[key]}`);
  assert.ok(existsSync(join(out, 'test-noto-to-twemoji.png')) && existsSync(join(out, 'test-twemoji-to-noto.png')));
});

test("pix2pix's random jitter gives both images of a pair the same resize, crop and mirroring", () => {
  const g = new s.Generator(3);
  const image = s.rand([5, 3, 32, 32], { generator: new s.Generator(1) });
  const pair = randomJitter(s.cat([image, image], 1), 36, g);
  assert.deepEqual(pair.shape, [5, 6, 32, 32]);
  assert.deepEqual(pair.narrow(1, 0, 3).toArray(), pair.narrow(1, 3, 3).toArray());
  // At the load size itself there is no crop: each image comes back as it was or mirrored, and both happen.
  const kept = randomJitter(image, 32, g);
  const mirrored = image.split(1, 0).map((x, i) => kept.narrow(0, i, 1).sub(x.flip([3])).abs().amax().item() === 0);
  const same = image.split(1, 0).map((x, i) => kept.narrow(0, i, 1).sub(x).abs().amax().item() === 0);
  assert.ok(mirrored.every((m, i) => m || same[i]));
  assert.ok(mirrored.some(Boolean) && same.some(Boolean));
  // A uniform image stays uniform through the bilinear resize and any crop.
  assert.ok(randomJitter(s.full([2, 3, 32, 32], 0.25), 36, g).sub(0.25).abs().amax().item() < 1e-6);
  // The same generator state gives the same jitter.
  assert.deepEqual(randomJitter(image, 36, new s.Generator(9)).toArray(), randomJitter(image, 36, new s.Generator(9)).toArray());
  assert.throws(() => randomJitter(image, 30, g), /load size 30 must be at least the image size 32×32/);
});
