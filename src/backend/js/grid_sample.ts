/** @file js kernel for gridSample's forward pass (the differentiable path is composed of ops). */
import { allocate, dtypeOfArray, type TypedArray } from '../../tensor/dtype.js';
import type { GridSampleGeometry } from '../backend.js';
import { roundHalfEven } from './math.js';

/**
 * Samples `x` [N, C, H, W] at `grid` [N, Ho, Wo, 2] (contiguous, (x, y) in [−1, 1]): bilinear or
 * nearest (round half to even), zeros or border padding, as `F.grid_sample`.
 */
export function gridSample(x: TypedArray, grid: TypedArray, g: GridSampleGeometry): TypedArray {
  const { n, c, h, w, outH, outW, mode, paddingMode, alignCorners } = g;
  const out = allocate(dtypeOfArray(x), n * c * outH * outW);
  const plane = h * w;
  const outPlane = outH * outW;
  const unnormalize = (v: number, size: number): number => {
    const p = alignCorners ? ((v + 1) / 2) * (size - 1) : ((v + 1) * size - 1) / 2;
    return paddingMode === 'border' ? Math.min(Math.max(p, 0), size - 1) : p;
  };
  const read = (base: number, yy: number, xx: number): number => (yy >= 0 && yy < h && xx >= 0 && xx < w ? x[base + yy * w + xx]! : 0);
  for (let b = 0; b < n; b++) {
    for (let q = 0; q < outPlane; q++) {
      const gi = (b * outPlane + q) * 2;
      const ix = unnormalize(grid[gi]!, w);
      const iy = unnormalize(grid[gi + 1]!, h);
      for (let ch = 0; ch < c; ch++) {
        const base = (b * c + ch) * plane;
        let v: number;
        if (mode === 'nearest') {
          v = read(base, roundHalfEven(iy), roundHalfEven(ix));
        } else {
          const x0 = Math.floor(ix);
          const y0 = Math.floor(iy);
          const fx = ix - x0;
          const fy = iy - y0;
          v = (read(base, y0, x0) * (1 - fx) + read(base, y0, x0 + 1) * fx) * (1 - fy)
            + (read(base, y0 + 1, x0) * (1 - fx) + read(base, y0 + 1, x0 + 1) * fx) * fy;
        }
        out[(b * c + ch) * outPlane + q] = v;
      }
    }
  }
  return out;
}
