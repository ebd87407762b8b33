/**
 * @file Griffin–Lim phase reconstruction with the fast (momentum) update (SPEC §11.5).
 */
import { ShapeError, ValueError } from '../errors.js';
import { Module } from '../nn/module.js';
import { cat } from '../ops/shape.js';
import { checkOptions, type OptionKeys } from '../options.js';
import { rand } from '../tensor/creation.js';
import type { Generator } from '../tensor/random.js';
import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { complexAbs, istft, stft } from './stft.js';
import { hannWindow } from './windows.js';

/** Options of `griffinLim` (torchaudio's names and defaults). */
export interface GriffinLimOptions {
  /** FFT size of the spectrogram (default 400; it has nFft/2 + 1 frequencies). */
  nFft?: number;
  winLength?: number;
  /** Default ⌊winLength/2⌋. */
  hopLength?: number;
  /** Default a periodic Hann window of winLength. */
  window?: Tensor;
  /** The input is |X|^power (default 2, a power spectrogram). */
  power?: number;
  /** Iterations (default 32). */
  nIter?: number;
  /** α of the fast Griffin–Lim update, in [0, 1) (default 0.99; 0 is the classic algorithm). */
  momentum?: number;
  /** Output length in samples (default what the frames cover). */
  length?: number;
  /** Start from random phases (default true) or from zero phase. */
  randInit?: boolean;
  generator?: Generator;
}

const griffinLimKeys: OptionKeys<GriffinLimOptions> = {
  nFft: true, winLength: true, hopLength: true, window: true, power: true, nIter: true, momentum: true, length: true, randInit: true, generator: true,
};

/** The complex values z [..., 2] scaled to unit modulus (1e−16 keeps zeros finite). */
function unitPhase(z: Tensor): Tensor {
  return z.div(complexAbs(z).unsqueeze(-1).add(1e-16));
}

/**
 * A waveform [..., L] whose STFT magnitude approximates `specgram` [..., F, T] (|X|^power):
 * alternately impose the magnitude and project onto consistent spectrograms, each new phase
 * extrapolated by momentum/(1 + momentum) from the last (Perraudin et al.'s fast variant). Random
 * initial phases are unit phasors e^{2πiU} (torchaudio draws real and imaginary parts uniformly).
 * PyTorch: `torchaudio.transforms.GriffinLim(n_fft, n_iter, win_length, hop_length, power, momentum, length, rand_init)`.
 * @example audio.griffinLim(audio.spectrogram(wave, { nFft: 512 }), { nFft: 512, nIter: 32 })
 */
export function griffinLim(specgram: Tensor, options?: GriffinLimOptions): Tensor {
  const o = checkOptions('griffinLim', options, griffinLimKeys);
  const { nFft = 400, power = 2, nIter = 32, momentum = 0.99, randInit = true } = o;
  const winLength = o.winLength ?? nFft;
  const hopLength = o.hopLength ?? Math.floor(winLength / 2);
  const window = o.window ?? hannWindow(winLength);
  if (!(momentum >= 0 && momentum < 1)) throw new ValueError(`griffinLim: momentum must be in [0, 1), got ${momentum}`);
  if (!Number.isInteger(nIter) || nIter < 0) throw new ValueError(`griffinLim: nIter must be a non-negative integer, got ${nIter}`);
  if (specgram.ndim < 2 || specgram.shape[specgram.ndim - 2] !== Math.floor(nFft / 2) + 1) {
    throw new ShapeError(`griffinLim: expected a spectrogram [..., nFft/2 + 1 = ${Math.floor(nFft / 2) + 1}, T], got ${shapeStr(specgram.shape)}`);
  }
  const magnitude = specgram.pow(1 / power).unsqueeze(-1);
  const frames = { hopLength, winLength, window, length: o.length };
  let angles: Tensor;
  if (randInit) {
    const phase = rand([...specgram.shape, 1], { generator: o.generator, dtype: specgram.dtype }).mul(2 * Math.PI);
    angles = cat([phase.cos(), phase.sin()], -1);
  } else {
    angles = cat([magnitude.onesLike(), magnitude.zerosLike()], -1);
  }
  const alpha = momentum / (1 + momentum);
  let previous: Tensor | null = null;
  for (let i = 0; i < nIter; i++) {
    const rebuilt = stft(istft(magnitude.mul(angles), nFft, frames), nFft, { hopLength, winLength, window });
    angles = unitPhase(previous && alpha ? rebuilt.sub(previous.mul(alpha)) : rebuilt);
    previous = rebuilt;
  }
  return istft(magnitude.mul(angles), nFft, frames);
}

/**
 * `griffinLim` as a module (its window a buffer).
 * PyTorch: `torchaudio.transforms.GriffinLim`.
 * @example new audio.GriffinLim({ nFft: 1024, hopLength: 256, power: 1 }).forward(magnitude)
 */
export class GriffinLim extends Module {
  declare window: Tensor;
  private readonly options: GriffinLimOptions;

  constructor(options?: GriffinLimOptions) {
    super();
    this.options = checkOptions('GriffinLim', options, griffinLimKeys);
    this.registerBuffer('window', this.options.window ?? hannWindow(this.options.winLength ?? this.options.nFft ?? 400));
  }

  forward(specgram: Tensor): Tensor {
    return griffinLim(specgram, { ...this.options, window: this.window });
  }
}
