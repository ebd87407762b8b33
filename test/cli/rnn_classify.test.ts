import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { text } from '../../src/index.js';

const cli = new URL('../../../dist/cli/main.js', import.meta.url).pathname;

test('rnn-classify trains word2vec-initialised and random-initialised classifiers, reports test accuracy and F1, and resumes from its vectors', () => {
  const out = mkdtempSync(join(tmpdir(), 'shinsou-rnn-classify-'));
  const args = [cli, 'train', 'rnn-classify', '--max-train', '300', '--hidden', '8', '--embed', '16', '--max-tokens', '40', '--epochs', '1', '--out', out];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, number>;
  for (const k of ['testAccuracy', 'testF1', 'testAccuracyRandomInit', 'testF1RandomInit', 'majorityBaseline', 'word2vecCoverage']) {
    assert.ok(summary[k]! >= 0 && summary[k]! <= 1, `${k} = ${summary[k]}`);
  }
  assert.ok(Math.abs(summary.majorityBaseline! - 830 / 1209) < 1e-9, 'the test split holds 830 ham of 1,209 mails');
  const vectors = text.Word2Vec.fromBinary(new Uint8Array(readFileSync(join(out, 'vectors.bin'))));
  assert.equal(vectors.vectorSize, 16);
  assert.ok(existsSync(join(out, 'loss-curve.png')));
  const again = spawnSync(process.execPath, [...args, '--resume'], { encoding: 'utf8' });
  assert.equal(again.status, 0, again.stderr + again.stdout);
  assert.match(again.stdout, /read back from vectors\.bin/);
  assert.equal(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).testAccuracy, summary.testAccuracy);
  const bad = spawnSync(process.execPath, [cli, 'train', 'rnn-classify', '--rnn', 'tcn', '--out', out], { encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--rnn must be one of rnn, lstm or gru, got 'tcn'/);
});
