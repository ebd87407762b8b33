/** @file js kernel for random masks, drawing from a Generator's xoshiro128** state. */

export function bernoulli(state: Uint32Array, out: Float32Array | Float64Array, probability: number, value: number): void {
  // The draws compare as signed int32 (x ^ 2³¹ orders like the unsigned value), so V8 keeps
  // the whole loop in 32-bit integer arithmetic.
  const threshold = Math.min(Math.max(probability, 0), 1) * 2 ** 32 - 2 ** 31;
  let [s0, s1, s2, s3] = [state[0]! | 0, state[1]! | 0, state[2]! | 0, state[3]! | 0];
  for (let i = 0; i < out.length; i++) {
    const m = Math.imul(s1, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    out[i] = (r ^ -2147483648) < threshold ? value : 0;
  }
  [state[0], state[1], state[2], state[3]] = [s0, s1, s2, s3];
}
