/**
 * @file `mnist-resnet`: a small ResNet (CIFAR-style stem, BasicBlocks with BatchNorm) on MNIST
 * (or Fashion-MNIST), trained three times: with augmentation, without it, and with FReLU in
 * place of ReLU in every stage but the last (as the FReLU paper does).
 */
import { ResNet } from '../../models/resnet.js';
import { ReLU } from '../../nn/activation.js';
import { FReLU } from '../../nn/frelu.js';
import type { Recipe } from '../recipe.js';
import { parseSizes } from './common.js';
import { augmentation, datasetOption, imageData, trainClassifier, trainSizeOption, valSizeOption, writePredictions } from './image_classifier.js';

export const mnistResnet: Recipe = {
  name: 'mnist-resnet',
  description: 'small ResNet with BatchNorm and augmentation; also reports runs without augmentation and with FReLU',
  defaults: { epochs: 15, batchSize: 128, lr: 2e-3 },
  options: [
    datasetOption,
    valSizeOption,
    trainSizeOption,
    { flags: '--blocks <n,n,n>', description: 'BasicBlocks per stage', default: '1,1,1', parse: (v) => parseSizes(v).join(',') },
    { flags: '--widths <n,n,n>', description: 'channels per stage', default: '16,32,64', parse: (v) => parseSizes(v).join(',') },
  ],
  run(run, o) {
    const data = imageData(o);
    const layers = parseSizes(String(o.blocks));
    const widths = parseSizes(String(o.widths));
    const make = (frelu: boolean): ResNet => new ResNet({
      layers, widths, inChannels: 1, numClasses: 10,
      activation: layers.map((_, i) => (frelu && i < layers.length - 1 ? (c: number) => new FReLU(c) : () => new ReLU())),
    });
    const models = { augmented: run.register('augmented', make(false)), plain: run.register('plain', make(false)), frelu: run.register('frelu', make(true)) };
    const augment = augmentation(data.dataset);
    run.say(`${models.augmented.toString()}\n${data.dataset}: train ${data.raw.train.y.numel}, validation ${data.raw.val.y.numel}, test ${data.raw.test.y.numel}`);
    const main = trainClassifier(run, 'augmented', models.augmented, data, augment, o);
    writePredictions(run, data, main.predicted);
    const plain = trainClassifier(run, 'no-augment', models.plain, data, null, o);
    const frelu = trainClassifier(run, 'frelu', models.frelu, data, augment, o);
    run.say(`test accuracy: augmented ${(100 * main.testAccuracy).toFixed(2)}%, no augmentation ${(100 * plain.testAccuracy).toFixed(2)}%, FReLU ${(100 * frelu.testAccuracy).toFixed(2)}%`);
    return { testAccuracy: main.testAccuracy, testAccuracyNoAugment: plain.testAccuracy, testAccuracyFrelu: frelu.testAccuracy };
  },
};
