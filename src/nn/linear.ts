/** @file Linear and Identity layers. */
import { ValueError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { linear } from './functional/layers.js';
import { kaimingUniform_, uniform_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { checkOptions } from '../options.js';

/**
 * Returns its input unchanged. PyTorch: `torch.nn.Identity`.
 * @example const head = useProjection ? new nn.Linear(d, d) : new nn.Identity()
 */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}

export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
}

/**
 * y = x·Wᵀ + b. Input [..., inFeatures] → output [..., outFeatures]. `weight` is
 * [outFeatures, inFeatures]; weight and bias start as U(±1/√inFeatures), as in PyTorch.
 * PyTorch: `torch.nn.Linear(in_features, out_features, bias=True)`.
 * @example const fc = new Linear(784, 10); const logits = fc.forward(x); // x: [N, 784]
 */
export class Linear extends Module {
  weight: Parameter;
  bias: Parameter | null;

  constructor(readonly inFeatures: number, readonly outFeatures: number, options?: LinearOptions) {
    super();
    const { bias = true } = checkOptions<LinearOptions>('Linear', options, { bias: true });
    for (const [name, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ValueError(`Linear: ${name} must be a positive integer, got ${v}`);
    }
    this.weight = new Parameter(zeros([outFeatures, inFeatures]));
    this.bias = bias ? new Parameter(zeros([outFeatures])) : null;
    this.resetParameters();
  }

  /** PyTorch's default: kaiming_uniform_(a=√5) for the weight, U(±1/√fan_in) for the bias. */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const bound = 1 / Math.sqrt(this.inFeatures);
      uniform_(this.bias, -bound, bound);
    }
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
