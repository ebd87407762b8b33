/** @file Loss modules: options held (and checked) at construction, math in `nn.functional`. */
import { checkOptions, type OptionKeys } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';
import * as F from './functional/loss.js';
import { ctcLoss, ctcLossKeys, type CtcLengths, type CtcLossOptions } from './functional/ctc.js';
import { Module } from './module.js';

/** Base of the loss modules: `forward(input, target)` returns the (reduced) loss. */
abstract class Loss<O extends object> extends Module {
  readonly options: O;
  constructor(options: O | undefined, keys: OptionKeys<O>) {
    super();
    this.options = checkOptions(this.constructor.name, options, keys);
  }

  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

const reduction = { reduction: true } as const;
const weighted = { weight: true, reduction: true } as const;

/**
 * (ŷ − y)². PyTorch: `torch.nn.MSELoss(reduction='mean')`; here `new MSELoss({ reduction: 'sum' })`.
 * @example new nn.MSELoss().forward(reconstruction, images)
 */
export class MSELoss extends Loss<F.ReductionOptions> {
  constructor(options?: F.ReductionOptions) { super(options, reduction); }
  forward(input: Tensor, target: Tensor): Tensor { return F.mseLoss(input, target, this.options); }
}

/**
 * |ŷ − y|. PyTorch: `torch.nn.L1Loss`.
 * @example new nn.L1Loss({ reduction: 'sum' }).forward(fake, real)
 */
export class L1Loss extends Loss<F.ReductionOptions> {
  constructor(options?: F.ReductionOptions) { super(options, reduction); }
  forward(input: Tensor, target: Tensor): Tensor { return F.l1Loss(input, target, this.options); }
}

/**
 * Smooth L1 with threshold β. PyTorch: `torch.nn.SmoothL1Loss(beta=1)`.
 * @example new nn.SmoothL1Loss({ beta: 0.5 }).forward(pred, target)
 */
export class SmoothL1Loss extends Loss<F.SmoothL1Options> {
  constructor(options?: F.SmoothL1Options) { super(options, { ...reduction, beta: true }); }
  forward(input: Tensor, target: Tensor): Tensor { return F.smoothL1Loss(input, target, this.options); }
}

/**
 * Huber loss with threshold δ. PyTorch: `torch.nn.HuberLoss(delta=1)`.
 * @example new nn.HuberLoss({ delta: 1 }).forward(q, tdTarget)
 */
export class HuberLoss extends Loss<F.HuberOptions> {
  constructor(options?: F.HuberOptions) { super(options, { ...reduction, delta: true }); }
  forward(input: Tensor, target: Tensor): Tensor { return F.huberLoss(input, target, this.options); }
}

/**
 * Cross-entropy of logits (class dim 1). PyTorch: `torch.nn.CrossEntropyLoss`.
 * @example new nn.CrossEntropyLoss({ labelSmoothing: 0.1 }).forward(logits, labels) // labels int32 [N]
 */
export class CrossEntropyLoss extends Loss<F.CrossEntropyOptions> {
  constructor(options?: F.CrossEntropyOptions) { super(options, { ...weighted, ignoreIndex: true, labelSmoothing: true }); }
  forward(input: Tensor, target: Tensor): Tensor { return F.crossEntropy(input, target, this.options); }
}

/**
 * Negative log-likelihood of log-probabilities. PyTorch: `torch.nn.NLLLoss`.
 * @example new nn.NLLLoss({ ignoreIndex: 0 }).forward(logProbs, targets) // padding id 0 ignored
 */
export class NLLLoss extends Loss<F.NllOptions> {
  constructor(options?: F.NllOptions) { super(options, { ...weighted, ignoreIndex: true }); }
  forward(input: Tensor, target: Tensor): Tensor { return F.nllLoss(input, target, this.options); }
}

/**
 * Binary cross-entropy of probabilities. PyTorch: `torch.nn.BCELoss`.
 * @example new nn.BCELoss().forward(probabilities, targets)
 */
export class BCELoss extends Loss<F.BceOptions> {
  constructor(options?: F.BceOptions) { super(options, weighted); }
  forward(input: Tensor, target: Tensor): Tensor { return F.binaryCrossEntropy(input, target, this.options); }
}

/**
 * Binary cross-entropy of logits, numerically stable. PyTorch: `torch.nn.BCEWithLogitsLoss`.
 * @example new nn.BCEWithLogitsLoss({ posWeight: tensor([3]) }).forward(logits, targets)
 */
export class BCEWithLogitsLoss extends Loss<F.BceWithLogitsOptions> {
  constructor(options?: F.BceWithLogitsOptions) { super(options, { ...weighted, posWeight: true }); }
  forward(input: Tensor, target: Tensor): Tensor { return F.binaryCrossEntropyWithLogits(input, target, this.options); }
}

/**
 * KL divergence with log-probability input. PyTorch: `torch.nn.KLDivLoss`.
 * @example new nn.KLDivLoss({ reduction: 'batchmean' }).forward(logProbs, targetProbs)
 */
export class KLDivLoss extends Loss<F.KlDivOptions> {
  constructor(options?: F.KlDivOptions) { super(options, { reduction: true, logTarget: true }); }
  forward(input: Tensor, target: Tensor): Tensor { return F.klDiv(input, target, this.options); }
}

/**
 * Connectionist temporal classification of log-probabilities [T, N, C] against label sequences.
 * PyTorch: `torch.nn.CTCLoss(blank=0, reduction='mean', zero_infinity=False)`.
 * @example new nn.CTCLoss({ zeroInfinity: true }).forward(logProbs, targets, inputLengths, targetLengths)
 */
export class CTCLoss extends Module {
  readonly options: CtcLossOptions;
  constructor(options?: CtcLossOptions) {
    super();
    this.options = checkOptions('CTCLoss', options, ctcLossKeys);
  }

  forward(logProbs: Tensor, targets: Tensor, inputLengths: CtcLengths, targetLengths: CtcLengths): Tensor {
    return ctcLoss(logProbs, targets, inputLengths, targetLengths, this.options);
  }
}
