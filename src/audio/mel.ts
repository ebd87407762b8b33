/**
 * @file The mel scale, triangular mel filterbanks and mel spectrograms (SPEC §11.3).
 */
import { ValueError } from '../errors.js';
import { Module } from '../nn/module.js';
import { checkOptions, type OptionKeys } from '../options.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Spectrogram, spectrogram, spectrogramDefaults, spectrogramKeys, type SpectrogramOptions } from './spectrogram.js';

/** 'htk' (2595·log10(1 + f/700), torchaudio's default) or 'slaney' (linear below 1 kHz, logarithmic above; librosa's default). */
export type MelScaleKind = 'htk' | 'slaney';

const SLANEY_STEP = 200 / 3; // Hz per mel below 1 kHz
const SLANEY_LOG_STEP = Math.log(6.4) / 27;

/**
 * Hertz to mels.
 * PyTorch: `torchaudio.functional.functional._hz_to_mel` (librosa `hz_to_mel(f, htk=…)`).
 * @example audio.hzToMel(1000) // 999.9855 (HTK); audio.hzToMel(1000, 'slaney') // 15
 */
export function hzToMel(hz: number, scale: MelScaleKind = 'htk'): number {
  if (scale === 'htk') return 2595 * Math.log10(1 + hz / 700);
  return hz < 1000 ? hz / SLANEY_STEP : 1000 / SLANEY_STEP + Math.log(hz / 1000) / SLANEY_LOG_STEP;
}

/**
 * Mels to hertz, the inverse of `hzToMel`.
 * PyTorch: `torchaudio.functional.functional._mel_to_hz`.
 * @example audio.melToHz(15, 'slaney') // 1000
 */
export function melToHz(mel: number, scale: MelScaleKind = 'htk'): number {
  if (scale === 'htk') return 700 * (10 ** (mel / 2595) - 1);
  const kneeMel = 1000 / SLANEY_STEP;
  return mel < kneeMel ? mel * SLANEY_STEP : 1000 * Math.exp(SLANEY_LOG_STEP * (mel - kneeMel));
}

/** Options of `melFilterbank`. */
export interface MelFilterbankOptions {
  /** Lowest frequency, Hz (default 0). */
  fMin?: number;
  /** Highest frequency, Hz (default sampleRate/2). */
  fMax?: number;
  /** 'slaney' scales each triangle to unit area (2/(h_{m+2} − h_m)); null (default) leaves peaks at 1. */
  norm?: 'slaney' | null;
  melScale?: MelScaleKind;
}

const filterbankKeys: OptionKeys<MelFilterbankOptions> = { fMin: true, fMax: true, norm: true, melScale: true };

/**
 * Triangular mel filters [nFreqs, nMels]: nMels + 2 points equally spaced in mels between fMin
 * and fMax, filter m rising from point m to m + 1 and falling to m + 2, evaluated at the nFreqs
 * STFT bin frequencies 0 … sampleRate/2.
 * PyTorch: `torchaudio.functional.melscale_fbanks(n_freqs, f_min, f_max, n_mels, sample_rate, norm, mel_scale)`.
 * @example audio.melFilterbank(201, 16000, 80) // [201, 80]; spec [201, T] → fb.T · spec = [80, T]
 */
export function melFilterbank(nFreqs: number, sampleRate: number, nMels: number, options?: MelFilterbankOptions): Tensor {
  const o = checkOptions('melFilterbank', options, filterbankKeys);
  const { fMin = 0, fMax = Math.floor(sampleRate / 2), norm = null, melScale = 'htk' } = o;
  for (const [name, v] of [['nFreqs', nFreqs], ['nMels', nMels]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ValueError(`melFilterbank: ${name} must be a positive integer, got ${v}`);
  }
  if (!(sampleRate > 0)) throw new ValueError(`melFilterbank: sampleRate must be positive, got ${sampleRate}`);
  if (!(fMin >= 0 && fMin < fMax)) throw new ValueError(`melFilterbank: expected 0 <= fMin < fMax, got fMin ${fMin}, fMax ${fMax}`);
  if (melScale !== 'htk' && melScale !== 'slaney') throw new ValueError(`melFilterbank: melScale must be 'htk' or 'slaney', got ${String(melScale)}`);
  // As torchaudio: bin frequencies span 0 … ⌊sampleRate/2⌋.
  const binHz = Array.from({ length: nFreqs }, (_, k) => (nFreqs === 1 ? 0 : (k * Math.floor(sampleRate / 2)) / (nFreqs - 1)));
  const [mMin, mMax] = [hzToMel(fMin, melScale), hzToMel(fMax, melScale)];
  const points = Array.from({ length: nMels + 2 }, (_, i) => melToHz(mMin + ((mMax - mMin) * i) / (nMels + 1), melScale));
  const fb = new Float32Array(nFreqs * nMels);
  for (let m = 0; m < nMels; m++) {
    const [lo, mid, hi] = [points[m]!, points[m + 1]!, points[m + 2]!];
    const area = norm === 'slaney' ? 2 / (hi - lo) : 1;
    for (let k = 0; k < nFreqs; k++) {
      const f = binHz[k]!;
      fb[k * nMels + m] = Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid))) * area;
    }
  }
  return tensor(fb).reshape([nFreqs, nMels]);
}

/** Options of `melSpectrogram`: the spectrogram's, the filterbank's, and the sample rate and mel count. */
export interface MelSpectrogramOptions extends SpectrogramOptions, MelFilterbankOptions {
  /** Default 16,000 Hz. */
  sampleRate?: number;
  /** Default 128. */
  nMels?: number;
}

const melSpectrogramKeys: OptionKeys<MelSpectrogramOptions> = { ...spectrogramKeys, sampleRate: true, nMels: true, ...filterbankKeys };

function splitOptions(op: string, options: MelSpectrogramOptions | undefined): { spec: SpectrogramOptions; sampleRate: number; nMels: number; fb: MelFilterbankOptions } {
  const { sampleRate = 16000, nMels = 128, fMin, fMax, norm, melScale, ...spec } = checkOptions(op, options, melSpectrogramKeys);
  return { spec: spectrogramDefaults(op, spec), sampleRate, nMels, fb: { fMin, fMax, norm, melScale } };
}

/**
 * Mel spectrogram of `waveform` [..., L] → [..., nMels, T]: the power spectrogram through a mel
 * filterbank. Defaults as torchaudio: 16 kHz, nFft 400, hop 200, 128 HTK mels, no norm, power 2.
 * PyTorch: `torchaudio.transforms.MelSpectrogram(sample_rate, n_fft, …)(waveform)`.
 * @example audio.melSpectrogram(wave, { sampleRate: 16000, nFft: 400, hopLength: 160, nMels: 64 }) // [64, 101]
 */
export function melSpectrogram(waveform: Tensor, options?: MelSpectrogramOptions): Tensor {
  const { spec, sampleRate, nMels, fb } = splitOptions('melSpectrogram', options);
  return applyFilterbank(spectrogram(waveform, spec), melFilterbank(Math.floor(spec.nFft! / 2) + 1, sampleRate, nMels, fb));
}

/** `fb` [F, M] applied to `spec` [..., F, T] → [..., M, T], as fbᵀ·spec (no transposed copies of the spectrogram). */
function applyFilterbank(spec: Tensor, fb: Tensor): Tensor {
  return fb.to(spec.dtype).transpose(0, 1).matmul(spec);
}

/**
 * The mel spectrogram as a module; its window (`spectrogram.window`) and filterbank
 * (`mel_scale.fb`) are buffers, as torchaudio's state-dict keys.
 * PyTorch: `torchaudio.transforms.MelSpectrogram`.
 * @example const mel = new audio.MelSpectrogram({ sampleRate: 16000, nMels: 64, hopLength: 160 }); mel.forward(wave)
 */
export class MelSpectrogram extends Module {
  readonly spectrogram: Spectrogram;
  readonly melScale: MelScale;

  constructor(options?: MelSpectrogramOptions) {
    super();
    const { spec, sampleRate, nMels, fb } = splitOptions('MelSpectrogram', options);
    this.spectrogram = new Spectrogram(spec);
    this.melScale = new MelScale(melFilterbank(Math.floor(spec.nFft! / 2) + 1, sampleRate, nMels, fb));
  }

  forward(waveform: Tensor): Tensor {
    return this.melScale.forward(this.spectrogram.forward(waveform));
  }
}

/**
 * A fixed mel filterbank [F, M] applied to spectrograms [..., F, T] → [..., M, T].
 * PyTorch: `torchaudio.transforms.MelScale` (built from its options there; here from the filterbank).
 * @example new audio.MelScale(audio.melFilterbank(201, 16000, 80)).forward(spec)
 */
export class MelScale extends Module {
  declare fb: Tensor;

  constructor(fb: Tensor) {
    super();
    if (fb.ndim !== 2) throw new ValueError(`MelScale: expected a filterbank [nFreqs, nMels], got ${fb.ndim} dims`);
    this.registerBuffer('fb', fb);
  }

  forward(spec: Tensor): Tensor {
    return applyFilterbank(spec, this.fb);
  }
}
