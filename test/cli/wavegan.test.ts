import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const cli = new URL('../../../dist/cli/main.js', import.meta.url).pathname;

test('wavegan trains the spoken-digit judge once, runs WGAN-GP steps, scores samples and writes WAVs and a spectrogram grid', () => {
  const cache = mkdtempSync(join(tmpdir(), 'shinsou-cache-'));
  const out = mkdtempSync(join(tmpdir(), 'shinsou-wavegan-'));
  const r = spawnSync(process.execPath, [cli, 'train', 'wavegan', '--takes', '1', '--model-size', '2', '--iterations', '2', '--n-critic', '2', '--batch-size', '8',
    '--epochs', '1', '--is-samples', '40', '--judge-epochs', '25', '--out', out], { encoding: 'utf8', env: { ...process.env, SHINSOU_CACHE: cache } });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, number>;
  assert.ok(summary.inceptionScore! >= 1 && summary.inceptionScore! <= 10);
  assert.ok(summary.realInceptionScore! > 4, `real test clips are recognisable: ${summary.realInceptionScore}`);
  assert.ok(summary.judgeAccuracy! >= 0.95);
  assert.ok(summary.classEntropy! >= 0 && summary.classEntropy! <= Math.log(10) + 1e-9);
  assert.equal(readdirSync(out).filter((f) => /^sample-\d\d-\w+\.wav$/.test(f)).length, 20);
  assert.ok(existsSync(join(out, 'samples.png')));
  assert.deepEqual(readdirSync(cache).sort(), ['spoken-digits-m5-takes1.safetensors', 'spoken-digits-v1-seed0-takes1.pcm']);
});
