/** @file Shape arithmetic: sizes, contiguous strides, dim normalisation and broadcasting. */
import { IndexError, ShapeError, ValueError } from '../errors.js';

/** A tensor shape: the size of each dimension. */
export type Shape = readonly number[];

export function numel(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Row-major (C-contiguous) strides for `shape`. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = step;
    step *= shape[i]!;
  }
  return strides;
}

/** True when a view with these strides walks its storage densely in row-major order. */
export function isContiguous(shape: Shape, strides: readonly number[]): boolean {
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== step) return false;
    step *= shape[i]!;
  }
  return true;
}

export function shapeStr(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Wraps a possibly negative `dim` into `[0, ndim)`; scalars accept dims -1 and 0 as PyTorch does. */
export function normalizeDim(op: string, dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new IndexError(`${op}: dimension ${dim} out of range (expected to be in [${-n}, ${n - 1}])`);
  }
  return dim < 0 ? dim + n : dim;
}

/** Normalises a dim list (undefined = every dim) to sorted unique non-negative dims. */
export function normalizeDims(op: string, dims: number | readonly number[] | undefined, ndim: number): number[] {
  if (dims === undefined) return [...Array(ndim).keys()];
  const list = typeof dims === 'number' ? [dims] : dims;
  const out = list.map((d) => normalizeDim(op, d, ndim));
  if (ndim === 0) return []; // a 0-d tensor accepts dim 0/-1 and has nothing to reduce
  if (new Set(out).size !== out.length) throw new ValueError(`${op}: dim ${list.join(', ')} appears multiple times`);
  return out.sort((a, b) => a - b);
}

/**
 * Sizes given PyTorch's two ways, one array (`x.reshape([2, -1])`) or one number per argument
 * (`x.reshape(2, -1)`).
 */
export function sizesOf(op: string, args: readonly (number | Shape)[]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return [...args[0]];
  const bad = args.find((a) => typeof a !== 'number');
  if (bad !== undefined) throw new ValueError(`${op}: expected one array of sizes or one number per argument, got ${JSON.stringify(args)}`);
  return args as number[];
}

export function checkShape(op: string, shape: Shape): number[] {
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) throw new ValueError(`${op}: invalid shape ${shapeStr(shape)} (sizes must be non-negative integers)`);
  }
  return [...shape];
}

/**
 * NumPy/PyTorch broadcasting: align trailing dims; each pair must be equal or contain a 1.
 * @example broadcastShapes('add', [3, 1], [4]) // [3, 4]
 */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const ndim = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const shape of shapes) {
    for (let i = 0; i < shape.length; i++) {
      const j = ndim - shape.length + i;
      const s = shape[i]!;
      if (out[j] === 1) out[j] = s;
      else if (s !== 1 && s !== out[j]) {
        throw new ShapeError(`${op}: shapes ${shapes.map(shapeStr).join(' and ')} cannot be broadcast together (dim ${i - shape.length}: ${out[j]} vs ${s})`);
      }
    }
  }
  return out;
}

/** Strides that view a tensor of `shape`/`strides` as `target` (broadcast dims get stride 0). */
export function broadcastStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  for (let i = 0; i < shape.length; i++) {
    const j = target.length - shape.length + i;
    out[j] = shape[i] === 1 && target[j] !== 1 ? 0 : strides[i]!;
  }
  return out;
}

/** Resolves a single -1 in a reshape target against the element count. */
export function inferShape(op: string, shape: Shape, size: number): number[] {
  const free = shape.filter((s) => s === -1).length;
  if (free > 1) throw new ValueError(`${op}: only one dimension can be inferred (-1), got ${shapeStr(shape)}`);
  const known = shape.reduce((p, s) => (s === -1 ? p : p * s), 1);
  for (const s of shape) {
    if (s !== -1 && (!Number.isInteger(s) || s < 0)) throw new ValueError(`${op}: invalid shape ${shapeStr(shape)}`);
  }
  const out = shape.map((s) => (s === -1 ? (known === 0 ? 0 : size / known) : s));
  if (numel(out) !== size || !out.every(Number.isInteger)) {
    throw new ShapeError(`${op}: shape ${shapeStr(shape)} is invalid for input of size ${size}`);
  }
  return out;
}
