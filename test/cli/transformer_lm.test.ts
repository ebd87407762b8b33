import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const cli = new URL('../../../dist/cli/main.js', import.meta.url).pathname;

test('transformer-lm trains a decoder-only model, reports test bpc beside the unigram baseline, and writes a cached-decoding sample', () => {
  const out = mkdtempSync(join(tmpdir(), 'shinsou-transformer-lm-'));
  const r = spawnSync(process.execPath, [cli, 'train', 'transformer-lm', '--max-chars', '8000', '--d-model', '16', '--heads', '2', '--layers', '1', '--ff', '32',
    '--context', '32', '--warmup', '5', '--epochs', '1', '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, number>;
  for (const k of ['bpc', 'bpcUnigram']) assert.ok(summary[k]! > 0 && summary[k]! < 12, `${k} ${summary[k]}`);
  assert.equal(summary.trainCharacters, 8000);
  const samples = readFileSync(join(out, 'samples.txt'), 'utf8');
  assert.match(samples, /^=== transformer, test \d+\.\d{3} bpc, temperature 0\.8 ===\n/);
  assert.ok(samples.split('\n').slice(1).join('\n').length >= 300, 'the sample holds the generated characters');
  assert.ok(existsSync(join(out, 'loss-curve.png')));
  const bad = spawnSync(process.execPath, [cli, 'train', 'transformer-lm', '--positional', 'rotary', '--out', out], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--positional must be one of sinusoidal or learned, got 'rotary'/);
});
