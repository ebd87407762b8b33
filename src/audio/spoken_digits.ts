/**
 * @file A spoken-digit data set like SC09 ("zero" … "nine", one second at 16 kHz), synthesised
 * offline with eSpeak NG (npm `@echogarden/espeak-ng-emscripten`, the engine compiled to
 * WebAssembly; GPL-3, its output is ours) — synthetic speech, not recordings. Speakers are an
 * accent plus a voice variant; a fixed fifth of them is held out for testing, so test voices are
 * unseen. Each take draws speed, pitch, loudness and position from a seeded generator. The engine
 * keeps internal random state between utterances, so clips are made in plan order from a fresh
 * engine: the same plan always gives the same bytes, and a prefix of the plan the same prefix.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FormatError, ValueError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { cacheDirectory } from '../io/cache.js';
import { checkOptions, type OptionKeys } from '../options.js';
import { tensor } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { speaker, trimSilence } from './espeak.js';

/** The ten spoken words of the digit set, "zero" … "nine", by label. */
export const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;
/** eSpeak NG's English accents. */
export const SPEAKER_ACCENTS = ['en-us', 'en-gb', 'en-gb-scotland', 'en-gb-x-rp', 'en-gb-x-gbclan', 'en-gb-x-gbcwmd', 'en-029'] as const;
/** eSpeak NG's plain male and female voice variants. */
export const SPEAKER_VARIANTS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'f1', 'f2', 'f3', 'f4', 'f5'] as const;
/** Samples per clip and the clips' rate. */
export const CLIP_SAMPLES = 16000;
/** The sample rate of the spoken-digit clips (16 kHz). */
export const CLIP_RATE = 16000;

/** One clip to synthesise. */
export interface SpokenDigitClip {
  digit: number;
  /** `accent+variant`, e.g. `en-gb-scotland+f2`. */
  speaker: string;
  /** Words per minute. */
  rate: number;
  /** eSpeak's pitch, 0–99. */
  pitch: number;
  /** Peak amplitude of the clip. */
  gain: number;
  /** Where in the free room around the word it starts, 0–1. */
  position: number;
}

/**
 * Whether a speaker is one of the held-out test voices (a fixed hash of its name; about one in five).
 * PyTorch: none (torchaudio's datasets ship fixed split lists instead).
 * @example const test = clips.filter((c) => audio.isTestSpeaker(c.speaker))
 */
export function isTestSpeaker(speaker: string): boolean {
  return createHash('sha256').update(speaker).digest()[0]! % 5 === 0;
}

/**
 * The clips of the set in synthesis order: for each take, every speaker says every digit, with
 * speed 130–230 words/minute, pitch 25–75, peak 0.25–0.95 and position drawn from `seed`.
 * PyTorch: none (the set is synthesised with espeak-ng).
 * @example audio.spokenDigitPlan(0, 4).length // 10 digits × 84 speakers × 4 takes = 3,360
 */
export function spokenDigitPlan(seed = 0, takes = 4): SpokenDigitClip[] {
  if (!Number.isInteger(takes) || takes < 1) throw new ValueError(`spokenDigitPlan: takes must be a positive integer, got ${takes}`);
  const g = new Generator(seed);
  const plan: SpokenDigitClip[] = [];
  for (let take = 0; take < takes; take++) {
    for (const accent of SPEAKER_ACCENTS) {
      for (const variant of SPEAKER_VARIANTS) {
        for (let digit = 0; digit < 10; digit++) {
          plan.push({ digit, speaker: `${accent}+${variant}`, rate: g.integer(130, 231), pitch: g.integer(25, 76), gain: 0.25 + 0.7 * g.random(), position: g.random() });
        }
      }
    }
  }
  return plan;
}

/** The word of one clip, trimmed to its sound (25 ms margins), scaled to its peak and placed in one second. */
function placeClip(sound: Float32Array, clip: SpokenDigitClip): Int16Array {
  const out = new Int16Array(CLIP_SAMPLES);
  let word = trimSilence(sound, CLIP_RATE / 40);
  if (word.length === 0) return out;
  if (word.length > CLIP_SAMPLES) {
    const from = Math.floor((word.length - CLIP_SAMPLES) / 2);
    word = word.subarray(from, from + CLIP_SAMPLES);
  }
  let peak = 0;
  for (const v of sound) peak = Math.max(peak, Math.abs(v));
  const start = Math.floor(clip.position * (CLIP_SAMPLES - word.length));
  const scale = clip.gain / peak;
  for (let i = 0; i < word.length; i++) out[start + i] = Math.max(-32768, Math.min(32767, Math.round(word[i]! * scale * 32768)));
  return out;
}

/**
 * Synthesises `plan` in order with a fresh engine → int16 samples, `CLIP_SAMPLES` per clip.
 * PyTorch: none (espeak-ng synthesis).
 * @example const pcm = await audio.synthesizeSpokenDigits(audio.spokenDigitPlan().slice(0, 10))
 */
export async function synthesizeSpokenDigits(plan: readonly SpokenDigitClip[], onProgress?: (done: number, total: number) => void): Promise<Int16Array> {
  const say = await speaker();
  const out = new Int16Array(plan.length * CLIP_SAMPLES);
  plan.forEach((clip, i) => {
    out.set(placeClip(say({ text: DIGIT_WORDS[clip.digit]!, voice: clip.speaker, rate: clip.rate, pitch: clip.pitch }, CLIP_RATE), clip), i * CLIP_SAMPLES);
    onProgress?.(i + 1, plan.length);
  });
  return out;
}

/** Options of `loadSpokenDigits`. */
export interface SpokenDigitsOptions {
  /** 'train', 'test' or 'all' (default). */
  split?: 'train' | 'test' | 'all';
  /** Seed of the plan (default 0). */
  seed?: number;
  /** Takes per speaker and digit (default 4: 3,360 clips). */
  takes?: number;
  /** Folder of the generated set (default `$SHINSOU_CACHE` or `~/.cache/shinsou`). */
  cacheDir?: string;
  /** Called while the set is generated on first use. */
  onProgress?: (done: number, total: number) => void;
}

/** A split of the spoken digits: waveforms [N, 16000] in [−1, 1), labels int32 [N], and each clip's speaker. */
export interface SpokenDigits {
  waveforms: Tensor;
  labels: Tensor;
  speakers: string[];
  sampleRate: number;
}

const loadKeys: OptionKeys<SpokenDigitsOptions> = { split: true, seed: true, takes: true, cacheDir: true, onProgress: true };

/**
 * The spoken-digit set, generated on first use into the cache folder (about 100 MB of 16-bit
 * samples for the default 3,360 clips; about a minute on 2 cores) and read from there afterwards.
 * PyTorch: the nearest is `torchaudio.datasets.SPEECHCOMMANDS` (recorded words rather than synthesised digits).
 * @example const { waveforms, labels } = await audio.loadSpokenDigits({ split: 'train' })
 */
export function loadSpokenDigits(options?: SpokenDigitsOptions): Promise<SpokenDigits> {
  // Checked before anything asynchronous, so a wrong call throws where it is made.
  const { split = 'all', seed = 0, takes = 4, cacheDir = cacheDirectory(), onProgress } = checkOptions('loadSpokenDigits', options, loadKeys);
  if (!['train', 'test', 'all'].includes(split)) throw new ValueError(`loadSpokenDigits: split must be 'train', 'test' or 'all', got ${String(split)}`);
  return loadClips(spokenDigitPlan(seed, takes), join(cacheDir, `spoken-digits-v1-seed${seed}-takes${takes}.pcm`), split, onProgress);
}

async function loadClips(plan: SpokenDigitClip[], path: string, split: 'train' | 'test' | 'all', onProgress?: (done: number, total: number) => void): Promise<SpokenDigits> {
  let pcm: Int16Array;
  if (existsSync(path)) {
    const bytes = readFileSync(path);
    if (bytes.length !== plan.length * CLIP_SAMPLES * 2) throw new FormatError(`loadSpokenDigits: ${path} has ${bytes.length} bytes, expected ${plan.length * CLIP_SAMPLES * 2}; delete it to generate the set again`);
    pcm = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  } else {
    pcm = await synthesizeSpokenDigits(plan, onProgress);
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, new Uint8Array(pcm.buffer));
  }
  const chosen = plan.map((c, i) => [c, i] as const).filter(([c]) => split === 'all' || isTestSpeaker(c.speaker) === (split === 'test'));
  const waveforms = new Float32Array(chosen.length * CLIP_SAMPLES);
  chosen.forEach(([, i], k) => {
    for (let t = 0; t < CLIP_SAMPLES; t++) waveforms[k * CLIP_SAMPLES + t] = pcm[i * CLIP_SAMPLES + t]! / 32768;
  });
  return {
    waveforms: tensor(waveforms).reshape([chosen.length, CLIP_SAMPLES]),
    labels: tensor(chosen.map(([c]) => c.digit), { dtype: 'int32' }),
    speakers: chosen.map(([c]) => c.speaker),
    sampleRate: CLIP_RATE,
  };
}
