/**
 * `audio`: waveforms and spectrograms (browser-safe): μ-law, windows, STFT/iSTFT, spectrograms,
 * mel filterbanks, decibels, MFCC, Griffin–Lim, resampling, WAV bytes.
 * @example import { audio } from 'shinsou'; const mel = audio.melSpectrogram(wave, { sampleRate: 16000, nMels: 64 });
 * @packageDocumentation
 */
export { muLawEncoding, muLawDecoding } from './mu_law.js';
export { hannWindow, hammingWindow, type WindowOptions } from './windows.js';
export { stft, istft, powerStft, complexAbs, type StftOptions } from './stft.js';
export { spectrogram, Spectrogram, type SpectrogramOptions } from './spectrogram.js';
export { hzToMel, melToHz, melFilterbank, melSpectrogram, MelSpectrogram, MelScale, type MelScaleKind, type MelFilterbankOptions, type MelSpectrogramOptions } from './mel.js';
export { amplitudeToDb, AmplitudeToDB, type AmplitudeToDbOptions } from './decibels.js';
export { createDct, MFCC, type MfccOptions } from './mfcc.js';
export { griffinLim, GriffinLim, type GriffinLimOptions } from './griffin_lim.js';
export { resample, Resample, type ResampleOptions } from './resample.js';
export { phaseShift, PhaseShuffle } from './phase_shuffle.js';
export { inceptionScore, type InceptionScore } from './inception_score.js';
export { decodeWav, encodeWav, type DecodedWav, type DecodeWavOptions, type EncodeWavOptions, type WavEncoding } from './wav.js';
