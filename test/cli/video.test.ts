import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const cli = new URL('../../../dist/cli/main.js', import.meta.url).pathname;
const tiny = ['--train-clips', '32', '--test-clips', '16', '--frames', '8', '--epochs', '1'];

function train(recipe: string, args: string[]): { out: string; summary: Record<string, number | number[]> } {
  const out = mkdtempSync(join(tmpdir(), `shinsou-${recipe}-`));
  const r = spawnSync(process.execPath, [cli, 'train', recipe, ...args, '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return { out, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, number | number[]> };
}

const isGif = (path: string): boolean => readFileSync(path).subarray(0, 6).toString('latin1') === 'GIF89a';

test('video-classify trains ECO-Lite, ECO-Full and C3D, tests ECO-Lite on shuffled frames, and writes a confusion matrix and a GIF', () => {
  const { out, summary } = train('video-classify', [...tiny, '--segments', '4']);
  for (const key of ['testAccuracy', 'testAccuracyShuffledFrames', 'testAccuracyEcoFull', 'testAccuracyC3d']) {
    const v = summary[key] as number;
    assert.ok(v >= 0 && v <= 1, `${key} ${v}`);
  }
  assert.ok((summary.parametersC3d as number) > 0);
  assert.ok(isGif(join(out, 'test-clips.gif')));
  assert.ok(readFileSync(join(out, 'confusion.png')).length > 0);
  const r = spawnSync(process.execPath, [cli, 'train', 'video-classify', '--models', 'eco-lite,tsn'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--models must list distinct choices among eco-lite, eco-full and c3d, got 'eco-lite,tsn'/);
});

test('video-predict reports its error per predicted frame beside the copy-last-frame baseline and writes a GIF and a frame strip', () => {
  const { out, summary } = train('video-predict', [...tiny, '--width', '8']);
  assert.equal((summary.testMsePerFrame as number[]).length, 4);
  const copy = summary.copyLastFrameMsePerFrame as number[];
  assert.equal(copy.length, 4);
  assert.ok(copy[3]! > copy[0]!, 'holding the last frame gets worse the further ahead');
  assert.ok((summary.testMse as number) > 0 && (summary.copyLastFrameMse as number) > 0);
  assert.ok(isGif(join(out, 'predictions.gif')));
  assert.ok(readFileSync(join(out, 'predictions.png')).length > 0);
});
