/**
 * @file `autoencoder`: an hourglass autoencoder (784-256-64-256-784) learns to reconstruct MNIST
 * digits through a 64-number bottleneck; reports the test reconstruction MSE and draws inputs
 * above their reconstructions.
 */
import { noGrad } from '../../autograd/grad_mode.js';
import { ValueError } from '../../errors.js';
import { HourglassAutoencoder } from '../../models/autoencoder.js';
import { binaryCrossEntropyWithLogits, mseLoss } from '../../nn/functional/loss.js';
import { cat } from '../../ops/shape.js';
import { Adam } from '../../optim/adam.js';
import type { Tensor } from '../../tensor/tensor.js';
import { saveImage } from '../../vision/grid.js';
import type { Recipe } from '../recipe.js';
import { loader, mnistLayerSizes, mnistSplits, predict, sizesOption, trainEpoch, valSizeOption } from './common.js';

/** Mean squared error per pixel between images and the model's reconstructions. */
function reconstructionMse(model: HourglassAutoencoder, x: Tensor): number {
  return mseLoss(predict(model, x), x).item() as number;
}

export const autoencoder: Recipe = {
  name: 'autoencoder',
  description: 'hourglass autoencoder 784-256-64-256-784 on MNIST; reports test reconstruction MSE',
  defaults: { epochs: 20, batchSize: 128, lr: 1e-3 },
  options: [
    sizesOption('encoder sizes from input to bottleneck (the decoder mirrors them)'),
    { flags: '--loss <name>', description: "reconstruction loss: 'bce' (on logits) or 'mse'", default: 'bce' },
    valSizeOption,
  ],
  run(run, o) {
    const lossName = String(o.loss);
    if (lossName !== 'bce' && lossName !== 'mse') throw new ValueError(`--loss must be bce or mse, got '${lossName}'`);
    const sizes = mnistLayerSizes(String(o.sizes));
    const splits = mnistSplits(Number(o.valSize));
    const flat = (x: Tensor): Tensor => x.flatten(1);
    const [train, val, test] = [flat(splits.train.x), flat(splits.val.x), flat(splits.test.x)];
    const model = run.register('model', new HourglassAutoencoder(sizes));
    const optimizer = new Adam(model.parameters(), { lr: o.lr });
    const batches = loader({ x: train, y: splits.train.y }, o.batchSize);
    const lossOf = (x: Tensor): Tensor => {
      const logits = model.decodeLogits(model.encode(x));
      return lossName === 'bce' ? binaryCrossEntropyWithLogits(logits, x) : mseLoss(logits.sigmoid(), x);
    };
    run.say(`${model.toString()}\nloss ${lossName}; bottleneck ${sizes[sizes.length - 1]} numbers for 784 pixels`);
    run.stage('train', {
      epochs: o.epochs,
      optimizer,
      batchesPerEpoch: batches.length,
      epoch(_epoch, bar) {
        const trainLoss = trainEpoch(batches, optimizer, ([x]) => ({ loss: lossOf(x!), size: x!.shape[0]! }), bar);
        return { trainLoss, valReconstructionMse: reconstructionMse(model, val) };
      },
    });
    const testMse = reconstructionMse(model, test);
    // The trivial baseline: predict the mean training image for every digit.
    const meanImage = train.mean(0, true);
    const baselineMse = noGrad(() => mseLoss(meanImage.expand(test.shape), test).item() as number);
    const shown = test.narrow(0, 0, 16);
    saveImage(run.file('reconstructions.png'), cat([shown, predict(model, shown)]).reshape([32, 1, 28, 28]), { nrow: 16, title: 'MNIST test digits', rowLabels: ['input', 'reconstruction'] });
    run.say(`test reconstruction MSE ${testMse.toFixed(5)} (mean-image baseline ${baselineMse.toFixed(5)}); inputs and reconstructions in reconstructions.png`);
    return { testReconstructionMse: testMse, meanImageBaselineMse: baselineMse };
  },
};
