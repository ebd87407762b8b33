/*
 * Branch-free float32 exp, sigmoid and tanh, written so that loops calling them vectorize, and
 * VECTOR_CLONES, which compiles a kernel for AVX-512, AVX2 and baseline x86-64 and lets the
 * loader pick the best the CPU has (GCC's target_clones).
 */
#ifndef SHINSOU_FASTMATH_H
#define SHINSOU_FASTMATH_H

#include <stdint.h>

#if (defined(__x86_64__) || defined(__i386__)) && defined(__linux__) && defined(__GNUC__)
#define VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define VECTOR_CLONES
#endif

/*
 * e^x: x = n·ln2 + r with |r| ≤ ln2/2 and Cephes' degree-6 polynomial for e^r, then 2^n through
 * the exponent bits. About 2 ulp. Below −87.33 (where 2^n would leave the normal range) it is 0;
 * above 88 it saturates at e^88 ≈ 1.7e38 instead of reaching ∞.
 */
static inline float exp_approx(float x) {
  float clamped = x > 88.0f ? 88.0f : x;
  clamped = clamped < -87.33f ? -87.33f : clamped;
  /* Round to nearest by adding and removing 1.5·2^23 (|x·log2 e| < 2^22 here). */
  float n = (clamped * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
  float r = clamped - n * 0.693359375f + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  union { int32_t i; float f; } scale = {((int32_t)n + 127) << 23};
  return x < -87.33f ? 0.0f : p * scale.f;
}

static inline float sigmoid_approx(float x) { return 1.0f / (1.0f + exp_approx(-x)); }

/* tanh x = 1 − 2/(1 + e^2x): within ~1e−7 absolute (relative accuracy is lower near 0). */
static inline float tanh_approx(float x) { return 1.0f - 2.0f / (1.0f + exp_approx(2.0f * x)); }

#endif
