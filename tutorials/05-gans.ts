/**
 * # 5. Generative adversarial networks
 *
 * A generator turns noise into images; a discriminator learns to tell them from real digits, and
 * the generator learns to fool it. Each step: the discriminator's loss on real and (detached)
 * fake images, then the generator's loss through the discriminator. `gan.discriminatorLoss` and
 * `gan.generatorLoss` hold the loss families (non-saturating, hinge, least squares, Wasserstein).
 * (`npx shinsou train gan-mnist`, `dcgan-mnist`, `cgan-mnist`, `wgan-mnist` are the full recipes.)
 */
import { data, gan, io, models, noGrad, optim, randn, manualSeed } from 'shinsou';
import { budget } from './budget.js';

manualSeed(0);
const digits = data.loadMnist('train').images;
const n = budget(digits.shape[0]!, 512);
// The DCGAN's generator ends in tanh: scale the digits to [-1, 1].
const real = digits.narrow(0, 0, n).mul(2).sub(1);
const G = models.dcganInit(new models.DcganGenerator());
const D = models.dcganInit(new models.DcganDiscriminator());
const optG = new optim.Adam(G.parameters(), { lr: 2e-4, betas: [0.5, 0.999] });
const optD = new optim.Adam(D.parameters(), { lr: 2e-4, betas: [0.5, 0.999] });
const loader = new data.DataLoader(new data.TensorDataset(real), { batchSize: 64, shuffle: true });

let step = 0;
for (const [batch] of loader) {
  const z = randn([batch!.shape[0]!, 100]);
  const fake = G.forward(z);
  optD.zeroGrad();
  const dLoss = gan.discriminatorLoss('nonSaturating', D.forward(batch!), D.forward(fake.detach()));
  dLoss.backward();
  optD.step();
  optG.zeroGrad();
  const gLoss = gan.generatorLoss('nonSaturating', D.forward(fake));
  gLoss.backward();
  optG.step();
  if (++step % 50 === 0 || step === 1) console.log(`step ${step}: D loss ${dLoss.item().toFixed(3)}, G loss ${gLoss.item().toFixed(3)}`);
}
G.eval();
const samples = noGrad(() => G.forward(randn([16, 100]))).add(1).div(2);
io.writePng('gan-tutorial.png', samples.reshape([4, 4, 28, 28]).permute([0, 2, 1, 3]).reshape([1, 112, 112]));
console.log('wrote gan-tutorial.png (16 generated digits)');
