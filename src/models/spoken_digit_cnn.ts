/** @file The classifiers of the `spoken-digits` recipe: a 1-D CNN on raw waveforms and a 2-D CNN on log-mel spectrograms. */
import { ReLU } from '../nn/activation.js';
import { Sequential } from '../nn/container.js';
import { Conv1d, Conv2d } from '../nn/conv.js';
import { Flatten } from '../nn/flatten.js';
import { Linear } from '../nn/linear.js';
import { BatchNorm1d, BatchNorm2d } from '../nn/normalization.js';
import { AdaptiveAvgPool1d, AdaptiveAvgPool2d, MaxPool1d, MaxPool2d } from '../nn/pooling.js';

/**
 * M5 (Dai et al. 2017, "Very deep CNNs for raw waveforms"), as in torchaudio's speech-command
 * tutorial: conv(80, stride 16) then three conv(3) blocks, each BatchNorm-ReLU-maxpool(4), global
 * average pooling and a linear layer. Input [N, 1, samples] → logits [N, classes].
 * @example waveformCnn().forward(waves.unsqueeze(1)) // [N, 10]
 */
export function waveformCnn(classes = 10, channels = 32): Sequential {
  const block = (cin: number, cout: number, kernel: number, stride = 1): Sequential =>
    new Sequential(new Conv1d(cin, cout, kernel, { stride }), new BatchNorm1d(cout), new ReLU(), new MaxPool1d(4));
  return new Sequential(
    block(1, channels, 80, 16), block(channels, channels, 3), block(channels, 2 * channels, 3), block(2 * channels, 2 * channels, 3),
    new AdaptiveAvgPool1d(1), new Flatten(), new Linear(2 * channels, classes),
  );
}

/**
 * A small 2-D CNN for log-mel spectrograms [N, 1, mels, frames]: three conv3×3-BatchNorm-ReLU
 * blocks (32, 64, 64 channels; the first two max-pooled by 2), global average pooling, linear.
 * PyTorch: none built in (an `nn.Sequential` of Conv2d/BatchNorm2d/ReLU/MaxPool2d).
 * @example logMelCnn().forward(logMel) // [N, 10]
 */
export function logMelCnn(classes = 10): Sequential {
  const block = (cin: number, cout: number, pool: boolean): Sequential =>
    new Sequential(new Conv2d(cin, cout, 3, { padding: 1 }), new BatchNorm2d(cout), new ReLU(), ...(pool ? [new MaxPool2d(2)] : []));
  return new Sequential(block(1, 32, true), block(32, 64, true), block(64, 64, false), new AdaptiveAvgPool2d(1), new Flatten(), new Linear(64, classes));
}
