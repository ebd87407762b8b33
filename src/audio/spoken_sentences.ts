/**
 * @file Short spoken sentences with their text, for text-to-speech (Tacotron): sentences of the
 * shipped public-domain corpora read by one fixed eSpeak NG voice — synthetic speech. A fixed
 * twentieth of the sentences (by a hash of the text) is held out for testing.
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
import { loadCorpus } from '../text/corpora.js';
import { wordSentences } from '../text/tokenizer.js';
import { phonemizer, speaker, trimSilence, type Utterance } from './espeak.js';

/** The one voice of the sentence set. */
export const SENTENCE_VOICE: Omit<Utterance, 'text'> = { voice: 'en-us', rate: 160, pitch: 50 };

/**
 * Whether a sentence is held out for testing (a fixed hash of its text; about one in twenty).
 * PyTorch: none (torchaudio's datasets ship fixed split lists instead).
 * @example const test = sentences.filter((s) => audio.isTestSentence(s.text))
 */
export function isTestSentence(text: string): boolean {
  return createHash('sha256').update(text).digest()[0]! % 20 === 0;
}

/**
 * The sentences of the set in synthesis order: distinct sentences of 3–8 lower-case words (letters
 * and apostrophes only) from the training documents of both shipped corpora, shuffled by `seed`,
 * the first `count`.
 * PyTorch: none (the set is synthesised with espeak-ng).
 * @example audio.spokenSentencePlan(2000)[0] // 'and god created great whales' (or another)
 */
export function spokenSentencePlan(count = 2000, seed = 0): string[] {
  if (!Number.isInteger(count) || count < 1) throw new ValueError(`spokenSentencePlan: count must be a positive integer, got ${count}`);
  const seen = new Set<string>();
  for (const corpus of ['moby-dick', 'sotu'] as const) {
    for (const doc of loadCorpus(corpus, 'train')) {
      for (const words of wordSentences(doc.text)) {
        if (words.length >= 3 && words.length <= 8 && words.every((w) => /^[a-z']+$/.test(w))) seen.add(words.join(' '));
      }
    }
  }
  const sentences = [...seen];
  if (count > sentences.length) throw new ValueError(`spokenSentencePlan: only ${sentences.length} sentences qualify, asked for ${count}`);
  const g = new Generator(seed);
  for (let i = sentences.length - 1; i > 0; i--) {
    const j = g.integer(0, i + 1);
    [sentences[i], sentences[j]] = [sentences[j]!, sentences[i]!];
  }
  return sentences.slice(0, count);
}

/** Options of `loadSpokenSentences`. */
export interface SpokenSentencesOptions {
  /** 'train', 'test' or 'all' (default). */
  split?: 'train' | 'test' | 'all';
  /** Sentences in the set (default 2,000). */
  count?: number;
  seed?: number;
  /** Sample rate of the waveforms (default 16,000 Hz). */
  sampleRate?: number;
  /** Folder of the generated set (default `$SHINSOU_CACHE` or `~/.cache/shinsou`). */
  cacheDir?: string;
  /** Called while the set is generated on first use. */
  onProgress?: (done: number, total: number) => void;
}

/** Sentences and their speech: `waveforms[i]` [samples] in [−1, 1) says `texts[i]`, whose phonemes are `phonemes[i]`. */
export interface SpokenSentences {
  texts: string[];
  /** The voice's IPA symbols of each text (phonemes, stress marks ˈ ˌ, " " between words). */
  phonemes: string[][];
  waveforms: Tensor[];
  sampleRate: number;
}

const keys: OptionKeys<SpokenSentencesOptions> = { split: true, count: true, seed: true, sampleRate: true, cacheDir: true, onProgress: true };

/**
 * The spoken-sentence set, synthesised on first use (trimmed to the speech with 50 ms margins) into
 * the cache folder — a count, the clip lengths, then 16-bit samples; the phonemes as JSON beside
 * them — and read from there afterwards.
 * PyTorch: the nearest is `torchaudio.datasets.LJSPEECH` (recorded speech with its text).
 * @example const { texts, waveforms } = await audio.loadSpokenSentences({ split: 'train' })
 */
export function loadSpokenSentences(options?: SpokenSentencesOptions): Promise<SpokenSentences> {
  // Checked before anything asynchronous, so a wrong call throws where it is made.
  const { split = 'all', count = 2000, seed = 0, sampleRate = 16000, cacheDir = cacheDirectory(), onProgress } = checkOptions('loadSpokenSentences', options, keys);
  if (!['train', 'test', 'all'].includes(split)) throw new ValueError(`loadSpokenSentences: split must be 'train', 'test' or 'all', got ${String(split)}`);
  if (!Number.isInteger(sampleRate) || sampleRate < 1) throw new ValueError(`loadSpokenSentences: sampleRate must be a positive integer, got ${sampleRate}`);
  const texts = spokenSentencePlan(count, seed);
  const name = join(cacheDir, `spoken-sentences-v1-seed${seed}-n${count}`);
  return readOrSynthesize(texts, `${name}-${sampleRate}hz.pcm`, sampleRate, onProgress).then(async (clips) => {
    const phonemes = await readOrPhonemize(texts, `${name}-phonemes.json`);
    const chosen = texts.map((t, i) => [t, i] as const).filter(([t]) => split === 'all' || isTestSentence(t) === (split === 'test'));
    return { texts: chosen.map(([t]) => t), phonemes: chosen.map(([, i]) => phonemes[i]!), waveforms: chosen.map(([, i]) => tensor(Float32Array.from(clips[i]!, (v) => v / 32768))), sampleRate };
  });
}

async function readOrPhonemize(texts: readonly string[], path: string): Promise<string[][]> {
  if (existsSync(path)) {
    let phonemes: unknown;
    try {
      phonemes = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      phonemes = null;
    }
    const valid = Array.isArray(phonemes) && phonemes.length === texts.length && phonemes.every((p) => Array.isArray(p) && p.length > 0 && p.every((x) => typeof x === 'string'));
    if (!valid) throw new FormatError(`loadSpokenSentences: ${path} is not the phonemes of ${texts.length} sentences; delete it to make it again`);
    return phonemes as string[][];
  }
  const phonemesOf = await phonemizer();
  const phonemes = texts.map((text) => phonemesOf({ text, ...SENTENCE_VOICE }));
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, JSON.stringify(phonemes));
  return phonemes;
}

async function readOrSynthesize(texts: readonly string[], path: string, sampleRate: number, onProgress?: (done: number, total: number) => void): Promise<Int16Array[]> {
  if (existsSync(path)) {
    const bytes = readFileSync(path);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = bytes.length >= 4 ? view.getUint32(0, true) : -1;
    const lengths = n === texts.length && bytes.length >= 4 * (n + 1) ? Array.from({ length: n }, (_, i) => view.getUint32(4 * (i + 1), true)) : null;
    if (!lengths || bytes.length !== 4 * (n + 1) + 2 * lengths.reduce((a, b) => a + b, 0)) throw new FormatError(`loadSpokenSentences: ${path} is not a set of ${texts.length} clips; delete it to generate the set again`);
    const samples = new Int16Array(bytes.buffer.slice(bytes.byteOffset + 4 * (n + 1), bytes.byteOffset + bytes.length));
    let at = 0;
    return lengths.map((len) => samples.subarray(at, (at += len)));
  }
  const say = await speaker();
  const clips = texts.map((text, i) => {
    const clip = Int16Array.from(trimSilence(say({ text, ...SENTENCE_VOICE }, sampleRate), Math.round(sampleRate / 20)), (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32768))));
    onProgress?.(i + 1, texts.length);
    return clip;
  });
  const header = new Uint32Array([clips.length, ...clips.map((c) => c.length)]);
  const body = new Uint8Array(header.byteLength + 2 * clips.reduce((n, c) => n + c.length, 0));
  body.set(new Uint8Array(header.buffer), 0);
  clips.reduce((at, c) => (body.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), at), at + c.byteLength), header.byteLength);
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, body);
  return clips;
}
