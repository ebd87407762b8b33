/**
 * @file `spoken-digits`: recognise the ten spoken digits of the synthetic SC09-like set, tested on
 * voices never heard in training: M5, a 1-D CNN on raw 16 kHz waveforms, or (`--features logmel`)
 * a 2-D CNN on log-mel spectrograms. Writes a confusion matrix, one test clip per digit as WAV and
 * their log-mel spectrograms as a PNG grid.
 */
import { amplitudeToDb } from '../../audio/decibels.js';
import { melSpectrogram } from '../../audio/mel.js';
import { saveWav } from '../../audio/files.js';
import { plotSpectrograms } from '../../audio/plots.js';
import { DIGIT_WORDS, loadSpokenDigits, type SpokenDigits } from '../../audio/spoken_digits.js';
import { heatmap } from '../../io/heatmap.js';
import { logMelCnn, waveformCnn } from '../../models/spoken_digit_cnn.js';
import { crossEntropy } from '../../nn/functional/loss.js';
import { Adam } from '../../optim/adam.js';
import { OneCycleLR } from '../../optim/lr_scheduler.js';
import { cat } from '../../ops/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { progress, type Progress } from '../progress.js';
import type { Recipe } from '../recipe.js';
import { evaluateClassifier, loader, oneOf, trainEpoch, type Split } from './common.js';

/** Log-mel features [N, 1, 64, 101] of 1 s clips: 25 ms windows every 10 ms, decibels over an 80 dB range, scaled to about unit spread. */
function logMel(waveforms: Tensor): Tensor {
  const parts: Tensor[] = [];
  for (let i = 0; i < waveforms.shape[0]!; i += 256) {
    const mel = melSpectrogram(waveforms.narrow(0, i, Math.min(256, waveforms.shape[0]! - i)), { sampleRate: 16000, nFft: 400, hopLength: 160, nMels: 64 });
    parts.push(amplitudeToDb(mel.unsqueeze(1), { topDb: 80 }).add(50).div(20));
  }
  return cat(parts);
}

/** The clips as a classifier's split: waveforms [N, 1, 16000] or log-mel images. */
function features(set: SpokenDigits, kind: string): Split {
  return { x: kind === 'logmel' ? logMel(set.waveforms) : set.waveforms.unsqueeze(1), y: set.labels };
}

export const spokenDigits: Recipe = {
  name: 'spoken-digits',
  description: 'recognise spoken digits (synthetic speech, unseen test voices) with a 1-D CNN on raw waveforms or a 2-D CNN on log-mel spectrograms',
  defaults: { epochs: 12, batchSize: 64, lr: 3e-3 },
  options: [
    { flags: '--features <kind>', description: 'waveform (M5 1-D CNN) | logmel (2-D CNN)', default: 'waveform', parse: oneOf('--features', ['waveform', 'logmel']) },
    { flags: '--takes <n>', description: 'takes per speaker and digit in the generated set (84 speakers)', default: 4 },
  ],
  async run(run, o) {
    let bar: Progress | null = null; // shown only while the set is first synthesised
    const onProgress = (_: number, total: number): void => (bar ??= progress('synthesising the spoken digits (first use, then cached)', total)).tick();
    const load = (split: 'train' | 'test'): Promise<SpokenDigits> => loadSpokenDigits({ split, takes: Number(o.takes), onProgress });
    const [trainSet, testSet] = [await load('train'), await load('test')];
    (bar as Progress | null)?.stop();
    const kind = String(o.features);
    const [train, test] = [features(trainSet, kind), features(testSet, kind)];
    run.say(`${train.y.numel} training clips (${new Set(trainSet.speakers).size} voices), ${test.y.numel} test clips (${new Set(testSet.speakers).size} unseen voices); features ${kind} ${JSON.stringify(train.x.shape.slice(1))}`);
    const model = run.register('model', kind === 'logmel' ? logMelCnn() : waveformCnn());
    const batches = loader(train, o.batchSize);
    const optimizer = new Adam(model.parameters(), { lr: o.lr });
    const scheduler = new OneCycleLR(optimizer, o.lr, { totalSteps: o.epochs * batches.length });
    const result = run.stage(kind, {
      epochs: o.epochs, optimizer, scheduler, batchesPerEpoch: batches.length,
      epoch(_, epochBar) {
        const trainLoss = trainEpoch(batches, optimizer, ([x, y]) => ({ loss: crossEntropy(model.forward(x!), y!), size: y!.numel }), epochBar, scheduler);
        const t = evaluateClassifier(model, test);
        return { trainLoss, testLoss: t.loss, testAccuracy: t.accuracy };
      },
      finish: () => ({ testAccuracy: evaluateClassifier(model, test).accuracy }),
    });
    const predicted = [...evaluateClassifier(model, test).predicted.dataSync()];
    const labels = [...test.y.dataSync()];
    const confusion = DIGIT_WORDS.map((_, truth) => DIGIT_WORDS.map((__, guess) => labels.filter((y, i) => y === truth && predicted[i] === guess).length));
    heatmap(run.file('confusion.png'), confusion, { rowLabels: [...DIGIT_WORDS], columnLabels: [...DIGIT_WORDS], annotate: true, title: `${kind}: test accuracy ${(result.testAccuracy * 100).toFixed(1)}% (rows: spoken, columns: recognised)` });
    const panels = DIGIT_WORDS.map((word, digit) => {
      const i = labels.indexOf(digit);
      const wave = testSet.waveforms.select(0, i);
      saveWav(run.file(`test-${word}-as-${DIGIT_WORDS[predicted[i]!]}.wav`), wave, 16000);
      return { spectrogram: amplitudeToDb(melSpectrogram(wave, { nFft: 400, hopLength: 160, nMels: 64 }), { topDb: 80 }), label: `${word} → ${DIGIT_WORDS[predicted[i]!]} (${testSet.speakers[i]})` };
    });
    plotSpectrograms(run.file('test-clips.png'), panels, { title: 'test clips (unseen voices), 64-band log-mel: spoken → recognised', columns: 5, secondsPerFrame: 0.01 });
    return { testAccuracy: result.testAccuracy, trainClips: train.y.numel, testClips: test.y.numel };
  },
};
