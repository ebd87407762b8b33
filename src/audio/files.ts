/** @file WAV files in Node: read (untrusted, bounded) and written atomically. */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';
import { decodeWav, encodeWav, type DecodeWavOptions, type DecodedWav, type EncodeWavOptions } from './wav.js';

/**
 * Reads a WAV file (see `decodeWav`): `{ waveform [channels, frames], sampleRate, encoding, bitsPerSample }`.
 * PyTorch: `waveform, sample_rate = torchaudio.load(path)`.
 * @example const { waveform, sampleRate } = audio.loadWav('speech.wav')
 */
export function loadWav(path: string, options?: DecodeWavOptions): DecodedWav {
  const o = checkOptions('loadWav', options, { maxSamples: true });
  return decodeWav(readFileSync(path), o);
}

/**
 * Writes `waveform` [channels, frames] or [frames] as a WAV file (atomically: a crash leaves the old
 * file or the new one, never half of one). Default 16-bit signed PCM.
 * PyTorch: `torchaudio.save(path, waveform, sample_rate, encoding, bits_per_sample)`.
 * @example audio.saveWav('sample.wav', wave, 16000)
 */
export function saveWav(path: string, waveform: Tensor, sampleRate: number, options?: EncodeWavOptions): void {
  writeFileAtomic(path, encodeWav(waveform, sampleRate, options));
}
