/** @file `cgan-mnist`: conditional DCGAN (SPEC §9.3, one-hot y concatenated to z and to D's input channels). */
import type { Recipe } from '../recipe.js';
import { ganOptions, trainDcgan } from './gan_common.js';

export const cganMnist: Recipe = {
  name: 'cgan-mnist',
  description: 'conditional DCGAN (one-hot class concatenated in G and D) on the training digits; reports FID-MNIST and class accuracy',
  defaults: { epochs: 20, batchSize: 64, lr: 2e-4 },
  options: ganOptions,
  run: (run, o) => trainDcgan(run, o, 10),
};
