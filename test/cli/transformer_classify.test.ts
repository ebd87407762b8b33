import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const cli = new URL('../../../dist/cli/main.js', import.meta.url).pathname;

test('transformer-classify trains a [CLS]-pooled encoder on spam vs. ham and reports test accuracy and F1', () => {
  const out = mkdtempSync(join(tmpdir(), 'shinsou-transformer-classify-'));
  const r = spawnSync(process.execPath, [cli, 'train', 'transformer-classify', '--pooling', 'cls', '--max-train', '300', '--d-model', '16', '--heads', '2', '--layers', '1',
    '--ff', '32', '--max-tokens', '40', '--epochs', '1', '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, number>;
  for (const k of ['testAccuracy', 'testF1', 'testPrecision', 'testRecall', 'majorityBaseline']) assert.ok(summary[k]! >= 0 && summary[k]! <= 1, `${k} = ${summary[k]}`);
  assert.ok(Math.abs(summary.majorityBaseline! - 830 / 1209) < 1e-9, 'the test split holds 830 ham of 1,209 mails');
  assert.ok(summary.parameters! > 0);
  assert.match(r.stdout, /cls-pooled Transformer encoder/);
  assert.ok(existsSync(join(out, 'loss-curve.png')));
  const bad = spawnSync(process.execPath, [cli, 'train', 'transformer-classify', '--pooling', 'max', '--out', out], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--pooling must be one of mean or cls, got 'max'/);
});
