/**
 * @file WaveGAN's phase shuffle (SPEC §11.6): shift a critic's feature maps by a random k ∈ [−n, n]
 * samples, filling the vacated samples by reflection, so the critic cannot key on the phase of
 * upsampling artifacts.
 */
import { ShapeError, ValueError } from '../errors.js';
import { Module } from '../nn/module.js';
import { pad } from '../ops/shape.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * `x` [N, C, L] shifted right by `k` samples (left for k < 0), keeping the length: reflect-pad |k|
 * samples on the side it moves away from and crop. Differentiable.
 * PyTorch: none built in; WaveGAN ports write it by hand (`F.pad(x, (k, 0), mode='reflect')[..., :L]`).
 * @example audio.phaseShift(tensor([[[1, 2, 3, 4]]]), 1) // [[[2, 1, 2, 3]]]
 */
export function phaseShift(x: Tensor, k: number): Tensor {
  if (x.ndim !== 3) throw new ShapeError(`phaseShift: expected feature maps [N, C, L], got ${shapeStr(x.shape)}`);
  if (!Number.isInteger(k) || Math.abs(k) >= x.shape[2]!) throw new ValueError(`phaseShift: k must be an integer with |k| < L = ${x.shape[2]}, got ${k}`);
  if (k === 0) return x;
  const L = x.shape[2]!;
  return k > 0 ? pad(x, [k, 0], 'reflect').narrow(2, 0, L) : pad(x, [0, -k], 'reflect').narrow(2, -k, L);
}

/**
 * Phase shuffle as a layer: in training mode one shift k ∈ [−n, n] per call (the reference draws one
 * per layer and minibatch; the paper describes one per example), identity in eval mode.
 * Reference: chrisdonahue/wavegan `apply_phaseshuffle` (TensorFlow).
 * @example new audio.PhaseShuffle(2).forward(features) // [N, C, L], shifted by up to 2 samples
 */
export class PhaseShuffle extends Module {
  constructor(readonly n: number, private readonly generator: Generator = defaultGenerator) {
    super();
    if (!Number.isInteger(n) || n < 0) throw new ValueError(`PhaseShuffle: n must be a non-negative integer, got ${n}`);
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.n === 0) return x;
    return phaseShift(x, this.generator.integer(-this.n, this.n + 1));
  }

  override extraRepr(): string {
    return `n=${this.n}`;
  }
}
