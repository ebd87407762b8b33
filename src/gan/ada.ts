/**
 * @file The ADA augmentation pipeline (Karras et al., NeurIPS 2020; SPEC §9.11), its 'bgc' set:
 * pixel blitting (x-flip, 90° rotation, integer translation), general geometry (isotropic scale,
 * rotation, anisotropic scale, fractional translation) and colour (brightness, contrast, luma
 * flip, hue rotation, saturation), each fired per image with probability p·(its weight). The
 * geometric steps compose into one affine map per image, sampled bilinearly with border padding
 * (the reference pads by reflection); the colour steps compose into one affine colour map.
 * Distributions follow the reference's `augment.py`. Everything is differentiable in the image.
 */
import { ShapeError, ValueError } from '../errors.js';
import { inverseAffine } from '../data/transforms/geometric.js';
import { affineGrid, gridSample } from '../ops/grid_sample.js';
import { checkOptions } from '../options.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { shapeStr } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** Per-step weights (multiplied into p; 0 turns a step off) and strengths, as the reference's `AugmentPipe` arguments. */
export interface AdaAugmentOptions {
  xflip?: number;
  rotate90?: number;
  xint?: number;
  scale?: number;
  rotate?: number;
  aniso?: number;
  xfrac?: number;
  brightness?: number;
  contrast?: number;
  lumaflip?: number;
  hue?: number;
  saturation?: number;
  /** Max integer translation as a fraction of the size (default 0.125). */
  xintMax?: number;
  /** log2 std of the isotropic scale (default 0.2). */
  scaleStd?: number;
  /** Max rotation as a fraction of 180° (default 1). */
  rotateMax?: number;
  /** log2 std of the anisotropic scale (default 0.2). */
  anisoStd?: number;
  /** Std of the fractional translation as a fraction of the size (default 0.125). */
  xfracStd?: number;
  /** Std of the brightness offset (default 0.2). */
  brightnessStd?: number;
  /** log2 std of the contrast factor (default 0.5). */
  contrastStd?: number;
  /** Max hue rotation as a fraction of 180° (default 1). */
  hueMax?: number;
  /** log2 std of the saturation factor (default 1). */
  saturationStd?: number;
  /** The source of the draws (default: the global generator). */
  generator?: Generator;
}

const DEFAULTS = {
  xflip: 1, rotate90: 1, xint: 1, scale: 1, rotate: 1, aniso: 1, xfrac: 1,
  brightness: 1, contrast: 1, lumaflip: 1, hue: 1, saturation: 1,
  xintMax: 0.125, scaleStd: 0.2, rotateMax: 1, anisoStd: 0.2, xfracStd: 0.125,
  brightnessStd: 0.2, contrastStd: 0.5, hueMax: 1, saturationStd: 1,
};

type Settings = typeof DEFAULTS;
const KEYS = Object.fromEntries([...Object.keys(DEFAULTS), 'generator'].map((k) => [k, true])) as Record<keyof AdaAugmentOptions, true>;

/** A 2-D affine map q = A·p + t, stored row-major as [a, b, c, d, tx, ty]. */
type Affine2 = [number, number, number, number, number, number];

/** `outer` after `inner`. */
function compose2(outer: Affine2, inner: Affine2): Affine2 {
  const [a, b, c, d, tx, ty] = outer;
  const [e, f, g, h, ux, uy] = inner;
  return [a * e + b * g, a * f + b * h, c * e + d * g, c * f + d * h, a * ux + b * uy + tx, c * ux + d * uy + ty];
}

const rotation2 = (theta: number): Affine2 => [Math.cos(theta), -Math.sin(theta), Math.sin(theta), Math.cos(theta), 0, 0];
const scaling2 = (sx: number, sy: number): Affine2 => [sx, 0, 0, sy, 0, 0];
const translation2 = (tx: number, ty: number): Affine2 => [1, 0, 0, 1, tx, ty];
const isIdentity2 = (m: Affine2): boolean => m.every((v, i) => v === [1, 0, 0, 1, 0, 0][i]);

/** The per-image forward geometric maps in centred pixel coordinates (x right, y down). */
function geometry(n: number, h: number, w: number, p: number, o: Settings, g: Generator): Affine2[] {
  const fires = (weight: number): boolean => g.random() < p * weight;
  const gaussian = (): number => g.normal();
  // The reference applies rotation twice (around the anisotropic scale), each with the
  // probability that makes at least one of them fire with probability p·rotate.
  const pRotate = 1 - Math.sqrt(Math.max(0, 1 - p * o.rotate));
  return Array.from({ length: n }, () => {
    const steps: Affine2[] = [];
    if (fires(o.xflip) && g.integer(0, 2) === 1) steps.push(scaling2(-1, 1));
    if (fires(o.rotate90)) steps.push(rotation2((g.integer(0, 4) * Math.PI) / 2));
    if (fires(o.xint)) {
      const [u, v] = [g.random() * 2 - 1, g.random() * 2 - 1];
      steps.push(translation2(Math.round(u * o.xintMax * w), Math.round(v * o.xintMax * h)));
    }
    if (fires(o.scale)) {
      const s = 2 ** (gaussian() * o.scaleStd);
      steps.push(scaling2(s, s));
    }
    const rotate = (): void => {
      if (g.random() < pRotate) steps.push(rotation2((g.random() * 2 - 1) * Math.PI * o.rotateMax));
    };
    rotate();
    if (fires(o.aniso)) {
      const s = 2 ** (gaussian() * o.anisoStd);
      steps.push(scaling2(s, 1 / s));
    }
    rotate();
    if (fires(o.xfrac)) steps.push(translation2(gaussian() * o.xfracStd * w, gaussian() * o.xfracStd * h));
    return steps.reduce((m, step) => compose2(step, m), [1, 0, 0, 1, 0, 0] as Affine2);
  });
}

/** A C×C colour matrix and offset per image: y = M·x + b at every pixel. */
interface ColorMap {
  m: number[];
  b: number[];
}

/** `outer` after `inner` for C×C maps. */
function composeColor(c: number, outer: ColorMap, inner: ColorMap): ColorMap {
  const m = new Array<number>(c * c).fill(0);
  const b = [...outer.b];
  for (let i = 0; i < c; i++) {
    for (let k = 0; k < c; k++) {
      b[i]! += outer.m[i * c + k]! * inner.b[k]!;
      for (let j = 0; j < c; j++) m[i * c + j]! += outer.m[i * c + k]! * inner.m[k * c + j]!;
    }
  }
  return { m, b };
}

/** α·I + β·v·vᵀ with v the unit luma axis 1/√C. */
function lumaMatrix(c: number, alpha: number, beta: number): ColorMap {
  const m = Array.from({ length: c * c }, (_, k) => (Math.floor(k / c) === k % c ? alpha : 0) + beta / c);
  return { m, b: new Array<number>(c).fill(0) };
}

/** Rotation of RGB about the luma axis v = (1, 1, 1)/√3 (Rodrigues: cosθ·I + sinθ·[v]ₓ + (1 − cosθ)·v·vᵀ). */
function hueRotation(theta: number): ColorMap {
  const [cos, sin] = [Math.cos(theta), Math.sin(theta) / Math.sqrt(3)];
  const cross = [0, -sin, sin, sin, 0, -sin, -sin, sin, 0];
  return { m: cross.map((v, k) => (Math.floor(k / 3) === k % 3 ? cos : 0) + v + (1 - cos) / 3), b: [0, 0, 0] };
}

function colors(n: number, c: number, p: number, o: Settings, g: Generator): ColorMap[] {
  const fires = (weight: number): boolean => g.random() < p * weight;
  const identity = (): ColorMap => lumaMatrix(c, 1, 0);
  return Array.from({ length: n }, () => {
    let map = identity();
    const then = (step: ColorMap): void => {
      map = composeColor(c, step, map);
    };
    if (fires(o.brightness)) then({ m: identity().m, b: new Array<number>(c).fill(g.normal() * o.brightnessStd) });
    if (fires(o.contrast)) then(lumaMatrix(c, 2 ** (g.normal() * o.contrastStd), 0));
    if (fires(o.lumaflip) && g.integer(0, 2) === 1) then(lumaMatrix(c, 1, -2));
    if (c === 3 && fires(o.hue)) then(hueRotation((g.random() * 2 - 1) * Math.PI * o.hueMax));
    if (c > 1 && fires(o.saturation)) {
      const s = 2 ** (g.normal() * o.saturationStd);
      then(lumaMatrix(c, s, 1 - s));
    }
    return map;
  });
}

/**
 * ADA's augmentation of a batch [N, C, H, W] (images in [−1, 1]) at probability p ∈ [0, 1]:
 * identity at p = 0. Apply it to every image D sees, reals and fakes, in D's and G's steps; the
 * hue step needs three channels and saturation more than one (they are the identity on grey).
 * PyTorch (stylegan2-ada-pytorch): `AugmentPipe(xflip=1, rotate90=1, xint=1, scale=1, rotate=1, aniso=1, xfrac=1, brightness=1, contrast=1, lumaflip=1, hue=1, saturation=1)` with `augment_pipe.p = p`.
 * @example const aug = adaAugment(real, ada.p); ada.observe(D.forward(aug))
 */
export function adaAugment(x: Tensor, p: number, options?: AdaAugmentOptions): Tensor {
  const { generator = defaultGenerator, ...rest } = checkOptions<AdaAugmentOptions>('adaAugment', options, KEYS);
  const o: Settings = { ...DEFAULTS, ...rest };
  for (const [k, v] of Object.entries(rest)) if (!(typeof v === 'number' && v >= 0)) throw new ValueError(`adaAugment: ${k} must be a non-negative number, got ${String(v)}`);
  if (!(p >= 0 && p <= 1)) throw new ValueError(`adaAugment: p must be in [0, 1], got ${p}`);
  if (x.ndim !== 4) throw new ShapeError(`adaAugment: expected images [N, C, H, W], got ${shapeStr(x.shape)}`);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  let y = x;
  const maps = geometry(n, h, w, p, o, generator);
  if (!maps.every(isIdentity2)) {
    const theta = maps.flatMap(([a, b, cc, d, tx, ty]) => inverseAffine([a, b, cc, d], [tx, ty], h, w));
    const grid = affineGrid(Tensor.fromData(Float64Array.from(theta), [n, 2, 3]).to(x.dtype), [n, c, h, w]);
    y = gridSample(y, grid, { mode: 'bilinear', paddingMode: 'border' });
  }
  const colorMaps = colors(n, c, p, o, generator);
  const identity = lumaMatrix(c, 1, 0);
  if (!colorMaps.every((m) => m.m.every((v, i) => v === identity.m[i]) && m.b.every((v) => v === 0))) {
    const m = Tensor.fromData(Float64Array.from(colorMaps.flatMap((k) => k.m)), [n, c, c]).to(x.dtype);
    const b = Tensor.fromData(Float64Array.from(colorMaps.flatMap((k) => k.b)), [n, c, 1]).to(x.dtype);
    y = m.matmul(y.reshape([n, c, h * w])).add(b).reshape([n, c, h, w]);
  }
  return y;
}
