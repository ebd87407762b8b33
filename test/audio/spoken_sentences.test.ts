import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { audio } = s;

test('the sentence plan: distinct lower-case sentences of 3–8 words, fixed by the seed, about a twentieth held out', () => {
  const plan = audio.spokenSentencePlan(2000);
  assert.equal(plan.length, 2000);
  assert.equal(new Set(plan).size, 2000);
  for (const t of plan) assert.ok(/^[a-z']+( [a-z']+){2,7}$/.test(t), t);
  assert.deepEqual(audio.spokenSentencePlan(2000), plan);
  assert.notDeepEqual(audio.spokenSentencePlan(2000, 1), plan);
  const held = plan.filter(audio.isTestSentence).length;
  assert.ok(held > 60 && held < 150, `${held} test sentences`);
  assert.throws(() => audio.spokenSentencePlan(10 ** 6), { name: 'ValueError', message: /only \d+ sentences qualify/ });
});

test('spoken sentences: one voice, trimmed speech that grows with the text, its phonemes, cached byte for byte, the same bytes from a fresh engine', async () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'shinsou-sentences-'));
  const set = await audio.loadSpokenSentences({ count: 6, sampleRate: 8000, cacheDir });
  assert.equal(set.texts.length, 6);
  assert.deepEqual(set.texts, audio.spokenSentencePlan(6));
  const seconds = set.waveforms.map((w) => w.shape[0]! / 8000);
  for (const [i, sec] of seconds.entries()) assert.ok(sec > 0.4 && sec < 6, `"${set.texts[i]}" lasts ${sec} s`);
  const words = set.texts.map((t) => t.split(' ').length);
  const perWord = seconds.map((sec, i) => sec / words[i]!);
  assert.ok(Math.max(...perWord) < 3 * Math.min(...perWord), `seconds per word ${perWord.map((x) => x.toFixed(2)).join(', ')}`);
  // The voice's phonemes: IPA symbols with the stress marks apart and " " between words.
  assert.equal(set.texts[0], "we have health care that's always there");
  assert.deepEqual(set.phonemes[0]!.slice(0, 12), ['w', 'iː', ' ', 'h', 'æ', 'v', ' ', 'h', 'ˈ', 'ɛ', 'l', 'θ']);
  set.phonemes.forEach((p, i) => assert.equal(p.filter((x) => x === ' ').length, words[i]! - 1, set.texts[i]));
  const files = readdirSync(cacheDir).sort();
  assert.deepEqual(files, ['spoken-sentences-v1-seed0-n6-8000hz.pcm', 'spoken-sentences-v1-seed0-n6-phonemes.json']);
  const again = await audio.loadSpokenSentences({ count: 6, sampleRate: 8000, cacheDir });
  again.waveforms.forEach((w, i) => assert.deepEqual([...w.dataSync()], [...set.waveforms[i]!.dataSync()]));
  assert.deepEqual(again.phonemes, set.phonemes);
  const fresh = await audio.loadSpokenSentences({ count: 6, sampleRate: 8000, cacheDir: mkdtempSync(join(tmpdir(), 'shinsou-sentences-')) });
  fresh.waveforms.forEach((w, i) => assert.deepEqual([...w.dataSync()], [...set.waveforms[i]!.dataSync()], 'a fresh engine gives the same bytes'));
  assert.deepEqual(fresh.phonemes, set.phonemes);
  const [clips, phonemes] = files.map((f) => join(cacheDir, f));
  writeFileSync(phonemes!, '[["a"]]');
  await assert.rejects(audio.loadSpokenSentences({ count: 6, sampleRate: 8000, cacheDir }), { name: 'FormatError', message: /not the phonemes of 6 sentences/ });
  writeFileSync(clips!, readFileSync(clips!).subarray(0, 100));
  await assert.rejects(audio.loadSpokenSentences({ count: 6, sampleRate: 8000, cacheDir }), { name: 'FormatError', message: /not a set of 6 clips/ });
  assert.throws(() => audio.loadSpokenSentences({ split: 'dev' as never }), { name: 'ValueError' });
});
