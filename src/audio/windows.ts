/**
 * @file Window functions for short-time Fourier transforms (SPEC §11.2).
 */
import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions, type OptionKeys } from '../options.js';

/** Options of the cosine windows. */
export interface WindowOptions {
  /** Periodic (the default, for spectral analysis: the N+1-point symmetric window without its last sample) or symmetric. */
  periodic?: boolean;
  dtype?: 'float32' | 'float64';
}

const windowKeys: OptionKeys<WindowOptions> = { periodic: true, dtype: true };

function cosineWindow(op: string, length: number, options: WindowOptions | undefined, value: (phase: number) => number): Tensor {
  const { periodic = true, dtype = 'float32' } = checkOptions(op, options, windowKeys);
  if (!Number.isInteger(length) || length < 0) throw new ValueError(`${op}: length must be a non-negative integer, got ${length}`);
  const n = periodic ? length : length - 1;
  const w = Float64Array.from({ length }, (_, i) => (length === 1 ? 1 : value((2 * Math.PI * i) / n)));
  return tensor(dtype === 'float64' ? w : Float32Array.from(w), { dtype });
}

/**
 * Hann window w[n] = 0.5 − 0.5·cos(2πn/N) of `length` samples (N = length when periodic,
 * length − 1 when symmetric).
 * PyTorch: `torch.hann_window(length, periodic=True)`.
 * @example audio.hannWindow(4) // [0, 0.5, 1, 0.5]
 */
export function hannWindow(length: number, options?: WindowOptions): Tensor {
  return cosineWindow('hannWindow', length, options, (p) => 0.5 - 0.5 * Math.cos(p));
}

/**
 * Hamming window w[n] = 0.54 − 0.46·cos(2πn/N).
 * PyTorch: `torch.hamming_window(length, periodic=True)`.
 * @example audio.hammingWindow(400)
 */
export function hammingWindow(length: number, options?: WindowOptions): Tensor {
  return cosineWindow('hammingWindow', length, options, (p) => 0.54 - 0.46 * Math.cos(p));
}
