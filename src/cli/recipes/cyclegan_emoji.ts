/**
 * @file `cyclegan-emoji`: unpaired translation between Noto (X) and Twemoji (Y) emoji with
 * CycleGAN (Zhu et al. 2017, SPEC §9.13): the two styles are shuffled independently every epoch,
 * so the pairing is never seen in training; it is used only to score the held-out emoji.
 */
import { cycleGanDiscriminatorLoss, cycleGanGeneratorLoss } from '../../gan/cyclegan.js';
import { ImagePool } from '../../gan/image_pool.js';
import { ResnetGenerator } from '../../models/cyclegan.js';
import { PatchDiscriminator, translationInit } from '../../models/pix2pix.js';
import { Adam } from '../../optim/adam.js';
import { randperm } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Recipe } from '../recipe.js';
import { emojiDomains, pixelL1, saveTranslationGrid, patchGanOptions, setLinearDecay, trainSizeOption, translate } from './translation_common.js';

export const cycleganEmoji: Recipe = {
  name: 'cyclegan-emoji',
  description: 'CycleGAN (ResNet generators, PatchGANs, LSGAN, cycle λ 10, identity 0.5λ, image pools of 50) between Noto and Twemoji emoji, trained unpaired',
  defaults: { epochs: 20, batchSize: 1, lr: 2e-4 },
  options: [
    { flags: '--ngf <n>', description: "the generators' first-layer channels (the paper's 64 is 4× the work on these 32×32 emoji)", default: 32 },
    ...patchGanOptions,
    { flags: '--blocks <n>', description: 'residual blocks per generator (6 for small images)', default: 6 },
    { flags: '--lambda-cycle <λ>', description: 'weight of the cycle-consistency loss', default: 10 },
    { flags: '--lambda-identity <f>', description: 'weight of the identity loss as a fraction of λ', default: 0.5 },
    { flags: '--pool-size <n>', description: 'fakes kept in each image pool', default: 50 },
    trainSizeOption,
  ],
  run(run, o) {
    const { train, test } = emojiDomains(Number(o.trainSize));
    const generator = (): ResnetGenerator => translationInit(new ResnetGenerator({ ngf: Number(o.ngf), blocks: Number(o.blocks) }));
    const discriminator = (): PatchDiscriminator => translationInit(new PatchDiscriminator({ ndf: Number(o.ndf), nLayers: Number(o.dLayers), norm: 'instance' }));
    const nets = { G: run.register('G', generator()), F: run.register('F', generator()), DX: run.register('DX', discriminator()), DY: run.register('DY', discriminator()) };
    const optG = new Adam([...nets.G.parameters(), ...nets.F.parameters()], { lr: o.lr, betas: [0.5, 0.999] });
    const optD = new Adam([...nets.DX.parameters(), ...nets.DY.parameters()], { lr: o.lr, betas: [0.5, 0.999] });
    const [poolX, poolY] = [new ImagePool(Number(o.poolSize)), new ImagePool(Number(o.poolSize))];
    const lambdas = { lambdaCycle: Number(o.lambdaCycle), lambdaIdentity: Number(o.lambdaIdentity) };
    const n = train.x.shape[0]!;
    const batchesPerEpoch = Math.ceil(n / o.batchSize);
    run.say(`${n} Noto and ${n} Twemoji training emoji, shuffled independently (unpaired); ${test.x.shape[0]} held-out pairs score it`);
    const identityBaselineL1 = pixelL1(test.x, test.y);
    const evaluate = (): { testL1XtoY: number; testL1YtoX: number; cycleL1: number } => {
      const [fakeY, fakeX] = [translate(nets.G, test.x), translate(nets.F, test.y)];
      const cycleL1 = (pixelL1(translate(nets.F, fakeY), test.x) + pixelL1(translate(nets.G, fakeX), test.y)) / 2;
      return { testL1XtoY: pixelL1(fakeY, test.y), testL1YtoX: pixelL1(fakeX, test.x), cycleL1 };
    };
    const result = run.stage('cyclegan', {
      epochs: o.epochs, optimizers: { generators: optG, discriminators: optD }, batchesPerEpoch,
      epoch(epoch, bar) {
        const lr = setLinearDecay([optG, optD], o.lr, epoch, o.epochs);
        const [orderX, orderY] = [randperm(n), randperm(n)];
        let [gSum, dSum, cycleSum, steps] = [0, 0, 0, 0];
        for (let b = 0; b < n; b += o.batchSize) {
          const pick = (images: Tensor, order: Tensor): Tensor => images.indexSelect(0, order.narrow(0, b, Math.min(o.batchSize, n - b)));
          const [x, y] = [pick(train.x, orderX), pick(train.y, orderY)];
          optG.zeroGrad();
          const g = cycleGanGeneratorLoss(nets, x, y, lambdas);
          g.total.backward();
          optG.step();
          optD.zeroGrad();
          const dLoss = cycleGanDiscriminatorLoss(nets, x, y, g.fakeX, g.fakeY, poolX, poolY);
          dLoss.backward();
          optD.step();
          [gSum, dSum, cycleSum, steps] = [gSum + g.total.item(), dSum + dLoss.item(), cycleSum + g.cycle.item(), steps + 1];
          bar.tick({ gLoss: gSum / steps, dLoss: dSum / steps });
        }
        return { gLoss: gSum / steps, dLoss: dSum / steps, cycleLoss: cycleSum / steps, lr, ...evaluate() };
      },
      finish: evaluate,
    });
    const fakeY = translate(nets.G, test.x);
    const fakeX = translate(nets.F, test.y);
    saveTranslationGrid(run, 'test-noto-to-twemoji.png', [['Noto (input)', test.x], ['G: → Twemoji', fakeY], ['Twemoji (truth)', test.y], ['F(G(x)): back', translate(nets.F, fakeY)]],
      `CycleGAN Noto → Twemoji on test emoji: L1 ${result.testL1XtoY.toFixed(4)} (input's own ${identityBaselineL1.toFixed(4)})`);
    saveTranslationGrid(run, 'test-twemoji-to-noto.png', [['Twemoji (input)', test.y], ['F: → Noto', fakeX], ['Noto (truth)', test.x], ['G(F(y)): back', translate(nets.G, fakeX)]],
      `CycleGAN Twemoji → Noto on test emoji: L1 ${result.testL1YtoX.toFixed(4)} (input's own ${identityBaselineL1.toFixed(4)})`);
    return { ...result, identityBaselineL1 };
  },
};
