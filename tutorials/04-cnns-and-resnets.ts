/**
 * # 4. Convolutional networks and ResNets
 *
 * Convolutions share weights across positions, so a small network sees shapes wherever they are.
 * `models.lenet` is the classic conv–pool stack; `models.ResNet` adds residual blocks with
 * batch normalization, which let much deeper stacks train. Both train here on MNIST.
 * (`npx shinsou train mnist-cnn` / `mnist-resnet` are the full recipes, with augmentation.)
 */
import { data, F, models, nn, noGrad, optim, manualSeed } from 'shinsou';
import { budget } from './budget.js';

manualSeed(0);
const train = data.loadMnist('train');
const n = budget(train.images.shape[0]!, 1000);
const test = data.loadMnist('test');
const testImages = test.images.narrow(0, 0, 1000);
const testLabels = test.labels.narrow(0, 0, 1000);

function fit(name: string, model: nn.Module): void {
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const loader = new data.DataLoader(new data.TensorDataset(train.images.narrow(0, 0, n), train.labels.narrow(0, 0, n)), { batchSize: 64, shuffle: true });
  const epochs = budget(3, 1);
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.train();
    for (const [x, y] of loader) {
      optimizer.zeroGrad();
      F.crossEntropy(model.forward(x!), y!).backward();
      optimizer.step();
    }
  }
  model.eval();
  const accuracy = noGrad(() => model.forward(testImages)).argmax(1).eq(testLabels).float().mean().item();
  console.log(`${name}: ${[...model.parameters()].reduce((count, p) => count + p.numel, 0)} parameters, test accuracy after ${epochs} epochs on ${n} digits: ${accuracy.toFixed(4)}`);
}

fit('LeNet', models.lenet(0.25));
fit('ResNet (3 stages of one basic block)', new models.ResNet({ layers: [1, 1, 1], widths: [8, 16, 32], inChannels: 1, numClasses: 10 }));
