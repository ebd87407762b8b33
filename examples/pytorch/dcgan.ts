/**
 * @file Port of pytorch/examples dcgan/main.py: the 64×64 Generator and Discriminator, their
 * weights_init, and one iteration of the training loop (BCE, Adam β₁ = 0.5).
 */
import { full, nn, noGrad, optim, type Tensor } from '../../src/index.js';

/** Sizes of main.py's options: latent `nz`, generator/discriminator widths `ngf`/`ndf`, image channels `nc`. */
export interface DcganSizes { readonly nz: number; readonly ngf: number; readonly ndf: number; readonly nc: number }

/** main.py's `Generator`: latent [B, nz, 1, 1] → image [B, nc, 64, 64] in (−1, 1). */
export class Generator extends nn.Module {
  readonly main: nn.Sequential;

  constructor({ nz, ngf, nc }: DcganSizes) {
    super();
    const widths = [nz, ngf * 8, ngf * 4, ngf * 2, ngf];
    const blocks = widths.slice(1).flatMap((out, i) => [
      new nn.ConvTranspose2d(widths[i]!, out, 4, { stride: i === 0 ? 1 : 2, padding: i === 0 ? 0 : 1, bias: false }),
      new nn.BatchNorm2d(out),
      new nn.ReLU(),
    ]);
    this.main = new nn.Sequential(...blocks, new nn.ConvTranspose2d(ngf, nc, 4, { stride: 2, padding: 1, bias: false }), new nn.Tanh());
  }

  forward(input: Tensor): Tensor { return this.main.forward(input); }
}

/** main.py's `Discriminator`: image [B, nc, 64, 64] → probability of real [B]. */
export class Discriminator extends nn.Module {
  readonly main: nn.Sequential;

  constructor({ ndf, nc }: DcganSizes) {
    super();
    const widths = [ndf, ndf * 2, ndf * 4, ndf * 8];
    const blocks = widths.slice(1).flatMap((out, i) => [
      new nn.Conv2d(widths[i]!, out, 4, { stride: 2, padding: 1, bias: false }),
      new nn.BatchNorm2d(out),
      new nn.LeakyReLU(0.2),
    ]);
    this.main = new nn.Sequential(
      new nn.Conv2d(nc, ndf, 4, { stride: 2, padding: 1, bias: false }), new nn.LeakyReLU(0.2),
      ...blocks,
      new nn.Conv2d(ndf * 8, 1, 4, { stride: 1, padding: 0, bias: false }), new nn.Sigmoid(),
    );
  }

  forward(input: Tensor): Tensor { return this.main.forward(input).view(-1, 1).squeeze(1); }
}

/** main.py's `weights_init`: conv weights N(0, 0.02); BatchNorm weights N(1, 0.02), biases 0. */
export function weightsInit(model: nn.Module): void {
  noGrad(() => {
    for (const m of model.modules()) {
      if (m instanceof nn.Conv2d || m instanceof nn.ConvTranspose2d) m.weight.normal_(0, 0.02);
      if (m instanceof nn.BatchNorm2d) {
        m.weight!.normal_(1, 0.02);
        m.bias!.zero_();
      }
    }
  });
}

/** What main.py prints after each iteration. */
export interface DcganStep { errD: number; errG: number; dX: number; dGz1: number; dGz2: number }

/** One iteration of main.py's loop: a discriminator step on real and detached fake, then a generator step. */
export function trainStep(
  netG: Generator, netD: Discriminator, optimizerG: optim.Optimizer<{ lr: number }>, optimizerD: optim.Optimizer<{ lr: number }>, real: Tensor, noise: Tensor,
): DcganStep {
  const criterion = new nn.BCELoss();
  const batchSize = real.shape[0]!;
  netD.zeroGrad();
  const label = full([batchSize], 1, { dtype: real.dtype });
  let output = netD.forward(real);
  const errDReal = criterion.forward(output, label);
  errDReal.backward();
  const dX = output.mean().item();
  const fake = netG.forward(noise);
  label.fill_(0);
  output = netD.forward(fake.detach());
  const errDFake = criterion.forward(output, label);
  errDFake.backward();
  const dGz1 = output.mean().item();
  const errD = errDReal.add(errDFake);
  optimizerD.step();
  netG.zeroGrad();
  label.fill_(1);
  output = netD.forward(fake);
  const errG = criterion.forward(output, label);
  errG.backward();
  optimizerG.step();
  return { errD: errD.item(), errG: errG.item(), dX, dGz1, dGz2: output.mean().item() };
}
