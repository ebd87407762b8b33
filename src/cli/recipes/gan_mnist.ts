/** @file `gan-mnist`: DCGAN (SPEC §9.2) with the non-saturating loss on the shipped digits, judged by FID-MNIST. */
import { DcganDiscriminator, DcganGenerator, dcganInit } from '../../models/dcgan.js';
import { Adam } from '../../optim/adam.js';
import type { Recipe } from '../recipe.js';
import { ganDigits, ganOptions, trainGan } from './gan_common.js';

export const ganMnist: Recipe = {
  name: 'gan-mnist',
  description: 'DCGAN (non-saturating loss, Adam 2e-4 β1 0.5) on the 8,000 training digits; reports FID-MNIST',
  defaults: { epochs: 20, batchSize: 64, lr: 2e-4 },
  options: ganOptions,
  run(run, o) {
    const G = run.register('generator', dcganInit(new DcganGenerator()));
    const D = run.register('discriminator', dcganInit(new DcganDiscriminator()));
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
