/**
 * @file CycleGAN's losses (Zhu et al. 2017, SPEC §9.13): the generators' LSGAN, cycle-consistency
 * and identity terms, and the two discriminators' LSGAN losses on pooled fakes.
 */
import { l1Loss } from '../nn/functional/loss.js';
import type { Module } from '../nn/module.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';
import type { ImagePool } from './image_pool.js';
import { discriminatorLoss, generatorLoss } from './losses.js';

/** The four networks: G maps X to Y, F maps Y to X; DX judges X, DY judges Y. */
export interface CycleGanNets {
  G: Module;
  F: Module;
  DX: Module;
  DY: Module;
}

/** Options of the CycleGAN losses (PyTorch's keyword arguments, where it has them). */
export interface CycleGanLossOptions {
  /** λ, the cycle-consistency weight (default 10). */
  lambdaCycle?: number;
  /** The identity weight as a fraction of λ (default 0.5; 0 skips the identity pass). */
  lambdaIdentity?: number;
}

const run = (m: Module, x: Tensor): Tensor => m.forward(x) as Tensor;

/**
 * The generators' loss on unpaired batches x (domain X) and y (domain Y), each a mean:
 * LSGAN(DY(G(x))) + LSGAN(DX(F(y))) + λ·(|F(G(x)) − x| + |G(F(y)) − y|) + λ·λ_idt·(|G(y) − y| + |F(x) − x|).
 * The identity term feeds each generator its own target domain. Returns the total and its parts,
 * and the fakes (for the discriminators' step).
 * PyTorch (pytorch-CycleGAN-and-pix2pix): `CycleGANModel.backward_G` with `gan_mode='lsgan'`.
 * @example const { total, fakeX, fakeY } = gan.cycleGanGeneratorLoss(nets, x, y); total.backward();
 */
export function cycleGanGeneratorLoss(nets: CycleGanNets, x: Tensor, y: Tensor, options?: CycleGanLossOptions):
  { total: Tensor; adversarial: Tensor; cycle: Tensor; identity: Tensor | null; fakeX: Tensor; fakeY: Tensor } {
  const { lambdaCycle = 10, lambdaIdentity = 0.5 } = checkOptions('cycleGanGeneratorLoss', options, { lambdaCycle: true, lambdaIdentity: true });
  const { G, F, DX, DY } = nets;
  const [fakeY, fakeX] = [run(G, x), run(F, y)];
  const adversarial = generatorLoss('lsgan', run(DY, fakeY)).add(generatorLoss('lsgan', run(DX, fakeX)));
  const cycle = l1Loss(run(F, fakeY), x).add(l1Loss(run(G, fakeX), y));
  const identity = lambdaIdentity > 0 ? l1Loss(run(G, y), y).add(l1Loss(run(F, x), x)) : null;
  let total = adversarial.add(cycle.mul(lambdaCycle));
  if (identity) total = total.add(identity.mul(lambdaCycle * lambdaIdentity));
  return { total, adversarial, cycle, identity, fakeX, fakeY };
}

/**
 * The discriminators' LSGAN loss, ½·[(D(real) − 1)² + D(fake)²] for each, the fakes detached and
 * passed through their image pools.
 * PyTorch (pytorch-CycleGAN-and-pix2pix): `backward_D_A` + `backward_D_B`.
 * @example gan.cycleGanDiscriminatorLoss(nets, x, y, fakeX, fakeY, poolX, poolY).backward();
 */
export function cycleGanDiscriminatorLoss(nets: CycleGanNets, x: Tensor, y: Tensor, fakeX: Tensor, fakeY: Tensor, poolX: ImagePool, poolY: ImagePool): Tensor {
  const { DX, DY } = nets;
  return discriminatorLoss('lsgan', run(DY, y), run(DY, poolY.query(fakeY.detach()))).add(discriminatorLoss('lsgan', run(DX, x), run(DX, poolX.query(fakeX.detach()))));
}
