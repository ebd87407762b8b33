/**
 * @file js kernel for the STFT's forward pass: each frame's real DFT by a mixed-radix Stockham FFT
 * (radices 4, 2, 3, 5, then any other factor by its own small DFT), which the native kernel
 * mirrors over 8 frames at a time. The differentiable path (its adjoint) is composed of ops.
 */
import { allocate, dtypeOfArray, type TypedArray } from '../../tensor/dtype.js';
import type { StftGeometry } from '../backend.js';

/** One Stockham pass: `radix`-point DFTs over n = radix·m points interleaved `stride` apart. */
interface Stage {
  radix: number;
  m: number;
  stride: number;
  /** W^{u·p} (W = e^{−2πi/n}) at [(u − 1)·m + p] for u in 1..radix−1, p < m: cos then sin parts. */
  cos: Float64Array;
  sin: Float64Array;
  /** ω^j (ω = e^{−2πi/radix}) for j < radix. */
  rootCos: Float64Array;
  rootSin: Float64Array;
}

/** The passes of a size-`size` complex FFT, the largest radices first among 4, 2, 3, 5. */
function fftStages(size: number): Stage[] {
  const stages: Stage[] = [];
  let n = size;
  let stride = 1;
  while (n > 1) {
    const radix = [4, 2, 3, 5].find((r) => n % r === 0) ?? smallestFactor(n);
    const m = n / radix;
    const cos = new Float64Array((radix - 1) * m);
    const sin = new Float64Array((radix - 1) * m);
    for (let u = 1; u < radix; u++) {
      for (let p = 0; p < m; p++) {
        const angle = (-2 * Math.PI * ((u * p) % n)) / n;
        cos[(u - 1) * m + p] = Math.cos(angle);
        sin[(u - 1) * m + p] = Math.sin(angle);
      }
    }
    const roots = Array.from({ length: radix }, (_, j) => (-2 * Math.PI * j) / radix);
    stages.push({ radix, m, stride, cos, sin, rootCos: Float64Array.from(roots, Math.cos), rootSin: Float64Array.from(roots, Math.sin) });
    n = m;
    stride *= radix;
  }
  return stages;
}

function smallestFactor(n: number): number {
  for (let f = 2; f * f <= n; f++) if (n % f === 0) return f;
  return n;
}

/**
 * In place over (re, im) of length n, using (re2, im2) as the other buffer: the DFT
 * X[k] = Σ_j x[j]·e^{−2πijk/n}. Each pass reads x[q + s·(p + r·m)] and writes
 * y[q + s·(radix·p + u)] = W^{u·p}·Σ_r x_r·ω^{r·u}, so the output comes out in natural order.
 */
function fft(stages: Stage[], re: Float64Array, im: Float64Array, re2: Float64Array, im2: Float64Array): void {
  let [xr, xi, yr, yi] = [re, im, re2, im2];
  for (const { radix, m, stride: s, cos, sin, rootCos, rootSin } of stages) {
    const ar = new Float64Array(radix);
    const ai = new Float64Array(radix);
    for (let p = 0; p < m; p++) {
      for (let q = 0; q < s; q++) {
        for (let r = 0; r < radix; r++) {
          ar[r] = xr[q + s * (p + r * m)]!;
          ai[r] = xi[q + s * (p + r * m)]!;
        }
        for (let u = 0; u < radix; u++) {
          let sr = 0;
          let si = 0;
          for (let r = 0; r < radix; r++) {
            const j = (r * u) % radix;
            sr += ar[r]! * rootCos[j]! - ai[r]! * rootSin[j]!;
            si += ar[r]! * rootSin[j]! + ai[r]! * rootCos[j]!;
          }
          const [wr, wi] = u === 0 ? [1, 0] : [cos[(u - 1) * m + p]!, sin[(u - 1) * m + p]!];
          yr[q + s * (radix * p + u)] = sr * wr - si * wi;
          yi[q + s * (radix * p + u)] = sr * wi + si * wr;
        }
      }
    }
    [xr, xi, yr, yi] = [yr, yi, xr, xi];
  }
  if (xr !== re) {
    re.set(xr);
    im.set(xi);
  }
}

/**
 * The STFT of a padded contiguous signal [batch, length]: frame t is window·signal[t·hop …
 * t·hop + nFft); out [batch, bins, frames, 2] holds its DFT's first `bins` frequencies (real,
 * imaginary), or with `power` re² + im² [batch, bins, frames]. An even nFft takes one half-size
 * complex FFT of the frame's even/odd samples as real/imaginary parts, then splits the two
 * spectra apart.
 */
export function stftFrames(signal: TypedArray, window: TypedArray, g: StftGeometry): TypedArray {
  const { batch, length, nFft: N, hop, frames: T, bins, power } = g;
  const out = allocate(dtypeOfArray(signal), batch * bins * T * (power ? 1 : 2));
  const even = N % 2 === 0 && N > 1;
  const M = even ? N / 2 : N;
  const stages = fftStages(M);
  const [re, im, re2, im2] = [0, 0, 0, 0].map(() => new Float64Array(M)) as [Float64Array, Float64Array, Float64Array, Float64Array];
  const spectrum = new Float64Array(2 * N);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < T; t++) {
      const start = b * length + t * hop;
      if (even) {
        for (let n = 0; n < M; n++) {
          re[n] = window[2 * n]! * signal[start + 2 * n]!;
          im[n] = window[2 * n + 1]! * signal[start + 2 * n + 1]!;
        }
      } else {
        for (let n = 0; n < M; n++) {
          re[n] = window[n]! * signal[start + n]!;
          im[n] = 0;
        }
      }
      fft(stages, re, im, re2, im2);
      for (let k = 0; k <= N >> 1; k++) {
        if (!even) {
          spectrum[2 * k] = re[k]!;
          spectrum[2 * k + 1] = im[k]!;
          continue;
        }
        // X[k] = E[k] + W^k·O[k] with E, O the spectra of the even and odd samples:
        // E = (Z[k] + conj Z[M−k])/2, O = (Z[k] − conj Z[M−k])/(2i), W = e^{−2πi/N}.
        const [zr, zi] = [re[k % M]!, im[k % M]!];
        const [cr, ci] = [re[(M - k) % M]!, -im[(M - k) % M]!];
        const [er, ei] = [(zr + cr) / 2, (zi + ci) / 2];
        const [or, oi] = [(zi - ci) / 2, -(zr - cr) / 2];
        const angle = (-2 * Math.PI * k) / N;
        const [wr, wi] = [Math.cos(angle), Math.sin(angle)];
        spectrum[2 * k] = er + wr * or - wi * oi;
        spectrum[2 * k + 1] = ei + wr * oi + wi * or;
      }
      // The negative frequencies of a real signal mirror the positive ones: X[N − k] = conj X[k].
      for (let k = (N >> 1) + 1; k < bins; k++) {
        spectrum[2 * k] = spectrum[2 * (N - k)]!;
        spectrum[2 * k + 1] = -spectrum[2 * (N - k) + 1]!;
      }
      for (let k = 0; k < bins; k++) {
        const [xr, xi] = [spectrum[2 * k]!, spectrum[2 * k + 1]!];
        const o = (b * bins + k) * T + t;
        if (power) out[o] = xr * xr + xi * xi;
        else [out[2 * o], out[2 * o + 1]] = [xr, xi];
      }
    }
  }
  return out;
}
