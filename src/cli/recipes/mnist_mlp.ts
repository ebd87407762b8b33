/**
 * @file `mnist-mlp`: a multilayer perceptron classifies the shipped MNIST digits.
 * Default: 784-512-256-10 with ReLU, dropout 0.3 and label smoothing 0.1, Adam with a one-cycle
 * LR schedule (peak 2e-3), 20 epochs.
 */
import { ValueError } from '../../errors.js';
import { Dropout } from '../../nn/dropout.js';
import { Flatten } from '../../nn/flatten.js';
import { crossEntropy } from '../../nn/functional/loss.js';
import { Linear } from '../../nn/linear.js';
import { ReLU } from '../../nn/activation.js';
import { Sequential } from '../../nn/container.js';
import type { Module } from '../../nn/module.js';
import { Adam } from '../../optim/adam.js';
import { OneCycleLR } from '../../optim/lr_scheduler.js';
import type { Optimizer } from '../../optim/optimizer.js';
import { SGD } from '../../optim/sgd.js';
import type { Recipe } from '../recipe.js';
import { evaluateClassifier, loader, mnistSplits, MNIST_NORMALIZE, parseSizes, predictionSheet, trainEpoch, valSizeOption, type Split } from './common.js';

/** Flatten (and input dropout), then Linear+ReLU+Dropout per hidden size, then a Linear to the 10 classes. */
export function mlp(hidden: readonly number[], dropout: number, inputDropout = 0): Sequential {
  const layers: Module[] = [new Flatten()];
  if (inputDropout > 0) layers.push(new Dropout(inputDropout));
  let width = 784;
  for (const h of hidden) {
    layers.push(new Linear(width, h), new ReLU());
    if (dropout > 0) layers.push(new Dropout(dropout));
    width = h;
  }
  layers.push(new Linear(width, 10));
  return new Sequential(...layers);
}

const normalized = (s: Split): Split => ({ x: MNIST_NORMALIZE.apply(s.x), y: s.y });

export const mnistMlp: Recipe = {
  name: 'mnist-mlp',
  description: 'MLP classifier on MNIST (784-512-256-10, dropout, label smoothing, Adam + one-cycle); reports test accuracy',
  // Chosen on the validation slice (see README): dropout 0.3, peak lr 2e-3, label smoothing 0.1.
  defaults: { epochs: 20, batchSize: 128, lr: 2e-3 },
  options: [
    { flags: '--hidden <sizes>', description: 'hidden layer sizes, comma-separated', default: '512,256', parse: (v) => parseSizes(v).join(',') },
    { flags: '--dropout <p>', description: 'dropout probability after each hidden layer', default: 0.3 },
    { flags: '--input-dropout <p>', description: 'dropout probability on the input pixels', default: 0 },
    { flags: '--label-smoothing <eps>', description: 'label smoothing of the cross-entropy target', default: 0.1 },
    valSizeOption,
    { flags: '--optimizer <name>', description: "'adam' (one-cycle), 'sgd' (momentum 0.9, one-cycle) or 'gd' (full-batch gradient descent: one step per epoch on the whole training set, constant lr)", default: 'adam' },
  ],
  run(run, o) {
    const optimizerName = String(o.optimizer);
    if (!['adam', 'sgd', 'gd'].includes(optimizerName)) throw new ValueError(`--optimizer must be adam, sgd or gd, got '${optimizerName}'`);
    const splits = mnistSplits(Number(o.valSize));
    const [train, val, test] = [normalized(splits.train), normalized(splits.val), normalized(splits.test)];
    const model = run.register('model', mlp(parseSizes(String(o.hidden)), Number(o.dropout), Number(o.inputDropout)));
    const batchSize = optimizerName === 'gd' ? train.x.shape[0]! : o.batchSize;
    const batches = loader(train, batchSize);
    let optimizer: Optimizer<{ lr: number }>;
    let scheduler: OneCycleLR | undefined;
    if (optimizerName === 'gd') {
      optimizer = new SGD(model.parameters(), { lr: o.lr });
    } else {
      optimizer = optimizerName === 'adam' ? new Adam(model.parameters(), { lr: o.lr }) : new SGD(model.parameters(), { lr: o.lr, momentum: 0.9 });
      scheduler = new OneCycleLR(optimizer, o.lr, { totalSteps: o.epochs * batches.length });
    }
    run.say(`${model.toString()}\ntrain ${train.x.shape[0]}, validation ${val.x.shape[0]}, test ${test.x.shape[0]} digits; optimizer ${optimizerName}, batch ${batchSize}`);
    run.stage('train', {
      epochs: o.epochs,
      optimizer,
      scheduler,
      batchesPerEpoch: batches.length,
      epoch(_epoch, bar) {
        const trainLoss = trainEpoch(batches, optimizer, ([x, y]) => ({ loss: crossEntropy(model.forward(x!), y!, { labelSmoothing: Number(o.labelSmoothing) }), size: y!.numel }), bar, scheduler);
        const v = evaluateClassifier(model, val);
        return { trainLoss, valLoss: v.loss, valAccuracy: v.accuracy, lr: optimizer.paramGroups[0]!.lr };
      },
    });
    const result = evaluateClassifier(model, test);
    predictionSheet(run.file('predictions.png'), splits.test.x.narrow(0, 0, 96), result.predicted.narrow(0, 0, 96), test.y.narrow(0, 0, 96));
    run.say(`test accuracy ${(100 * result.accuracy).toFixed(2)}% on ${test.y.numel} digits`);
    return { testAccuracy: result.accuracy, testLoss: result.loss };
  },
};
