/**
 * @file An exponential moving average of a model's weights (SPEC §9.14), e.g. the generator a GAN
 * samples from: θ_ema ← β·θ_ema + (1 − β)·θ after each optimizer step.
 */
import { noGrad } from '../autograd/grad_mode.js';
import { ValueError } from '../errors.js';
import type { Module } from '../nn/module.js';

/**
 * Keeps `average` (a second instance of `source`'s architecture, its weights overwritten here) at
 * the EMA of `source`'s parameters with decay β; buffers (BatchNorm statistics) are copied, as
 * StyleGAN2-ADA does. Register `average` with a run to checkpoint it.
 * PyTorch: `torch.optim.swa_utils.AveragedModel(G, avg_fn=lambda avg, p, n: beta * avg + (1 - beta) * p)`.
 * @example const ema = new WeightAverage(G, new DcganGenerator(), 0.999); optG.step(); ema.update(); ema.average.forward(z)
 */
export class WeightAverage<M extends Module> {
  constructor(readonly source: M, readonly average: M, readonly decay = 0.999) {
    if (!(decay >= 0 && decay < 1)) throw new ValueError(`WeightAverage: decay must be in [0, 1), got ${decay}`);
    average.loadStateDict(source.stateDict());
    average.eval();
  }

  /** One averaging step: parameters move (1 − β) of the way to the source's, buffers are copied. */
  update(): void {
    const averaged = [...this.average.namedParameters()];
    const own = new Map(this.source.namedParameters());
    noGrad(() => {
      for (const [name, p] of averaged) p.mul_(this.decay).add_(own.get(name)!.detach().mul(1 - this.decay));
      const buffers = new Map(this.source.namedBuffers());
      for (const [name, b] of this.average.namedBuffers()) b.copy_(buffers.get(name)!);
    });
  }
}
