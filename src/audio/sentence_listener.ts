/**
 * @file A machine listener for the spoken-sentence voice: a CTC speech recogniser trained on the
 * training sentences, deterministically on first use, cached. It writes down what generated speech
 * (Tacotron's) says, where no person is at hand to listen.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { noGrad } from '../autograd/grad_mode.js';
import { ValueError } from '../errors.js';
import { cacheDirectory } from '../io/cache.js';
import { loadSafetensors, saveSafetensors } from '../io/safetensors_file.js';
import { SpeechRecognizer } from '../models/speech_recognizer.js';
import { ctcLoss } from '../nn/functional/ctc.js';
import { clipGradNorm_ } from '../nn/utils/clip_grad.js';
import { Adam } from '../optim/adam.js';
import { pad, stack } from '../ops/shape.js';
import { checkOptions, type OptionKeys } from '../options.js';
import { tensor } from '../tensor/creation.js';
import { defaultGenerator, withSeed } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { bucketBatches } from '../text/batching.js';
import { characterErrorRate } from '../text/edit_distance.js';
import { melSpectrogram } from './mel.js';
import { loadSpokenSentences } from './spoken_sentences.js';

/** The listener hears 8 kHz speech as 40 log-mel bands every 8 ms, each band standardised over the utterance. */
const [RATE, N_FFT, HOP, N_MELS] = [8000, 256, 64, 40];

/** Options of `SentenceListener.load`. */
export interface SentenceListenerOptions {
  /** Default `$SHINSOU_CACHE` or `~/.cache/shinsou`, `spoken-sentences-listener-v1-n<sentences>.safetensors` (the version changes with the recogniser or its features). */
  cachePath?: string;
  /** Sentences in the spoken-sentence set it learns from (default 2,000, the `tacotron` recipe's). */
  sentences?: number;
  /** Training epochs when the cache is missing (default 40). */
  epochs?: number;
  /** Character error rate on the held-out recordings it must stay under (default 0.1). */
  maxCharacterErrorRate?: number;
  log?: (line: string) => void;
}

const keys: OptionKeys<SentenceListenerOptions> = { cachePath: true, sentences: true, epochs: true, maxCharacterErrorRate: true, log: true };

/** Log-mel frames [T, 40] of an 8 kHz waveform, each band standardised (so loudness does not matter). */
function hear(wave: Tensor): Tensor {
  const logMel = melSpectrogram(wave, { sampleRate: RATE, nFft: N_FFT, hopLength: HOP, nMels: N_MELS }).clamp(1e-10).log(); // [40, T]
  const centred = logMel.sub(logMel.mean(1, true));
  return centred.div(centred.pow(2).mean(1, true).sqrt().add(1e-5)).transpose(0, 1);
}

/** Frames [B, T, 40] of several utterances, zero-padded to the longest. */
function batchOf(frames: readonly Tensor[]): Tensor {
  const T = Math.max(...frames.map((f) => f.shape[0]!));
  return stack(frames.map((f) => pad(f, [0, 0, 0, T - f.shape[0]!])));
}

/** What each 8 kHz waveform [samples] says to `model`, by best-path decoding, in batches of 32. */
function transcribe(model: SpeechRecognizer, alphabet: readonly string[], waves: readonly Tensor[]): string[] {
  model.eval();
  return noGrad(() => {
    const heard: string[] = [];
    for (let i = 0; i < waves.length; i += 32) {
      const frames = waves.slice(i, i + 32).map(hear);
      heard.push(...model.decode(batchOf(frames), frames.map((f) => f.shape[0]!)).map((path) => path.map((c) => alphabet[c]).join('')));
    }
    return heard;
  });
}

/**
 * Writes down what 8 kHz speech in the spoken-sentence voice says: `transcribe(waves)` returns the
 * text of each waveform [samples] by best-path CTC decoding of a `models.SpeechRecognizer`.
 * `testCharacterErrorRate` is its error on the held-out recordings (sentences it never heard).
 * PyTorch: none built in; torchaudio's pretrained `WAV2VEC2_ASR` pipelines play this role for real speech.
 * @example const listener = await audio.SentenceListener.load(); listener.transcribe([wave])[0] // "the cat sat"
 */
export class SentenceListener {
  private constructor(readonly model: SpeechRecognizer, readonly alphabet: readonly string[], readonly testCharacterErrorRate: number) {}

  /** Loads the cached recogniser, training and caching it first if it is missing (seed 0, Adam 1e-3, batch 32; the global RNG stream is left as it was). */
  static load(options?: SentenceListenerOptions): Promise<SentenceListener> {
    const o = checkOptions('SentenceListener.load', options, keys); // before anything asynchronous
    const { sentences = 2000 } = o;
    return SentenceListener.prepare({ ...o, sentences, cachePath: o.cachePath ?? join(cacheDirectory(), `spoken-sentences-listener-v1-n${sentences}.safetensors`) });
  }

  private static async prepare(o: SentenceListenerOptions & { sentences: number; cachePath: string }): Promise<SentenceListener> {
    const { sentences, cachePath, epochs = 40, maxCharacterErrorRate = 0.1, log = () => {} } = o;
    const [train, test] = [await loadSpokenSentences({ split: 'train', count: sentences, sampleRate: RATE }), await loadSpokenSentences({ split: 'test', count: sentences, sampleRate: RATE })];
    const alphabet = ['<blank>', ...[...new Set(train.texts.join(''))].sort()];
    const cached = existsSync(cachePath);
    // Built and trained with seed 0, so the listener does not depend on what ran before, nor shift the caller's random stream.
    const model = withSeed(0, () => {
      const recognizer = new SpeechRecognizer(N_MELS, alphabet.length);
      if (cached) recognizer.loadStateDict(loadSafetensors(cachePath).tensors);
      else SentenceListener.train(recognizer, noGrad(() => train.waveforms.map(hear)), train.texts.map((t) => [...t].map((c) => alphabet.indexOf(c))), epochs, log);
      return recognizer;
    });
    const cer = characterErrorRate(transcribe(model, alphabet, test.waveforms), test.texts);
    if (cer > maxCharacterErrorRate) {
      const remedy = cached ? `delete ${cachePath} to retrain it` : `trained for ${epochs} epochs; give it more`;
      throw new ValueError(`SentenceListener: the recogniser's character error rate on held-out recordings is ${cer.toFixed(4)}, above ${maxCharacterErrorRate} (${remedy})`);
    }
    if (!cached) {
      mkdirSync(dirname(cachePath), { recursive: true });
      saveSafetensors(cachePath, model.stateDict());
    }
    log(`sentence listener: character error rate ${cer.toFixed(4)} on held-out recordings`);
    return new SentenceListener(model, alphabet, cer);
  }

  private static train(model: SpeechRecognizer, frames: readonly Tensor[], labels: readonly number[][], epochs: number, log: (line: string) => void): void {
    const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
    model.train();
    for (let epoch = 1; epoch <= epochs; epoch++) {
      let [total, count] = [0, 0];
      for (const batch of bucketBatches(frames.map((f) => f.shape[0]!), 32, defaultGenerator)) {
        optimizer.zeroGrad();
        const { logProbs, lengths } = model.forward(batchOf(batch.map((i) => frames[i]!)), batch.map((i) => frames[i]!.shape[0]!));
        const targets = batch.map((i) => labels[i]!);
        const width = Math.max(...targets.map((t) => t.length));
        const loss = ctcLoss(logProbs, tensor(targets.map((t) => [...t, ...new Array<number>(width - t.length).fill(1)]), { dtype: 'int32' }), lengths, targets.map((t) => t.length), { zeroInfinity: true });
        loss.backward();
        clipGradNorm_(model.parameters(), 5);
        optimizer.step();
        total += loss.item() * batch.length;
        count += batch.length;
      }
      log(`sentence listener: epoch ${epoch}/${epochs}, CTC loss ${(total / count).toFixed(4)}`);
    }
  }

  /** What each 8 kHz waveform [samples] says, by best-path decoding. */
  transcribe(waves: readonly Tensor[]): string[] {
    return transcribe(this.model, this.alphabet, waves);
  }
}
