/**
 * @file DiffAugment (Zhao et al., NeurIPS 2020; SPEC §9.10): differentiable colour, translation
 * and cutout applied to every image D sees — reals and fakes, in the D and the G step — so
 * gradients reach G through the transform. The ops follow the authors' `DiffAugment_pytorch.py`;
 * each takes its random draws explicitly, and `diffAugment` draws them.
 */
import { ShapeError, ValueError } from '../errors.js';
import { checkOptions } from '../options.js';
import { pad } from '../ops/shape.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { shapeStr } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** The op groups of a DiffAugment policy: 'color' is brightness → saturation → contrast. */
export type DiffAugmentOp = 'color' | 'translation' | 'cutout';

const OPS: readonly DiffAugmentOp[] = ['color', 'translation', 'cutout'];

function checkImages(op: string, x: Tensor): [number, number, number, number] {
  if (x.ndim !== 4) throw new ShapeError(`${op}: expected images [N, C, H, W], got ${shapeStr(x.shape)}`);
  return x.shape as [number, number, number, number];
}

/** One value per sample as [N, 1, 1, 1] in x's dtype. */
function perSample(op: string, x: Tensor, values: readonly number[]): Tensor {
  if (values.length !== x.shape[0]) throw new ShapeError(`${op}: expected ${x.shape[0]} draws (one per sample), got ${values.length}`);
  return Tensor.fromData(Float64Array.from(values), [values.length, 1, 1, 1]).to(x.dtype);
}

/**
 * x + (u − 0.5) with one u ∈ [0, 1) per sample.
 * PyTorch (DiffAugment): `rand_brightness(x)`.
 * @example brightness(x, [0.5, 0.9]) // the first image unchanged, the second 0.4 brighter
 */
export function brightness(x: Tensor, u: readonly number[]): Tensor {
  checkImages('brightness', x);
  return x.add(perSample('brightness', x, u).sub(0.5));
}

/**
 * (x − m)·2u + m with m the per-pixel mean over channels (grey images are unchanged).
 * PyTorch (DiffAugment): `rand_saturation(x)`.
 * @example gan.saturation(images, [0.5, 1.5]) // less, then more saturated
 */
export function saturation(x: Tensor, u: readonly number[]): Tensor {
  checkImages('saturation', x);
  const m = x.mean(1, true);
  return x.sub(m).mul(perSample('saturation', x, u).mul(2)).add(m);
}

/**
 * (x − m)·(u + 0.5) + m with m each image's mean over C, H, W.
 * PyTorch (DiffAugment): `rand_contrast(x)`.
 * @example gan.contrast(images, [0.75, 1.25]) // per-sample factors 2u: ×1.5 and ×2.5 around the mean
 */
export function contrast(x: Tensor, u: readonly number[]): Tensor {
  checkImages('contrast', x);
  const m = x.mean([1, 2, 3], true);
  return x.sub(m).mul(perSample('contrast', x, u).add(0.5)).add(m);
}

/**
 * Integer translation: out[n, c, i, j] = x[n, c, i + dy, j + dx], 0 where that falls outside
 * the image (so the content moves by (−dx, −dy)); a gather from the 1-pixel zero-padded image,
 * whose gradient is a 0/1 mask. `shifts` holds [dx, dy] per sample.
 * PyTorch (DiffAugment): `rand_translation(x, ratio=0.125)`.
 * @example translate(x, [[1, 0]]) // content one pixel to the left, a zero column on the right
 */
export function translate(x: Tensor, shifts: readonly (readonly [number, number])[]): Tensor {
  const [n, c, h, w] = checkImages('translate', x);
  if (shifts.length !== n) throw new ShapeError(`translate: expected ${n} shifts (one per sample), got ${shifts.length}`);
  const pw = w + 2;
  const index = new Int32Array(n * c * h * w);
  for (let s = 0; s < n; s++) {
    const [dx, dy] = shifts[s]!;
    if (!Number.isInteger(dx) || !Number.isInteger(dy)) throw new ValueError(`translate: shifts must be integers, got [${dx}, ${dy}]`);
    const rows = Array.from({ length: h }, (_, i) => Math.min(Math.max(i + dy + 1, 0), h + 1) * pw);
    const cols = Array.from({ length: w }, (_, j) => Math.min(Math.max(j + dx + 1, 0), w + 1));
    for (let ch = 0; ch < c; ch++) {
      const base = (s * c + ch) * h * w;
      for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) index[base + i * w + j] = rows[i]! + cols[j]!;
    }
  }
  const padded = pad(x, [1, 1, 1, 1]).reshape([n, c, (h + 2) * pw]);
  return padded.gather(2, Tensor.fromData(index, [n, c, h * w])).reshape([n, c, h, w]);
}

/**
 * Zeroes a size[0]×size[1] square (rows × columns) of each image: rows oy − ⌊sh/2⌋ … oy − ⌊sh/2⌋ + sh − 1
 * and likewise for columns, cut to the image. `offsets` holds [ox, oy] per sample.
 * PyTorch (DiffAugment): `rand_cutout(x, ratio=0.5)`.
 * @example gan.cutout(images, [[14, 14], [0, 0]], [14, 14]) // a centred square, then a corner
 */
export function cutout(x: Tensor, offsets: readonly (readonly [number, number])[], size: readonly [number, number]): Tensor {
  const [n, , h, w] = checkImages('cutout', x);
  if (offsets.length !== n) throw new ShapeError(`cutout: expected ${n} offsets (one per sample), got ${offsets.length}`);
  const [sh, sw] = size;
  const mask = new Float32Array(n * h * w).fill(1);
  for (let s = 0; s < n; s++) {
    const [ox, oy] = offsets[s]!;
    const top = Math.max(oy - Math.floor(sh / 2), 0);
    const bottom = Math.min(oy - Math.floor(sh / 2) + sh, h);
    const left = Math.max(ox - Math.floor(sw / 2), 0);
    const right = Math.min(ox - Math.floor(sw / 2) + sw, w);
    for (let i = top; i < bottom; i++) mask.fill(0, s * h * w + i * w + left, s * h * w + i * w + Math.max(left, right));
  }
  return x.mul(Tensor.fromData(mask, [n, 1, h, w]).to(x.dtype));
}

/** Options of `diffAugment` (PyTorch's keyword arguments, where it has them). */
export interface DiffAugmentOptions {
  /** The op groups in order: a comma-separated string or a list (default 'color,translation,cutout'). */
  policy?: string | readonly DiffAugmentOp[];
  /** Max shift as a fraction of the size, rounded as the authors' int(size·ratio + 0.5) (default 0.125: ±4 px on 28 or 32). */
  translationRatio?: number;
  /** Cutout side as a fraction of the size, rounded likewise (default 0.5). */
  cutoutRatio?: number;
  /** The source of the draws (default: the global generator). */
  generator?: Generator;
}

/**
 * A policy as a checked list of op groups.
 * PyTorch (DiffAugment): `policy.split(',')` inside `DiffAugment(x, policy)`.
 * @example gan.parsePolicy('color,translation,cutout') // ['color', 'translation', 'cutout']
 */
export function parsePolicy(policy: string | readonly DiffAugmentOp[]): DiffAugmentOp[] {
  const ops = typeof policy === 'string' ? (policy === '' ? [] : policy.split(',').map((s) => s.trim())) : [...policy];
  for (const op of ops) if (!OPS.includes(op as DiffAugmentOp)) throw new ValueError(`diffAugment: policy entries must be ${OPS.join(', ')}, got '${op}'`);
  return ops as DiffAugmentOp[];
}

const roundedSize = (size: number, ratio: number): number => Math.floor(size * ratio + 0.5);

/**
 * DiffAugment of a batch [N, C, H, W] (images in [−1, 1]) with fresh draws per sample: apply it to
 * reals and fakes alike, in D's and G's steps, without detaching.
 * PyTorch (DiffAugment): `DiffAugment(x, policy='color,translation,cutout')`.
 * @example discriminatorLoss('nonSaturating', D.forward(diffAugment(real)), D.forward(diffAugment(fake)))
 */
export function diffAugment(x: Tensor, options?: DiffAugmentOptions): Tensor {
  const { policy = 'color,translation,cutout', translationRatio = 0.125, cutoutRatio = 0.5, generator = defaultGenerator } = checkOptions<DiffAugmentOptions>(
    'diffAugment', options, { policy: true, translationRatio: true, cutoutRatio: true, generator: true },
  );
  const [n, , h, w] = checkImages('diffAugment', x);
  for (const [name, r] of [['translationRatio', translationRatio], ['cutoutRatio', cutoutRatio]] as const) {
    if (!(r >= 0 && r <= 1)) throw new ValueError(`diffAugment: ${name} must be in [0, 1], got ${r}`);
  }
  const draws = (): number[] => Array.from({ length: n }, () => generator.random());
  let y = x;
  for (const op of parsePolicy(policy)) {
    if (op === 'color') {
      y = contrast(saturation(brightness(y, draws()), draws()), draws());
    } else if (op === 'translation') {
      const [ty, tx] = [roundedSize(h, translationRatio), roundedSize(w, translationRatio)];
      y = translate(y, Array.from({ length: n }, () => [generator.integer(-tx, tx + 1), generator.integer(-ty, ty + 1)] as [number, number]));
    } else {
      const size: [number, number] = [roundedSize(h, cutoutRatio), roundedSize(w, cutoutRatio)];
      const offsets = Array.from({ length: n }, () => [generator.integer(0, w + 1 - (size[1] % 2)), generator.integer(0, h + 1 - (size[0] % 2))] as [number, number]);
      y = cutout(y, offsets, size);
    }
  }
  return y;
}
