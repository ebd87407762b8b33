import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readPng } from '../../src/io/png.js';

const cli = new URL('../../../dist/cli/main.js', import.meta.url).pathname;
const pairs = new URL('../../../test/fixtures/text/en-de.tsv', import.meta.url).pathname;

test('translate trains an encoder-decoder on a pairs file, reports greedy and beam BLEU, and writes samples and an attention map', () => {
  const out = mkdtempSync(join(tmpdir(), 'shinsou-translate-'));
  const r = spawnSync(process.execPath, [cli, 'train', 'translate', '--pairs', pairs, '--min-freq', '1', '--d-model', '16', '--heads', '2', '--layers', '1', '--ff', '32',
    '--warmup', '5', '--epochs', '2', '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, number>;
  for (const k of ['testBleuGreedy', 'testBleuBeam']) assert.ok(summary[k]! >= 0 && summary[k]! <= 100, `${k} = ${summary[k]}`);
  assert.ok(summary.testLoss! > 0);
  assert.deepEqual([summary.trainPairs, summary.testPairs], [58, 2], "the committed file's fixed split");
  const samples = readFileSync(join(out, 'samples.txt'), 'utf8');
  assert.equal((samples.match(/^EN {5}.+\nDE {5}.+\ngreedy .*\nbeam {3}.*$/gm) ?? []).length, 2);
  assert.ok(readPng(join(out, 'attention.png')).shape[1]! > 30);
  assert.ok(existsSync(join(out, 'loss-curve.png')));
  const missing = spawnSync(process.execPath, [cli, 'train', 'translate', '--dictionary', join(out, 'no-such-file'), '--out', out], { encoding: 'utf8' });
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /apt-get install trans-de-en/);
});
