/** @file Loss modules: options held at construction, math in `nn.functional`. */
import type { Tensor } from '../tensor/tensor.js';
import * as F from './functional/loss.js';
import { Module } from './module.js';

/** Base of the loss modules: `forward(input, target)` returns the (reduced) loss. */
abstract class Loss extends Module {
  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

/** (ŷ − y)². PyTorch: `torch.nn.MSELoss(reduction='mean')`. */
export class MSELoss extends Loss {
  constructor(readonly reduction: F.Reduction = 'mean') { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.mseLoss(input, target, this.reduction); }
}

/** |ŷ − y|. PyTorch: `torch.nn.L1Loss`. */
export class L1Loss extends Loss {
  constructor(readonly reduction: F.Reduction = 'mean') { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.l1Loss(input, target, this.reduction); }
}

/** Smooth L1 with threshold β. PyTorch: `torch.nn.SmoothL1Loss(beta=1)`. */
export class SmoothL1Loss extends Loss {
  constructor(readonly options: { beta?: number; reduction?: F.Reduction } = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.smoothL1Loss(input, target, this.options); }
}

/** Huber loss with threshold δ. PyTorch: `torch.nn.HuberLoss(delta=1)`. */
export class HuberLoss extends Loss {
  constructor(readonly options: { delta?: number; reduction?: F.Reduction } = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.huberLoss(input, target, this.options); }
}

/** Cross-entropy of logits (class dim 1). PyTorch: `torch.nn.CrossEntropyLoss`. */
export class CrossEntropyLoss extends Loss {
  constructor(readonly options: F.CrossEntropyOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.crossEntropy(input, target, this.options); }
}

/** Negative log-likelihood of log-probabilities. PyTorch: `torch.nn.NLLLoss`. */
export class NLLLoss extends Loss {
  constructor(readonly options: F.NllOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.nllLoss(input, target, this.options); }
}

/** Binary cross-entropy of probabilities. PyTorch: `torch.nn.BCELoss`. */
export class BCELoss extends Loss {
  constructor(readonly options: F.BceOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.binaryCrossEntropy(input, target, this.options); }
}

/** Binary cross-entropy of logits, numerically stable. PyTorch: `torch.nn.BCEWithLogitsLoss`. */
export class BCEWithLogitsLoss extends Loss {
  constructor(readonly options: F.BceWithLogitsOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.binaryCrossEntropyWithLogits(input, target, this.options); }
}

/** KL divergence with log-probability input. PyTorch: `torch.nn.KLDivLoss`. */
export class KLDivLoss extends Loss {
  constructor(readonly options: { reduction?: F.Reduction | 'batchmean'; logTarget?: boolean } = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.klDiv(input, target, this.options); }
}
