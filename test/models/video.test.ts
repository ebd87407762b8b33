import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { models, video } = s;

test('C3d, EcoLite, EcoFull and VideoPredictor map clips to the shapes they document, and reject others', () => {
  s.manualSeed(0);
  const clips = s.rand([2, 16, 1, 32, 32]);
  assert.deepEqual(new models.C3d().forward(clips.transpose(1, 2)).shape, [2, 8]);
  assert.deepEqual(new models.C3d({ inChannels: 3, numClasses: 5, widths: [4, 8] }).forward(s.rand([1, 3, 4, 8, 8])).shape, [1, 5]);
  const frames = video.sampleSegments(clips, 8);
  assert.deepEqual(new models.EcoLite().forward(frames).shape, [2, 8]);
  assert.deepEqual(new models.EcoFull({ numClasses: 3 }).forward(frames).shape, [2, 3]);
  const next = new models.VideoPredictor({ width: 8 }).forward(clips.narrow(1, 0, 8).transpose(1, 2));
  assert.deepEqual(next.shape, [2, 1, 8, 32, 32]);
  assert.ok(next.dataSync().every((v) => v > 0 && v < 1));
  assert.throws(() => new models.EcoLite().forward(clips.select(1, 0)), { name: 'ShapeError', message: /EcoLite: expected frames \[B, N, C, H, W\]/ });
  assert.throws(() => new models.VideoPredictor().forward(s.rand([1, 1, 6, 32, 32])), { name: 'ShapeError', message: /divisible by 4/ });
  assert.throws(() => new models.EcoFull({ width2d: 3 } as never), { name: 'ValueError', message: /EcoFull: unknown option 'width2d'/ });
});

test('ECO stacks the frame maps along time by a transpose: its 3-D net sees frame n at time n', () => {
  s.manualSeed(1);
  const model = new models.EcoLite({ widths2d: [4, 6], width3d: 8 }).eval();
  const frames = s.rand([2, 4, 1, 16, 16]);
  const seen: s.Tensor[] = [];
  const net3d = model.net3d;
  const forward = net3d.forward.bind(net3d);
  net3d.forward = (x: s.Tensor) => { seen.push(x); return forward(x); };
  s.noGrad(() => model.forward(frames));
  const maps = s.noGrad(() => model.net2d.forward(frames.select(1, 2)));
  assert.deepEqual(seen[0]!.shape, [2, 6, 4, 4, 4]);
  assert.deepEqual(seen[0]!.select(2, 2).dataSync(), maps.dataSync());
});

test('ECO-Lite learns to tell two time-reversed motions apart in seconds (left vs right: the same frames in opposite orders)', () => {
  s.manualSeed(0);
  const pairs = (split: 'train' | 'test', count: number): s.Tensor[] => {
    const set = new video.MovingDigits({ split, count: 4 * count, frames: 8, size: 32 });
    return set.getBatch(Array.from({ length: 4 * count }, (_, i) => i).filter((i) => i % 8 < 2));
  };
  const [trainClips, trainLabels] = pairs('train', 96);
  const [testClips, testLabels] = pairs('test', 16);
  const model = new models.EcoLite({ numClasses: 2, widths2d: [8, 8], width3d: 16, dropout: 0 });
  const optimizer = new s.optim.Adam(model.parameters(), { lr: 3e-3 });
  for (let epoch = 0; epoch < 6; epoch++) {
    for (let b = 0; b < trainClips!.shape[0]!; b += 16) {
      optimizer.zeroGrad();
      const x = video.sampleSegments(trainClips!.narrow(0, b, 16), 4, { training: true });
      s.F.crossEntropy(model.forward(x), trainLabels!.narrow(0, b, 16)).backward();
      optimizer.step();
    }
  }
  model.eval();
  const accuracy = s.noGrad(() => model.forward(video.sampleSegments(testClips!, 4)).argmax(1).eq(testLabels!).float().mean().item());
  assert.ok(accuracy >= 0.85, `accuracy on unseen digits ${accuracy}`);
});
