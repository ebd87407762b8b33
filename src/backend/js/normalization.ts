/**
 * @file js kernels for normalization layers: per-channel moments of [outer, channels, inner] data
 * (over outer and inner), standardising with them, and the closed-form gradient of that.
 * Channel c's elements are the runs [(o·channels + c)·inner, … + inner) for each outer index o.
 */
import { allocate, dtypeOfArray, type TypedArray } from '../../tensor/dtype.js';
import type { ChannelAffine, Moments } from '../backend.js';

/** Mean and biased variance per channel, by two passes (exact enough for float32 data). */
export function moments(x: TypedArray, outer: number, channels: number, inner: number): Moments {
  const mean = new Float64Array(channels);
  const variance = new Float64Array(channels);
  const count = outer * inner;
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let o = 0; o < outer; o++) {
      const s = (o * channels + c) * inner;
      for (let i = s; i < s + inner; i++) sum += x[i]!;
    }
    const m = sum / count;
    let sq = 0;
    for (let o = 0; o < outer; o++) {
      const s = (o * channels + c) * inner;
      for (let i = s; i < s + inner; i++) sq += (x[i]! - m) * (x[i]! - m);
    }
    mean[c] = m;
    variance[c] = sq / count;
  }
  return { mean, variance };
}

/** (x − mean[c])·invstd[c] for every element of channel c, then ·weight[c] + bias[c] with `affine`. */
export function standardize(x: TypedArray, outer: number, channels: number, inner: number, mean: Float64Array, invstd: Float64Array,
  affine: ChannelAffine | null = null): TypedArray {
  const out = allocate(dtypeOfArray(x), x.length);
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const m = mean[c]!;
      const s = (o * channels + c) * inner;
      if (affine === null) {
        const k = invstd[c]!;
        for (let i = s; i < s + inner; i++) out[i] = (x[i]! - m) * k;
      } else {
        const [scale, shift] = [invstd[c]! * affine.weight[c]!, affine.bias[c]!];
        for (let i = s; i < s + inner; i++) out[i] = (x[i]! - m) * scale + shift;
      }
    }
  }
  return out;
}

/**
 * The gradient of standardize (statistics included) for upstream `dy`:
 * dx = invstd·(dy − mean(dy) − x̂·mean(dy·x̂)) per channel, x̂ the standardised input; times
 * weight[c] when given (an affine map after the standardisation), and each channel's Σdy and
 * Σdy·(x − mean) written to `sums` [2·channels] when given.
 */
export function standardizeBackward(dy: TypedArray, x: TypedArray, outer: number, channels: number, inner: number,
  mean: Float64Array, invstd: Float64Array, weight: Float64Array | null = null, sums: Float64Array | null = null): TypedArray {
  const dx = allocate(dtypeOfArray(x), x.length);
  const count = outer * inner;
  for (let c = 0; c < channels; c++) {
    const [m, k] = [mean[c]!, invstd[c]!];
    let sumDy = 0;
    let sumDyCentered = 0;
    for (let o = 0; o < outer; o++) {
      const s = (o * channels + c) * inner;
      for (let i = s; i < s + inner; i++) {
        sumDy += dy[i]!;
        sumDyCentered += dy[i]! * (x[i]! - m);
      }
    }
    if (sums) [sums[c], sums[channels + c]] = [sumDy, sumDyCentered];
    const a = sumDy / count;
    const b = (sumDyCentered * k * k) / count;
    const scale = weight ? k * weight[c]! : k;
    for (let o = 0; o < outer; o++) {
      const s = (o * channels + c) * inner;
      for (let i = s; i < s + inner; i++) dx[i] = scale * (dy[i]! - a - (x[i]! - m) * b);
    }
  }
  return dx;
}
