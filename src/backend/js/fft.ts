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
 * Radices 2, 4 and 5 are written out; others take their DFT term by term.
 */
function fft(stages: Stage[], re: Float64Array, im: Float64Array, re2: Float64Array, im2: Float64Array): void {
  let [xr, xi, yr, yi] = [re, im, re2, im2];
  for (const stage of stages) {
    if (stage.radix === 2) pass2(stage, xr, xi, yr, yi);
    else if (stage.radix === 4) pass4(stage, xr, xi, yr, yi);
    else if (stage.radix === 5) pass5(stage, xr, xi, yr, yi);
    else passAny(stage, xr, xi, yr, yi);
    [xr, xi, yr, yi] = [yr, yi, xr, xi];
  }
  if (xr !== re) {
    re.set(xr);
    im.set(xi);
  }
}

function pass2({ m, stride: s, cos, sin }: Stage, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  for (let p = 0; p < m; p++) {
    const c = cos[p]!;
    const sn = sin[p]!;
    for (let q = 0; q < s; q++) {
      const a = q + s * p;
      const b = a + s * m;
      const o = q + 2 * s * p;
      const dr = xr[a]! - xr[b]!;
      const di = xi[a]! - xi[b]!;
      yr[o] = xr[a]! + xr[b]!;
      yi[o] = xi[a]! + xi[b]!;
      yr[o + s] = dr * c - di * sn;
      yi[o + s] = dr * sn + di * c;
    }
  }
}

function pass4({ m, stride: s, cos, sin }: Stage, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const step = s * m;
  for (let p = 0; p < m; p++) {
    const c1 = cos[p]!;
    const s1 = sin[p]!;
    const c2 = cos[m + p]!;
    const s2 = sin[m + p]!;
    const c3 = cos[2 * m + p]!;
    const s3 = sin[2 * m + p]!;
    for (let q = 0; q < s; q++) {
      const a = q + s * p;
      const o = q + 4 * s * p;
      const sr02 = xr[a]! + xr[a + 2 * step]!;
      const si02 = xi[a]! + xi[a + 2 * step]!;
      const dr02 = xr[a]! - xr[a + 2 * step]!;
      const di02 = xi[a]! - xi[a + 2 * step]!;
      const sr13 = xr[a + step]! + xr[a + 3 * step]!;
      const si13 = xi[a + step]! + xi[a + 3 * step]!;
      const dr13 = xr[a + step]! - xr[a + 3 * step]!;
      const di13 = xi[a + step]! - xi[a + 3 * step]!;
      yr[o] = sr02 + sr13;
      yi[o] = si02 + si13;
      // ω = −i: b1 = d02 − i·d13, b2 = s02 − s13, b3 = d02 + i·d13, each times its twiddle.
      twiddle(yr, yi, o + s, dr02 + di13, di02 - dr13, c1, s1);
      twiddle(yr, yi, o + 2 * s, sr02 - sr13, si02 - si13, c2, s2);
      twiddle(yr, yi, o + 3 * s, dr02 - di13, di02 + dr13, c3, s3);
    }
  }
}

const [C1, C2, S1, S2] = [Math.cos((2 * Math.PI) / 5), Math.cos((4 * Math.PI) / 5), Math.sin((2 * Math.PI) / 5), Math.sin((4 * Math.PI) / 5)];

function pass5({ m, stride: s, cos, sin }: Stage, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const step = s * m;
  for (let p = 0; p < m; p++) {
    for (let q = 0; q < s; q++) {
      const a = q + s * p;
      const o = q + 5 * s * p;
      const tr1 = xr[a + step]! + xr[a + 4 * step]!;
      const ti1 = xi[a + step]! + xi[a + 4 * step]!;
      const dr1 = xr[a + step]! - xr[a + 4 * step]!;
      const di1 = xi[a + step]! - xi[a + 4 * step]!;
      const tr2 = xr[a + 2 * step]! + xr[a + 3 * step]!;
      const ti2 = xi[a + 2 * step]! + xi[a + 3 * step]!;
      const dr2 = xr[a + 2 * step]! - xr[a + 3 * step]!;
      const di2 = xi[a + 2 * step]! - xi[a + 3 * step]!;
      const mr1 = xr[a]! + C1 * tr1 + C2 * tr2;
      const mi1 = xi[a]! + C1 * ti1 + C2 * ti2;
      const mr2 = xr[a]! + C2 * tr1 + C1 * tr2;
      const mi2 = xi[a]! + C2 * ti1 + C1 * ti2;
      const nr1 = S1 * dr1 + S2 * dr2;
      const ni1 = S1 * di1 + S2 * di2;
      const nr2 = S2 * dr1 - S1 * dr2;
      const ni2 = S2 * di1 - S1 * di2;
      yr[o] = xr[a]! + tr1 + tr2;
      yi[o] = xi[a]! + ti1 + ti2;
      // b1, b4 = m1 ∓ i·n1; b2, b3 = m2 ∓ i·n2, each times its twiddle.
      twiddle(yr, yi, o + s, mr1 + ni1, mi1 - nr1, cos[p]!, sin[p]!);
      twiddle(yr, yi, o + 2 * s, mr2 + ni2, mi2 - nr2, cos[m + p]!, sin[m + p]!);
      twiddle(yr, yi, o + 3 * s, mr2 - ni2, mi2 + nr2, cos[2 * m + p]!, sin[2 * m + p]!);
      twiddle(yr, yi, o + 4 * s, mr1 - ni1, mi1 + nr1, cos[3 * m + p]!, sin[3 * m + p]!);
    }
  }
}

/** y[o] = (br + i·bi)·(c + i·sn). */
function twiddle(yr: Float64Array, yi: Float64Array, o: number, br: number, bi: number, c: number, sn: number): void {
  yr[o] = br * c - bi * sn;
  yi[o] = br * sn + bi * c;
}

function passAny({ radix, m, stride: s, cos, sin, rootCos, rootSin }: Stage, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const step = s * m;
  for (let p = 0; p < m; p++) {
    for (let q = 0; q < s; q++) {
      const a = q + s * p;
      const o = q + radix * s * p;
      for (let u = 0; u < radix; u++) {
        let sr = xr[a]!;
        let si = xi[a]!;
        for (let r = 1, j = u; r < radix; r++, j = j + u < radix ? j + u : j + u - radix) {
          const ar = xr[a + r * step]!;
          const ai = xi[a + r * step]!;
          sr += ar * rootCos[j]! - ai * rootSin[j]!;
          si += ar * rootSin[j]! + ai * rootCos[j]!;
        }
        if (u === 0) {
          yr[o] = sr;
          yi[o] = si;
          continue;
        }
        const c = cos[(u - 1) * m + p]!;
        const sn = sin[(u - 1) * m + p]!;
        yr[o + u * s] = sr * c - si * sn;
        yi[o + u * s] = sr * sn + si * c;
      }
    }
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
  const half = Array.from({ length: (N >> 1) + 1 }, (_, k) => (-2 * Math.PI * k) / N);
  const [splitCos, splitSin] = [Float64Array.from(half, Math.cos), Float64Array.from(half, Math.sin)];
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
        const a = k % M;
        const c = (M - k) % M;
        const er = (re[a]! + re[c]!) / 2;
        const ei = (im[a]! - im[c]!) / 2;
        const or = (im[a]! + im[c]!) / 2;
        const oi = -(re[a]! - re[c]!) / 2;
        spectrum[2 * k] = er + splitCos[k]! * or - splitSin[k]! * oi;
        spectrum[2 * k + 1] = ei + splitCos[k]! * oi + splitSin[k]! * or;
      }
      // The negative frequencies of a real signal mirror the positive ones: X[N − k] = conj X[k].
      for (let k = (N >> 1) + 1; k < bins; k++) {
        spectrum[2 * k] = spectrum[2 * (N - k)]!;
        spectrum[2 * k + 1] = -spectrum[2 * (N - k) + 1]!;
      }
      for (let k = 0, o = b * bins * T + t; k < bins; k++, o += T) {
        const xr = spectrum[2 * k]!;
        const xi = spectrum[2 * k + 1]!;
        if (power) {
          out[o] = xr * xr + xi * xi;
        } else {
          out[2 * o] = xr;
          out[2 * o + 1] = xi;
        }
      }
    }
  }
  return out;
}
