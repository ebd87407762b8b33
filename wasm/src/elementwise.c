/*
 * Elementwise, reduction, random-mask and optimizer kernels for WebAssembly with 128-bit SIMD, on
 * float32 arrays the caller (src/backend/wasm/elementwise.ts) places in linear memory: binary
 * arithmetic with one operand repeated (a bias row, a scalar), the correctly rounded unary ops
 * (e^x and friends stay js's, whose Math functions are exact to an ulp), strided copies, sums,
 * the ReLU gradient, dropout masks, and the Adam and SGD updates.
 */
#include <wasm_simd128.h>

enum { ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM };
enum { NEG, ABS, RELU, SQRT };

static v128_t unary4(int op, v128_t x) {
  switch (op) {
    case NEG: return wasm_f32x4_neg(x);
    case ABS: return wasm_f32x4_abs(x);
    /* x ≤ 0 → 0, so NaN stays NaN as in the js kernel */
    case RELU: return wasm_v128_bitselect(wasm_f32x4_splat(0.0f), x, wasm_f32x4_le(x, wasm_f32x4_splat(0.0f)));
    default: return wasm_f32x4_sqrt(x);
  }
}

/* out = op(x) over n floats. */
__attribute__((export_name("unary_f32")))
void unary_f32(int op, const float *x, float *out, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(out + i, unary4(op, wasm_v128_load(x + i)));
  if (i < n) {
    float in[4] = {0, 0, 0, 0}, res[4];
    for (int j = i; j < n; j++) in[j - i] = x[j];
    wasm_v128_store(res, unary4(op, wasm_v128_load(in)));
    for (int j = i; j < n; j++) out[j] = res[j - i];
  }
}

static v128_t binary4(int op, v128_t a, v128_t b) {
  switch (op) {
    case ADD: return wasm_f32x4_add(a, b);
    case SUB: return wasm_f32x4_sub(a, b);
    case MUL: return wasm_f32x4_mul(a, b);
    case DIV: return wasm_f32x4_div(a, b);
    /* f32x4.max/min give NaN when either lane is NaN, as torch.maximum/minimum */
    case MAXIMUM: return wasm_f32x4_max(a, b);
    default: return wasm_f32x4_min(a, b);
  }
}

static float binary1(int op, float a, float b) {
  v128_t r = binary4(op, wasm_f32x4_splat(a), wasm_f32x4_splat(b));
  return wasm_f32x4_extract_lane(r, 0);
}

/*
 * out[i] = a[i] op b[i mod period] for i < n — or, with `swapped`, b[i mod period] op a[i] — where
 * b is a block of `period` floats repeated (the whole array, a bias row, or a scalar).
 */
__attribute__((export_name("binary_f32")))
void binary_f32(int op, const float *a, const float *b, float *out, int n, int period, int swapped) {
  if (period == 1) {
    v128_t s = wasm_f32x4_splat(b[0]);
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      v128_t v = wasm_v128_load(a + i);
      wasm_v128_store(out + i, swapped ? binary4(op, s, v) : binary4(op, v, s));
    }
    for (; i < n; i++) out[i] = swapped ? binary1(op, b[0], a[i]) : binary1(op, a[i], b[0]);
    return;
  }
  for (int start = 0; start < n; start += period) {
    const float *x = a + start;
    float *y = out + start;
    int i = 0;
    for (; i + 4 <= period; i += 4) {
      v128_t u = wasm_v128_load(x + i), v = wasm_v128_load(b + i);
      wasm_v128_store(y + i, swapped ? binary4(op, v, u) : binary4(op, u, v));
    }
    for (; i < period; i++) y[i] = swapped ? binary1(op, b[i], x[i]) : binary1(op, x[i], b[i]);
  }
}

/* out[i] = y[i] > threshold ? g[i] : 0 (the ReLU family's gradient). */
__attribute__((export_name("threshold_backward_f32")))
void threshold_backward_f32(const float *g, const float *y, float *out, int n, float threshold) {
  v128_t t = wasm_f32x4_splat(threshold), zero = wasm_f32x4_splat(0.0f);
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(out + i, wasm_v128_bitselect(wasm_v128_load(g + i), zero, wasm_f32x4_gt(wasm_v128_load(y + i), t)));
  for (; i < n; i++) out[i] = y[i] > threshold ? g[i] : 0.0f;
}

/*
 * One Adam step in place, the js kernel's formula: θ' = θ·shrink, g' = g + l2·θ', m and v their
 * moving averages (vmax, unless null, their running maximum), θ ← θ' − step·m / (√v / c2 + eps).
 */
__attribute__((export_name("adam_update_f32")))
void adam_update_f32(float *p, const float *g, float *m, float *v, float *vmax, int n, float beta1, float beta2, float eps,
                     float shrink, float l2, float step, float c2) {
  const v128_t b1 = wasm_f32x4_splat(beta1), b2 = wasm_f32x4_splat(beta2), r1 = wasm_f32x4_splat(1.0f - beta1), r2 = wasm_f32x4_splat(1.0f - beta2);
  const v128_t ve = wasm_f32x4_splat(eps), vs = wasm_f32x4_splat(shrink), vl2 = wasm_f32x4_splat(l2), vstep = wasm_f32x4_splat(step), vc2 = wasm_f32x4_splat(c2);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t theta = wasm_f32x4_mul(wasm_v128_load(p + i), vs);
    v128_t grad = wasm_f32x4_add(wasm_v128_load(g + i), wasm_f32x4_mul(vl2, theta));
    v128_t mi = wasm_f32x4_add(wasm_f32x4_mul(b1, wasm_v128_load(m + i)), wasm_f32x4_mul(r1, grad));
    v128_t vi = wasm_f32x4_add(wasm_f32x4_mul(b2, wasm_v128_load(v + i)), wasm_f32x4_mul(wasm_f32x4_mul(r2, grad), grad));
    wasm_v128_store(m + i, mi);
    wasm_v128_store(v + i, vi);
    if (vmax) {
      vi = wasm_f32x4_max(wasm_v128_load(vmax + i), vi);
      wasm_v128_store(vmax + i, vi);
    }
    v128_t denominator = wasm_f32x4_add(wasm_f32x4_div(wasm_f32x4_sqrt(vi), vc2), ve);
    wasm_v128_store(p + i, wasm_f32x4_sub(theta, wasm_f32x4_div(wasm_f32x4_mul(vstep, mi), denominator)));
  }
  for (; i < n; i++) {
    float theta = p[i] * shrink;
    float grad = g[i] + l2 * theta;
    float mi = m[i] = beta1 * m[i] + (1.0f - beta1) * grad;
    float vi = v[i] = beta2 * v[i] + (1.0f - beta2) * grad * grad;
    if (vmax) vi = vmax[i] = binary1(MAXIMUM, vmax[i], vi);
    p[i] = theta - step * mi / (__builtin_sqrtf(vi) / c2 + eps);
  }
}

/*
 * dst (contiguous) = the strided view of src with shape (d0, d1, d2, d3) and strides (s0, s1, s2,
 * s3) in elements, all non-negative (a transposed or sliced tensor made contiguous).
 */
__attribute__((export_name("copy_strided_f32")))
void copy_strided_f32(const float *src, float *dst, int d0, int d1, int d2, int d3, int s0, int s1, int s2, int s3) {
  for (int i = 0; i < d0; i++)
    for (int j = 0; j < d1; j++)
      for (int k = 0; k < d2; k++) {
        const float *row = src + (long)i * s0 + (long)j * s1 + (long)k * s2;
        if (s3 == 1)
          for (int l = 0; l < d3; l++) dst[l] = row[l];
        else
          for (int l = 0; l < d3; l++) dst[l] = row[(long)l * s3];
        dst += d3;
      }
}

/*
 * out[o, j] = Σ_i x[o, i, j] for contiguous x [outer, size, inner], added in double in row order
 * as the js kernel does (`acc` holds inner doubles of scratch).
 */
__attribute__((export_name("sum_f32")))
void sum_f32(const float *x, float *out, int outer, int size, int inner, double *acc) {
  for (int o = 0; o < outer; o++) {
    for (int j = 0; j < inner; j++) acc[j] = 0;
    for (int i = 0; i < size; i++, x += inner)
      for (int j = 0; j < inner; j++) acc[j] += (double)x[j];
    for (int j = 0; j < inner; j++) out[(long)o * inner + j] = (float)acc[j];
  }
}

/* One SGD step in place, in double as the js kernel: d = g + λθ; b = d (first step) or μb + (1 − τ)d; d = d + μb (Nesterov) or b; θ −= lr·d. */
__attribute__((export_name("sgd_update_f32")))
void sgd_update_f32(float *p, const float *g, float *buf, int n, double lr, double momentum, double dampening, int nesterov,
                    double weight_decay, int first_step) {
  for (int i = 0; i < n; i++) {
    double d = g[i] + weight_decay * p[i];
    if (buf) {
      /* as js's `b = (buf[i] = …)`: the unrounded value goes on */
      double b = first_step ? d : momentum * buf[i] + (1 - dampening) * d;
      buf[i] = (float)b;
      d = nesterov ? d + momentum * b : b;
    }
    p[i] = (float)(p[i] - lr * d);
  }
}

/* Dropout masks: out[i] = value where the i-th xoshiro128** draw from `state` (advanced in place) is below limit = p·2³², else 0 — js's stream. */
__attribute__((export_name("bernoulli_f32")))
void bernoulli_f32(unsigned *state, float *out, int n, double limit, float value) {
  unsigned s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3];
  for (int i = 0; i < n; i++) {
    unsigned m = s1 * 5u, r = ((m << 7) | (m >> 25)) * 9u, t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >> 21);
    out[i] = (double)r < limit ? value : 0.0f;
  }
  state[0] = s0, state[1] = s1, state[2] = s2, state[3] = s3;
}
