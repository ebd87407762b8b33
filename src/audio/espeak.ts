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
  synthesize_ipa(text: string): { code: number; ipa: string };
}

/** What to say and how: `voice` is `accent+variant` (e.g. `en-gb-scotland+f2`), `rate` words per minute, `pitch` 0–99. */
export interface Utterance {
  text: string;
  voice: string;
  rate: number;
  pitch: number;
}

/** A fresh engine (a new WebAssembly instance, so its random state starts over), handed out set to speak like `u`. */
async function freshEngine(): Promise<(u: Omit<Utterance, 'text'>) => EspeakWorker> {
  let factory: () => Promise<{ eSpeakNGWorker: new () => EspeakWorker }>;
  try {
    factory = (await import('@echogarden/espeak-ng-emscripten' as string)).default;
  } catch {
    throw new ValueError('speech synthesis: the synthesiser is missing; install it with `npm install @echogarden/espeak-ng-emscripten@0.3.5` (a development dependency of shinsou)');
  }
  const engine = new (await factory()).eSpeakNGWorker();
  return (u) => {
    engine.set_voice(u.voice);
    engine.set_rate(u.rate);
    engine.set_pitch(u.pitch);
    return engine;
  };
}

/** A speaker made from a fresh engine. */
export async function speaker(): Promise<(u: Utterance, sampleRate: number) => Float32Array> {
  const speakingAs = await freshEngine();
  return (u, sampleRate) => {
    const engine = speakingAs(u);
    const chunks: Int16Array[] = [];
    engine.synthesize(u.text, (samples) => {
      if (samples && samples.length) chunks.push(Int16Array.from(samples));
    });
    const all = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
    chunks.reduce((at, c) => (all.set(Float32Array.from(c, (v) => v / 32768), at), at + c.length), 0);
    return resample(tensor(all), ENGINE_RATE, sampleRate).dataSync() as Float32Array;
  };
}

/**
 * The phonemes eSpeak NG says for `u.text`, as IPA symbols: a phoneme with its length mark is one
 * symbol ("iː", "dʒ"), the stress marks ˈ and ˌ are symbols of their own, " " separates words.
 * From a fresh engine, so that it does not disturb a speaker's random state.
 */
export async function phonemizer(): Promise<(u: Utterance) => string[]> {
  const speakingAs = await freshEngine();
  return (u) => ipaSymbols(speakingAs(u).synthesize_ipa(u.text).ipa);
}

/** eSpeak NG's IPA ("w_iː h_ˈæ_v", phonemes joined by "_") split into symbols. */
function ipaSymbols(ipa: string): string[] {
  return ipa.trim().split(/\s+/).filter(Boolean).flatMap((word, i) => [
    ...(i > 0 ? [' '] : []),
    ...word.split('_').flatMap((phoneme) => phoneme.split(/([ˈˌ])/)).filter(Boolean),
  ]);
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
