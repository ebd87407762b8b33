/*
 * e^x on four lanes, as native/src/fastmath.h's exp_approx: Cephes' degree-6 polynomial for e^r,
 * x = n·ln2 + r, then 2^n through the exponent bits; about 2 ulp. 0 below −87.33, e^88 above 88,
 * NaN stays NaN. For kernels whose native twins use exp_approx too (softmax); the elementwise
 * `exp` op stays js's Math.exp.
 */
#ifndef SHINSOU_WASM_FASTEXP_H
#define SHINSOU_WASM_FASTEXP_H

#include <wasm_simd128.h>

static inline v128_t exp4(v128_t x) {
  v128_t clamped = wasm_f32x4_pmin(wasm_f32x4_pmax(x, wasm_f32x4_splat(-87.33f)), wasm_f32x4_splat(88.0f));
  v128_t n = wasm_f32x4_nearest(wasm_f32x4_mul(clamped, wasm_f32x4_splat(1.44269504088896341f)));
  v128_t r = wasm_f32x4_add(wasm_f32x4_sub(clamped, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693359375f))), wasm_f32x4_mul(n, wasm_f32x4_splat(2.12194440e-4f)));
  v128_t p = wasm_f32x4_splat(1.9875691500e-4f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.3981999507e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(8.3334519073e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(4.1665795894e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.6666665459e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(5.0000001201e-1f));
  p = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, r), r), r), wasm_f32x4_splat(1.0f));
  v128_t scale = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_v128_bitselect(wasm_f32x4_splat(0.0f), wasm_f32x4_mul(p, scale), wasm_f32x4_lt(x, wasm_f32x4_splat(-87.33f)));
}

#endif
