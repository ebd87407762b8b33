/**
 * @file Learning-rate schedulers. Each computes the LR of every parameter group from its
 * base LR and the epoch (or step) counter in closed form, and writes it into the optimizer.
 * Call `step()` after `optimizer.step()`, as in PyTorch.
 */
import { ValueError } from '../errors.js';
import type { Optimizer } from './optimizer.js';
import { withDefaults } from '../options.js';

type AnyOptimizer = Optimizer<{ lr: number }>;

/**
 * Base class: `lrAt(epoch, baseLr, group)` gives a group's LR after `epoch` steps. PyTorch: `torch.optim.lr_scheduler.LRScheduler`.
 * @example class Halving extends optim.LRScheduler { protected lrAt(epoch: number, base: number) { return base / 2 ** epoch; } }
 */
export abstract class LRScheduler {
  /** Number of `step()` calls so far. */
  lastEpoch = 0;
  readonly baseLrs: number[];

  constructor(readonly optimizer: AnyOptimizer) {
    this.baseLrs = optimizer.paramGroups.map((g) => g.lr);
  }

  /** Sets the LRs for the current epoch; subclasses call it at the end of their constructor. */
  protected apply(): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = this.lrAt(this.lastEpoch, this.baseLrs[i]!, i);
    });
  }

  protected abstract lrAt(epoch: number, baseLr: number, group: number): number;

  /** Advances one epoch (or step) and updates the optimizer's LRs. */
  step(): void {
    this.lastEpoch++;
    this.apply();
  }

  /** The LRs set by the last step. PyTorch: `get_last_lr()`. */
  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The schedule's position, for checkpoints. PyTorch: `state_dict`. */
  stateDict(): Record<string, unknown> {
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs] };
  }

  /** Restores a position saved by `stateDict`. PyTorch: `load_state_dict`. */
  loadStateDict(state: Record<string, unknown>): void {
    this.lastEpoch = state.lastEpoch as number;
    (state.baseLrs as number[]).forEach((lr, i) => (this.baseLrs[i] = lr));
    this.apply();
  }
}

/**
 * lr·γ^⌊epoch/stepSize⌋. PyTorch: `StepLR(optimizer, step_size, gamma=0.1)`.
 * @example new optim.StepLR(opt, 30, 0.1) // ×0.1 every 30 epochs
 */
export class StepLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, readonly stepSize: number, readonly gamma = 0.1) {
    super(optimizer);
    if (!Number.isInteger(stepSize) || stepSize <= 0) throw new ValueError(`StepLR: stepSize must be a positive integer, got ${stepSize}`);
    this.apply();
  }

  protected lrAt(epoch: number, base: number): number {
    return base * this.gamma ** Math.floor(epoch / this.stepSize);
  }
}

/**
 * lr·γ^(number of milestones ≤ epoch). PyTorch: `MultiStepLR(optimizer, milestones, gamma=0.1)`.
 * @example new optim.MultiStepLR(opt, [80, 120], 0.1) // ResNet-on-CIFAR schedule
 */
export class MultiStepLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, readonly milestones: readonly number[], readonly gamma = 0.1) {
    super(optimizer);
    this.apply();
  }

  protected lrAt(epoch: number, base: number): number {
    return base * this.gamma ** this.milestones.filter((m) => m <= epoch).length;
  }
}

/**
 * lr·γ^epoch. PyTorch: `ExponentialLR(optimizer, gamma)`.
 * @example new optim.ExponentialLR(opt, 0.99)
 */
export class ExponentialLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, readonly gamma: number) {
    super(optimizer);
    this.apply();
  }

  protected lrAt(epoch: number, base: number): number {
    return base * this.gamma ** epoch;
  }
}

/**
 * η_min + (lr − η_min)·(1 + cos(π·epoch/T_max))/2. PyTorch: `CosineAnnealingLR(optimizer, T_max, eta_min=0)`.
 * @example new optim.CosineAnnealingLR(opt, epochs, 1e-5)
 */
export class CosineAnnealingLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, readonly tMax: number, readonly etaMin = 0) {
    super(optimizer);
    this.apply();
  }

  protected lrAt(epoch: number, base: number): number {
    return this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * epoch) / this.tMax))) / 2;
  }
}

/**
 * Scales lr linearly from startFactor to endFactor over totalIters epochs. PyTorch: `LinearLR(start_factor=1/3, end_factor=1, total_iters=5)`.
 * @example new optim.LinearLR(opt, 0.1, 1, 100) // warm up from 10% over 100 steps
 */
export class LinearLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, readonly startFactor = 1 / 3, readonly endFactor = 1, readonly totalIters = 5) {
    super(optimizer);
    if (!(startFactor > 0 && startFactor <= 1)) throw new ValueError(`LinearLR: startFactor must be in (0, 1], got ${startFactor}`);
    this.apply();
  }

  protected lrAt(epoch: number, base: number): number {
    const t = Math.min(epoch, this.totalIters) / this.totalIters;
    return base * (this.startFactor + (this.endFactor - this.startFactor) * t);
  }
}

/**
 * lr·f(epoch) for a user function f. PyTorch: `LambdaLR(optimizer, lr_lambda)`.
 * @example new optim.LambdaLR(opt, (epoch) => 0.95 ** epoch)
 */
export class LambdaLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, readonly lrLambda: (epoch: number) => number) {
    super(optimizer);
    this.apply();
  }

  protected lrAt(epoch: number, base: number): number {
    return base * this.lrLambda(epoch);
  }
}

/** Options of `NoamLR` (the Transformer warmup schedule) (PyTorch's keyword arguments, where it has them). */
export interface NoamOptions {
  /** The model width d (default 512). */
  dModel?: number;
  /** Steps of linear warmup (default 4000). */
  warmupSteps?: number;
}

/**
 * The Transformer warmup schedule (SPEC §12.6): lr·d^−0.5·min(s^−0.5, s·warmup^−1.5) with
 * s = step + 1, so the first optimizer step already has a nonzero rate; the optimizer's lr is
 * the factor (1 in the paper). Call `step()` after every optimizer step.
 * PyTorch: `LambdaLR(opt, lambda s: d**-0.5 * min((s+1)**-0.5, (s+1) * warmup**-1.5))`.
 * @example const sched = new NoamLR(new Adam(params, { lr: 1, betas: [0.9, 0.98], eps: 1e-9 }), { dModel: 512, warmupSteps: 4000 });
 */
export class NoamLR extends LRScheduler {
  readonly dModel: number;
  readonly warmupSteps: number;

  constructor(optimizer: AnyOptimizer, options?: NoamOptions) {
    const o = withDefaults<Required<NoamOptions>>('NoamLR', options, { dModel: 512, warmupSteps: 4000 });
    super(optimizer);
    if (!(o.dModel > 0) || !Number.isInteger(o.warmupSteps) || o.warmupSteps < 1) {
      throw new ValueError(`NoamLR: dModel must be positive and warmupSteps a positive integer, got ${o.dModel}, ${o.warmupSteps}`);
    }
    this.dModel = o.dModel;
    this.warmupSteps = o.warmupSteps;
    this.apply();
  }

  protected lrAt(epoch: number, base: number): number {
    const s = epoch + 1;
    return base * this.dModel ** -0.5 * Math.min(s ** -0.5, s * this.warmupSteps ** -1.5);
  }
}

/** Options of `OneCycleLR` (PyTorch's keyword arguments, where it has them). */
export interface OneCycleOptions {
  totalSteps: number;
  /** Fraction of the cycle spent increasing the LR (default 0.3). */
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  /** Initial LR = maxLr/divFactor (default 25). */
  divFactor?: number;
  /** Final LR = initial LR/finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Cycle momentum (SGD) or β1 (Adam) inversely to the LR (default true). */
  cycleMomentum?: boolean;
  baseMomentum?: number;
  maxMomentum?: number;
}

/**
 * The 1cycle policy (Smith & Topin 2017), stepped once per batch: LR rises from maxLr/divFactor
 * to maxLr over pctStart of the steps, then anneals to initial/finalDivFactor; momentum (or
 * Adam's β1) moves the opposite way between maxMomentum and baseMomentum.
 * PyTorch: `OneCycleLR(optimizer, max_lr, total_steps, pct_start=0.3, anneal_strategy='cos', div_factor=25, final_div_factor=1e4)`.
 * @example new optim.OneCycleLR(opt, 0.1, { totalSteps: epochs * stepsPerEpoch }) // call step() after every batch
 */
export class OneCycleLR extends LRScheduler {
  private readonly o: Required<OneCycleOptions>;

  constructor(optimizer: AnyOptimizer, readonly maxLr: number, options: OneCycleOptions) {
    super(optimizer);
    this.o = withDefaults<Required<OneCycleOptions>>('OneCycleLR', options,
      { totalSteps: NaN, pctStart: 0.3, annealStrategy: 'cos', divFactor: 25, finalDivFactor: 1e4, cycleMomentum: true, baseMomentum: 0.85, maxMomentum: 0.95 });
    if (!Number.isInteger(this.o.totalSteps) || this.o.totalSteps <= 0) throw new ValueError(`OneCycleLR: totalSteps must be a positive integer, got ${this.o.totalSteps}`);
    if (this.o.cycleMomentum) {
      for (const g of optimizer.paramGroups as unknown as Record<string, unknown>[]) {
        if (!('momentum' in g) && !('betas' in g)) throw new ValueError('OneCycleLR: optimizer has neither momentum nor betas; pass cycleMomentum: false');
      }
    }
    this.apply();
  }

  /** Interpolates from `start` to `end` as `pct` goes 0 → 1. */
  private anneal(start: number, end: number, pct: number): number {
    if (this.o.annealStrategy === 'linear') return (end - start) * pct + start;
    return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  }

  /** Where the schedule is at `step`: (from, to, progress) for LR and momentum. */
  private phase(step: number): { lr: [number, number]; momentum: [number, number]; pct: number } {
    if (step > this.o.totalSteps) throw new ValueError(`OneCycleLR: tried to step ${step} times, more than totalSteps ${this.o.totalSteps}`);
    const initial = this.maxLr / this.o.divFactor;
    const min = initial / this.o.finalDivFactor;
    const warmEnd = this.o.pctStart * this.o.totalSteps - 1;
    const { baseMomentum: lo, maxMomentum: hi } = this.o;
    if (step <= warmEnd) return { lr: [initial, this.maxLr], momentum: [hi, lo], pct: step / warmEnd };
    return { lr: [this.maxLr, min], momentum: [lo, hi], pct: (step - warmEnd) / (this.o.totalSteps - 1 - warmEnd) };
  }

  protected lrAt(epoch: number): number {
    const { lr, pct } = this.phase(epoch);
    return this.anneal(lr[0], lr[1], pct);
  }

  protected override apply(): void {
    super.apply();
    if (!this.o.cycleMomentum) return;
    const { momentum, pct } = this.phase(this.lastEpoch);
    const m = this.anneal(momentum[0], momentum[1], pct);
    for (const g of this.optimizer.paramGroups as unknown as Record<string, unknown>[]) {
      if ('betas' in g) g.betas = [m, (g.betas as number[])[1]];
      else g.momentum = m;
    }
  }
}

/** Options of `ReduceLROnPlateau` (PyTorch's keyword arguments, where it has them). */
export interface PlateauOptions {
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: 'rel' | 'abs';
  cooldown?: number;
  minLr?: number;
  eps?: number;
}

/**
 * Multiplies the LR by `factor` when the metric passed to `step(metric)` has not improved for
 * `patience` epochs. PyTorch: `ReduceLROnPlateau(mode='min', factor=0.1, patience=10, threshold=1e-4, threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8)`.
 * @example const plateau = new optim.ReduceLROnPlateau(opt, { patience: 5 }); plateau.step(valLoss)
 */
export class ReduceLROnPlateau {
  private readonly o: Required<PlateauOptions>;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;

  constructor(readonly optimizer: AnyOptimizer, options?: PlateauOptions) {
    this.o = withDefaults<Required<PlateauOptions>>('ReduceLROnPlateau', options,
      { mode: 'min', factor: 0.1, patience: 10, threshold: 1e-4, thresholdMode: 'rel', cooldown: 0, minLr: 0, eps: 1e-8 });
    if (this.o.factor >= 1) throw new ValueError(`ReduceLROnPlateau: factor should be < 1, got ${this.o.factor}`);
    this.best = this.o.mode === 'min' ? Infinity : -Infinity;
  }

  private isBetter(a: number): boolean {
    const { mode, thresholdMode, threshold } = this.o;
    if (mode === 'min') return a < (thresholdMode === 'rel' ? this.best * (1 - threshold) : this.best - threshold);
    return a > (thresholdMode === 'rel' ? this.best * (1 + threshold) : this.best + threshold);
  }

  /** Records this epoch's metric and lowers the LR after `patience` epochs without improvement. */
  step(metric: number): void {
    this.lastEpoch++;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.o.patience) {
      for (const g of this.optimizer.paramGroups) {
        const lr = Math.max(g.lr * this.o.factor, this.o.minLr);
        if (g.lr - lr > this.o.eps) g.lr = lr;
      }
      this.cooldownCounter = this.o.cooldown;
      this.numBadEpochs = 0;
    }
  }

  /** The learning rate of each parameter group now. PyTorch: `get_last_lr`. */
  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The scheduler's state (best value, patience counters), for checkpoints. */
  stateDict(): Record<string, unknown> {
    return { best: this.best, numBadEpochs: this.numBadEpochs, cooldownCounter: this.cooldownCounter, lastEpoch: this.lastEpoch };
  }

  /** Restores a state saved by `stateDict`. */
  loadStateDict(state: Record<string, unknown>): void {
    Object.assign(this, state);
  }
}
