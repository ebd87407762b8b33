/**
 * @file μ-law companding and quantization (SPEC §11.1; ITU-T G.711's curve, WaveNet's μ = 255).
 */
import { DTypeError, ValueError } from '../errors.js';
import { isFloating } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';

function mu(op: string, quantizationChannels: number): number {
  if (!Number.isInteger(quantizationChannels) || quantizationChannels < 2) {
    throw new ValueError(`${op}: quantizationChannels must be an integer >= 2, got ${quantizationChannels}`);
  }
  return quantizationChannels - 1;
}

/**
 * μ-law encodes a waveform in [−1, 1] to integer levels 0…μ (int32, same shape):
 * F(x) = sign(x)·ln(1 + μ|x|)/ln(1 + μ), q = ⌊(F + 1)/2·μ + 0.5⌋, with x clipped to [−1, 1]
 * first (torchaudio does not clip; values outside would give levels outside 0…μ).
 * PyTorch: `torchaudio.functional.mu_law_encoding(x, quantization_channels=256)`.
 * @example audio.muLawEncoding(tensor([-1, 0, 0.5, 1])) // int32 [0, 128, 239, 255]
 */
export function muLawEncoding(x: Tensor, quantizationChannels = 256): Tensor {
  const m = mu('muLawEncoding', quantizationChannels);
  if (!isFloating(x.dtype)) throw new DTypeError(`muLawEncoding: expected a floating-point waveform, got ${x.dtype}`);
  const c = x.clamp(-1, 1);
  const f = c.sign().mul(c.abs().mul(m).log1p()).div(Math.log1p(m));
  return f.add(1).div(2).mul(m).add(0.5).floor().to('int32');
}

/**
 * Decodes μ-law levels 0…μ back to a waveform in [−1, 1]: y = 2q/μ − 1,
 * x = sign(y)·((1 + μ)^|y| − 1)/μ. Level μ/2 + ½ rounds up, so 128 decodes to +8.6e−5 (the code
 * book has no exact zero).
 * PyTorch: `torchaudio.functional.mu_law_decoding(q, quantization_channels=256)`.
 * @example audio.muLawDecoding(tensor([0, 128, 255], { dtype: 'int32' })) // [-1, 8.62e-5, 1]
 */
export function muLawDecoding(q: Tensor, quantizationChannels = 256): Tensor {
  const m = mu('muLawDecoding', quantizationChannels);
  const y = q.to(q.dtype === 'float64' ? 'float64' : 'float32').div(m).mul(2).sub(1);
  return y.sign().mul(y.abs().mul(Math.log1p(m)).exp().sub(1)).div(m);
}
