/**
 * @file Moving-digit clips whose label is the motion: real MNIST digits (the shipped split) slide,
 * turn or zoom across a black canvas. Each class has its time-reversed twin among the classes
 * (left ↔ right, up ↔ down, clockwise ↔ counter-clockwise, in ↔ out) and the twins draw their
 * paths from the same distribution, so the set of frames without their order carries no label:
 * only a model that uses time can tell a clip from its twin.
 *
 * Clips are rendered when read, each from its own seeded generator, so a data set of any size
 * costs no memory and clip i is the same whatever order it is read in.
 */
import { loadMnist, type Split } from '../data/datasets/mnist.js';
import type { Dataset } from '../data/dataset.js';
import { ValueError } from '../errors.js';
import { checkOptions, type OptionKeys } from '../options.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';

/** The motion classes, in label order; labels 2k and 2k + 1 are each other's time reversal. */
export const MOTIONS = ['left', 'right', 'up', 'down', 'rotate-cw', 'rotate-ccw', 'zoom-in', 'zoom-out'] as const;
/** One of the motion classes (`MOTIONS`). */
export type Motion = (typeof MOTIONS)[number];

/**
 * The label of the motion that plays `label`'s clips backwards.
 * PyTorch: none (Moving MNIST is generated the same way by its authors' script).
 * @example video.reversedMotion(0) // 1: 'left' played backwards is 'right'
 */
export function reversedMotion(label: number): number {
  return label ^ 1;
}

/** Where a digit is at the first and the last frame (linear in between; the scale geometrically). */
export interface DigitPath {
  /** Centre in pixels, x to the right and y down. */
  from: { x: number; y: number; angle: number; scale: number };
  to: { x: number; y: number; angle: number; scale: number };
}

const DIGIT = 28;

/**
 * A random path of `motion` on a `size`² canvas (lengths scale with size / 64; a digit is 28 px
 * at 64). Angles are radians clockwise on screen. The path's reverse is drawn as often as the
 * path itself, from the twin motion.
 * PyTorch: none (Moving MNIST's generator script draws paths the same way).
 * @example const path = video.motionPath('rotate-cw', 64, new Generator(0)) // { from, to }: centre, angle, scale
 */
export function motionPath(motion: Motion, size: number, g: Generator): DigitPath {
  const u = size / 64;
  const uniform = (lo: number, hi: number): number => lo + (hi - lo) * g.random();
  const half = (DIGIT / 2) * u;
  let from: DigitPath['from'];
  let to: DigitPath['to'];
  const index = MOTIONS.indexOf(motion);
  if (index < 0) throw new ValueError(`motionPath: unknown motion '${motion}' (expected one of ${MOTIONS.join(', ')})`);
  if (index < 4) {
    const travel = uniform(16, 28) * u;
    const along = uniform(half + travel / 2, size - half - travel / 2);
    const across = uniform(half, size - half);
    const [a, b] = [along + travel / 2, along - travel / 2];
    const horizontal = index < 2;
    const start = horizontal ? { x: a, y: across } : { x: across, y: a };
    const end = horizontal ? { x: b, y: across } : { x: across, y: b };
    from = { ...start, angle: 0, scale: 1 };
    to = { ...end, angle: 0, scale: 1 };
  } else if (index < 6) {
    const sweep = uniform(Math.PI / 2, Math.PI);
    const centre = uniform(-Math.PI / 6, Math.PI / 6);
    const [x, y] = [uniform(20 * u, size - 20 * u), uniform(20 * u, size - 20 * u)];
    from = { x, y, angle: centre - sweep / 2, scale: 1 };
    to = { x, y, angle: centre + sweep / 2, scale: 1 };
  } else {
    const [small, large] = [uniform(0.5, 0.7), uniform(1.25, 1.5)];
    const [x, y] = [uniform(half * large, size - half * large), uniform(half * large, size - half * large)];
    from = { x, y, angle: 0, scale: small };
    to = { x, y, angle: 0, scale: large };
  }
  // left, up, clockwise and zoom-in run from → to as drawn; their twins run it backwards.
  return index % 2 === 0 ? { from, to } : { from: to, to: from };
}

/**
 * Renders `frames` frames [frames, size, size] of digits (each 28×28 in [0, 1]) moving along
 * their paths, bilinearly sampled; overlapping digits take the brighter pixel.
 * PyTorch: none; Moving MNIST's generator script (pasting digits along their paths).
 * @example video.renderClip([digit], [video.motionPath('zoom-in', 64, g)], 16, 64) // 16 frames of 64×64, row-major
 */
export function renderClip(digits: readonly Float32Array[], paths: readonly DigitPath[], frames: number, size: number): Float32Array {
  const out = new Float32Array(frames * size * size);
  const u = size / 64;
  digits.forEach((digit, k) => {
    const { from, to } = paths[k]!;
    for (let t = 0; t < frames; t++) {
      const f = frames === 1 ? 0 : t / (frames - 1);
      const x = from.x + (to.x - from.x) * f;
      const y = from.y + (to.y - from.y) * f;
      const angle = from.angle + (to.angle - from.angle) * f;
      const scale = from.scale * (to.scale / from.scale) ** f * u;
      const [cos, sin] = [Math.cos(angle) / scale, Math.sin(angle) / scale];
      const frame = out.subarray(t * size * size, (t + 1) * size * size);
      for (let py = 0; py < size; py++) {
        for (let px = 0; px < size; px++) {
          // The canvas pixel's centre, turned back and shrunk into the digit's pixel grid.
          const [dx, dy] = [px + 0.5 - x, py + 0.5 - y];
          const v = bilinear(digit, cos * dx + sin * dy + DIGIT / 2 - 0.5, -sin * dx + cos * dy + DIGIT / 2 - 0.5);
          if (v > frame[py * size + px]!) frame[py * size + px] = v;
        }
      }
    }
  });
  return out;
}

/** The 28×28 image at (column a, row b), zero outside. */
function bilinear(image: Float32Array, a: number, b: number): number {
  const [a0, b0] = [Math.floor(a), Math.floor(b)];
  if (a0 < -1 || b0 < -1 || a0 >= DIGIT || b0 >= DIGIT) return 0;
  const [fa, fb] = [a - a0, b - b0];
  const at = (i: number, j: number): number => (i >= 0 && j >= 0 && i < DIGIT && j < DIGIT ? image[j * DIGIT + i]! : 0);
  return (at(a0, b0) * (1 - fa) + at(a0 + 1, b0) * fa) * (1 - fb) + (at(a0, b0 + 1) * (1 - fa) + at(a0 + 1, b0 + 1) * fa) * fb;
}

/** Options of `MovingDigits` (PyTorch's keyword arguments, where it has them). */
export interface MovingDigitsOptions {
  /** Digits from the shipped MNIST train or test split (default 'train'). */
  split?: Split;
  /** Clips in the set (default 4,000); labels cycle through the motions, so classes are balanced. */
  count?: number;
  /** Frames per clip (default 16). */
  frames?: number;
  /** Canvas side in pixels (default 64). */
  size?: number;
  /** Digits per clip, all making the clip's motion along their own paths (default 1). */
  digits?: number;
  /** Seed of the clips' digits and paths (default 0). */
  seed?: number;
}

const keys: OptionKeys<MovingDigitsOptions> = { split: true, count: true, frames: true, size: true, digits: true, seed: true };

/**
 * Moving-digit clips as a data set of (clip [frames, 1, size, size] in [0, 1], label) pairs; the
 * label indexes MOTIONS. Train clips use digits of the MNIST train split, test clips of the test
 * split. `getBatch` renders a batch at once ([B, frames, 1, size, size] and [B]).
 * torchvision: a video `Dataset` in TCHW layout, as `read_video(output_format='TCHW')` gives.
 * @example const train = new video.MovingDigits({ split: 'train', count: 4000 }); const [clip, label] = train.get(0);
 */
export class MovingDigits implements Dataset<Tensor[]> {
  readonly split: Split;
  readonly length: number;
  readonly frames: number;
  readonly size: number;
  readonly digits: number;
  readonly seed: number;
  private readonly images: Float32Array;

  constructor(options?: MovingDigitsOptions) {
    const { split = 'train', count = 4000, frames = 16, size = 64, digits = 1, seed = 0 } = checkOptions('MovingDigits', options, keys);
    for (const [name, value, least] of [['count', count, 1], ['frames', frames, 1], ['size', size, 16], ['digits', digits, 1]] as const) {
      if (!Number.isInteger(value) || value < least) throw new ValueError(`MovingDigits: ${name} must be an integer ≥ ${least}, got ${value}`);
    }
    if (!Number.isInteger(seed)) throw new ValueError(`MovingDigits: seed must be an integer, got ${seed}`);
    [this.split, this.length, this.frames, this.size, this.digits, this.seed] = [split, count, frames, size, digits, seed];
    this.images = loadMnist(split).images.contiguous().dataSync() as Float32Array;
  }

  /** Clip i's label, MNIST digit indices and paths, drawn from a generator of its own (seed, split, i). */
  describe(i: number): { label: number; digits: number[]; paths: DigitPath[] } {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new ValueError(`MovingDigits: index ${i} out of range for ${this.length} clips`);
    const g = new Generator(((this.seed * 2 + (this.split === 'test' ? 1 : 0)) * 0x9e3779b1 + i * 0x85ebca6b) >>> 0);
    const label = i % MOTIONS.length;
    const available = this.images.length / (DIGIT * DIGIT);
    const digits = Array.from({ length: this.digits }, () => g.integer(0, available));
    return { label, digits, paths: digits.map(() => motionPath(MOTIONS[label]!, this.size, g)) };
  }

  /** Clip `i` [frames, 1, size, size] and its motion label. */
  get(i: number): Tensor[] {
    const [clips, labels] = this.getBatch([i]);
    return [clips!.squeeze(0), labels!.squeeze(0)];
  }

  /** The clips at `indices` rendered at once: [B, frames, 1, size, size] and labels [B]. */
  getBatch(indices: readonly number[]): Tensor[] {
    const volume = this.frames * this.size * this.size;
    const clips = new Float32Array(indices.length * volume);
    const labels = new Int32Array(indices.length);
    indices.forEach((i, b) => {
      const { label, digits, paths } = this.describe(i);
      const pixels = digits.map((d) => this.images.subarray(d * DIGIT * DIGIT, (d + 1) * DIGIT * DIGIT));
      clips.set(renderClip(pixels, paths, this.frames, this.size), b * volume);
      labels[b] = label;
    });
    return [Tensor.fromData(clips, [indices.length, this.frames, 1, this.size, this.size]), Tensor.fromData(labels, [indices.length])];
  }
}
