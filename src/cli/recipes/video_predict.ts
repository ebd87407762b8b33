/**
 * @file `video-predict`: given the first half of a moving-digit clip, draw the second half with a
 * 3-D convolutional encoder-decoder; scored by the mean squared error per pixel against the true
 * frames, beside the baseline that repeats the last frame it was given.
 */
import { DataLoader } from '../../data/dataloader.js';
import { VideoPredictor } from '../../models/video_predictor.js';
import { mseLoss } from '../../nn/functional/loss.js';
import { Adam } from '../../optim/adam.js';
import { cat } from '../../ops/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { saveFrameStrip, saveGif } from '../../video/save.js';
import type { Recipe } from '../recipe.js';
import { inEvalChunks, trainEpoch } from './common.js';
import { movingDigitSets, videoDataOptions } from './video_common.js';

/** The mean squared error of each future frame, [T/2], and over all of them. */
function frameErrors(predicted: Tensor, truth: Tensor): { mse: number; perFrame: number[] } {
  const perFrame = predicted.sub(truth).square().mean([0, 1, 3, 4]);
  return { mse: perFrame.mean().item(), perFrame: [...perFrame.dataSync()].map(Number) };
}

export const videoPredict: Recipe = {
  name: 'video-predict',
  description: 'predict the next half of a moving-digit clip from its first half with a conv3d / convTranspose3d encoder-decoder',
  defaults: { epochs: 8, batchSize: 16, lr: 2e-3 },
  options: [...videoDataOptions, { flags: '--width <n>', description: "the predictor's first-layer channels (then 2× and 4×)", default: 32 }],
  run(run, o) {
    const { train, test } = movingDigitSets(o);
    const half = train.frames / 2;
    run.say(`${train.length} training and ${test.labels.shape[0]} test clips of ${train.frames} frames ${train.size}×${train.size}: ${half} given, ${half} predicted`);
    // [B, T, 1, S, S] → the given and the future frames as [B, 1, T/2, S, S].
    const given = (clips: Tensor): Tensor => clips.narrow(1, 0, half).transpose(1, 2);
    const future = (clips: Tensor): Tensor => clips.narrow(1, half, half).transpose(1, 2);
    const model = run.register('predictor', new VideoPredictor({ width: Number(o.width) }));
    const optimizer = new Adam(model.parameters(), { lr: o.lr });
    const batches = new DataLoader(train, { batchSize: o.batchSize, shuffle: true });
    const truth = future(test.clips);
    const evaluate = (): { testMse: number; testMsePerFrame: number[] } => {
      const { mse, perFrame } = frameErrors(inEvalChunks(model, test.clips, (x) => model.forward(given(x)) as Tensor, 64), truth);
      return { testMse: mse, testMsePerFrame: perFrame };
    };
    const result = run.stage('predictor', {
      epochs: o.epochs, optimizer, batchesPerEpoch: batches.length,
      epoch(_, bar) {
        const trainLoss = trainEpoch(batches, optimizer, ([x]) => ({ loss: mseLoss(model.forward(given(x!)) as Tensor, future(x!)), size: x!.shape[0]! }), bar);
        return { trainLoss, testMse: evaluate().testMse };
      },
      finish: evaluate,
    });
    const held = given(test.clips).narrow(2, half - 1, 1).expand(truth.shape);
    const copy = frameErrors(held, truth);
    // Input | prediction | truth for six test clips, [B, T, 1, S, S]: the prediction and the truth
    // play on from the given frames; the input holds its last frame.
    const shown = test.clips.narrow(0, 0, 6);
    const predicted = inEvalChunks(model, shown, (x) => model.forward(given(x)) as Tensor, 64).transpose(1, 2);
    const opening = shown.narrow(1, 0, half);
    const panels = [cat([opening, held.narrow(0, 0, 6).transpose(1, 2)], 1), cat([opening, predicted], 1), shown];
    const grid = cat(Array.from({ length: 6 }, (_, i) => cat(panels.map((p) => p.narrow(0, i, 1)))));
    saveGif(run.file('predictions.gif'), grid, { nrow: 3, scale: 3, fps: 4, title: `frames ${half + 1}–${2 * half} predicted`, labels: Array.from({ length: 18 }, (_, i) => ['input', 'prediction', 'truth'][i % 3]!) });
    const strip = [0, 1].flatMap((i) => [shown.narrow(0, i, 1).narrow(1, half, half), predicted.narrow(0, i, 1)]);
    saveFrameStrip(run.file('predictions.png'), cat(strip), { rowLabels: ['truth', 'prediction', 'truth', 'prediction'], title: `the ${half} predicted frames of two test clips` });
    return { testMse: result.testMse, copyLastFrameMse: copy.mse, testMsePerFrame: result.testMsePerFrame, copyLastFrameMsePerFrame: copy.perFrame };
  },
};
