/**
 * @file Loss functions with PyTorch's semantics: `reduction` 'mean' (default) | 'sum' | 'none',
 * class axis 1, integer targets as int32, numerically stable forms for logits.
 */
import { defineOp } from '../../autograd/function.js';
import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { where } from '../../ops/elementwise.js';
import { isFloating } from '../../tensor/dtype.js';
import { shapeStr } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkOptions, type OptionKeys } from '../../options.js';
import { bceWithLogitsTerms } from './activation.js';

/** How a loss combines per-element values: 'mean', 'sum' or 'none' (PyTorch's `reduction`). */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options of the losses that only reduce. */
export interface ReductionOptions {
  reduction?: Reduction;
}

const reductionKeys: OptionKeys<ReductionOptions> = { reduction: true };

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  switch (reduction) {
    case 'mean': return loss.mean();
    case 'sum': return loss.sum();
    case 'none': return loss;
    default: throw new ValueError(`loss: reduction must be 'mean', 'sum' or 'none', got '${reduction as string}'`);
  }
}

function sameShapes(op: string, input: Tensor, target: Tensor): void {
  if (input.shape.length !== target.shape.length || input.shape.some((s, i) => s !== target.shape[i])) {
    throw new ShapeError(`${op}: input ${shapeStr(input.shape)} and target ${shapeStr(target.shape)} must have the same shape`);
  }
}

/**
 * Mean squared error (ŷ − y)². PyTorch: `F.mse_loss`.
 * @example F.mseLoss(prediction, target) // mean of squared errors
 */
export function mseLoss(input: Tensor, target: Tensor, options?: ReductionOptions): Tensor {
  const { reduction = 'mean' } = checkOptions('mseLoss', options, reductionKeys);
  sameShapes('mseLoss', input, target);
  const d = input.sub(target);
  return reduce(d.mul(d), reduction);
}

/**
 * Mean absolute error |ŷ − y|. PyTorch: `F.l1_loss`.
 * @example F.l1Loss(fake, real, { reduction: 'sum' })
 */
export function l1Loss(input: Tensor, target: Tensor, options?: ReductionOptions): Tensor {
  const { reduction = 'mean' } = checkOptions('l1Loss', options, reductionKeys);
  sameShapes('l1Loss', input, target);
  return reduce(input.sub(target).abs(), reduction);
}

export interface SmoothL1Options extends ReductionOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  beta?: number;
}

/**
 * ½a²/β where |a| < β, |a| − ½β elsewhere (a = ŷ − y). PyTorch: `F.smooth_l1_loss(beta=1)`.
 * @example F.smoothL1Loss(boxes, targetBoxes, { beta: 0.5 })
 */
export function smoothL1Loss(input: Tensor, target: Tensor, options?: SmoothL1Options): Tensor {
  const { beta = 1, reduction = 'mean' } = checkOptions<SmoothL1Options>('smoothL1Loss', options, { ...reductionKeys, beta: true });
  sameShapes('smoothL1Loss', input, target);
  const a = input.sub(target).abs();
  if (beta === 0) return reduce(a, reduction);
  return reduce(where(a.lt(beta), a.mul(a).mul(0.5 / beta), a.sub(0.5 * beta)), reduction);
}

export interface HuberOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

/**
 * ½a² where |a| ≤ δ, δ(|a| − ½δ) elsewhere; its gradient is clip(a, −δ, δ). PyTorch: `F.huber_loss(delta=1)`.
 * @example F.huberLoss(q, tdTarget) // DQN's loss, delta 1
 */
export function huberLoss(input: Tensor, target: Tensor, options?: HuberOptions): Tensor {
  const { delta = 1, reduction = 'mean' } = checkOptions<HuberOptions>('huberLoss', options, { ...reductionKeys, delta: true });
  sameShapes('huberLoss', input, target);
  const a = input.sub(target).abs();
  return reduce(where(a.le(delta), a.mul(a).mul(0.5), a.sub(0.5 * delta).mul(delta)), reduction);
}

/** Options of `nllLoss` (PyTorch's keyword arguments, where it has them). */
export interface NllOptions {
  /** Per-class weights [C]. */
  weight?: Tensor | null;
  /** Target value whose entries contribute nothing (default −100). */
  ignoreIndex?: number;
  reduction?: Reduction;
}

function checkClassTarget(op: string, input: Tensor, target: Tensor): void {
  if (target.dtype !== 'int32') throw new DTypeError(`${op}: class-index targets must be int32, got ${target.dtype}`);
  const expected = [input.shape[0], ...input.shape.slice(2)];
  if (input.ndim < 2 || target.ndim !== input.ndim - 1 || target.shape.some((s, i) => s !== expected[i])) {
    throw new ShapeError(`${op}: input ${shapeStr(input.shape)} (N, C, …) needs a target of shape [${expected.join(', ')}], got ${shapeStr(target.shape)}`);
  }
}

const nllKeys: OptionKeys<NllOptions> = { weight: true, ignoreIndex: true, reduction: true };

/**
 * Negative log-likelihood of log-probabilities `input` [N, C, …] at int32 class `target`
 * [N, …]: `−w[y]·input[y]`. 'mean' divides by the summed weights of non-ignored targets.
 * PyTorch: `F.nll_loss`.
 * @example F.nllLoss(logSoftmax(logits, 1), labels) // = crossEntropy(logits, labels)
 */
export function nllLoss(input: Tensor, target: Tensor, options?: NllOptions): Tensor {
  const { weight = null, ignoreIndex = -100, reduction = 'mean' } = checkOptions('nllLoss', options, nllKeys);
  checkClassTarget('nllLoss', input, target);
  const classes = input.shape[1]!;
  const ignored = target.eq(ignoreIndex);
  const safe = where(ignored, 0, target).to('int32');
  const bad = safe.lt(0).logicalOr(safe.ge(classes));
  if (bad.any().item()) throw new ValueError(`nllLoss: targets must be in [0, ${classes - 1}] or equal ignoreIndex ${ignoreIndex}`);
  const picked = input.gather(1, safe.unsqueeze(1)).squeeze(1);
  const w = (weight ? weight.index(safe) : picked.onesLike()).maskedFill(ignored, 0);
  const loss = picked.neg().mul(w);
  if (reduction === 'mean') return loss.sum().div(w.sum());
  return reduce(loss, reduction);
}

/** Options of `crossEntropy` (PyTorch's keyword arguments, where it has them). */
export interface CrossEntropyOptions extends NllOptions {
  /** ε: the target becomes (1−ε)·onehot + ε/C (default 0). */
  labelSmoothing?: number;
}

/**
 * Cross-entropy of logits `input` [N, C, …] (class axis 1) against int32 class indices
 * [N, …] or class probabilities (same shape as input), computed through logSoftmax so huge
 * logits stay finite. Supports `weight`, `ignoreIndex` and `labelSmoothing` as PyTorch does.
 * PyTorch: `F.cross_entropy`.
 * @example crossEntropy(model.forward(x), labels)
 */
export function crossEntropy(input: Tensor, target: Tensor, options?: CrossEntropyOptions): Tensor {
  const { weight = null, ignoreIndex = -100, reduction = 'mean', labelSmoothing = 0 } = checkOptions<CrossEntropyOptions>('crossEntropy', options, { ...nllKeys, labelSmoothing: true });
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new ValueError(`crossEntropy: labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
  if (input.ndim < 1) throw new ShapeError('crossEntropy: input needs a class dim');
  const logp = input.logSoftmax(input.ndim === 1 ? 0 : 1);
  const classes = input.shape[input.ndim === 1 ? 0 : 1]!;
  // Class weights broadcast along dim 1: shape [C, 1, …].
  const classWeight = weight?.reshape([classes, ...new Array<number>(Math.max(input.ndim - 2, 0)).fill(1)]);
  if (isFloating(target.dtype)) {
    sameShapes('crossEntropy', input, target);
    const q = labelSmoothing > 0 ? target.mul(1 - labelSmoothing).add(labelSmoothing / classes) : target;
    const terms = classWeight ? logp.mul(q).mul(classWeight) : logp.mul(q);
    const loss = terms.sum(input.ndim === 1 ? 0 : 1).neg();
    return reduction === 'mean' ? loss.sum().div(input.ndim === 1 ? 1 : loss.numel) : reduce(loss, reduction);
  }
  const nll = nllLoss(logp, target, { weight, ignoreIndex, reduction });
  if (labelSmoothing === 0) return nll;
  // PyTorch's smoothing term: −Σ_c w_c·logp_c per position, masked where the target is ignored.
  const ignored = target.eq(ignoreIndex);
  const smooth = (classWeight ? logp.mul(classWeight) : logp).sum(1).neg().maskedFill(ignored, 0);
  let smoothLoss: Tensor;
  if (reduction === 'mean') {
    const denom = weight ? weight.index(where(ignored, 0, target).to('int32')).maskedFill(ignored, 0).sum() : ignored.logicalNot().sum();
    smoothLoss = smooth.sum().div(denom);
  } else {
    smoothLoss = reduce(smooth, reduction);
  }
  return nll.mul(1 - labelSmoothing).add(smoothLoss.mul(labelSmoothing / classes));
}

function checkProbabilityTarget(op: string, input: Tensor, target: Tensor): void {
  sameShapes(op, input, target);
  if (!isFloating(target.dtype)) throw new DTypeError(`${op}: target must be floating point, got ${target.dtype}`);
}

/** Options of `binaryCrossEntropy` (PyTorch's keyword arguments, where it has them). */
export interface BceOptions {
  /** Per-element rescaling weight, broadcast against the input. */
  weight?: Tensor | null;
  reduction?: Reduction;
}

const LOG_FLOOR = -100;

const bceOp = defineOp<undefined>({
  name: 'binaryCrossEntropy',
  saves: 'inputs',
  forward: ([p, t]) => {
    const logP = p!.log().clamp(LOG_FLOOR);
    const log1mP = p!.neg().log1p().clamp(LOG_FLOOR);
    return t!.mul(logP).add(t!.neg().add(1).mul(log1mP)).neg();
  },
  // PyTorch's rule: (p − t)/max(p(1 − p), 1e−12), finite even where p is exactly 0 or 1.
  backward: (g, { inputs: [p, t], needsGrad }) => [
    needsGrad[0] ? g.mul(p!.sub(t!)).div(p!.mul(p!.neg().add(1)).clamp(1e-12)) : null,
    needsGrad[1] ? g.mul(p!.neg().log1p().clamp(LOG_FLOOR).sub(p!.log().clamp(LOG_FLOOR))) : null,
  ],
});

const bceKeys: OptionKeys<BceOptions> = { weight: true, reduction: true };

/**
 * −[t·log p + (1−t)·log(1−p)] for probabilities p, with each log clamped at −100 as in
 * PyTorch. Prefer `binaryCrossEntropyWithLogits` in models. PyTorch: `F.binary_cross_entropy`.
 * @example F.binaryCrossEntropy(sigmoid(logits), targets)
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options?: BceOptions): Tensor {
  const { weight = null, reduction = 'mean' } = checkOptions('binaryCrossEntropy', options, bceKeys);
  checkProbabilityTarget('binaryCrossEntropy', input, target);
  const lo = input.amin().item() as number;
  const hi = input.amax().item() as number;
  if (lo < 0 || hi > 1) throw new ValueError(`binaryCrossEntropy: input must hold probabilities in [0, 1], got values in [${lo}, ${hi}]`);
  const loss = bceOp([input, target], undefined);
  return reduce(weight ? loss.mul(weight) : loss, reduction);
}

/** Options of `binaryCrossEntropyWithLogits` (PyTorch's keyword arguments, where it has them). */
export interface BceWithLogitsOptions extends BceOptions {
  /** Weight of positive examples per class, broadcast along the last dim. */
  posWeight?: Tensor | null;
}

/**
 * Binary cross-entropy on logits z: softplus(z) − z·t (with `posWeight` p:
 * (1−t)·z + (1 + (p−1)·t)·softplus(−z)); exact for |z| up to float range and its gradient is
 * σ(z) − t. PyTorch: `F.binary_cross_entropy_with_logits`.
 * @example F.binaryCrossEntropyWithLogits(discriminator.forward(fake), ones([n, 1])) // GAN generator loss
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options?: BceWithLogitsOptions): Tensor {
  const { weight = null, posWeight = null, reduction = 'mean' } = checkOptions<BceWithLogitsOptions>('binaryCrossEntropyWithLogits', options, { ...bceKeys, posWeight: true });
  checkProbabilityTarget('binaryCrossEntropyWithLogits', input, target);
  const loss = bceWithLogitsTerms(input, target, posWeight);
  return reduce(weight ? loss.mul(weight) : loss, reduction);
}

/** Options of `klDiv` (PyTorch's keyword arguments, where it has them). */
export interface KlDivOptions {
  /** 'batchmean' divides the sum by the batch size (the true KL divergence per sample). */
  reduction?: Reduction | 'batchmean';
  /** The target is given as log-probabilities. */
  logTarget?: boolean;
}

/**
 * Kullback–Leibler divergence with `input` as log-probabilities: t·(log t − input), 0 where
 * t = 0 (or e^t·(t − input) with `logTarget`). 'batchmean' divides the sum by the batch size —
 * the true KL; 'mean' averages over all elements as PyTorch does. PyTorch: `F.kl_div`.
 * @example F.klDiv(logSoftmax(student, 1), softmax(teacher, 1), { reduction: 'batchmean' })
 */
export function klDiv(input: Tensor, target: Tensor, options?: KlDivOptions): Tensor {
  const { reduction = 'mean', logTarget = false } = checkOptions<KlDivOptions>('klDiv', options, { reduction: true, logTarget: true });
  sameShapes('klDiv', input, target);
  const loss = logTarget
    ? target.exp().mul(target.sub(input))
    : where(target.gt(0), target.mul(where(target.gt(0), target, 1).log().sub(input)), 0);
  if (reduction === 'batchmean') return loss.sum().div(input.ndim > 0 ? input.shape[0]! : 1);
  return reduce(loss, reduction);
}
