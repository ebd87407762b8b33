/**
 * @file Band-limited resampling by windowed-sinc interpolation, as torchaudio's default.
 */
import { DTypeError, ValueError } from '../errors.js';
import { Module } from '../nn/module.js';
import { conv1d } from '../ops/conv.js';
import { pad } from '../ops/shape.js';
import { checkOptions, type OptionKeys } from '../options.js';
import { tensor } from '../tensor/creation.js';
import { isFloating } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of `resample`. */
export interface ResampleOptions {
  /** Zero crossings of the sinc kept on each side (default 6). */
  lowpassFilterWidth?: number;
  /** Cut-off as a fraction of the lower Nyquist frequency (default 0.99). */
  rolloff?: number;
}

const resampleKeys: OptionKeys<ResampleOptions> = { lowpassFilterWidth: true, rolloff: true };

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The reduced rates and the filter bank [newRate, 1, 2·width + origRate] with its half-width. */
function sincKernel(orig: number, next: number, width: number, rolloff: number): { kernel: Float64Array; halfWidth: number; size: number } {
  const base = Math.min(orig, next) * rolloff;
  const halfWidth = Math.ceil((width * orig) / base);
  const size = 2 * halfWidth + orig;
  const kernel = new Float64Array(next * size);
  for (let j = 0; j < next; j++) {
    for (let i = 0; i < size; i++) {
      const t = Math.min(width, Math.max(-width, (-j / next + (i - halfWidth) / orig) * base));
      const window = Math.cos((t * Math.PI) / width / 2) ** 2;
      kernel[j * size + i] = (t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t)) * window * (base / orig);
    }
  }
  return { kernel, halfWidth, size };
}

/**
 * `waveform` [..., L] from `origFreq` to `newFreq` Hz → [..., ⌈L·new/orig⌉]: each output sample is
 * the input convolved with a Hann-windowed sinc low-passed at rolloff × the lower Nyquist rate
 * (the rates reduced by their gcd, one filter per output phase, a strided conv1d). Differentiable.
 * PyTorch: `torchaudio.functional.resample(waveform, orig_freq, new_freq)` (sinc_interpolation).
 * @example audio.resample(wave22k, 22050, 16000) // 22,050 samples → 16,000
 */
export function resample(waveform: Tensor, origFreq: number, newFreq: number, options?: ResampleOptions): Tensor {
  const { lowpassFilterWidth = 6, rolloff = 0.99 } = checkOptions('resample', options, resampleKeys);
  if (!Number.isInteger(origFreq) || !Number.isInteger(newFreq) || origFreq < 1 || newFreq < 1) throw new ValueError(`resample: rates must be positive integers, got ${origFreq} and ${newFreq}`);
  if (!(lowpassFilterWidth > 0)) throw new ValueError(`resample: lowpassFilterWidth must be positive, got ${lowpassFilterWidth}`);
  if (!(rolloff > 0 && rolloff <= 1)) throw new ValueError(`resample: rolloff must be in (0, 1], got ${rolloff}`);
  if (!isFloating(waveform.dtype)) throw new DTypeError(`resample: expected a floating-point waveform, got ${waveform.dtype}`);
  if (origFreq === newFreq) return waveform;
  const g = gcd(origFreq, newFreq);
  const [orig, next] = [origFreq / g, newFreq / g];
  const { kernel, halfWidth, size } = sincKernel(orig, next, lowpassFilterWidth, rolloff);
  const length = waveform.shape[waveform.ndim - 1]!;
  const dtype = waveform.dtype === 'float64' ? 'float64' : 'float32';
  const weight = tensor(dtype === 'float64' ? kernel : Float32Array.from(kernel), { dtype }).reshape([next, 1, size]);
  const padded = pad(waveform.reshape([-1, 1, length]), [halfWidth, halfWidth + orig]);
  const phases = conv1d(padded, weight, null, { stride: orig }); // [B, next, frames]: output j·next + phase
  const out = phases.transpose(1, 2).reshape([phases.shape[0]!, -1]);
  const target = Math.ceil((next * length) / orig);
  return out.narrow(1, 0, target).reshape([...waveform.shape.slice(0, -1), target]);
}

/**
 * `resample` between fixed rates as a module.
 * PyTorch: `torchaudio.transforms.Resample(orig_freq, new_freq)`.
 * @example new audio.Resample(22050, 16000).forward(wave)
 */
export class Resample extends Module {
  private readonly options: ResampleOptions;

  constructor(readonly origFreq: number, readonly newFreq: number, options?: ResampleOptions) {
    super();
    this.options = checkOptions('Resample', options, resampleKeys);
  }

  forward(waveform: Tensor): Tensor {
    return resample(waveform, this.origFreq, this.newFreq, this.options);
  }
}
