/**
 * # 2. A multi-layer perceptron on MNIST
 *
 * `nn.Sequential` stacks layers; `optim.Adam` updates their parameters from the gradients of a
 * cross-entropy loss; `data.DataLoader` shuffles and batches the shipped MNIST digits. This is
 * the training loop every later chapter reuses. (`npx shinsou train mnist-mlp` is the full recipe.)
 */
import { data, F, nn, noGrad, optim, manualSeed } from 'shinsou';
import { budget } from './budget.js';

manualSeed(0);
const train = data.loadMnist('train');
const test = data.loadMnist('test');
const n = budget(train.images.shape[0]!, 2000); // the shipped split: 8,000 digits
const images = train.images.narrow(0, 0, n);
const labels = train.labels.narrow(0, 0, n);
const loader = new data.DataLoader(new data.TensorDataset(images, labels), { batchSize: 128, shuffle: true });

const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(256, 10));
const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });

for (let epoch = 1; epoch <= budget(5, 1); epoch++) {
  model.train();
  let total = 0;
  let batches = 0;
  for (const [x, y] of loader) {
    optimizer.zeroGrad();
    const loss = F.crossEntropy(model.forward(x!), y!);
    loss.backward();
    optimizer.step();
    total += loss.item();
    batches++;
  }
  model.eval();
  const logits = noGrad(() => model.forward(test.images));
  const accuracy = logits.argmax(1).eq(test.labels).float().mean().item();
  console.log(`epoch ${epoch}: train loss ${(total / batches).toFixed(4)}, test accuracy ${accuracy.toFixed(4)}`);
}
