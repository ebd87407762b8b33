/** @file Flattening parameters to one vector and back. */
import { noGrad } from '../../autograd/grad_mode.js';
import { ShapeError } from '../../errors.js';
import { cat } from '../../ops/shape.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * All parameters flattened and concatenated into one 1-D tensor. PyTorch: `torch.nn.utils.parameters_to_vector`.
 * @example nn.parametersToVector(model.parameters()) // one flat [P] tensor
 */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  return cat([...parameters].map((p) => p.reshape([-1])));
}

/**
 * Copies consecutive slices of `vector` into the parameters. PyTorch: `torch.nn.utils.vector_to_parameters`.
 * @example nn.vectorToParameters(saved, model.parameters()) // copies back, in order
 */
export function vectorToParameters(vector: Tensor, parameters: Iterable<Tensor>): void {
  const params = [...parameters];
  const total = params.reduce((n, p) => n + p.numel, 0);
  if (vector.ndim !== 1 || vector.numel !== total) {
    throw new ShapeError(`vectorToParameters: expected a 1-D vector of ${total} elements, got shape [${vector.shape.join(', ')}]`);
  }
  let offset = 0;
  noGrad(() => {
    for (const p of params) {
      p.copy_(vector.narrow(0, offset, p.numel).reshape(p.shape));
      offset += p.numel;
    }
  });
}
