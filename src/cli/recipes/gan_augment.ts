/**
 * @file `gan-augment`: DCGAN in the small-data setting — a fixed 1,000-digit subset, 100 per class —
 * trained without augmentation and with each data-efficient method (SPEC §9.9–9.12): DiffAugment,
 * bCR, ADA and APA, one stage per method, all judged by FID-MNIST.
 */
import { ValueError } from '../../errors.js';
import { adaAugment } from '../../gan/ada.js';
import { AdaptiveProbability } from '../../gan/adaptive_probability.js';
import { pseudoAugment } from '../../gan/apa.js';
import { balancedConsistency } from '../../gan/consistency.js';
import { diffAugment } from '../../gan/diffaugment.js';
import { linePlot } from '../../io/plot.js';
import { DcganDiscriminator, DcganGenerator, dcganInit } from '../../models/dcgan.js';
import { Adam } from '../../optim/adam.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Recipe } from '../recipe.js';
import type { Run } from '../run.js';
import { oneOf, variantKey, type Split } from './common.js';
import { emaOption, fidOptions, ganDigits, generatorAverage, stageSeries, trainGan, type DiscriminatorView } from './gan_common.js';

const METHODS = ['none', 'diffaugment', 'bcr', 'ada', 'apa'] as const;
type Method = (typeof METHODS)[number];

/** The first `perClass` digits of each class among the training digits, in their order. */
function balancedSubset(digits: Split, perClass: number): Split {
  const labels = digits.y.dataSync();
  const taken = new Map<number, number>();
  const index: number[] = [];
  labels.forEach((label, i) => {
    const k = Number(label);
    if ((taken.get(k) ?? 0) < perClass) {
      taken.set(k, (taken.get(k) ?? 0) + 1);
      index.push(i);
    }
  });
  const picked = tensor(index, { dtype: 'int32' });
  return { x: digits.x.index(picked), y: digits.y.index(picked) };
}

/** What D sees under `method`; the ADA and APA controllers are registered so that p resumes. */
function viewOf(run: Run, method: Method, D: DcganDiscriminator, o: Record<string, string | number | boolean>): DiscriminatorView {
  const controller = (): AdaptiveProbability => run.register(`${method}/controller`, new AdaptiveProbability({ target: Number(o.adaTarget), kimg: Number(o.adaKimg) }));
  switch (method) {
    case 'none': return {};
    case 'diffaugment': return { augment: (x) => diffAugment(x, { policy: 'color,translation,cutout' }) };
    case 'bcr': {
      // CR-GAN's T is a flip and a shift by a few pixels; a mirrored digit is another image, so
      // shift only: by up to 2 pixels, filling with the background (−1), so T keeps the digit's meaning.
      const shift = (x: Tensor): Tensor => diffAugment(x.add(1), { policy: 'translation', translationRatio: 1 / 16 }).sub(1);
      return { penalty: (real, fake, rs, fs) => balancedConsistency((x) => D.forward(x), shift, real, fake, rs, fs) };
    }
    case 'ada': {
      const c = controller();
      return { augment: (x) => adaAugment(x, c.p), observe: (s) => c.observe(s), metrics: () => ({ p: c.p, signMean: c.signMean }) };
    }
    case 'apa': {
      const c = controller();
      return { realBranch: (real, fake) => pseudoAugment(real, fake, c.p), observe: (s) => c.observe(s), metrics: () => ({ p: c.p, signMean: c.signMean }) };
    }
  }
}

export const ganAugment: Recipe = {
  name: 'gan-augment',
  description: 'DCGAN (real and fake through D as one batch) on 1,000 digits (100 per class) without and with DiffAugment, bCR, ADA and APA; FID-MNIST for each',
  defaults: { epochs: 100, batchSize: 64, lr: 2e-4 },
  options: [
    { flags: '--aug <method>', description: `${METHODS.join('|')} or all (one after another)`, default: 'all', parse: oneOf('--aug', [...METHODS, 'all']) },
    { flags: '--per-class <n>', description: 'training digits per class (the first ones of each class)', default: 100 },
    {
      flags: '--ada-target <r>', description: 'ADA/APA: wanted E[sign(D(real))], in [−1, 1]', default: 0.6,
      parse: (v) => {
        const r = Number(v);
        if (v.trim() === '' || !(r >= -1 && r <= 1)) throw new ValueError(`--ada-target must be a number in [−1, 1], got '${v}'`);
        return r;
      },
    },
    { flags: '--ada-kimg <k>', description: 'ADA/APA: thousands of real images over which p can move by 1 (the paper: 500, for runs of millions)', default: 100 },
    ...fidOptions,
    emaOption,
  ],
  run(run, o) {
    const perClass = Number(o.perClass);
    if (!Number.isInteger(perClass) || perClass < 1) throw new ValueError(`--per-class must be a positive integer, got ${o.perClass}`);
    const data = balancedSubset(ganDigits(0), perClass);
    const methods = o.aug === 'all' ? [...METHODS] : [o.aug as Method];
    run.say(`training digits: ${data.y.numel} (${perClass} per class); methods: ${methods.join(', ')}; D with BatchNorm sees each step's reals and fakes as one batch`);
    const summary: Record<string, number> = {};
    for (const method of methods) {
      const G = run.register(`${method}/generator`, dcganInit(new DcganGenerator()));
      const D = run.register(`${method}/discriminator`, dcganInit(new DcganDiscriminator()));
      const betas: [number, number] = [0.5, 0.999];
      const result = trainGan(run, o, {
        G, D, loss: 'nonSaturating', name: method, view: viewOf(run, method, D, o), jointBatch: true,
        average: generatorAverage(run, o, G, () => new DcganGenerator(), `${method}/generator-ema`),
        optG: new Adam(G.parameters(), { lr: o.lr, betas }), optD: new Adam(D.parameters(), { lr: o.lr, betas }),
      }, data);
      summary[variantKey('fid', method)] = result.fid!;
      Object.assign(summary, { fidNoise: result.fidNoise, fidRealFloor: result.fidRealFloor });
      const p = stageSeries(run, 'p', 'p');
      if (p.length > 0) linePlot(run.file('augment-p.png'), p, { title: 'augmentation probability p (ADA, APA)', xLabel: 'epoch', yLabel: 'p' });
    }
    const others = methods.filter((m) => m !== 'none').map((m) => summary[variantKey('fid', m)]!);
    if (methods.includes('none') && others.length > 0) summary.bestGain = summary.fidNone! - Math.min(...others);
    return summary;
  },
};
