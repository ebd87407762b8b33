/**
 * @file `video-classify`: recognise the motion of moving MNIST digits — eight classes in
 * time-reversed pairs, so no single frame and no set of frames tells them apart — with ECO-Lite,
 * ECO-Full and C3D. ECO-Lite is also tested on clips whose frames were shuffled: a model that
 * reads time falls to at most a guess within each pair.
 */
import { heatmap } from '../../io/heatmap.js';
import { C3d } from '../../models/c3d.js';
import { EcoFull, EcoLite } from '../../models/eco.js';
import { crossEntropy } from '../../nn/functional/loss.js';
import type { Module } from '../../nn/module.js';
import { Adam } from '../../optim/adam.js';
import { DataLoader } from '../../data/dataloader.js';
import { randperm } from '../../tensor/creation.js';
import { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { MOTIONS } from '../../video/moving_digits.js';
import { saveGif } from '../../video/save.js';
import { pickFrames, sampleSegments } from '../../video/segments.js';
import type { Recipe } from '../recipe.js';
import { inEvalChunks, listOf, trainEpoch, variantKey } from './common.js';
import { movingDigitSets, videoDataOptions } from './video_common.js';

const MODELS = ['eco-lite', 'eco-full', 'c3d'] as const;
type ModelKind = (typeof MODELS)[number];
const VARIANT_NAMES: Record<ModelKind, string> = { 'eco-lite': 'EcoLite', 'eco-full': 'EcoFull', 'c3d': 'C3d' };

/** The model's input from clips [B, T, 1, S, S]: N segment frames for ECO, the clip as [B, C, T, H, W] for C3D. */
function inputOf(kind: ModelKind, clips: Tensor, segments: number, training: boolean): Tensor {
  return kind === 'c3d' ? clips.transpose(1, 2) : sampleSegments(clips, segments, { training });
}

/** The motion `model` recognises in each of `clips` [N, T, 1, S, S], in batches of 64. */
function recognise(kind: ModelKind, model: Module, clips: Tensor, segments: number): Tensor {
  return inEvalChunks(model, clips, (x) => (model.forward(inputOf(kind, x, segments, false)) as Tensor).argmax(1), 64);
}

/** Each clip's frames in a random order of its own (seeded), [B, T, …]. */
function shuffleFrames(clips: Tensor, seed: number): Tensor {
  const g = new Generator(seed);
  const [b, t] = clips.shape as [number, number];
  return pickFrames(clips, Array.from({ length: b }, () => [...randperm(t, { generator: g }).dataSync()].map(Number)));
}

export const videoClassify: Recipe = {
  name: 'video-classify',
  description: 'recognise the motion (8 classes in time-reversed pairs) of moving MNIST digits with ECO-Lite, ECO-Full and C3D',
  defaults: { epochs: 6, batchSize: 16, lr: 1e-3 },
  options: [
    ...videoDataOptions,
    { flags: '--segments <n>', description: "ECO's frames per clip, one per segment", default: 8 },
    { flags: '--models <list>', description: `models to train, in order (${MODELS.join(', ')}; the first is the headline)`, default: MODELS.join(','),
      parse: listOf('--models', MODELS) },
  ],
  run(run, o) {
    const { train, test } = movingDigitSets(o);
    const segments = Number(o.segments);
    const kinds = String(o.models).split(',') as ModelKind[];
    run.say(`${train.length} training and ${test.labels.shape[0]} test clips of ${train.frames} frames ${train.size}×${train.size}, ${train.digits} digit(s); ECO reads ${segments} segments`);
    const batches = new DataLoader(train, { batchSize: o.batchSize, shuffle: true });
    const figures: Record<string, number> = {};
    const trained = new Map<ModelKind, Module>();
    for (const kind of kinds) {
      const model = run.register(kind, kind === 'c3d' ? new C3d() : kind === 'eco-full' ? new EcoFull() : new EcoLite());
      const optimizer = new Adam(model.parameters(), { lr: o.lr });
      const accuracy = (clips: Tensor): number => recognise(kind, model, clips, segments).eq(test.labels).float().mean().item();
      const result = run.stage(kind, {
        epochs: o.epochs, optimizer, batchesPerEpoch: batches.length,
        epoch(_, bar) {
          const trainLoss = trainEpoch(batches, optimizer, ([x, y]) => ({ loss: crossEntropy(model.forward(inputOf(kind, x!, segments, true)) as Tensor, y!), size: y!.numel }), bar);
          return { trainLoss, testAccuracy: accuracy(test.clips) };
        },
        finish: () => ({ testAccuracy: accuracy(test.clips), ...(kind === 'eco-lite' ? { testAccuracyShuffledFrames: accuracy(shuffleFrames(test.clips, 1)) } : {}) }),
      });
      // The first model's figures are the headline ones; the others carry its name (testAccuracyEcoFull, testAccuracyC3d).
      const key = (prefix: string): string => (kind === kinds[0] ? prefix : variantKey(prefix, VARIANT_NAMES[kind]));
      figures[key('testAccuracy')] = result.testAccuracy;
      figures[key('parameters')] = [...model.parameters()].reduce((n, p) => n + p.numel, 0);
      if ('testAccuracyShuffledFrames' in result) figures.testAccuracyShuffledFrames = result.testAccuracyShuffledFrames as number;
      trained.set(kind, model);
    }
    // The headline model's confusion matrix and a GIF of test clips with what it saw in them.
    const kind = kinds[0]!;
    const model = trained.get(kind)!;
    const predicted = [...recognise(kind, model, test.clips, segments).dataSync()].map(Number);
    const labels = [...test.labels.dataSync()].map(Number);
    const confusion = MOTIONS.map((_, truth) => MOTIONS.map((__, guess) => labels.filter((y, i) => y === truth && predicted[i] === guess).length));
    heatmap(run.file('confusion.png'), confusion, { rowLabels: [...MOTIONS], columnLabels: [...MOTIONS], annotate: true,
      title: `${kind}: test accuracy ${(100 * figures.testAccuracy!).toFixed(1)}% (rows: true motion, columns: recognised)` });
    const shown = Array.from({ length: 16 }, (_, i) => i);
    saveGif(run.file('test-clips.gif'), test.clips.narrow(0, 0, shown.length), {
      nrow: 8, scale: 3, fps: 6, title: `${kind} on test clips`,
      labels: shown.map((i) => (predicted[i] === labels[i] ? MOTIONS[predicted[i]!]! : `${MOTIONS[predicted[i]!]} ✗`)),
    });
    return figures;
  },
};
