/** @file Parameter: a leaf tensor that a Module registers as trainable. */
import { Tensor } from '../tensor/tensor.js';

/**
 * A tensor that is a module's trainable weight: a leaf that requires grad by default and is
 * found by `Module.parameters()`. Shares storage with the tensor it wraps.
 * PyTorch: `torch.nn.Parameter`.
 * @example this.weight = new Parameter(zeros([out, inp]));
 */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    const t = data.isContiguous() ? data : data.contiguous();
    super(t.storage, t.shape, t.strides, t.offset);
    this.requiresGrad_(requiresGrad);
  }
}
