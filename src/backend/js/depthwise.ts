/**
 * @file js kernels of depthwise convolution (one filter per channel) computed directly, without
 * unfolding: y[n,c,o] = Σ_t w[c,t]·x[n,c,o·s − p + t·d], zero outside the input, and its gradients.
 */
import { allocate, dtypeOfArray, type TypedArray } from '../../tensor/dtype.js';
import type { ConvGeometry } from '../backend.js';
import { volumeSize } from './conv.js';

/**
 * Calls `visit(o, t, i)` for every output position o of a plane, tap t of the kernel and input
 * position i = o·s − p + t·d that lies inside the plane (flat indices within one channel).
 */
function forEachTap(g: ConvGeometry, visit: (o: number, t: number, i: number) => void): void {
  const { size: [d, h, w], kernel: [kd, kh, kw], stride: [sd, sh, sw], padding: [pd, ph, pw], dilation: [dd, dh, dw], out: [od, oh, ow] } = g;
  for (let oz = 0, o = 0; oz < od; oz++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, o++) {
        for (let kz = 0, t = 0; kz < kd; kz++) {
          const z = oz * sd - pd + kz * dd;
          for (let ky = 0; ky < kh; ky++) {
            const y = oy * sh - ph + ky * dh;
            for (let kx = 0; kx < kw; kx++, t++) {
              const x = ox * sw - pw + kx * dw;
              if (z >= 0 && z < d && y >= 0 && y < h && x >= 0 && x < w) visit(o, t, (z * h + y) * w + x);
            }
          }
        }
      }
    }
  }
}

const taps = (g: ConvGeometry): number => g.kernel[0] * g.kernel[1] * g.kernel[2];
const windows = (g: ConvGeometry): number => g.out[0] * g.out[1] * g.out[2];

export function depthwiseConv(x: TypedArray, weight: TypedArray, batch: number, g: ConvGeometry): TypedArray {
  const [plane, outPlane, k] = [volumeSize(g) / g.channels, windows(g), taps(g)];
  const y = allocate(dtypeOfArray(x), batch * g.channels * outPlane);
  for (let p = 0; p < batch * g.channels; p++) {
    const [xo, yo, wo] = [p * plane, p * outPlane, (p % g.channels) * k];
    forEachTap(g, (o, t, i) => {
      y[yo + o] += weight[wo + t]! * x[xo + i]!;
    });
  }
  return y;
}

export function depthwiseConvBackward(x: TypedArray, weight: TypedArray, dy: TypedArray, batch: number, g: ConvGeometry,
  needInput: boolean, needWeight: boolean): { dx: TypedArray | null; dw: TypedArray | null } {
  const [plane, outPlane, k] = [volumeSize(g) / g.channels, windows(g), taps(g)];
  const dx = needInput ? allocate(dtypeOfArray(x), x.length) : null;
  const dw = needWeight ? allocate(dtypeOfArray(x), weight.length) : null;
  for (let p = 0; p < batch * g.channels; p++) {
    const [xo, yo, wo] = [p * plane, p * outPlane, (p % g.channels) * k];
    forEachTap(g, (o, t, i) => {
      if (dx) dx[xo + i] += weight[wo + t]! * dy[yo + o]!;
      if (dw) dw[wo + t] += dy[yo + o]! * x[xo + i]!;
    });
  }
  return { dx, dw };
}
