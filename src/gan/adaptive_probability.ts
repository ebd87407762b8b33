/**
 * @file The overfitting controller of ADA and APA (SPEC §9.11–9.12): from the sign of D's outputs
 * on the images of its real branch, nudge a probability p towards the rate at which D is as sure
 * as `target`. A Module so that p and the running sums are checkpointed with the models.
 */
import { noGrad } from '../autograd/grad_mode.js';
import { ValueError } from '../errors.js';
import { Module } from '../nn/module.js';
import { checkOptions } from '../options.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of `AdaptiveProbability` (PyTorch's keyword arguments, where it has them). */
export interface AdaptiveProbabilityOptions {
  /** The wanted r_t = E[sign(l(x_real))] (default 0.6). */
  target?: number;
  /** D minibatches between adjustments (default 4). */
  interval?: number;
  /** Thousands of real images over which p can move by 1 (default 500). */
  kimg?: number;
  /** p at the start (default 0). */
  initial?: number;
}

/**
 * Every `interval` observed batches: p ← clamp(p + sign(r_t − target)·n/(kimg·1000), 0, 1), with
 * r_t the mean sign of the real-branch outputs and n the number of images seen since the last
 * adjustment (B·interval for full batches). p stays within [0, 1]; the reference clamps at 0 only,
 * but p > 1 means nothing to a pipeline.
 * PyTorch (stylegan2-ada `training_loop.py`): `adjust = np.sign(r_t - ada_target) * (batch_size * ada_interval) / (ada_kimg * 1000)`.
 * @example const ada = new AdaptiveProbability(); ada.observe(D.forward(augment(real, ada.p))) // after each D step
 */
export class AdaptiveProbability extends Module {
  readonly target: number;
  readonly interval: number;
  readonly kimg: number;
  /** [p, Σ sign since the last adjustment, images since then, batches since then, r_t of the last adjustment]. */
  declare state: Tensor;

  constructor(options?: AdaptiveProbabilityOptions) {
    super();
    const { target = 0.6, interval = 4, kimg = 500, initial = 0 } = checkOptions<AdaptiveProbabilityOptions>(
      'AdaptiveProbability', options, { target: true, interval: true, kimg: true, initial: true },
    );
    if (!(target >= -1 && target <= 1)) throw new ValueError(`AdaptiveProbability: target must be in [−1, 1], got ${target}`);
    if (!Number.isInteger(interval) || interval < 1) throw new ValueError(`AdaptiveProbability: interval must be a positive integer, got ${interval}`);
    if (!(kimg > 0)) throw new ValueError(`AdaptiveProbability: kimg must be positive, got ${kimg}`);
    if (!(initial >= 0 && initial <= 1)) throw new ValueError(`AdaptiveProbability: initial must be in [0, 1], got ${initial}`);
    this.target = target;
    this.interval = interval;
    this.kimg = kimg;
    this.registerBuffer('state', tensor([initial, 0, 0, 0, NaN], { dtype: 'float64' }));
  }

  /** The current probability. */
  get p(): number {
    return this.state.raw.data[0] as number;
  }

  /** The r_t = mean sign that drove the last adjustment (NaN before the first). */
  get signMean(): number {
    return this.state.raw.data[4] as number;
  }

  /** Records one batch of real-branch outputs (any shape, one per image) and adjusts p when the interval is full; returns p. */
  observe(realScores: Tensor): number {
    const signs = noGrad(() => realScores.detach().sign().sum().item()) as number;
    const s = this.state.raw.data as Float64Array;
    s[1]! += signs;
    s[2]! += realScores.numel;
    s[3]! += 1;
    if (s[3]! >= this.interval) {
      s[4] = s[1]! / s[2]!;
      s[0] = Math.min(1, Math.max(0, s[0]! + Math.sign(s[4] - this.target) * (s[2]! / (this.kimg * 1000))));
      s.fill(0, 1, 4);
    }
    return s[0]!;
  }

  forward(realScores: Tensor): number {
    return this.observe(realScores);
  }

  override extraRepr(): string {
    return `target=${this.target}, interval=${this.interval}, kimg=${this.kimg}, p=${this.p.toFixed(4)}`;
  }
}
