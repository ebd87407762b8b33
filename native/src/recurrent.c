/*
 * LSTM, GRU and Elman cell kernels, forward and backward, for `batch` rows of `hidden` units
 * (gate blocks i, f, g, o or r, z, n of each row, as in PyTorch). The gates' sigmoids and tanhs use fastmath.h's
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

/* GRU step, gate blocks r, z, n per row; h_gates lacks b_hh, added here (b_hn sits inside r * (.)). */
VECTOR_CLONES
void gru_cell_f32(const float *restrict x_gates, const float *restrict h_gates, const float *restrict b_hh, const float *restrict h_prev,
                  float *restrict saved, float *restrict h, long batch, long hidden) {
  const long H = hidden;
  for (long b = 0; b < batch; b++) {
    const float *restrict xg = x_gates + b * 3 * H, *restrict hg = h_gates + b * 3 * H;
    const float *restrict hp = h_prev + b * H;
    float *restrict sv = saved + b * 4 * H, *restrict hb = h + b * H;
    for (long u = 0; u < H; u++) {
      float r = sigmoid_approx(xg[u] + hg[u] + b_hh[u]);
      float z = sigmoid_approx(xg[u + H] + hg[u + H] + b_hh[u + H]);
      float hn = hg[u + 2 * H] + b_hh[u + 2 * H];
      float n = tanh_approx(xg[u + 2 * H] + r * hn);
      sv[u] = r;
      sv[u + H] = z;
      sv[u + 2 * H] = n;
      sv[u + 3 * H] = hn;
      hb[u] = (1.0f - z) * n + z * hp[u];
    }
  }
}

static inline void gru_unit_backward(const float *restrict sv, long u, long H, float h_prev, float dh, float *restrict dxg, float *restrict dhg,
                                     float *restrict carry) {
  float r = sv[u], z = sv[u + H], n = sv[u + 2 * H], hn = sv[u + 3 * H];
  float dn_pre = dh * (1.0f - z) * (1.0f - n * n);
  float dr_pre = dn_pre * hn * r * (1.0f - r);
  float dz_pre = dh * (h_prev - n) * z * (1.0f - z);
  dxg[u] = dr_pre;
  dxg[u + H] = dz_pre;
  dxg[u + 2 * H] = dn_pre;
  dhg[u] = dr_pre;
  dhg[u + H] = dz_pre;
  dhg[u + 2 * H] = dn_pre * r;
  *carry = dh * z;
}

VECTOR_CLONES
void gru_cell_backward_f32(const float *restrict saved, const float *restrict h_prev, const float *restrict dh_out, const float *restrict dh_next,
                           float *restrict dx_gates, float *restrict dh_gates, float *restrict dh_carry, long batch, long hidden) {
  const long H = hidden;
  for (long b = 0; b < batch; b++) {
    const float *restrict sv = saved + b * 4 * H;
    float *restrict dxg = dx_gates + b * 3 * H, *restrict dhg = dh_gates + b * 3 * H;
    const long s = b * H;
    if (dh_next) {
      for (long u = 0; u < H; u++) gru_unit_backward(sv, u, H, h_prev[s + u], dh_out[s + u] + dh_next[s + u], dxg, dhg, &dh_carry[s + u]);
    } else {
      for (long u = 0; u < H; u++) gru_unit_backward(sv, u, H, h_prev[s + u], dh_out[s + u], dxg, dhg, &dh_carry[s + u]);
    }
  }
}

/* Elman step: h = tanh(x + hh) or relu(x + hh), n values. */
VECTOR_CLONES
void rnn_cell_f32(const float *restrict x_gates, const float *restrict h_gates, float *restrict h, long n, int relu) {
  if (relu) {
    for (long i = 0; i < n; i++) {
      float v = x_gates[i] + h_gates[i];
      h[i] = v > 0.0f ? v : 0.0f;
    }
  } else {
    for (long i = 0; i < n; i++) h[i] = tanh_approx(x_gates[i] + h_gates[i]);
  }
}

VECTOR_CLONES
void rnn_cell_backward_f32(const float *restrict h, const float *restrict dh_out, const float *restrict dh_next, float *restrict d_pre, long n,
                           int relu) {
  for (long i = 0; i < n; i++) {
    float dh = dh_out[i] + (dh_next ? dh_next[i] : 0.0f);
    d_pre[i] = relu ? (h[i] > 0.0f ? dh : 0.0f) : dh * (1.0f - h[i] * h[i]);
  }
}
