/**
 * @file `stacked-autoencoder`: greedy layer-wise pretraining of a 784-256-64 sigmoid stack on all
 * training digits (no labels), then fine-tuning the stacked encoders plus a softmax layer on a
 * small labelled subset; the same network from random initialisation is the comparison.
 */
import { noGrad } from '../../autograd/grad_mode.js';
import { ValueError } from '../../errors.js';
import { StackedAutoencoder } from '../../models/stacked_autoencoder.js';
import { crossEntropy } from '../../nn/functional/loss.js';
import type { Sequential } from '../../nn/container.js';
import { Adam } from '../../optim/adam.js';
import type { Recipe } from '../recipe.js';
import type { Run } from '../run.js';
import { evaluateClassifier, loader, mnistLayerSizes, mnistSplits, sizesOption, trainEpoch, valSizeOption, type Split } from './common.js';

/** Fine-tunes `net` on the labelled split and returns its test accuracy. */
function fineTune(run: Run, stage: string, net: Sequential, labelled: Split, val: Split, test: Split, o: { lr: number; batchSize: number; epochs: number }): number {
  const optimizer = new Adam(net.parameters(), { lr: o.lr });
  const batches = loader(labelled, o.batchSize);
  const { testAccuracy } = run.stage(stage, {
    epochs: o.epochs,
    optimizer,
    batchesPerEpoch: batches.length,
    epoch(_epoch, bar) {
      const trainLoss = trainEpoch(batches, optimizer, ([x, y]) => ({ loss: crossEntropy(net.forward(x!), y!), size: y!.numel }), bar);
      const v = evaluateClassifier(net, val);
      return { trainLoss, valLoss: v.loss, valAccuracy: v.accuracy };
    },
    finish: () => ({ testAccuracy: evaluateClassifier(net, test).accuracy }),
  });
  return testAccuracy;
}

export const stackedAutoencoder: Recipe = {
  name: 'stacked-autoencoder',
  description: 'greedy layer-wise pretrained 784-256-64 sigmoid autoencoders, fine-tuned on 1000 labels; reports accuracy with and without pretraining',
  defaults: { epochs: 40, batchSize: 64, lr: 1e-3 },
  options: [
    sizesOption('layer sizes from input to top code'),
    { flags: '--labels <n>', description: 'labelled training digits used for fine-tuning', default: 1000 },
    { flags: '--pretrain-epochs <n>', description: 'epochs of unsupervised pretraining per layer', default: 10 },
    { flags: '--pretrain-batch-size <n>', description: 'batch size while pretraining', default: 128 },
    valSizeOption,
  ],
  run(run, o) {
    const sizes = mnistLayerSizes(String(o.sizes));
    const splits = mnistSplits(Number(o.valSize));
    const flat = (s: Split): Split => ({ x: s.x.flatten(1), y: s.y });
    const [train, val, test] = [flat(splits.train), flat(splits.val), flat(splits.test)];
    const nLabels = Number(o.labels);
    if (!Number.isInteger(nLabels) || nLabels < 10 || nLabels > train.x.shape[0]!) throw new ValueError(`--labels must be an integer in [10, ${train.x.shape[0]}], got ${nLabels}`);
    const labelled = { x: train.x.narrow(0, 0, nLabels), y: train.y.narrow(0, 0, nLabels) };

    const sae = run.register('stack', new StackedAutoencoder(sizes));
    const pretrained = run.register('pretrained', sae.classifier(10));
    const baseline = run.register('baseline', new StackedAutoencoder(sizes).classifier(10));
    run.say(`pretraining on ${train.x.shape[0]} unlabelled digits, fine-tuning on ${nLabels} labelled ones`);

    // Greedy layer-wise pretraining: layer l reconstructs the frozen output of layers < l.
    for (let l = 0; l < sae.depth; l++) {
      const inputs = noGrad(() => sae.encode(train.x, l));
      const optimizer = new Adam(sae.layerParameters(l), { lr: o.lr });
      const batches = loader({ x: inputs, y: train.y }, Number(o.pretrainBatchSize));
      run.stage(`pretrain-layer${l + 1}`, {
        epochs: Number(o.pretrainEpochs),
        optimizer,
        batchesPerEpoch: batches.length,
        epoch(_epoch, bar) {
          const trainLoss = trainEpoch(batches, optimizer, ([h]) => ({ loss: sae.reconstructionLoss(l, h!), size: h!.shape[0]! }), bar);
          return { reconstructionLoss: trainLoss };
        },
      });
    }
    const fine = { lr: o.lr, batchSize: o.batchSize, epochs: o.epochs };
    const testAccuracy = fineTune(run, 'finetune', pretrained, labelled, val, test, fine);
    const testAccuracyNoPretrain = fineTune(run, 'no-pretrain', baseline, labelled, val, test, fine);
    run.say(`test accuracy with pretraining ${(100 * testAccuracy).toFixed(2)}%, without ${(100 * testAccuracyNoPretrain).toFixed(2)}%`);
    return { testAccuracy, testAccuracyNoPretrain, pretrainGain: testAccuracy - testAccuracyNoPretrain };
  },
};
