/**
 * @file `pix2pix-emoji`: paired image-to-image translation from Noto to Twemoji emoji (Isola et
 * al. 2017): a U-Net generator trained with a conditional PatchGAN on (input, output) pairs plus
 * λ·L1 to the true counterpart, as pytorch-CycleGAN-and-pix2pix's pix2pix model, with its random
 * jitter (resize, random crop, mirroring) applied alike to each training pair.
 */
import { DataLoader } from '../../data/dataloader.js';
import { TensorDataset } from '../../data/dataset.js';
import { discriminatorLoss, generatorLoss } from '../../gan/losses.js';
import { PatchDiscriminator, translationInit, UnetGenerator } from '../../models/pix2pix.js';
import { l1Loss } from '../../nn/functional/loss.js';
import { Adam } from '../../optim/adam.js';
import { cat } from '../../ops/shape.js';
import type { Recipe } from '../recipe.js';
import { defaultGenerator } from '../../tensor/random.js';
import { emojiDomains, pixelL1, randomJitter, saveTranslationGrid, patchGanOptions, setLinearDecay, trainSizeOption, translate } from './translation_common.js';

export const pix2pixEmoji: Recipe = {
  name: 'pix2pix-emoji',
  description: 'pix2pix (U-Net generator, conditional PatchGAN, L1 λ 100) translating Noto emoji into Twemoji, trained on the pairs',
  defaults: { epochs: 20, batchSize: 1, lr: 2e-4 },
  options: [
    { flags: '--ngf <n>', description: "the U-Net's outermost channels (then 2×, 4×, 8×; the paper's 64 is 4× the work on these 32×32 emoji)", default: 32 },
    ...patchGanOptions,
    { flags: '--lambda-l1 <λ>', description: 'weight of the L1 loss to the true counterpart', default: 100 },
    { flags: '--load-size <px>', description: "random jitter: each training pair resized to this, randomly cropped back to 32 and mirrored half the time (32: mirroring only; the paper's 286 for 256)", default: 36 },
    trainSizeOption,
  ],
  run(run, o) {
    const { train, test } = emojiDomains(Number(o.trainSize));
    const G = run.register('generator', translationInit(new UnetGenerator({ ngf: Number(o.ngf) })));
    const D = run.register('discriminator', translationInit(new PatchDiscriminator({ inChannels: 6, ndf: Number(o.ndf), nLayers: Number(o.dLayers) })));
    const optG = new Adam(G.parameters(), { lr: o.lr, betas: [0.5, 0.999] });
    const optD = new Adam(D.parameters(), { lr: o.lr, betas: [0.5, 0.999] });
    const lambda = Number(o.lambdaL1);
    const batches = new DataLoader(new TensorDataset(train.x, train.y), { batchSize: o.batchSize, shuffle: true });
    run.say(`${train.x.shape[0]} training and ${test.x.shape[0]} test emoji pairs (Noto → Twemoji, 32×32)`);
    const identityBaselineL1 = pixelL1(test.x, test.y);
    const result = run.stage('pix2pix', {
      epochs: o.epochs, optimizers: { generator: optG, discriminator: optD }, batchesPerEpoch: batches.length,
      epoch(epoch, bar) {
        const lr = setLinearDecay([optG, optD], o.lr, epoch, o.epochs);
        let [dSum, gSum, l1Sum, steps] = [0, 0, 0, 0];
        for (const [inputs, targets] of batches) {
          const pair = randomJitter(cat([inputs!, targets!], 1), Number(o.loadSize), defaultGenerator);
          const [x, y] = [pair.narrow(1, 0, 3), pair.narrow(1, 3, 3)];
          const fake = G.forward(x);
          optD.zeroGrad();
          // pix2pix halves D's loss so that D learns slower than G.
          const dLoss = discriminatorLoss('nonSaturating', D.forward(pair), D.forward(cat([x, fake.detach()], 1))).mul(0.5);
          dLoss.backward();
          optD.step();
          optG.zeroGrad();
          const l1 = l1Loss(fake, y);
          const gLoss = generatorLoss('nonSaturating', D.forward(cat([x, fake], 1))).add(l1.mul(lambda));
          gLoss.backward();
          optG.step();
          [dSum, gSum, l1Sum, steps] = [dSum + dLoss.item(), gSum + gLoss.item(), l1Sum + l1.item(), steps + 1];
          bar.tick({ dLoss: dSum / steps, gLoss: gSum / steps });
        }
        return { dLoss: dSum / steps, gLoss: gSum / steps, l1Loss: l1Sum / steps, lr, testL1: pixelL1(translate(G, test.x), test.y) };
      },
      finish: () => ({ testL1: pixelL1(translate(G, test.x), test.y) }),
    });
    saveTranslationGrid(run, 'test-translations.png', [['Noto (input)', test.x], ['pix2pix', translate(G, test.x)], ['Twemoji (truth)', test.y]],
      `pix2pix Noto → Twemoji on test emoji: L1 ${result.testL1.toFixed(4)} (input's own ${identityBaselineL1.toFixed(4)})`);
    return { testL1: result.testL1, identityBaselineL1 };
  },
};
