/**
 * # 3. Autoencoders
 *
 * An hourglass autoencoder squeezes each 784-pixel digit through a 32-number code and rebuilds
 * it; it learns without labels, from the reconstruction error alone. The decoder returns logits,
 * so the loss is binary cross-entropy with logits (the numerically stable form).
 * (`npx shinsou train autoencoder` and `stacked-autoencoder` are the full recipes.)
 */
import { data, F, io, models, noGrad, optim, manualSeed, cat } from 'shinsou';
import { budget } from './budget.js';

manualSeed(0);
const all = data.loadMnist('train').images;
const n = budget(all.shape[0]!, 1000);
const x = all.narrow(0, 0, n).reshape([n, 784]);
const test = data.loadMnist('test').images.narrow(0, 0, 500).reshape([500, 784]);
const ae = new models.HourglassAutoencoder([784, 256, 32]);
const optimizer = new optim.Adam(ae.parameters(), { lr: 1e-3 });
const loader = new data.DataLoader(new data.TensorDataset(x), { batchSize: 128, shuffle: true });

for (let epoch = 1; epoch <= budget(5, 1); epoch++) {
  for (const [batch] of loader) {
    optimizer.zeroGrad();
    // forward() applies the sigmoid; the loss wants the decoder's logits.
    const loss = F.binaryCrossEntropyWithLogits(ae.decodeLogits(ae.encode(batch!)), batch!);
    loss.backward();
    optimizer.step();
  }
  const mse = noGrad(() => F.mseLoss(ae.forward(test), test)).item();
  console.log(`epoch ${epoch}: test reconstruction MSE ${mse.toFixed(4)} (predicting the mean image: ${F.mseLoss(test.mean(0, true).expand([500, 784]), test).item().toFixed(4)})`);
}
// Originals above, reconstructions below, as a PNG.
const shown = noGrad(() => cat([test.narrow(0, 0, 8), ae.forward(test.narrow(0, 0, 8))]));
io.writePng('autoencoder-tutorial.png', shown.reshape([2, 8, 28, 28]).permute([0, 2, 1, 3]).reshape([1, 56, 224]));
console.log('wrote autoencoder-tutorial.png');
