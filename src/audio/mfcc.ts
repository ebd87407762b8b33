/**
 * @file Mel-frequency cepstral coefficients: the DCT-II of the log-mel spectrogram.
 */
import { ValueError } from '../errors.js';
import { Module } from '../nn/module.js';
import { checkOptions, type OptionKeys } from '../options.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { amplitudeToDb } from './decibels.js';
import { MelSpectrogram, type MelSpectrogramOptions } from './mel.js';

/**
 * DCT-II matrix [nMels, nMfcc]: column k is cos(π/nMels·(n + ½)·k), scaled orthonormal
 * (√(2/nMels), the first column also by 1/√2) with norm 'ortho', else by 2.
 * PyTorch: `torchaudio.functional.create_dct(n_mfcc, n_mels, norm)`.
 * @example spectrum.transpose(-1, -2).matmul(audio.createDct(40, 128)) // [..., T, 40]
 */
export function createDct(nMfcc: number, nMels: number, norm: 'ortho' | null = 'ortho'): Tensor {
  if (!Number.isInteger(nMfcc) || !Number.isInteger(nMels) || nMfcc < 1 || nMels < 1) throw new ValueError(`createDct: nMfcc and nMels must be positive integers, got ${nMfcc}, ${nMels}`);
  const d = new Float32Array(nMels * nMfcc);
  for (let n = 0; n < nMels; n++) {
    for (let k = 0; k < nMfcc; k++) {
      const scale = norm === 'ortho' ? Math.sqrt(2 / nMels) * (k === 0 ? Math.SQRT1_2 : 1) : 2;
      d[n * nMfcc + k] = Math.cos((Math.PI / nMels) * (n + 0.5) * k) * scale;
    }
  }
  return tensor(d).reshape([nMels, nMfcc]);
}

/** Options of `MFCC` (torchaudio's names and defaults). */
export interface MfccOptions {
  /** Default 16,000 Hz. */
  sampleRate?: number;
  /** Coefficients kept (default 40, at most the mel count). */
  nMfcc?: number;
  /** 'ortho' (default) or null. */
  norm?: 'ortho' | null;
  /** ln(mel + 1e−6) instead of decibels with an 80 dB floor (default false). */
  logMels?: boolean;
  /** Options of the mel spectrogram (its sampleRate is `sampleRate`). */
  melOptions?: Omit<MelSpectrogramOptions, 'sampleRate'>;
}

const mfccKeys: OptionKeys<MfccOptions> = { sampleRate: true, nMfcc: true, norm: true, logMels: true, melOptions: true };

/**
 * MFCCs of `waveform` [..., L] → [..., nMfcc, T]: the mel spectrogram in decibels (80 dB floor) or
 * natural log, then the DCT over the mel axis. State-dict keys: `dct_mat` and `mel_spectrogram.…` (torchaudio's
 * submodule is `MelSpectrogram.…`).
 * PyTorch: `torchaudio.transforms.MFCC(sample_rate, n_mfcc, dct_type=2, norm, log_mels, melkwargs)`.
 * @example new audio.MFCC({ sampleRate: 16000, nMfcc: 13, melOptions: { nMels: 40, hopLength: 160 } }).forward(wave) // [13, 101]
 */
export class MFCC extends Module {
  readonly melSpectrogram: MelSpectrogram;
  declare dctMat: Tensor;
  private readonly logMels: boolean;

  constructor(options?: MfccOptions) {
    super();
    const { sampleRate = 16000, nMfcc = 40, norm = 'ortho', logMels = false, melOptions = {} } = checkOptions('MFCC', options, mfccKeys);
    this.melSpectrogram = new MelSpectrogram({ ...melOptions, sampleRate });
    const nMels = this.melSpectrogram.melScale.fb.shape[1]!;
    if (nMfcc > nMels) throw new ValueError(`MFCC: cannot keep ${nMfcc} coefficients of ${nMels} mel bands`);
    this.registerBuffer('dctMat', createDct(nMfcc, nMels, norm));
    this.logMels = logMels;
  }

  forward(waveform: Tensor): Tensor {
    const mel = this.melSpectrogram.forward(waveform);
    const logMel = this.logMels ? mel.add(1e-6).log() : amplitudeToDb(mel, { topDb: 80 });
    return logMel.transpose(-1, -2).matmul(this.dctMat.to(logMel.dtype)).transpose(-1, -2);
  }
}
