import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readMetrics } from '../../src/io/metrics.js';

const cli = new URL('../../../dist/cli/main.js', import.meta.url).pathname;

test('char-rnn trains an RNN, an LSTM and a GRU as stages, reports test bpc beside the unigram baseline, and writes samples', () => {
  const out = mkdtempSync(join(tmpdir(), 'shinsou-char-rnn-'));
  const r = spawnSync(process.execPath, [cli, 'train', 'char-rnn', '--max-chars', '6000', '--hidden', '16', '--embed', '8', '--bptt', '20', '--epochs', '1', '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, number>;
  for (const k of ['bpcRnn', 'bpcLstm', 'bpcGru', 'bpcUnigram']) assert.ok(summary[k]! > 0 && summary[k]! < 8, `${k} ${summary[k]}`);
  assert.equal(summary.trainCharacters, 6000);
  assert.deepEqual(readMetrics(join(out, 'metrics.jsonl')).map((m) => m.stage), ['rnn', 'lstm', 'gru']);
  assert.equal((readFileSync(join(out, 'samples.txt'), 'utf8').match(/^=== (rnn|lstm|gru), test/gm) ?? []).length, 3);
  assert.ok(existsSync(join(out, 'loss-curve.png')));
  const bad = spawnSync(process.execPath, [cli, 'train', 'char-rnn', '--models', 'rnn,tcn', '--out', out], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--models entries must be rnn, lstm or gru, got 'tcn'/);
});
