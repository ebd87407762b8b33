/**
 * @file `wgan-mnist`: Wasserstein GANs on the training digits — weight clipping (SPEC §9.4),
 * gradient penalty (§9.5, the default) or SN-GAN (spectral norm + hinge, §9.6–9.7) — with
 * n_critic 5 and no BatchNorm in the critic.
 */
import { ValueError } from '../../errors.js';
import { DcganDiscriminator, DcganGenerator, dcganInit } from '../../models/dcgan.js';
import { Adam } from '../../optim/adam.js';
import { RMSprop } from '../../optim/rmsprop.js';
import type { Recipe } from '../recipe.js';
import { ganDigits, ganOptions, generatorAverage, trainGan, type GanSetup } from './gan_common.js';

export const wganMnist: Recipe = {
  name: 'wgan-mnist',
  description: 'WGAN critic (no BatchNorm, n_critic 5): --variant gp (λ 10, Adam β 0/0.9) or clip (±0.01, RMSProp; the paper used --lr 5e-5); --sn for SN-GAN (spectral norm + hinge)',
  defaults: { epochs: 20, batchSize: 64, lr: 1e-4 },
  options: [
    ...ganOptions,
    {
      flags: '--variant <kind>', description: "'gp' (gradient penalty) or 'clip' (weight clipping)", default: 'gp',
      parse: (v) => {
        if (v !== 'gp' && v !== 'clip') throw new ValueError(`--variant must be 'gp' or 'clip', got '${v}'`);
        return v;
      },
    },
    { flags: '--sn', description: 'SN-GAN instead: spectral norm on every critic layer, hinge loss, no penalty', default: false },
  ],
  run(run, o) {
    const sn = o.sn === true;
    const G = run.register('generator', dcganInit(new DcganGenerator()));
    const D = run.register('critic', dcganInit(new DcganDiscriminator({ batchNorm: false, spectralNorm: sn })));
    const data = ganDigits(Number(o.trainSize));
    const kind = sn ? 'SN-GAN (hinge)' : o.variant === 'gp' ? 'WGAN-GP' : 'WGAN (weight clipping)';
    run.say(`${kind}\n${G.toString()}\n${D.toString()}\ntraining digits: ${data.y.numel}`);
    let setup: GanSetup;
    if (sn || o.variant === 'gp') {
      const betas: [number, number] = [0, 0.9];
      setup = {
        G, D, nCritic: 5, loss: sn ? 'hinge' : 'wasserstein', gpLambda: sn ? 0 : 10,
        optG: new Adam(G.parameters(), { lr: o.lr, betas }), optD: new Adam(D.parameters(), { lr: o.lr, betas }),
      };
    } else {
      setup = {
        G, D, nCritic: 5, loss: 'wasserstein', clip: 0.01,
        optG: new RMSprop(G.parameters(), { lr: o.lr }), optD: new RMSprop(D.parameters(), { lr: o.lr }),
      };
    }
    return trainGan(run, o, { ...setup, average: generatorAverage(run, o, G, () => new DcganGenerator()) }, data);
  },
};
