/*
 * LSTM cell kernels, forward and backward, for `batch` rows of `hidden` units (gate blocks
 * i, f, g, o of each row, as in PyTorch). The gates' sigmoids and tanhs use fastmath.h's
 * branch-free exp, so the loops vectorize.
 */
#include "fastmath.h"
#include "kernels.h"

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
