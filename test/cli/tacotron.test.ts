import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const cli = new URL('../../../dist/cli/main.js', import.meta.url).pathname;

test('tacotron synthesises its sentences, trains on their phonemes with scheduled sampling (its learning rate decayed to --lr-final, its guided-attention weight falling), reports mel L1 beside the mean frame and diagonality, and reads test sentences aloud, which a machine listener writes down', () => {
  const cache = mkdtempSync(join(tmpdir(), 'shinsou-cache-'));
  const out = mkdtempSync(join(tmpdir(), 'shinsou-tacotron-'));
  const r = spawnSync(process.execPath, [cli, 'train', 'tacotron', '--sentences', '60', '--epochs', '2', '--batch-size', '8', '--embed', '16', '--decoder', '32', '--input', 'phonemes', '--teacher-forcing', '0.5', '--guided-attention', '1', '--guided-attention-epochs', '2', '--lr-final', '1e-3', '--listener-epochs', '1', '--listener-max-cer', '100', '--out', out],
    { encoding: 'utf8', env: { ...process.env, SHINSOU_CACHE: cache } });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, number>;
  assert.equal(summary.trainSentences! + summary.testSentences!, 60);
  for (const k of ['testMelL1', 'testMelL1Baseline', 'attentionDiagonality']) assert.ok(summary[k]! > 0 && summary[k]! < 1, `${k} = ${summary[k]}`);
  for (const png of ['alignment.png', 'spectrograms.png']) assert.ok(existsSync(join(out, png)), png);
  const epochs = s.io.readMetrics(join(out, 'metrics.jsonl'));
  assert.deepEqual(epochs.map((e) => e.guidedAttentionWeight), [1, 0.5], 'the guided-attention weight falls linearly over --guided-attention-epochs');
  const lr = (Object.values(s.io.loadCheckpoint(join(out, 'checkpoint.safetensors')).optimizers!)[0]!.paramGroups[0] as { lr: number }).lr;
  assert.ok(Math.abs(lr - 1e-3) < 1e-9, `the last batch's learning rate is ${lr}, not --lr-final`);
  const wav = s.audio.loadWav(join(out, 'test-0.wav'));
  assert.equal(wav.sampleRate, 8000);
  assert.ok(wav.waveform.shape[1]! > 800, 'at least a tenth of a second of audio');
  assert.match(readFileSync(join(out, 'test-sentences.txt'), 'utf8'), /^test-0\.wav: "[a-z' ]+" \(\d+ steps, [\d.]+ s\); the listener hears "[a-z' ]*" \(and "[a-z' ]*" in the recording through Griffin–Lim\)/);
  for (const k of ['listenerCharacterErrorRate', 'listenerCharacterErrorRateTeacherForced', 'listenerCharacterErrorRateTeacherForcedOtherText', 'listenerCharacterErrorRateVocodedRecordings', 'listenerCharacterErrorRateRecordings']) assert.ok(summary[k]! >= 0, `${k} = ${summary[k]}`);
  assert.ok(existsSync(join(cache, 'spoken-sentences-listener-v1-n60.safetensors')), 'the listener is cached');
});
