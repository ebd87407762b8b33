/** @file The LeNet-style CNN of the `mnist-cnn` recipe, also the feature extractor of FID-MNIST. */
import { ReLU } from '../nn/activation.js';
import { Sequential } from '../nn/container.js';
import { Conv2d } from '../nn/conv.js';
import { Dropout } from '../nn/dropout.js';
import { Flatten } from '../nn/flatten.js';
import { Linear } from '../nn/linear.js';
import { MaxPool2d } from '../nn/pooling.js';

/**
 * conv3×3(32)-ReLU-pool2 → conv3×3(64)-ReLU-pool2 → fc128-ReLU-dropout → fc10, for 1×28×28
 * inputs; layers 0–8 end at the 128-d penultimate ReLU.
 * PyTorch: the `Net` of pytorch/examples' mnist (`nn.Sequential` of the same layers).
 * @example const logits = lenet().forward(images) // [N, 10]
 */
export function lenet(dropout = 0.25): Sequential {
  return new Sequential(
    new Conv2d(1, 32, 3, { padding: 1 }), new ReLU(), new MaxPool2d(2),
    new Conv2d(32, 64, 3, { padding: 1 }), new ReLU(), new MaxPool2d(2),
    new Flatten(), new Linear(64 * 7 * 7, 128), new ReLU(), new Dropout(dropout), new Linear(128, 10),
  );
}
