/*
 * LSTM cell kernels, forward and backward, for `batch` rows of `hidden` units (gate blocks
 * i, f, g, o of each row, as in PyTorch). The gates' sigmoids and tanhs use a branch-free exp so
 * the loops vectorize; each function is compiled for AVX-512, AVX2 and baseline x86-64 and the
 * loader picks the best the CPU has (GCC's target_clones).
 */
#include <stdint.h>

#include "kernels.h"

#if (defined(__x86_64__) || defined(__i386__)) && defined(__linux__) && defined(__GNUC__)
#define VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define VECTOR_CLONES
#endif

/*
 * e^x for float32: x = n·ln2 + r with |r| ≤ ln2/2 and Cephes' degree-6 polynomial for e^r, then
 * 2^n through the exponent bits. About 2 ulp; x is clamped to [−87.3, 88], where 2^n stays a
 * normal number (so e^x saturates near 1e−38 and 1.7e38 instead of reaching 0 or ∞).
 */
static inline float exp_approx(float x) {
  x = x > 88.0f ? 88.0f : x;
  x = x < -87.33f ? -87.33f : x;
  /* Round to nearest by adding and removing 1.5·2^23 (|x·log2 e| < 2^22 here). */
  float n = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
  float r = x - n * 0.693359375f + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  union { int32_t i; float f; } scale = {((int32_t)n + 127) << 23};
  return p * scale.f;
}

static inline float sigmoid_approx(float x) { return 1.0f / (1.0f + exp_approx(-x)); }

/* tanh x = 1 − 2/(1 + e^2x): within ~1e−7 absolute (relative accuracy is lower near 0). */
static inline float tanh_approx(float x) { return 1.0f - 2.0f / (1.0f + exp_approx(2.0f * x)); }

VECTOR_CLONES
void lstm_cell_f32(const float *restrict x_gates, const float *restrict h_gates, const float *restrict c_prev, float *restrict gates,
                   float *restrict c, float *restrict h, long batch, long hidden) {
  const long H = hidden;
  for (long b = 0; b < batch; b++) {
    const float *restrict xg = x_gates + b * 4 * H, *restrict hg = h_gates + b * 4 * H;
    float *restrict gt = gates + b * 4 * H;
    const float *restrict cp = c_prev + b * H;
    float *restrict cb = c + b * H, *restrict hb = h + b * H;
    for (long u = 0; u < H; u++) {
      float i = sigmoid_approx(xg[u] + hg[u]);
      float f = sigmoid_approx(xg[u + H] + hg[u + H]);
      float g = tanh_approx(xg[u + 2 * H] + hg[u + 2 * H]);
      float o = sigmoid_approx(xg[u + 3 * H] + hg[u + 3 * H]);
      gt[u] = i;
      gt[u + H] = f;
      gt[u + 2 * H] = g;
      gt[u + 3 * H] = o;
      float cell = f * cp[u] + i * g;
      cb[u] = cell;
      hb[u] = o * tanh_approx(cell);
    }
  }
}

/* One unit's gradient (see lstm_cell_backward_f32), with dh the total gradient reaching h. */
static inline void unit_backward(const float *restrict gt, long u, long H, float c_prev, float c, float dh, float *restrict dc_carry,
                                 float *restrict dg) {
  float i = gt[u], f = gt[u + H], g = gt[u + 2 * H], o = gt[u + 3 * H];
  float tc = tanh_approx(c);
  float dc = *dc_carry + dh * o * (1.0f - tc * tc);
  dg[u] = dc * g * i * (1.0f - i);
  dg[u + H] = dc * c_prev * f * (1.0f - f);
  dg[u + 2 * H] = dc * i * (1.0f - g * g);
  dg[u + 3 * H] = dh * tc * o * (1.0f - o);
  *dc_carry = dc * f;
}

VECTOR_CLONES
void lstm_cell_backward_f32(const float *restrict gates, const float *restrict c_prev, const float *restrict c,
                            const float *restrict dh_out, const float *restrict dh_next, float *restrict dc_carry,
                            float *restrict d_gates, long batch, long hidden) {
  const long H = hidden;
  for (long b = 0; b < batch; b++) {
    const float *restrict gt = gates + b * 4 * H;
    float *restrict dg = d_gates + b * 4 * H;
    const long s = b * H;
    /* Two loops rather than a test per unit, so both vectorize. */
    if (dh_next) {
      for (long u = 0; u < H; u++) unit_backward(gt, u, H, c_prev[s + u], c[s + u], dh_out[s + u] + dh_next[s + u], &dc_carry[s + u], dg);
    } else {
      for (long u = 0; u < H; u++) unit_backward(gt, u, H, c_prev[s + u], c[s + u], dh_out[s + u], &dc_carry[s + u], dg);
    }
  }
}
