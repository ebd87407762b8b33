/**
 * @file Segment sampling (TSN, ECO): a clip's frames are split into N equal segments and one frame
 * is taken from each — a random one while training, the middle one in evaluation — so N frames
 * cover the whole clip however long it is.
 */
import { ShapeError, ValueError } from '../errors.js';
import { checkOptions, type OptionKeys } from '../options.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';

const segmentKeys: OptionKeys<SegmentOptions> = { training: true, generator: true };

/** Options of `sampleSegments` (PyTorch's keyword arguments, where it has them). */
export interface SegmentOptions {
  /** A random frame per segment (true) or each segment's middle frame (default false). */
  training?: boolean;
  /** The random source while training (default: the global generator). */
  generator?: Generator;
}

/**
 * The frame index of each of `segments` equal segments of `frames` frames. A clip shorter than
 * `segments` repeats frames (segment k takes frame ⌊k·frames/segments⌋).
 * Reference: TSN's `_sample_indices` / `_get_val_indices`, as ECO's data loader uses them.
 * @example segmentIndices(16, 8) // [1, 3, 5, 7, 9, 11, 13, 15]
 */
export function segmentIndices(frames: number, segments: number, options?: SegmentOptions): number[] {
  const { training = false, generator = defaultGenerator } = checkOptions('segmentIndices', options, segmentKeys);
  if (!Number.isInteger(frames) || frames < 1) throw new ValueError(`segmentIndices: frames must be a positive integer, got ${frames}`);
  if (!Number.isInteger(segments) || segments < 1) throw new ValueError(`segmentIndices: segments must be a positive integer, got ${segments}`);
  return Array.from({ length: segments }, (_, k) => {
    if (frames < segments) return Math.floor((k * frames) / segments);
    const [start, end] = [Math.floor((k * frames) / segments), Math.floor(((k + 1) * frames) / segments)];
    return training ? generator.integer(start, end) : start + Math.floor((end - start) / 2);
  });
}

/**
 * Frames of each clip of `clips` [B, T, ...] by its own list of frame indices (equal lengths K) → [B, K, ...].
 * PyTorch: `torch.gather(clips, 1, index)` with the index broadcast over the frame dims.
 * @example pickFrames(clips, [[0, 2], [1, 3]]) // clip 0's frames 0 and 2, clip 1's frames 1 and 3
 */
export function pickFrames(clips: Tensor, frames: readonly (readonly number[])[]): Tensor {
  if (clips.ndim < 2) throw new ShapeError(`pickFrames: expected clips [B, T, ...], got [${clips.shape.join(', ')}]`);
  const [b, t] = clips.shape as [number, number];
  const k = frames[0]?.length ?? 0;
  if (frames.length !== b || frames.some((f) => f.length !== k || f.some((i) => !Number.isInteger(i) || i < 0 || i >= t))) {
    throw new ValueError(`pickFrames: expected ${b} lists of equal length of frame indices in [0, ${t})`);
  }
  const rows = Int32Array.from(frames.flatMap((f, i) => f.map((index) => i * t + index)));
  const rest = clips.shape.slice(2);
  return clips.reshape([b * t, ...rest]).indexSelect(0, Tensor.fromData(rows, [rows.length])).reshape([b, k, ...rest]);
}

/**
 * Picks `segments` frames of every clip of `clips` [B, T, ...] → [B, segments, ...]; while
 * training each clip draws its own frames.
 * PyTorch: TSN's `_sample_indices` (training) / `_get_val_indices` (testing), then indexing.
 * @example const x = video.sampleSegments(clips, 8, { training: model.training }); // [B, 8, C, H, W]
 */
export function sampleSegments(clips: Tensor, segments: number, options?: SegmentOptions): Tensor {
  const o = checkOptions('sampleSegments', options, segmentKeys);
  if (clips.ndim < 2) throw new ShapeError(`sampleSegments: expected clips [B, T, ...], got [${clips.shape.join(', ')}]`);
  const [b, t] = clips.shape as [number, number];
  return pickFrames(clips, Array.from({ length: b }, () => segmentIndices(t, segments, o)));
}
