import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose } from '../helpers.js';

const { audio } = s;
const fixture = new URL('../../../test/fixtures/audio/spoken-digits-first3.wav', import.meta.url).pathname;

test('the spoken-digit plan: 84 voices, every digit by each, test voices never in training, fixed by the seed', () => {
  const plan = audio.spokenDigitPlan(0, 4);
  assert.equal(plan.length, 3360);
  const speakers = [...new Set(plan.map((c) => c.speaker))];
  assert.equal(speakers.length, audio.SPEAKER_ACCENTS.length * audio.SPEAKER_VARIANTS.length);
  const test = speakers.filter(audio.isTestSpeaker);
  assert.ok(test.length >= 12 && test.length <= 30, `${test.length} held-out voices`);
  for (const speaker of speakers) assert.deepEqual(plan.filter((c) => c.speaker === speaker).map((c) => c.digit).sort(), [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8, 9, 9, 9, 9]);
  assert.deepEqual(audio.spokenDigitPlan(0, 4), plan);
  assert.notDeepEqual(audio.spokenDigitPlan(1, 4), plan);
  for (const c of plan) assert.ok(c.rate >= 130 && c.rate <= 230 && c.pitch >= 25 && c.pitch <= 75 && c.gain >= 0.25 && c.gain <= 0.95 && c.position >= 0 && c.position < 1);
});

test('synthesis is deterministic (same plan, same bytes) and gives the committed clips; each clip holds its word at its gain', async () => {
  const plan = audio.spokenDigitPlan(0, 4).slice(0, 6);
  const [a, b] = [await audio.synthesizeSpokenDigits(plan), await audio.synthesizeSpokenDigits(plan)];
  assert.equal(a.length, 6 * audio.CLIP_SAMPLES);
  assert.deepEqual(a, b);
  const committed = audio.loadWav(fixture);
  assert.equal(committed.sampleRate, 16000);
  // Made by this code with the native backend; another CPU's summation order may move a sample by a step.
  assertClose(s.tensor(Float32Array.from(a.subarray(0, 3 * audio.CLIP_SAMPLES), (v) => v / 32768)).reshape([1, -1]), committed.waveform, { atol: 3 / 32768, rtol: 0 });
  plan.forEach((clip, i) => {
    const clipSamples = a.subarray(i * audio.CLIP_SAMPLES, (i + 1) * audio.CLIP_SAMPLES);
    const peak = Math.max(...clipSamples.map(Math.abs)) / 32768;
    assert.ok(Math.abs(peak - clip.gain) < 1e-3, `clip ${i}: peak ${peak}, gain ${clip.gain}`);
    const voiced = clipSamples.filter((v) => Math.abs(v) > 0.02 * peak * 32768).length;
    assert.ok(voiced > 1000, `clip ${i} (${audio.DIGIT_WORDS[clip.digit]}) has sound`);
  });
});
