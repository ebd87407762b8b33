/**
 * @file `mnist-cnn`: a LeNet-style CNN (conv32-pool-conv64-pool-fc128) classifies MNIST (or
 * Fashion-MNIST), trained with affine augmentation, Adam and a one-cycle schedule.
 */
import { ReLU } from '../../nn/activation.js';
import { Sequential } from '../../nn/container.js';
import { Conv2d } from '../../nn/conv.js';
import { Dropout } from '../../nn/dropout.js';
import { Flatten } from '../../nn/flatten.js';
import { Linear } from '../../nn/linear.js';
import { MaxPool2d } from '../../nn/pooling.js';
import type { Recipe } from '../recipe.js';
import { augmentation, augmentOption, datasetOption, imageData, labelSmoothingOption, trainClassifier, trainSizeOption, valSizeOption, writePredictions } from './image_classifier.js';

/** conv3×3(32)-ReLU-pool2 → conv3×3(64)-ReLU-pool2 → fc128-ReLU-dropout → fc10, for 1×28×28 inputs. */
export function lenet(dropout = 0.25): Sequential {
  return new Sequential(
    new Conv2d(1, 32, 3, { padding: 1 }), new ReLU(), new MaxPool2d(2),
    new Conv2d(32, 64, 3, { padding: 1 }), new ReLU(), new MaxPool2d(2),
    new Flatten(), new Linear(64 * 7 * 7, 128), new ReLU(), new Dropout(dropout), new Linear(128, 10),
  );
}

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
