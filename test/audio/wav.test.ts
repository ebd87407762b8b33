import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, loadFixture } from '../helpers.js';

const { audio } = s;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const { wavFiles } = loadFixture<{ wavFiles: any[] }>('audio/audio.json');
const fixtureDir = new URL('../../../test/fixtures/audio/', import.meta.url);

test('WAV files written by Python wave, scipy and sox (extensible, 3 channels) decode to their samples', () => {
  for (const f of wavFiles) {
    const decoded = audio.loadWav(new URL(f.file, fixtureDir).pathname);
    assert.equal(decoded.sampleRate, f.sampleRate, f.file);
    assert.equal(decoded.bitsPerSample, f.bits, f.file);
    assert.equal(decoded.encoding, f.encoding, f.file);
    assertClose(decoded.waveform, s.tensor(f.samples), { atol: 1e-7, rtol: 0 }, f.file);
  }
});

test('every encoding round-trips: exact for codes, within half a step for floats; files are written atomically', () => {
  const gen = new s.Generator(4);
  const wave = s.rand([2, 501], { generator: gen }).mul(2).sub(1).mul(0.99); // inside every format's range
  const dir = mkdtempSync(join(tmpdir(), 'shinsou-wav-'));
  for (const [encoding, bits] of [['PCM_U', 8], ['PCM_S', 16], ['PCM_S', 24], ['PCM_S', 32], ['PCM_F', 32], ['PCM_F', 64]] as const) {
    const path = join(dir, `${encoding}${bits}.wav`);
    audio.saveWav(path, wave, 12345, { encoding, bitsPerSample: bits });
    const back = audio.loadWav(path);
    assert.deepEqual([back.sampleRate, back.encoding, back.bitsPerSample], [12345, encoding, bits]);
    const step = encoding === 'PCM_F' ? 0 : 2 ** -(bits - 1);
    assertClose(back.waveform, wave, { atol: step / 2 + 1e-7, rtol: 0 }, `${encoding} ${bits}`);
    assert.deepEqual(audio.encodeWav(back.waveform, 12345, { encoding, bitsPerSample: bits }), new Uint8Array(readFileSync(path)), `${encoding} ${bits}: re-encoding the decoded samples gives the same bytes`);
  }
  const mono = audio.decodeWav(audio.encodeWav(s.tensor([0, 1, -1, 0.5]), 8000));
  assert.deepEqual(mono.waveform.shape, [1, 4]);
  assert.deepEqual([...mono.waveform.dataSync()], [0, 32767 / 32768, -1, 0.5], 'clipped to the 16-bit range');
  assert.throws(() => audio.encodeWav(wave, 8000, { encoding: 'PCM_S', bitsPerSample: 8 }), { name: 'ValueError', message: /PCM_S takes 16 or 24 or 32/ });
  assert.throws(() => audio.encodeWav(s.zeros([1, 2, 3]), 8000), { name: 'ShapeError' });
  assert.throws(() => audio.encodeWav(wave, 0), { name: 'ValueError' });
});

test('the reader names what is wrong with malformed files, and random corruption never escapes as another error', () => {
  const good = audio.encodeWav(s.rand([2, 64], { generator: new s.Generator(5) }), 16000);
  const broken = (edit: (b: Uint8Array, v: DataView) => void): Uint8Array => {
    const b = good.slice();
    edit(b, new DataView(b.buffer));
    return b;
  };
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array(3), /not a WAV file/],
    [broken((b) => b.set([0x52, 0x49, 0x46, 0x58], 0)), /not a WAV file/],
    [good.subarray(0, 100), /claims 256 bytes, but only 56 follow/],
    [broken((_, v) => v.setUint16(34, 12, true)), /unsupported sample format PCM with 12 bits/],
    [broken((_, v) => v.setUint16(22, 0, true)), /block align 4 does not match 0 channels|0 channels/],
    [broken((_, v) => v.setUint16(32, 3, true)), /block align 3 does not match 2 channels of 16 bits/],
    [broken((_, v) => v.setUint32(40, 255, true)), /claims 255 bytes|not a whole number/],
    [broken((b) => b.set([0x58, 0x58, 0x58, 0x58], 36)), /no 'data' chunk/],
    [broken((b) => b.set([0x58, 0x58, 0x58, 0x58], 12)), /no 'fmt ' chunk/],
  ];
  for (const [bytes, message] of cases) assert.throws(() => audio.decodeWav(bytes), { name: 'FormatError', message });
  assert.throws(() => audio.decodeWav(good, { maxSamples: 100 }), { name: 'FormatError', message: /exceed maxSamples/ });
  const gen = new s.Generator(6);
  let [decoded, refused] = [0, 0];
  for (let trial = 0; trial < 3000; trial++) {
    const b = trial % 2 ? good.slice() : good.slice(0, 20 + gen.integer(0, good.length - 19));
    for (let k = gen.integer(1, 6); k > 0; k--) b[gen.integer(0, Math.min(b.length, 48))] = gen.integer(0, 256);
    try {
      const { waveform } = audio.decodeWav(b);
      assert.ok(waveform.dataSync().every((x) => Number.isFinite(x) || Number.isNaN(x)));
      decoded++;
    } catch (e) {
      assert.equal((e as Error).name, 'FormatError', `trial ${trial}: ${(e as Error).message}`);
      refused++;
    }
  }
  assert.ok(decoded > 0 && refused > 0, `fuzzing exercised both outcomes (${decoded} decoded, ${refused} refused)`);
});

test('spectrogram grids and waveform plots are written as PNG images of the expected size', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shinsou-audio-plot-'));
  const spec = s.randn([20, 30], { generator: new s.Generator(7) });
  audio.plotSpectrograms(join(dir, 'grid.png'), [{ spectrogram: spec, label: 'a' }, { spectrogram: spec.neg(), label: 'b' }, { spectrogram: spec }], { columns: 2, scale: 3, title: 'grid' });
  const grid = s.io.readPng(join(dir, 'grid.png'));
  assert.deepEqual(grid.shape.slice(1), [30 + 2 * (20 * 3 + 34), 8 + 2 * (30 * 3 + 16)]);
  audio.plotWaveform(join(dir, 'wave.png'), s.randn([5000], { generator: new s.Generator(8) }), 16000, 'noise');
  assert.ok(readFileSync(join(dir, 'wave.png')).length > 1000);
  assert.throws(() => audio.plotSpectrograms(join(dir, 'x.png'), [{ spectrogram: s.zeros([2, 3, 4]) }]), { name: 'ShapeError' });
  assert.throws(() => audio.plotWaveform(join(dir, 'x.png'), s.zeros([2, 3]), 16000), { name: 'ShapeError' });
});
