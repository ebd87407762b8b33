import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { audio } = s;

test('SentenceListener trains once (leaving the global RNG as it was), caches, reloads the same recogniser, and refuses one worse than asked', async () => {
  const previous = process.env.SHINSOU_CACHE;
  process.env.SHINSOU_CACHE = mkdtempSync(join(tmpdir(), 'shinsou-cache-'));
  try {
    const cachePath = join(process.env.SHINSOU_CACHE, 'listener.safetensors');
    s.manualSeed(7);
    const expected = s.rand([3]).dataSync();
    s.manualSeed(7);
    const listener = await audio.SentenceListener.load({ sentences: 20, epochs: 1, cachePath, maxCharacterErrorRate: 100 });
    assert.deepEqual(s.rand([3]).dataSync(), expected, 'the global RNG stream is untouched');
    assert.ok(existsSync(cachePath));
    assert.ok(listener.testCharacterErrorRate >= 0);
    const { waveforms } = await audio.loadSpokenSentences({ split: 'test', count: 20, sampleRate: 8000 });
    const again = await audio.SentenceListener.load({ sentences: 20, cachePath, maxCharacterErrorRate: 100 });
    assert.equal(again.testCharacterErrorRate, listener.testCharacterErrorRate);
    assert.deepEqual(again.transcribe(waveforms), listener.transcribe(waveforms));
    await assert.rejects(audio.SentenceListener.load({ sentences: 20, cachePath, maxCharacterErrorRate: 0 }),
      { name: 'ValueError', message: /character error rate on held-out recordings is [\d.]+, above 0 \(delete .*listener\.safetensors to retrain it\)/ });
    assert.throws(() => audio.SentenceListener.load({ epoch: 3 } as never), { name: 'ValueError', message: /unknown option 'epoch'/ });
  } finally {
    if (previous === undefined) delete process.env.SHINSOU_CACHE;
    else process.env.SHINSOU_CACHE = previous;
  }
});
