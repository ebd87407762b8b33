/**
 * @file Shared by the GAN recipes: MNIST in [−1, 1], the D/G training loop of SPEC §9.14 (n_critic
 * D steps per G step, a penalty or weight clipping after each), fixed-noise sample grids, FID at
 * each evaluation, and the final 10,000 samples written as safetensors.
 */
import { noGrad } from '../../autograd/grad_mode.js';
import { ValueError } from '../../errors.js';
import { MnistFid, defaultFidCachePath } from '../../gan/fid_mnist.js';
import { clipWeights_, discriminatorLoss, generatorLoss, type GanLossKind } from '../../gan/losses.js';
import { WeightAverage } from '../../gan/ema.js';
import { gradientPenalty } from '../../gan/penalties.js';
import { linePlot } from '../../io/plot.js';
import { saveSafetensors } from '../../io/safetensors_file.js';
import type { MetricRecord } from '../../io/metrics.js';
import { DcganDiscriminator, DcganGenerator, dcganInit } from '../../models/dcgan.js';
import { Adam } from '../../optim/adam.js';
import { cat } from '../../ops/shape.js';
import type { Optimizer } from '../../optim/optimizer.js';
import { randint, randn, tensor } from '../../tensor/creation.js';
import { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { saveImage } from '../../vision/grid.js';
import type { RecipeOption } from '../recipe.js';
import type { CommonOptions, Run } from '../run.js';
import { loader, mnistSplits, type Split } from './common.js';

/** How often and on how many samples the GAN recipes compute FID. */
export const fidOptions: RecipeOption[] = [
  { flags: '--fid-every <n>', description: 'compute FID every n epochs (and after the last)', default: 5 },
  { flags: '--fid-samples <n>', description: 'generated images per FID evaluation', default: 10000 },
];

/** The EMA of G's weights, when asked for, is what the recipes sample and score. */
export const emaOption: RecipeOption = {
  flags: '--ema <beta>', description: "sample and score an EMA of G's weights with decay beta (0: G itself)", default: 0,
  parse: (v) => {
    const beta = Number(v);
    if (v.trim() === '' || !(beta >= 0 && beta < 1)) throw new ValueError(`--ema must be a number in [0, 1), got '${v}'`);
    return beta;
  },
};

export const ganOptions: RecipeOption[] = [
  { flags: '--train-size <n>', description: 'train on the first n of the 8,000 training digits (0: all)', default: 0 },
  ...fidOptions,
  emaOption,
];

/**
 * The `--ema` average of G as a second generator from `make`, registered under `name` (so that it
 * resumes), or undefined for `--ema 0`.
 */
export function generatorAverage(run: Run, o: Record<string, string | number | boolean>, G: DcganGenerator, make: () => DcganGenerator, name = 'generator-ema'): WeightAverage<DcganGenerator> | undefined {
  if (Number(o.ema) === 0) return undefined;
  const average = new WeightAverage(G, make(), Number(o.ema));
  run.register(name, average.average);
  return average;
}

/** The shipped training digits scaled to [−1, 1] (the first `trainSize` when it is positive). */
export function ganDigits(trainSize: number): Split {
  if (!Number.isInteger(trainSize) || trainSize < 0) throw new ValueError(`--train-size must be a non-negative integer, got ${trainSize}`);
  const { train } = mnistSplits(0);
  const n = trainSize > 0 ? Math.min(trainSize, train.y.numel) : train.y.numel;
  return { x: train.x.narrow(0, 0, n).mul(2).sub(1), y: train.y.narrow(0, 0, n) };
}

export interface GanSetup {
  G: DcganGenerator;
  D: DcganDiscriminator;
  optG: Optimizer<{ lr: number }>;
  optD: Optimizer<{ lr: number }>;
  loss: GanLossKind;
  /** D steps per G step (default 1). */
  nCritic?: number;
  /** WGAN-GP's λ (0 or absent: no penalty). */
  gpLambda?: number;
  /** WGAN's weight clipping c (absent: none). */
  clip?: number;
  /** The stage's name (default 'train'); any other name also prefixes its files: samples-NAME-epoch-001.png. */
  name?: string;
  /** What D sees beyond the plain batches (augmentation, pseudo-reals, consistency). */
  view?: DiscriminatorView;
  /**
   * Real and fake through D as one batch, in the D step and (with the step's reals) in the G step,
   * so that BatchNorm in D always normalises the two together (default false).
   */
  jointBatch?: boolean;
  /** An EMA of G, updated after each G step; samples and FID then come from it. */
  average?: WeightAverage<DcganGenerator>;
}

/** Hooks into the D and G steps for data-efficient GAN training (SPEC §9.9–9.12). */
export interface DiscriminatorView {
  /** The images of D's real branch, from the real and the detached fake batch (APA's pseudo-reals). */
  realBranch?(real: Tensor, fake: Tensor): Tensor;
  /** Applied to every image D sees, reals and fakes, in D's and G's steps (DiffAugment, ADA). */
  augment?(x: Tensor): Tensor;
  /** A term added to D's loss from the D-step inputs and scores (bCR). */
  penalty?(real: Tensor, fake: Tensor, realScores: Tensor, fakeScores: Tensor): Tensor;
  /** Called after each D step with D's scores on its real branch (the ADA/APA controller). */
  observe?(realScores: Tensor): void;
  /** Extra per-epoch metrics (e.g. the augmentation probability p). */
  metrics?(): MetricRecord;
}

/** Generated images in [−1, 1] from noise drawn from `generator` (and labels cycling 0–9 when conditional), in eval mode. */
function sample(G: DcganGenerator, n: number, generator?: Generator): { images: Tensor; labels: Tensor | undefined } {
  const z = randn([n, G.latentDim], { generator });
  const labels = G.numClasses > 0 ? tensor(Array.from({ length: n }, (_, i) => i % G.numClasses), { dtype: 'int32' }) : undefined;
  const was = G.training;
  G.eval();
  try {
    return noGrad(() => {
      const parts: Tensor[] = [];
      for (let i = 0; i < n; i += 500) {
        const m = Math.min(500, n - i);
        parts.push(G.forward(z.narrow(0, i, m), labels?.narrow(0, i, m)));
      }
      return { images: cat(parts), labels };
    });
  } finally {
    G.train(was);
  }
}

/** The first n scores (the real half of a joint batch) and the rest. */
const splitScores = (scores: Tensor, n: number): [Tensor, Tensor] => [scores.narrow(0, 0, n), scores.narrow(0, n, scores.shape[0]! - n)];

/** Images in [−1, 1] as integers 0–255 (stored as U8). */
const toBytes = (x: Tensor): Tensor => x.add(1).mul(127.5).round().clamp(0, 255).to('int32');

/**
 * Trains G and D as stage 'train' for `o.epochs` passes over `data` (one real batch per D step),
 * writing samples-epoch-NNN.png (a fixed 8×8 noise grid; one digit per column for conditional
 * models), fid-curve.png and FID into metrics.jsonl at each evaluation, and finally
 * samples.safetensors. Returns the summary: fid, fidNoise, fidRealFloor (and classAccuracy).
 */
export function trainGan(run: Run, o: CommonOptions & Record<string, string | number | boolean>, setup: GanSetup, data: Split): Record<string, number> {
  const { G, D, optG, optD, loss, nCritic = 1, gpLambda = 0, clip, name = 'train', view = {}, average, jointBatch = false } = setup;
  const shown = average?.average ?? G;
  const prefix = name === 'train' ? '' : `${name}-`;
  const augment = view.augment ?? ((x: Tensor): Tensor => x);
  const conditional = G.numClasses > 0;
  const fidEvery = Number(o.fidEvery);
  const fidSamples = Number(o.fidSamples);
  if (!Number.isInteger(fidEvery) || fidEvery < 1) throw new ValueError(`--fid-every must be a positive integer, got ${o.fidEvery}`);
  if (!Number.isInteger(fidSamples) || fidSamples < 2) throw new ValueError(`--fid-samples must be an integer ≥ 2, got ${o.fidSamples}`);
  const judge = MnistFid.load({ log: (l) => run.say(l) });
  run.say(`FID judge: ${defaultFidCachePath()} (test accuracy ${(100 * judge.testAccuracy).toFixed(2)}%)`);
  const batches = loader(data, o.batchSize);
  const wasserstein = loss === 'wasserstein';
  const evaluate = (): { fid: number; classAccuracy?: number; images: Tensor; labels?: Tensor } => {
    const { images, labels } = sample(shown, fidSamples);
    const fid = judge.score(images);
    return { fid, images, labels, ...(labels ? { classAccuracy: judge.classAccuracy(images, labels) } : {}) };
  };
  const result = run.stage(name, {
    epochs: o.epochs,
    optimizers: { generator: optG, discriminator: optD },
    batchesPerEpoch: batches.length,
    epoch(epoch, bar): MetricRecord {
      let [dSum, gSum, wSum, dSteps, gSteps] = [0, 0, 0, 0, 0];
      let critic = 0;
      for (const [real, y] of batches) {
        const n = real!.shape[0]!;
        const labels = conditional ? y! : undefined;
        const fakeLabels = conditional ? randint(0, G.numClasses, [n]) : undefined;
        const fake = G.forward(randn([n, G.latentDim]), fakeLabels).detach();
        optD.zeroGrad();
        const realBranch = view.realBranch ? view.realBranch(real!, fake) : real!;
        const [realScores, fakeScores] = jointBatch
          ? splitScores(D.forward(cat([augment(realBranch), augment(fake)]), labels && cat([labels, fakeLabels!])), n)
          : [D.forward(augment(realBranch), labels), D.forward(augment(fake), fakeLabels)];
        let dLoss = discriminatorLoss(loss, realScores, fakeScores);
        if (wasserstein) wSum -= Number(dLoss.item());
        if (gpLambda > 0) dLoss = dLoss.add(gradientPenalty((x) => D.forward(x, fakeLabels), real!, fake, { lambda: gpLambda }));
        if (view.penalty) dLoss = dLoss.add(view.penalty(realBranch, fake, realScores, fakeScores));
        dLoss.backward();
        optD.step();
        view.observe?.(realScores);
        if (clip !== undefined) clipWeights_(D, clip);
        dSum += Number(dLoss.item());
        dSteps++;
        if (++critic === nCritic) {
          critic = 0;
          optG.zeroGrad();
          const generated = augment(G.forward(randn([n, G.latentDim]), fakeLabels));
          const gScores = jointBatch
            ? splitScores(D.forward(cat([augment(real!), generated]), labels && cat([labels, fakeLabels!])), n)[1]
            : D.forward(generated, fakeLabels);
          const gLoss = generatorLoss(loss, gScores);
          gLoss.backward();
          optG.step();
          average?.update();
          gSum += Number(gLoss.item());
          gSteps++;
        }
        bar.tick({ dLoss: dSum / dSteps, gLoss: gSteps ? gSum / gSteps : NaN });
      }
      const fixed = sample(shown, conditional ? 80 : 64, new Generator(o.seed + 1));
      saveImage(run.file(`samples-${prefix}epoch-${String(epoch).padStart(3, '0')}.png`), fixed.images.add(1).div(2), {
        nrow: conditional ? 10 : 8, title: `${prefix ? `${name}, ` : ''}epoch ${epoch}${conditional ? ' (columns: digits 0–9)' : ''}`, scale: 2,
      });
      const record: MetricRecord = { dLoss: dSum / dSteps, gLoss: gSteps > 0 ? gSum / gSteps : NaN, ...(wasserstein ? { wassersteinEstimate: wSum / dSteps } : {}), ...view.metrics?.() };
      if (epoch % fidEvery === 0 || epoch === o.epochs) {
        const e = evaluate();
        Object.assign(record, { fid: e.fid }, e.classAccuracy !== undefined ? { classAccuracy: e.classAccuracy } : {});
      }
      plotCurves(run, wasserstein, fidSamples);
      return record;
    },
    finish: () => {
      plotCurves(run, wasserstein, fidSamples);
      const e = evaluate();
      saveSafetensors(run.file(`samples${prefix ? `-${name}` : ''}.safetensors`), { images: toBytes(e.images), ...(e.labels ? { labels: e.labels } : {}) }, undefined, { uint8: ['images'] });
      return { fid: e.fid, ...(e.classAccuracy !== undefined ? { classAccuracy: e.classAccuracy } : {}) };
    },
  });
  return { ...result, fidNoise: judge.noiseScore(fidSamples), fidRealFloor: judge.realScore() };
}

/** One line per stage of metric `key` against the epoch, from metrics.jsonl so far (named by the stage when there are several). */
export function stageSeries(run: Run, key: string, label: string): { name: string; points: [number, number][] }[] {
  const records = run.metrics.read().filter((r) => typeof r[key] === 'number');
  const stages = [...new Set(records.map((r) => String(r.stage)))];
  return stages.map((stage) => ({
    name: stages.length > 1 || stage !== 'train' ? stage : label,
    points: records.filter((r) => r.stage === stage).map((r) => [Number(r.epoch), Number(r[key])] as [number, number]),
  }));
}

/** fid-curve.png (and wasserstein-estimate.png for critics) from metrics.jsonl so far. */
function plotCurves(run: Run, wasserstein: boolean, fidSamples: number): void {
  const fid = stageSeries(run, 'fid', 'FID-MNIST');
  if (fid.length > 0) linePlot(run.file('fid-curve.png'), fid, { title: `FID of ${fidSamples.toLocaleString('en-US')} samples vs the test digits`, xLabel: 'epoch', yLabel: 'FID', logY: true });
  const estimate = stageSeries(run, 'wassersteinEstimate', '−critic loss');
  if (wasserstein && estimate.length > 0) linePlot(run.file('wasserstein-estimate.png'), estimate, { title: 'Wasserstein estimate', xLabel: 'epoch', yLabel: 'E l(x) − E l(x̃)' });
}

/** The DCGAN recipes' run: DCGAN G and D (conditioned on `numClasses` classes when positive), non-saturating loss, Adam β₁ 0.5. */
export function trainDcgan(run: Run, o: CommonOptions & Record<string, string | number | boolean>, numClasses: number): Record<string, number> {
  const G = run.register('generator', dcganInit(new DcganGenerator({ numClasses })));
  const D = run.register('discriminator', dcganInit(new DcganDiscriminator({ numClasses })));
  const data = ganDigits(Number(o.trainSize));
  run.say(`${G.toString()}\n${D.toString()}\ntraining digits: ${data.y.numel}`);
  const betas: [number, number] = [0.5, 0.999];
  return trainGan(run, o, {
    G, D, loss: 'nonSaturating', average: generatorAverage(run, o, G, () => new DcganGenerator({ numClasses })),
    optG: new Adam(G.parameters(), { lr: o.lr, betas }),
    optD: new Adam(D.parameters(), { lr: o.lr, betas }),
  }, data);
}
