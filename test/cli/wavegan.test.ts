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
    '--epochs', '2', '--is-samples', '40', '--judge-epochs', '25', '--judge-min-accuracy', '0.9', '--out', out], { encoding: 'utf8', env: { ...process.env, SHINSOU_CACHE: cache } });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, number>;
  assert.ok(summary.inceptionScore! >= 1 && summary.inceptionScore! <= 10);
  assert.ok(summary.realInceptionScore! > 4, `real test clips are recognisable: ${summary.realInceptionScore}`);
  // One take per voice is a small set: the judge's accuracy moves by a few clips between CPUs (0.98 here, 0.946 on a CI machine).
  assert.ok(summary.judgeAccuracy! >= 0.9);
  assert.ok(summary.classEntropy! >= 0 && summary.classEntropy! <= Math.log(10) + 1e-9);
  assert.equal(readdirSync(out).filter((f) => /^sample-\d\d-\w+\.wav$/.test(f)).length, 20, 'each epoch replaces the last one\'s samples');
  assert.ok(existsSync(join(out, 'samples.png')));
  assert.deepEqual(readdirSync(cache).sort(), ['spoken-digits-m5-takes1.safetensors', 'spoken-digits-v1-seed0-takes1.pcm']);

  const strict = spawnSync(process.execPath, [cli, 'train', 'wavegan', '--takes', '1', '--judge-min-accuracy', '1', '--out', mkdtempSync(join(tmpdir(), 'shinsou-wavegan-'))],
    { encoding: 'utf8', env: { ...process.env, SHINSOU_CACHE: cache } });
  assert.notEqual(strict.status, 0);
  assert.match(strict.stderr, /SpokenDigitJudge: the classifier reaches 0\.\d+ on unseen voices, below 1 \(delete .*spoken-digits-m5-takes1\.safetensors to retrain it\)/);
});
