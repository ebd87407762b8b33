/**
 * @file WAV (RIFF/WAVE) encoding and decoding of bytes, browser-safe. The decoder treats its
 * input as untrusted: every length is checked against the buffer and a size limit, and anything
 * malformed throws a FormatError naming what was wrong.
 */
import { FormatError, ShapeError, ValueError } from '../errors.js';
import { checkOptions, type OptionKeys } from '../options.js';
import { tensor } from '../tensor/creation.js';
import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** Sample encodings (torchaudio's names): signed integer PCM, unsigned 8-bit PCM, IEEE float. */
export type WavEncoding = 'PCM_S' | 'PCM_U' | 'PCM_F';

/** A decoded WAV file. */
export interface DecodedWav {
  /** Samples in [−1, 1) as float32 [channels, frames] (integers divided by 2^(bits−1), as torchaudio's `normalize`). */
  waveform: Tensor;
  sampleRate: number;
  encoding: WavEncoding;
  bitsPerSample: number;
}

/** Options of `decodeWav`. */
export interface DecodeWavOptions {
  /** Refuse files holding more samples than this (all channels; default 2^27, 512 MB as float32). */
  maxSamples?: number;
}

/** Options of `encodeWav`. */
export interface EncodeWavOptions {
  /** Default 'PCM_S' (or 'PCM_U' at 8 bits). */
  encoding?: WavEncoding;
  /** 8 (PCM_U), 16 (default), 24 or 32 (PCM_S), 32 or 64 (PCM_F). */
  bitsPerSample?: number;
}

const decodeKeys: OptionKeys<DecodeWavOptions> = { maxSamples: true };
const encodeKeys: OptionKeys<EncodeWavOptions> = { encoding: true, bitsPerSample: true };

const [FORMAT_PCM, FORMAT_FLOAT, FORMAT_EXTENSIBLE] = [1, 3, 0xfffe];
const MAX_CHANNELS = 256;

function fourCC(view: DataView, at: number): string {
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

function encodingOf(format: number, bits: number): WavEncoding {
  if (format === FORMAT_FLOAT && (bits === 32 || bits === 64)) return 'PCM_F';
  if (format === FORMAT_PCM && bits === 8) return 'PCM_U';
  if (format === FORMAT_PCM && (bits === 16 || bits === 24 || bits === 32)) return 'PCM_S';
  throw new FormatError(`decodeWav: unsupported sample format ${format === FORMAT_PCM ? 'PCM' : format === FORMAT_FLOAT ? 'float' : `code ${format}`} with ${bits} bits (PCM 8/16/24/32 and float 32/64 are read)`);
}

/** Reads sample `i` (of any channel) as a float: integers scaled by 2^(bits−1), 8-bit offset by 128. */
function sampleReader(view: DataView, start: number, encoding: WavEncoding, bits: number): (i: number) => number {
  const bytes = bits / 8;
  if (encoding === 'PCM_F') return bits === 32 ? (i) => view.getFloat32(start + i * 4, true) : (i) => view.getFloat64(start + i * 8, true);
  if (encoding === 'PCM_U') return (i) => (view.getUint8(start + i) - 128) / 128;
  if (bits === 16) return (i) => view.getInt16(start + i * 2, true) / 32768;
  if (bits === 32) return (i) => view.getInt32(start + i * 4, true) / 2147483648;
  return (i) => {
    const at = start + i * bytes;
    return ((view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608);
  };
}

/**
 * Decodes a WAV file's bytes: PCM 8/16/24/32-bit or float 32/64, any channel count (up to 256)
 * and sample rate, plain or WAVE_FORMAT_EXTENSIBLE headers; unknown chunks are skipped.
 * PyTorch: `torchaudio.load(path)` (normalize=True, channels_first=True).
 * @example const { waveform, sampleRate } = audio.decodeWav(bytes) // waveform [channels, frames]
 */
export function decodeWav(bytes: Uint8Array, options?: DecodeWavOptions): DecodedWav {
  const { maxSamples = 2 ** 27 } = checkOptions('decodeWav', options, decodeKeys);
  if (!(bytes instanceof Uint8Array)) throw new ValueError('decodeWav: expected the file as a Uint8Array');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || fourCC(view, 0) !== 'RIFF' || fourCC(view, 8) !== 'WAVE') throw new FormatError('decodeWav: not a WAV file (expected a RIFF header with the WAVE form type)');
  let format: { code: number; channels: number; sampleRate: number; blockAlign: number; bits: number } | null = null;
  let data: { start: number; length: number } | null = null;
  for (let at = 12; at + 8 <= bytes.length && !data;) {
    const id = fourCC(view, at);
    const size = view.getUint32(at + 4, true);
    const start = at + 8;
    if (size > bytes.length - start) throw new FormatError(`decodeWav: chunk '${id}' at byte ${at} claims ${size} bytes, but only ${bytes.length - start} follow (truncated or corrupt file)`);
    if (id === 'fmt ') {
      if (size < 16) throw new FormatError(`decodeWav: the 'fmt ' chunk has ${size} bytes, expected at least 16`);
      let code = view.getUint16(start, true);
      if (code === FORMAT_EXTENSIBLE) {
        if (size < 40) throw new FormatError(`decodeWav: an extensible 'fmt ' chunk needs 40 bytes, got ${size}`);
        code = view.getUint16(start + 24, true); // the sub-format GUID begins with the format code
      }
      format = { code, channels: view.getUint16(start + 2, true), sampleRate: view.getUint32(start + 4, true), blockAlign: view.getUint16(start + 12, true), bits: view.getUint16(start + 14, true) };
    } else if (id === 'data') {
      data = { start, length: size };
    }
    at = start + size + (size % 2); // chunks are padded to an even length
  }
  if (!format) throw new FormatError("decodeWav: no 'fmt ' chunk before the samples");
  if (!data) throw new FormatError("decodeWav: no 'data' chunk");
  const { channels, sampleRate, blockAlign, bits } = format;
  const encoding = encodingOf(format.code, bits);
  if (channels < 1 || channels > MAX_CHANNELS) throw new FormatError(`decodeWav: ${channels} channels (expected 1 to ${MAX_CHANNELS})`);
  if (sampleRate < 1) throw new FormatError('decodeWav: the sample rate is 0');
  if (blockAlign !== (channels * bits) / 8) throw new FormatError(`decodeWav: block align ${blockAlign} does not match ${channels} channels of ${bits} bits`);
  if (data.length % blockAlign !== 0) throw new FormatError(`decodeWav: the data chunk (${data.length} bytes) is not a whole number of ${blockAlign}-byte frames`);
  const frames = data.length / blockAlign;
  if (frames * channels > maxSamples) throw new FormatError(`decodeWav: ${frames * channels} samples exceed maxSamples (${maxSamples})`);
  const read = sampleReader(view, data.start, encoding, bits);
  const out = new Float32Array(frames * channels);
  for (let c = 0; c < channels; c++) for (let t = 0; t < frames; t++) out[c * frames + t] = read(t * channels + c);
  return { waveform: tensor(out).reshape([channels, frames]), sampleRate, encoding, bitsPerSample: bits };
}

/**
 * Encodes a waveform [channels, frames] (or [frames], mono) with samples in [−1, 1] as a WAV
 * file: integers are round(x·2^(bits−1)) clipped to their range, 8-bit offset by 128.
 * PyTorch: `torchaudio.save(path, waveform, sample_rate, encoding, bits_per_sample)`.
 * @example io.writeFileAtomic('a.wav', audio.encodeWav(wave, 16000))
 */
export function encodeWav(waveform: Tensor, sampleRate: number, options?: EncodeWavOptions): Uint8Array {
  const o = checkOptions('encodeWav', options, encodeKeys);
  const bits = o.bitsPerSample ?? 16;
  const encoding = o.encoding ?? (bits === 8 ? 'PCM_U' : 'PCM_S');
  const valid = { PCM_S: [16, 24, 32], PCM_U: [8], PCM_F: [32, 64] }[encoding];
  if (!valid) throw new ValueError(`encodeWav: encoding must be 'PCM_S', 'PCM_U' or 'PCM_F', got ${String(encoding)}`);
  if (!valid.includes(bits)) throw new ValueError(`encodeWav: ${encoding} takes ${valid.join(' or ')} bits per sample, got ${bits}`);
  if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate >= 2 ** 32) throw new ValueError(`encodeWav: sampleRate must be a positive integer, got ${sampleRate}`);
  if (waveform.ndim !== 1 && waveform.ndim !== 2) throw new ShapeError(`encodeWav: expected a waveform [channels, frames] or [frames], got ${shapeStr(waveform.shape)}`);
  const [channels, frames] = waveform.ndim === 1 ? [1, waveform.shape[0]!] : [waveform.shape[0]!, waveform.shape[1]!];
  if (channels < 1 || channels > MAX_CHANNELS) throw new ShapeError(`encodeWav: expected 1 to ${MAX_CHANNELS} channels, got ${channels}`);
  const samples = waveform.to('float64').contiguous().dataSync();
  const bytes = bits / 8;
  const dataLength = frames * channels * bytes;
  if (dataLength + 44 >= 2 ** 32) throw new ValueError(`encodeWav: ${dataLength} bytes of samples do not fit a WAV file (4 GiB)`);
  const out = new Uint8Array(44 + dataLength + (dataLength % 2));
  const view = new DataView(out.buffer);
  const ascii = (at: number, s: string): void => { for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i); };
  ascii(0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, encoding === 'PCM_F' ? FORMAT_FLOAT : FORMAT_PCM, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * bytes, true);
  view.setUint16(32, channels * bytes, true);
  view.setUint16(34, bits, true);
  ascii(36, 'data');
  view.setUint32(40, dataLength, true);
  const scale = 2 ** (bits - 1);
  const integer = (x: number): number => Math.max(-scale, Math.min(scale - 1, Math.round(x * scale)));
  for (let t = 0; t < frames; t++) {
    for (let c = 0; c < channels; c++) {
      const x = samples[c * frames + t]!;
      const at = 44 + (t * channels + c) * bytes;
      if (encoding === 'PCM_F') {
        if (bits === 32) view.setFloat32(at, x, true);
        else view.setFloat64(at, x, true);
      } else if (bits === 8) view.setUint8(at, integer(x) + 128);
      else if (bits === 16) view.setInt16(at, integer(x), true);
      else if (bits === 32) view.setInt32(at, integer(x), true);
      else {
        const v = integer(x);
        view.setUint8(at, v & 0xff);
        view.setUint8(at + 1, (v >> 8) & 0xff);
        view.setInt8(at + 2, v >> 16);
      }
    }
  }
  return out;
}
