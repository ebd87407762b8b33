/**
 * @file Spectrograms: the magnitude (or power) of a windowed STFT, as torchaudio computes them.
 */
import { ValueError } from '../errors.js';
import { Module } from '../nn/module.js';
import { pad } from '../ops/shape.js';
import { checkOptions, type OptionKeys } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';
import { complexAbs, powerStft, stft } from './stft.js';
import { hannWindow } from './windows.js';

/** Options of `spectrogram` (torchaudio's names and defaults). */
export interface SpectrogramOptions {
  /** FFT size (default 400); the spectrogram has nFft/2 + 1 frequencies. */
  nFft?: number;
  /** Window length (default nFft). */
  winLength?: number;
  /** Samples between frames (default ⌊winLength/2⌋). */
  hopLength?: number;
  /** Zeros added on both sides of the signal first (default 0). */
  pad?: number;
  /** Window of winLength samples (default a periodic Hann window). */
  window?: Tensor;
  /** Exponent of the magnitude (default 2: power); null keeps the complex STFT [..., F, T, 2]. */
  power?: number | null;
  /** Divide by the window's L2 norm √Σw² (default false). */
  normalized?: boolean;
  center?: boolean;
  padMode?: 'reflect' | 'constant' | 'replicate' | 'circular';
  onesided?: boolean;
}

export const spectrogramKeys: OptionKeys<SpectrogramOptions> = {
  nFft: true, winLength: true, hopLength: true, pad: true, window: true, power: true, normalized: true, center: true, padMode: true, onesided: true,
};

/** The options with torchaudio's defaults filled in (window made when none is given). */
export function spectrogramDefaults(op: string, options: SpectrogramOptions | undefined): Required<Omit<SpectrogramOptions, 'power'>> & { power: number | null } {
  const o = checkOptions(op, options, spectrogramKeys);
  const nFft = o.nFft ?? 400;
  const winLength = o.winLength ?? nFft;
  const power = o.power === undefined ? 2 : o.power;
  if (power !== null && !(power > 0)) throw new ValueError(`${op}: power must be positive or null, got ${power}`);
  return {
    nFft, winLength, hopLength: o.hopLength ?? Math.floor(winLength / 2), pad: o.pad ?? 0, window: o.window ?? hannWindow(winLength), power,
    normalized: o.normalized ?? false, center: o.center ?? true, padMode: o.padMode ?? 'reflect', onesided: o.onesided ?? true,
  };
}

/**
 * Spectrogram of `waveform` [..., L] → [..., F, T] (|STFT|^power), or the complex STFT [..., F, T, 2]
 * with `power: null`. Defaults as torchaudio: nFft 400, Hann window, hop winLength/2, power 2.
 * PyTorch: `torchaudio.functional.spectrogram` / `torchaudio.transforms.Spectrogram`.
 * @example audio.spectrogram(wave, { nFft: 512, hopLength: 128 }) // [257, T]
 */
export function spectrogram(waveform: Tensor, options?: SpectrogramOptions): Tensor {
  const o = spectrogramDefaults('spectrogram', options);
  const x = o.pad > 0 ? pad(waveform, [o.pad, o.pad]) : waveform;
  const stftOptions = { hopLength: o.hopLength, winLength: o.winLength, window: o.window, center: o.center, padMode: o.padMode, onesided: o.onesided };
  const windowEnergy = (): Tensor => o.window.to(x.dtype === 'float64' ? 'float64' : 'float32').square().sum();
  if (o.power === 2) {
    const p = powerStft(x, o.nFft, stftOptions);
    return o.normalized ? p.div(windowEnergy()) : p;
  }
  let z = stft(x, o.nFft, stftOptions);
  if (o.normalized) z = z.div(windowEnergy().sqrt());
  if (o.power === null) return z;
  return o.power === 1 ? complexAbs(z) : complexAbs(z).pow(o.power);
}

/**
 * The `spectrogram` function as a module; its window is a buffer.
 * PyTorch: `torchaudio.transforms.Spectrogram`.
 * @example const spec = new audio.Spectrogram({ nFft: 512 }); spec.forward(wave) // [257, T]
 */
export class Spectrogram extends Module {
  declare window: Tensor;
  private readonly options: ReturnType<typeof spectrogramDefaults>;

  constructor(options?: SpectrogramOptions) {
    super();
    this.options = spectrogramDefaults('Spectrogram', options);
    this.registerBuffer('window', this.options.window);
  }

  forward(waveform: Tensor): Tensor {
    return spectrogram(waveform, { ...this.options, window: this.window });
  }
}
