import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const cli = new URL('../../../dist/cli/main.js', import.meta.url).pathname;

test('spoken-digits synthesises the set once, trains both feature kinds on it and writes a confusion matrix and WAVs', () => {
  const cache = mkdtempSync(join(tmpdir(), 'shinsou-cache-'));
  for (const features of ['waveform', 'logmel']) {
    const out = mkdtempSync(join(tmpdir(), `shinsou-spoken-digits-${features}-`));
    const r = spawnSync(process.execPath, [cli, 'train', 'spoken-digits', '--features', features, '--takes', '1', '--epochs', '4', '--out', out],
      { encoding: 'utf8', env: { ...process.env, SHINSOU_CACHE: cache } });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, number>;
    assert.equal(summary.trainClips! + summary.testClips!, 840);
    assert.ok(summary.testAccuracy! > 0.2, `${features}: four epochs on 840 clips beat chance (0.1): ${summary.testAccuracy}`);
    assert.ok(existsSync(join(out, 'confusion.png')) && existsSync(join(out, 'test-clips.png')));
    assert.equal(readdirSync(out).filter((f) => f.endsWith('.wav')).length, 10);
    assert.equal(/synthesising the spoken digits/.test(r.stderr), features === 'waveform', 'only the first run synthesises');
  }
  assert.deepEqual(readdirSync(cache), ['spoken-digits-v1-seed0-takes1.pcm']);
});
