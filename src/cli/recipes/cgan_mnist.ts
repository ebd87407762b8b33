/** @file `cgan-mnist`: conditional DCGAN (SPEC §9.3, one-hot y concatenated to z and to D's input channels). */
import { DcganDiscriminator, DcganGenerator, dcganInit } from '../../models/dcgan.js';
import { Adam } from '../../optim/adam.js';
import type { Recipe } from '../recipe.js';
import { ganDigits, ganOptions, trainGan } from './gan_common.js';

export const cganMnist: Recipe = {
  name: 'cgan-mnist',
  description: 'conditional DCGAN (one-hot class concatenated in G and D) on the training digits; reports FID-MNIST and class accuracy',
  defaults: { epochs: 20, batchSize: 64, lr: 2e-4 },
  options: ganOptions,
  run(run, o) {
    const G = run.register('generator', dcganInit(new DcganGenerator({ numClasses: 10 })));
    const D = run.register('discriminator', dcganInit(new DcganDiscriminator({ numClasses: 10 })));
    const data = ganDigits(Number(o.trainSize));
    run.say(`${G.toString()}\n${D.toString()}\ntraining digits: ${data.y.numel}`);
    const betas: [number, number] = [0.5, 0.999];
    return trainGan(run, o, {
      G, D, loss: 'nonSaturating',
      optG: new Adam(G.parameters(), { lr: o.lr, betas }),
      optD: new Adam(D.parameters(), { lr: o.lr, betas }),
    }, data);
  },
};
