/** @file Activation modules: each holds its options and calls `nn.functional`. */
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import * as F from './functional/activation.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { checkNoInplaceFlag, checkOptions } from '../options.js';

/** An activation with no options, wrapping one functional form. */
function simple(name: string, fn: (x: Tensor) => Tensor): new () => Module & { forward(x: Tensor): Tensor } {
  const cls = class extends Module {
    constructor(...extra: never[]) {
      super();
      checkNoInplaceFlag(name, 0, extra, `new nn.${name}()`);
    }

    forward(x: Tensor): Tensor {
      return fn(x);
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

/**
 * σ(x). PyTorch: `torch.nn.Sigmoid`.
 * @example new nn.Sigmoid().forward(logits) // probabilities in (0, 1)
 */
export const Sigmoid = simple('Sigmoid', F.sigmoid);
/**
 * tanh(x). PyTorch: `torch.nn.Tanh`.
 * @example new nn.Sequential(new nn.Linear(64, 784), new nn.Tanh()) // outputs in (−1, 1)
 */
export const Tanh = simple('Tanh', F.tanh);
/**
 * max(x, 0). PyTorch: `torch.nn.ReLU`.
 * @example new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10))
 */
export const ReLU = simple('ReLU', F.relu);
/**
 * min(max(x, 0), 6). PyTorch: `torch.nn.ReLU6`.
 * @example new nn.ReLU6().forward(x) // MobileNet's clipped ReLU
 */
export const ReLU6 = simple('ReLU6', F.relu6);
/**
 * scale·elu(x, α) with fixed constants. PyTorch: `torch.nn.SELU`.
 * @example new nn.Sequential(new nn.Linear(64, 64), new nn.SELU())
 */
export const SELU = simple('SELU', F.selu);
/**
 * x·σ(x). PyTorch: `torch.nn.SiLU`.
 * @example new nn.SiLU().forward(x)
 */
export const SiLU = simple('SiLU', F.silu);
/**
 * x·tanh(softplus(x)). PyTorch: `torch.nn.Mish`.
 * @example new nn.Mish().forward(x)
 */
export const Mish = simple('Mish', F.mish);
/**
 * x/(1 + |x|). PyTorch: `torch.nn.Softsign`.
 * @example new nn.Softsign().forward(x)
 */
export const Softsign = simple('Softsign', F.softsign);

/**
 * x for x > 0, slope·x otherwise. PyTorch: `torch.nn.LeakyReLU(negative_slope=0.01)`.
 * @example new nn.LeakyReLU(0.2) // the DCGAN discriminator's activation
 */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01, ...extra: never[]) {
    super();
    checkNoInplaceFlag('LeakyReLU', 1, extra, 'new nn.LeakyReLU(negativeSlope)');
  }

  forward(x: Tensor): Tensor {
    return F.leakyRelu(x, this.negativeSlope);
  }

  override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

/**
 * x for x > 0, α(eˣ − 1) otherwise. PyTorch: `torch.nn.ELU(alpha=1)`.
 * @example new nn.ELU(1.0).forward(x)
 */
export class ELU extends Module {
  constructor(readonly alpha = 1, ...extra: never[]) {
    super();
    checkNoInplaceFlag('ELU', 1, extra, 'new nn.ELU(alpha)');
  }

  forward(x: Tensor): Tensor {
    return F.elu(x, this.alpha);
  }

  override extraRepr(): string {
    return `alpha=${this.alpha}`;
  }
}

/**
 * x·Φ(x), exact or with the tanh approximation. PyTorch: `torch.nn.GELU(approximate='none')`.
 * @example new nn.GELU('tanh') // the Transformer feed-forward's activation
 */
export class GELU extends Module {
  constructor(readonly approximate: 'none' | 'tanh' = 'none') {
    super();
  }

  forward(x: Tensor): Tensor {
    return F.gelu(x, this.approximate);
  }

  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/**
 * Swish x·σ(βx) (Ramachandran et al. 2017). With `trainable`, β is a learned parameter
 * initialised to `beta`; β = 1 is SiLU. (PyTorch has only SiLU.)
 * @example new nn.Swish(1, { trainable: true }) // β learned, registered as a parameter
 */
export class Swish extends Module {
  readonly beta: Parameter | number;

  constructor(beta = 1, options?: { trainable?: boolean }) {
    super();
    const { trainable = false } = checkOptions<{ trainable?: boolean }>('Swish', options, { trainable: true });
    this.beta = trainable ? new Parameter(tensor([beta])) : beta;
  }

  forward(x: Tensor): Tensor {
    return F.swish(x, this.beta);
  }

  override extraRepr(): string {
    return typeof this.beta === 'number' ? `beta=${this.beta}` : 'beta=trainable';
  }
}

/**
 * a·σ(b) for the two halves of `dim`. PyTorch: `torch.nn.GLU(dim=-1)`.
 * @example new nn.GLU(1).forward(x) // [N, 2C] → [N, C]
 */
export class GLU extends Module {
  constructor(readonly dim = -1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return F.glu(x, this.dim);
  }

  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/**
 * (1/β)·log(1 + e^{βx}). PyTorch: `torch.nn.Softplus(beta=1, threshold=20)`.
 * @example new nn.Softplus(1, 20).forward(x)
 */
export class Softplus extends Module {
  constructor(readonly beta = 1, readonly threshold = 20) {
    super();
  }

  forward(x: Tensor): Tensor {
    return F.softplus(x, this.beta, this.threshold);
  }

  override extraRepr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

/**
 * Clamp to [min, max]. PyTorch: `torch.nn.Hardtanh(min_val=-1, max_val=1)`.
 * @example new nn.Hardtanh(-1, 1).forward(x)
 */
export class Hardtanh extends Module {
  constructor(readonly min = -1, readonly max = 1, ...extra: never[]) {
    super();
    checkNoInplaceFlag('Hardtanh', 2, extra, 'new nn.Hardtanh(min, max)');
  }

  forward(x: Tensor): Tensor {
    return F.hardtanh(x, this.min, this.max);
  }

  override extraRepr(): string {
    return `min=${this.min}, max=${this.max}`;
  }
}

/**
 * softmax along `dim`. PyTorch: `torch.nn.Softmax(dim)`.
 * @example new nn.Softmax(1).forward(logits) // rows sum to 1
 */
export class Softmax extends Module {
  constructor(readonly dim: number) {
    super();
  }

  forward(x: Tensor): Tensor {
    return F.softmax(x, this.dim);
  }

  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/**
 * log softmax along `dim`. PyTorch: `torch.nn.LogSoftmax(dim)`.
 * @example new nn.LogSoftmax(1).forward(logits) // feed to NLLLoss
 */
export class LogSoftmax extends Module {
  constructor(readonly dim: number) {
    super();
  }

  forward(x: Tensor): Tensor {
    return F.logSoftmax(x, this.dim);
  }

  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
