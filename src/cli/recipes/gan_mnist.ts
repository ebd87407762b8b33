/** @file `gan-mnist`: DCGAN (SPEC §9.2) with the non-saturating loss on the shipped digits, judged by FID-MNIST. */
import type { Recipe } from '../recipe.js';
import { ganOptions, trainDcgan } from './gan_common.js';

export const ganMnist: Recipe = {
  name: 'gan-mnist',
  description: 'DCGAN (non-saturating loss, Adam 2e-4 β1 0.5) on the 8,000 training digits; reports FID-MNIST',
  defaults: { epochs: 20, batchSize: 64, lr: 2e-4 },
  options: ganOptions,
  run: (run, o) => trainDcgan(run, o, 0),
};
