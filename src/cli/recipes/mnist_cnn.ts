/**
 * @file `mnist-cnn`: a LeNet-style CNN (conv32-pool-conv64-pool-fc128) classifies MNIST (or
 * Fashion-MNIST), trained with affine augmentation, Adam and a one-cycle schedule.
 */
import { lenet } from '../../models/lenet.js';
import type { Recipe } from '../recipe.js';
import { augmentation, augmentOption, datasetOption, imageData, labelSmoothingOption, trainClassifier, trainSizeOption, valSizeOption, writePredictions } from './image_classifier.js';

export const mnistCnn: Recipe = {
  name: 'mnist-cnn',
  description: 'LeNet-style CNN (conv32-pool-conv64-pool-fc128) with augmentation, Adam + one-cycle; reports test accuracy',
  defaults: { epochs: 15, batchSize: 64, lr: 2e-3 },
  options: [datasetOption, augmentOption, valSizeOption, trainSizeOption, labelSmoothingOption, { flags: '--dropout <p>', description: 'dropout before the last layer', default: 0.25 }],
  run(run, o) {
    const data = imageData(o);
    const model = run.register('model', lenet(Number(o.dropout)));
    const augment = o.augment === 'none' ? null : augmentation(data.dataset);
    run.say(`${model.toString()}\n${data.dataset}: train ${data.raw.train.y.numel}, validation ${data.raw.val.y.numel}, test ${data.raw.test.y.numel}; augmentation ${o.augment}`);
    const { testAccuracy, predicted } = trainClassifier(run, 'train', model, data, augment, o);
    writePredictions(run, data, predicted);
    run.say(`test accuracy ${(100 * testAccuracy).toFixed(2)}% on ${data.raw.test.y.numel} ${data.dataset} images`);
    return { testAccuracy };
  },
};
