/**
 * @file `tacotron`: a small Tacotron (SPEC §11.7) learns to read the spoken-sentence set aloud —
 * phonemes (or characters) to 40 log-mel bands (8 kHz, 256-point STFT, 8 ms hop) and, through the
 * post-net, to the linear spectrogram, which Griffin–Lim turns into WAVs of held-out sentences.
 * Reports the teacher-forced test mel L1 beside predicting the mean frame, how diagonal the
 * attention is, and what a machine listener hears in the free-running speech.
 */
import { writeFileSync } from 'node:fs';
import { noGrad } from '../../autograd/grad_mode.js';
import { saveWav } from '../../audio/files.js';
import { griffinLim } from '../../audio/griffin_lim.js';
import { melFilterbank } from '../../audio/mel.js';
import { plotSpectrograms } from '../../audio/plots.js';
import { SentenceListener } from '../../audio/sentence_listener.js';
import { loadSpokenSentences, type SpokenSentences } from '../../audio/spoken_sentences.js';
import { complexAbs, stft } from '../../audio/stft.js';
import { hannWindow } from '../../audio/windows.js';
import { heatmap } from '../../io/heatmap.js';
import { Tacotron } from '../../models/tacotron.js';
import { binaryCrossEntropyWithLogits } from '../../nn/functional/loss.js';
import { clipGradNorm_ } from '../../nn/utils/clip_grad.js';
import { lengthMask } from '../../nn/utils/rnn.js';
import { Adam } from '../../optim/adam.js';
import { ExponentialLR } from '../../optim/lr_scheduler.js';
import { cat, pad, stack } from '../../ops/shape.js';
import { tensor } from '../../tensor/creation.js';
import { defaultGenerator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bucketBatches, padTokenRows } from '../../text/batching.js';
import { characterErrorRate } from '../../text/edit_distance.js';
import type { Recipe } from '../recipe.js';
import { oneOf } from './common.js';

const [RATE, N_FFT, HOP, N_MELS] = [8000, 256, 64, 40];
/** Magnitudes are ln(max(|X|, 1e−5)) mapped from [ln 1e−5, ln 100] to [0, 1]. */
const [LOG_MIN, LOG_MAX] = [Math.log(1e-5), Math.log(100)];
const END = '~';

/** Log-magnitude frames of a waveform, normalised to [0, 1]: mel [T, 40] and linear [T, 129]. */
function features(wave: Tensor, fb: Tensor): { mel: Tensor; linear: Tensor } {
  const magnitude = complexAbs(stft(wave, N_FFT, { hopLength: HOP, window: hannWindow(N_FFT) })); // [129, T]
  const norm = (x: Tensor): Tensor => x.clamp(1e-5).log().sub(LOG_MIN).div(LOG_MAX - LOG_MIN).clamp(0, 1).transpose(0, 1);
  return { mel: norm(fb.transpose(0, 1).matmul(magnitude)), linear: norm(magnitude) };
}

/** A waveform from normalised log-magnitude frames [T, 129]: magnitude^1.2, 50 Griffin–Lim iterations, peak 0.9. */
function toWave(linear: Tensor): Tensor {
  const magnitude = linear.mul(LOG_MAX - LOG_MIN).add(LOG_MIN).exp().transpose(0, 1);
  const wave = griffinLim(magnitude.pow(1.2), { nFft: N_FFT, hopLength: HOP, power: 1, nIter: 50 });
  const peak = wave.abs().amax().item();
  return peak > 0 ? wave.mul(0.9 / peak) : wave;
}

interface Utterances {
  texts: string[];
  /** What the model reads: the characters or phonemes of each text, and the end symbol. */
  units: string[][];
  tokens: number[][];
  mel: Tensor[];
  linear: Tensor[];
}

/** Frames [T, C] padded with zeros to `frames` rows. */
const padFrames = (x: Tensor, frames: number): Tensor => pad(x, [0, 0, 0, frames - x.shape[0]!]);

/** A batch: tokens, their lengths, targets padded to a multiple of r, and the valid frames and steps. */
function batchOf(u: Utterances, batch: readonly number[], r: number): { tokens: Tensor; lengths: number[]; mel: Tensor; linear: Tensor; frameMask: Tensor; stopTarget: Tensor } {
  const frames = batch.map((i) => u.mel[i]!.shape[0]!);
  const T = Math.ceil(Math.max(...frames) / r) * r;
  const steps = T / r;
  return {
    tokens: padTokenRows(batch.map((i) => u.tokens[i]!), 0),
    lengths: batch.map((i) => u.tokens[i]!.length),
    mel: stack(batch.map((i) => padFrames(u.mel[i]!, T))),
    linear: stack(batch.map((i) => padFrames(u.linear[i]!, T))),
    frameMask: lengthMask(frames, T).unsqueeze(-1),
    // The stop target turns on at the step holding the last real frame.
    stopTarget: tensor(frames.map((n) => Array.from({ length: steps }, (_, s) => ((s + 1) * r >= n ? 1 : 0)))),
  };
}

/**
 * Guided-attention weights [B, steps, L] (Tachibana et al. 2017): 1 − exp(−(j/L − t/S)²/(2g²)) for
 * each sequence's own L symbols and S steps, 0 elsewhere — a penalty on attention far from the diagonal.
 */
function guidedAttentionWeights(lengths: readonly number[], steps: readonly number[], maxSteps: number, maxLength: number, g = 0.2): Tensor {
  return tensor(lengths.map((L, b) => Array.from({ length: maxSteps }, (_, t) => Array.from({ length: maxLength }, (__, j) =>
    (t < steps[b]! && j < L ? 1 - Math.exp(-((j / L - t / steps[b]!) ** 2) / (2 * g * g)) : 0)))));
}

/** Mean |a − b| over the valid frames (mask [B, T, 1]): the training loss terms and the test figure. */
const maskedL1 = (a: Tensor, b: Tensor, mask: Tensor): Tensor => a.sub(b).abs().mul(mask).sum().div(mask.sum().mul(a.shape[2]!));

/**
 * The attention mass within a band around the diagonal, averaged over steps: step t of S should
 * look near symbol t·(L − 1)/(S − 1); the band is ±max(2, L/10) symbols.
 */
function diagonality(alignment: Tensor, symbols: number, steps: number): number {
  const a = alignment.narrow(0, 0, steps).narrow(1, 0, symbols).dataSync();
  const band = Math.max(2, symbols / 10);
  let mass = 0;
  for (let t = 0; t < steps; t++) {
    const centre = steps === 1 ? 0 : (t * (symbols - 1)) / (steps - 1);
    for (let j = 0; j < symbols; j++) if (Math.abs(j - centre) <= band) mass += a[t * symbols + j]!;
  }
  return mass / steps;
}

export const tacotron: Recipe = {
  name: 'tacotron',
  description: 'a small Tacotron reads the spoken-sentence set aloud (phonemes → log-mel → linear spectrogram → Griffin–Lim WAVs)',
  defaults: { epochs: 30, batchSize: 32, lr: 2e-3 },
  options: [
    { flags: '--input <units>', description: 'what the model reads: characters | phonemes (eSpeak NG\'s IPA symbols of the text)', default: 'phonemes', parse: oneOf('--input', ['characters', 'phonemes']) },
    { flags: '--reduction <r>', description: 'mel frames per decoder step', default: 5 },
    { flags: '--sentences <n>', description: 'sentences in the set (a twentieth held out)', default: 2000 },
    { flags: '--embed <n>', description: 'symbol embedding and encoder width', default: 64 },
    { flags: '--decoder <n>', description: 'attention and decoder GRU width', default: 128 },
    { flags: '--clip <norm>', description: 'gradient-norm clipping', default: 1 },
    { flags: '--lr-final <lr>', description: 'decay the learning rate exponentially, batch by batch, to this at the last epoch (0: constant)', default: 0 },
    { flags: '--listener-epochs <n>', description: 'training epochs of the machine listener (a CTC recogniser of the training recordings) when it is first made (then cached)', default: 40 },
    { flags: '--listener-max-cer <rate>', description: "character error rate on held-out recordings the machine listener must stay under, else the run stops", default: 0.1 },
    { flags: '--teacher-forcing <p>', description: 'probability that a training step reads the true previous frame rather than its own prediction (scheduled sampling; 1: teacher forcing)', default: 0.5 },
    { flags: '--guided-attention <weight>', description: 'weight of the guided-attention loss (Tachibana et al.; 0: none — the attention did not form without it in 30 epochs)', default: 1 },
    { flags: '--guided-attention-epochs <n>', description: 'the guided-attention weight falls linearly to 0 over this many epochs, freeing the attention to follow the speech once it has formed (0: kept throughout)', default: 15 },
  ],
  async run(run, o) {
    const [train, test] = [await loadSpokenSentences({ split: 'train', count: Number(o.sentences), sampleRate: RATE }), await loadSpokenSentences({ split: 'test', count: Number(o.sentences), sampleRate: RATE })];
    const unitsOf = (set: SpokenSentences): string[][] => (o.input === 'phonemes' ? set.phonemes : set.texts.map((t) => [...t])).map((units) => [...units, END]);
    const symbols = ['<pad>', ...[...new Set(unitsOf(train).flat())].sort()];
    const ids = new Map(symbols.map((c, i) => [c, i]));
    const fb = melFilterbank(N_FFT / 2 + 1, RATE, N_MELS, { fMax: RATE / 2, norm: 'slaney', melScale: 'slaney' });
    const prepare = (set: SpokenSentences): Utterances => {
      const f = noGrad(() => set.waveforms.map((w) => features(w, fb)));
      const units = unitsOf(set);
      return { texts: set.texts, units, tokens: units.map((u) => u.map((c) => ids.get(c) ?? ids.get(' ')!)), mel: f.map((x) => x.mel), linear: f.map((x) => x.linear) };
    };
    const [trainSet, testSet] = [prepare(train), prepare(test)];
    const r = Number(o.reduction);
    const guidedEpochs = Number(o.guidedAttentionEpochs);
    const guidedWeight = (epoch: number): number => Number(o.guidedAttention) * (guidedEpochs > 0 ? Math.max(0, 1 - (epoch - 1) / guidedEpochs) : 1);
    const model = run.register('model', new Tacotron({ vocabSize: symbols.length, nMels: N_MELS, linearBins: N_FFT / 2 + 1, reduction: r, embedDim: Number(o.embed), decoderDim: Number(o.decoder) }));
    const meanFrame = cat(trainSet.mel).mean(0).reshape([1, 1, -1]);
    const parameters = [...model.parameters()].reduce((n, p) => n + p.numel, 0);
    run.say(`${trainSet.texts.length} training and ${testSet.texts.length} test sentences (${symbols.length} symbols), r = ${r}, ${parameters.toLocaleString('en-US')} parameters`);
    const optimizer = new Adam(model.parameters(), { lr: o.lr });
    const frameCounts = trainSet.mel.map((m) => m.shape[0]!);
    const batchesPerEpoch = Math.ceil(frameCounts.length / o.batchSize);
    const scheduler = Number(o.lrFinal) <= 0 ? undefined : new ExponentialLR(optimizer, (Number(o.lrFinal) / o.lr) ** (1 / (o.epochs * batchesPerEpoch)));
    const evaluate = (): { testMelL1: number; testMelL1Baseline: number; attentionDiagonality: number } => {
      const was = model.training;
      model.eval();
      try {
        let [l1, baseline, diag, count] = [0, 0, 0, 0];
        noGrad(() => {
          for (const batch of bucketBatches(testSet.mel.map((m) => m.shape[0]!), 32)) {
            const b = batchOf(testSet, batch, r);
            const out = model.forward(b.tokens, b.lengths, b.mel);
            l1 += maskedL1(out.mel, b.mel, b.frameMask).item() * batch.length;
            baseline += maskedL1(meanFrame.expand(b.mel.shape), b.mel, b.frameMask).item() * batch.length;
            batch.forEach((i, k) => { diag += diagonality(out.alignments.select(0, k), b.lengths[k]!, Math.ceil(testSet.mel[i]!.shape[0]! / r)); });
            count += batch.length;
          }
        });
        return { testMelL1: l1 / count, testMelL1Baseline: baseline / count, attentionDiagonality: diag / count };
      } finally {
        model.train(was);
      }
    };
    const result = run.stage('tacotron', {
      epochs: o.epochs, optimizer, scheduler, batchesPerEpoch,
      epoch(epoch, bar) {
        const guided = guidedWeight(epoch);
        let [total, count] = [0, 0];
        for (const batch of bucketBatches(frameCounts, o.batchSize, defaultGenerator)) {
          const b = batchOf(trainSet, batch, r);
          optimizer.zeroGrad();
          const out = model.forward(b.tokens, b.lengths, b.mel, { teacherForcing: Number(o.teacherForcing) });
          let loss = maskedL1(out.mel, b.mel, b.frameMask).add(maskedL1(out.linear, b.linear, b.frameMask)).add(binaryCrossEntropyWithLogits(out.stop, b.stopTarget));
          if (guided > 0) {
            const steps = batch.map((i) => Math.ceil(trainSet.mel[i]!.shape[0]! / r));
            const weights = guidedAttentionWeights(b.lengths, steps, out.alignments.shape[1]!, out.alignments.shape[2]!);
            loss = loss.add(out.alignments.mul(weights).sum().div(steps.reduce((a, c) => a + c, 0)).mul(guided));
          }
          loss.backward();
          clipGradNorm_(model.parameters(), Number(o.clip));
          optimizer.step();
          scheduler?.step();
          total += loss.item() * batch.length;
          count += batch.length;
          bar.tick({ loss: total / count });
        }
        return { trainLoss: total / count, guidedAttentionWeight: guided, ...evaluate() };
      },
      finish: evaluate,
    });
    // Every held-out sentence read aloud: free-running decoding, the post-net's linear spectrogram, Griffin–Lim;
    // the first three are written as WAVs.
    model.eval();
    const texts = testSet.texts;
    const spoken = noGrad(() => texts.map((_, i) => {
      const tokens = testSet.tokens[i]!;
      const out = model.infer(tensor([tokens], { dtype: 'int32' }), [tokens.length], Math.ceil((1.5 * testSet.mel[i]!.shape[0]!) / r));
      if (i === 0) {
        const steps = out.alignments.shape[1]!;
        const rows = Array.from({ length: steps }, (_, t) => [...out.alignments.select(0, 0).select(0, t).dataSync()]);
        heatmap(run.file('alignment.png'), rows, { columnLabels: testSet.units[i]!, cellSize: 8, title: `attention of "${texts[i]}" (free-running, rows: decoder steps)` });
      }
      return { wave: toWave(out.linear.select(0, 0)), steps: out.stop.shape[1]!, mel: out.mel.select(0, 0) };
    }));
    // No person listens here: a CTC recogniser trained on the training recordings writes down what the speech says,
    // beside what it writes for the recordings passed through the same Griffin–Lim (the vocoder's share of the errors)
    // and for the teacher-forced spectrograms (what the model says while fed the true previous frames).
    const listener = await SentenceListener.load({ sentences: Number(o.sentences), epochs: Number(o.listenerEpochs), maxCharacterErrorRate: Number(o.listenerMaxCer), log: (line) => run.say(line) });
    const heard = listener.transcribe(spoken.map((x) => x.wave));
    const heardVocoded = listener.transcribe(noGrad(() => texts.map((_, i) => toWave(testSet.linear[i]!))));
    // The decoder's output for sentence i's true frames, read from the text of sentence `text`, cut to the frames' length.
    const teacherForcedOutput = (i: number, text = i): { mel: Tensor; linear: Tensor } => noGrad(() => {
      const tokens = testSet.tokens[text]!;
      const out = model.forward(tensor([tokens], { dtype: 'int32' }), [tokens.length], batchOf(testSet, [i], r).mel);
      const frames = testSet.linear[i]!.shape[0]!;
      return { mel: out.mel.select(0, 0).narrow(0, 0, frames), linear: out.linear.select(0, 0).narrow(0, 0, frames) };
    });
    const forced = noGrad(() => texts.map((_, i) => {
      const out = teacherForcedOutput(i);
      return { mel: out.mel, wave: toWave(out.linear) };
    }));
    const heardTeacherForced = listener.transcribe(forced.map((x) => x.wave));
    // With the next sentence's text instead: if the listener still hears the frames' own sentence, the decoder
    // says what the previous frames say rather than what the text says (a shortcut teacher forcing rewards).
    const heardOtherText = listener.transcribe(noGrad(() => texts.map((_, i) => toWave(teacherForcedOutput(i, (i + 1) % texts.length).linear))));
    const lines = texts.slice(0, 3).map((text, i) => {
      saveWav(run.file(`test-${i}.wav`), spoken[i]!.wave, RATE);
      return `test-${i}.wav: "${text}" (${spoken[i]!.steps} steps, ${(spoken[i]!.wave.shape[0]! / RATE).toFixed(2)} s); the listener hears "${heard[i]}" (and "${heardVocoded[i]}" in the recording through Griffin–Lim)`;
    });
    writeFileSync(run.file('test-sentences.txt'), `${lines.join('\n')}\n`);
    plotSpectrograms(run.file('spectrograms.png'), texts.slice(0, 3).flatMap((text, i) => [
      { spectrogram: testSet.mel[i]!.transpose(0, 1), label: `test-${i}: "${text}"` },
      { spectrogram: forced[i]!.mel.transpose(0, 1), label: 'teacher-forced' },
      { spectrogram: spoken[i]!.mel.transpose(0, 1), label: `free-running (test-${i}.wav)` },
    ]), { title: 'log-mel of held-out sentences: recording, teacher-forced prediction, free-running speech', columns: 3, range: [0, 1], secondsPerFrame: HOP / RATE });
    lines.forEach((line) => run.say(line));
    const listened = {
      listenerCharacterErrorRate: characterErrorRate(heard, texts),
      listenerCharacterErrorRateTeacherForced: characterErrorRate(heardTeacherForced, texts),
      listenerCharacterErrorRateTeacherForcedOtherText: characterErrorRate(heardOtherText, texts),
      listenerCharacterErrorRateVocodedRecordings: characterErrorRate(heardVocoded, texts),
      listenerCharacterErrorRateRecordings: listener.testCharacterErrorRate,
    };
    return { ...result, ...listened, parameters, trainSentences: trainSet.texts.length, testSentences: testSet.texts.length };
  },
};
