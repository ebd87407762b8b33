/** @file js kernel for max pooling: the position of each window's maximum. */
import type { TypedArray } from '../../tensor/dtype.js';
import type { ConvGeometry } from '../backend.js';

/**
 * For output index o along one axis, the kernel taps [lo, hi) whose input index
 * o·s − p + t·d falls inside [0, len); computed once per axis so the inner loops need no checks.
 */
function validTaps(out: number, len: number, k: number, s: number, p: number, d: number): { lo: Int32Array; hi: Int32Array } {
  const lo = new Int32Array(out);
  const hi = new Int32Array(out);
  for (let o = 0; o < out; o++) {
    const start = o * s - p;
    let t = 0;
    while (t < k && start + t * d < 0) t++;
    lo[o] = t;
    while (t < k && start + t * d < len) t++;
    hi[o] = t;
  }
  return { lo, hi };
}

/**
 * For each of `planes` contiguous volumes [D, H, W] (`g.size`) and each window of `g`, the flat
 * position (within the volume) of its first maximum; cells in the padding never win, NaN
 * always does (as in PyTorch).
 */
export function maxPoolIndices(x: TypedArray, planes: number, g: ConvGeometry): Int32Array {
  const { size: [d, h, w], kernel: [kd, kh, kw], stride: [sd, sh, sw], padding: [pd, ph, pw], dilation: [dd, dh, dw], out: [od, oh, ow] } = g;
  const tz = validTaps(od, d, kd, sd, pd, dd);
  const ty = validTaps(oh, h, kh, sh, ph, dh);
  const tx = validTaps(ow, w, kw, sw, pw, dw);
  const volume = d * h * w;
  const out = new Int32Array(planes * od * oh * ow);
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * volume;
    for (let oz = 0; oz < od; oz++) {
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++, o++) {
          let best = -Infinity;
          let arg = -1;
          window: for (let a = tz.lo[oz]!; a < tz.hi[oz]!; a++) {
            const z = oz * sd - pd + a * dd;
            for (let b = ty.lo[oy]!; b < ty.hi[oy]!; b++) {
              const row = (z * h + oy * sh - ph + b * dh) * w + ox * sw - pw;
              for (let c = tx.lo[ox]!; c < tx.hi[ox]!; c++) {
                const at = row + c * dw;
                const v = x[base + at]!;
                if (v > best || arg < 0) {
                  best = v;
                  arg = at;
                }
                if (v !== v) { // NaN wins and ends the search
                  arg = at;
                  break window;
                }
              }
            }
          }
          out[o] = arg;
        }
      }
    }
  }
  return out;
}
