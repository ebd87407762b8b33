/**
 * @file Speech synthesis with eSpeak NG compiled to WebAssembly (npm `@echogarden/espeak-ng-emscripten`,
 * a development dependency; GPL-3, its output is ours). The engine keeps random state between
 * utterances, so a data set is made in a fixed order from a fresh engine to be reproducible.
 */
import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { resample } from './resample.js';

/** eSpeak NG's output rate. */
const ENGINE_RATE = 22050;

interface EspeakWorker {
  set_voice(name: string): number;
  set_rate(wpm: number): void;
  set_pitch(pitch: number): void;
  synthesize(text: string, callback: (samples: Int16Array | null) => void): void;
}

/** What to say and how: `voice` is `accent+variant` (e.g. `en-gb-scotland+f2`), `rate` words per minute, `pitch` 0–99. */
export interface Utterance {
  text: string;
  voice: string;
  rate: number;
  pitch: number;
}

/** A speaker made from a fresh engine (a new WebAssembly instance, so its random state starts over). */
export async function speaker(): Promise<(u: Utterance, sampleRate: number) => Float32Array> {
  let factory: () => Promise<{ eSpeakNGWorker: new () => EspeakWorker }>;
  try {
    factory = (await import('@echogarden/espeak-ng-emscripten' as string)).default;
  } catch {
    throw new ValueError('speech synthesis: the synthesiser is missing; install it with `npm install @echogarden/espeak-ng-emscripten@0.3.5` (a development dependency of shinsou)');
  }
  const engine = new (await factory()).eSpeakNGWorker();
  return (u, sampleRate) => {
    engine.set_voice(u.voice);
    engine.set_rate(u.rate);
    engine.set_pitch(u.pitch);
    const chunks: Int16Array[] = [];
    engine.synthesize(u.text, (samples) => {
      if (samples && samples.length) chunks.push(Int16Array.from(samples));
    });
    const all = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
    chunks.reduce((at, c) => (all.set(Float32Array.from(c, (v) => v / 32768), at), at + c.length), 0);
    return resample(tensor(all), ENGINE_RATE, sampleRate).dataSync() as Float32Array;
  };
}

/** The stretch of `wave` with sound (from the first to the last sample above 2 % of the peak, plus `margin` samples each side). */
export function trimSilence(wave: Float32Array, margin: number): Float32Array {
  let peak = 0;
  for (const v of wave) peak = Math.max(peak, Math.abs(v));
  if (peak === 0) return wave.subarray(0, 0);
  let [first, last] = [0, wave.length - 1];
  while (Math.abs(wave[first]!) < 0.02 * peak) first++;
  while (Math.abs(wave[last]!) < 0.02 * peak) last--;
  return wave.subarray(Math.max(0, first - margin), Math.min(wave.length, last + margin + 1));
}
