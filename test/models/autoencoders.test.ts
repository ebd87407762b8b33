import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { models, optim, F } = s;

/** A fixed slice of real digits, flattened: [n, 784] in [0, 1]. */
function digits(n: number): { x: s.Tensor; y: s.Tensor } {
  const { images, labels } = s.data.loadMnist('train');
  return { x: images.narrow(0, 0, n).flatten(1), y: labels.narrow(0, 0, n) };
}

test('HourglassAutoencoder: shapes, a shrinking bottleneck, and learning beats the mean-image baseline', () => {
  s.manualSeed(0);
  assert.throws(() => new models.HourglassAutoencoder([784, 800]), { name: 'ValueError', message: /must shrink/ });
  const ae = new models.HourglassAutoencoder([784, 128, 32]);
  const { x } = digits(600);
  assert.deepEqual(ae.encode(x).shape, [600, 32]);
  assert.deepEqual(ae.forward(x).shape, [600, 784]);
  const opt = new optim.Adam(ae.parameters(), { lr: 3e-3 });
  const loader = new s.data.DataLoader(new s.data.TensorDataset(x), { batchSize: 30, shuffle: true });
  for (let epoch = 0; epoch < 12; epoch++) {
    for (const [xb] of loader) {
      opt.zeroGrad();
      F.binaryCrossEntropyWithLogits(ae.decodeLogits(ae.encode(xb!)), xb!).backward();
      opt.step();
    }
  }
  const mse = s.noGrad(() => F.mseLoss(ae.forward(x), x).item() as number);
  const baseline = F.mseLoss(x.mean(0, true).expand(x.shape), x).item() as number;
  assert.ok(mse < 0.6 * baseline, `reconstruction MSE ${mse} vs mean-image ${baseline}`);
});

test('StackedAutoencoder: greedy pretraining lowers each layer loss and leaves lower layers bit-identical', () => {
  s.manualSeed(1);
  const sae = new models.StackedAutoencoder([784, 64, 16]);
  const { x } = digits(400);
  const snapshot = (l: number): number[] => Array.from(s.nn.parametersToVector(sae.encoders.at(l).parameters()).dataSync());
  for (let l = 0; l < sae.depth; l++) {
    const before = l > 0 ? snapshot(l - 1) : [];
    const h = s.noGrad(() => sae.encode(x, l));
    const opt = new optim.Adam(sae.layerParameters(l), { lr: 3e-3 });
    const losses: number[] = [];
    for (let epoch = 0; epoch < 6; epoch++) {
      for (let i = 0; i < 400; i += 50) {
        opt.zeroGrad();
        const loss = sae.reconstructionLoss(l, h.narrow(0, i, 50));
        loss.backward();
        opt.step();
      }
      losses.push(s.noGrad(() => sae.reconstructionLoss(l, h).item() as number));
    }
    assert.ok(losses[losses.length - 1]! < losses[0]!, `layer ${l} loss should fall: ${losses}`);
    if (l > 0) assert.deepEqual(snapshot(l - 1), before, `layer ${l - 1} must not change while training layer ${l}`);
  }
  const clf = sae.classifier(10);
  assert.deepEqual(clf.forward(x).shape, [400, 10]);
  assert.equal(clf.at(0), sae.encoders.at(0), 'the classifier shares the pretrained encoders');
});

test('an MLP learns real digits on a small slice (learning test)', () => {
  s.manualSeed(2);
  const { x, y } = digits(1500);
  const [train, test] = [{ x: x.narrow(0, 0, 1000), y: y.narrow(0, 0, 1000) }, { x: x.narrow(0, 1000, 500), y: y.narrow(0, 1000, 500) }];
  const model = new s.nn.Sequential(new s.nn.Linear(784, 64), new s.nn.ReLU(), new s.nn.Linear(64, 10));
  const opt = new optim.Adam(model.parameters(), { lr: 3e-3 });
  const loader = new s.data.DataLoader(new s.data.TensorDataset(train.x, train.y), { batchSize: 50, shuffle: true });
  for (let epoch = 0; epoch < 5; epoch++) {
    for (const [xb, yb] of loader) {
      opt.zeroGrad();
      F.crossEntropy(model.forward(xb!), yb!).backward();
      opt.step();
    }
  }
  const accuracy = (model.forward(test.x).argmax(1).eq(test.y).sum().item() as number) / 500;
  assert.ok(accuracy > 0.85, `accuracy ${accuracy}`);
});
