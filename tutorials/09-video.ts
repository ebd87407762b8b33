/**
 * # 9. Video
 *
 * A clip is a stack of frames [T, C, H, W]. Moving digits make the point of video models: the
 * label is the motion (left, right, up, down, rotations, zooms), and every motion's time-reversed
 * twin is another class, so no single frame — nor the set of frames — can tell it. A 3-D
 * convolution looks across time as well as space.
 * (`npx shinsou train video-classify` trains ECO-Lite, ECO-Full and C3D; `video-predict` predicts frames.)
 */
import { data, F, nn, noGrad, optim, manualSeed } from 'shinsou';
import { budget } from './budget.js';

manualSeed(0);
const frames = 8;
const size = 32;
const train = new data.MovingDigits({ split: 'train', count: budget(2048, 64), frames, size });
const test = new data.MovingDigits({ split: 'test', count: 256, frames, size });
console.log('motions:', data.MOTIONS.join(', '));

// A small 3-D CNN: [B, 1, T, H, W] in, one logit per motion out.
const model = new nn.Sequential(
  new nn.Conv3d(1, 8, 3, { padding: 1 }), new nn.BatchNorm3d(8), new nn.ReLU(), new nn.MaxPool3d([1, 2, 2]),
  new nn.Conv3d(8, 16, 3, { padding: 1 }), new nn.BatchNorm3d(16), new nn.ReLU(), new nn.MaxPool3d(2),
  new nn.AdaptiveAvgPool3d([1, 1, 1]), new nn.Flatten(), new nn.Linear(16, data.MOTIONS.length));
const optimizer = new optim.Adam(model.parameters(), { lr: 3e-3 });
// MovingDigits gives [B, T, 1, H, W]; conv3d wants channels before time.
const asVolume = (clips: ReturnType<typeof train.getBatch>[0]) => clips!.transpose(1, 2);

for (let epoch = 1; epoch <= budget(4, 1); epoch++) {
  model.train();
  for (let start = 0; start < train.length; start += 32) {
    const [clips, labels] = train.getBatch(Array.from({ length: Math.min(32, train.length - start) }, (_, i) => start + i));
    optimizer.zeroGrad();
    F.crossEntropy(model.forward(asVolume(clips)), labels!).backward();
    optimizer.step();
  }
  model.eval();
  const [clips, labels] = test.getBatch(Array.from({ length: test.length }, (_, i) => i));
  const accuracy = noGrad(() => model.forward(asVolume(clips))).argmax(1).eq(labels!).float().mean().item();
  console.log(`epoch ${epoch}: test accuracy ${accuracy.toFixed(3)} (chance ${(1 / data.MOTIONS.length).toFixed(3)})`);
}
