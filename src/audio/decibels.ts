/**
 * @file Power or amplitude spectrograms on the decibel scale (SPEC §11.4).
 */
import { ValueError } from '../errors.js';
import { Module } from '../nn/module.js';
import { checkOptions, type OptionKeys } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of `amplitudeToDb`. */
export interface AmplitudeToDbOptions {
  /** 'power' (10·log10, the default) or 'magnitude' (20·log10). */
  stype?: 'power' | 'magnitude';
  /** Values are clamped to at least this before the log (default 1e−10). */
  amin?: number;
  /** The value that maps to 0 dB (default 1). */
  ref?: number;
  /** Floor at this many dB below the maximum of each spectrogram (default null: no floor). */
  topDb?: number | null;
}

const dbKeys: OptionKeys<AmplitudeToDbOptions> = { stype: true, amin: true, ref: true, topDb: true };

function dbDefaults(op: string, options: AmplitudeToDbOptions | undefined): Required<AmplitudeToDbOptions> {
  const { stype = 'power', amin = 1e-10, ref = 1, topDb = null } = checkOptions(op, options, dbKeys);
  if (stype !== 'power' && stype !== 'magnitude') throw new ValueError(`${op}: stype must be 'power' or 'magnitude', got ${String(stype)}`);
  if (!(amin > 0)) throw new ValueError(`${op}: amin must be positive, got ${amin}`);
  if (topDb !== null && !(topDb >= 0)) throw new ValueError(`${op}: topDb must be non-negative or null, got ${topDb}`);
  return { stype, amin, ref, topDb };
}

/**
 * Decibels: m·log10(max(x, amin)) − m·log10(max(ref, amin)), m = 10 for power, 20 for magnitude;
 * with `topDb`, values below (maximum − topDb) are raised to it, the maximum taken per
 * spectrogram as torchaudio does (over the last three dims of a batch [B, C, F, T], the last
 * two of [F, T]).
 * PyTorch: `torchaudio.transforms.AmplitudeToDB(stype, top_db)` (`functional.amplitude_to_DB`).
 * @example audio.amplitudeToDb(audio.melSpectrogram(wave), { topDb: 80 })
 */
export function amplitudeToDb(x: Tensor, options?: AmplitudeToDbOptions): Tensor {
  const { stype, amin, ref, topDb } = dbDefaults('amplitudeToDb', options);
  const m = stype === 'power' ? 10 : 20;
  const db = x.clamp(amin).log().mul(m / Math.LN10).sub(m * Math.log10(Math.max(amin, ref)));
  if (topDb === null) return db;
  const shape = db.shape;
  const packed = db.reshape([-1, db.ndim > 2 ? shape[shape.length - 3]! : 1, shape[shape.length - 2]!, shape[shape.length - 1]!]);
  return packed.maximum(packed.amax([1, 2, 3], true).sub(topDb)).reshape(shape);
}

/**
 * `amplitudeToDb` as a module.
 * PyTorch: `torchaudio.transforms.AmplitudeToDB`.
 * @example new audio.AmplitudeToDB({ stype: 'power', topDb: 80 }).forward(mel)
 */
export class AmplitudeToDB extends Module {
  private readonly options: Required<AmplitudeToDbOptions>;

  constructor(options?: AmplitudeToDbOptions) {
    super();
    this.options = dbDefaults('AmplitudeToDB', options);
  }

  forward(x: Tensor): Tensor {
    return amplitudeToDb(x, this.options);
  }
}
