/* Elementwise float32 kernels: binary arithmetic on broadcast strided views, unary math on contiguous arrays. */
#include <math.h>

#include "kernels.h"

#define MAX_DIMS 16

/* Applies `op` to each output row: a[pa + i·sa] ∘ b[pb + i·sb] for i < n (floats, or 0/1 bytes for comparisons). */
static void row(int op, const float *a, long sa, const float *b, long sb, void *dst, long n) {
  float *out = dst;
  unsigned char *mask = dst;
  switch (op) {
    case BIN_ADD: for (long i = 0; i < n; i++) out[i] = a[i * sa] + b[i * sb]; break;
    case BIN_SUB: for (long i = 0; i < n; i++) out[i] = a[i * sa] - b[i * sb]; break;
    case BIN_MUL: for (long i = 0; i < n; i++) out[i] = a[i * sa] * b[i * sb]; break;
    case BIN_DIV: for (long i = 0; i < n; i++) out[i] = a[i * sa] / b[i * sb]; break;
    case BIN_MAX: for (long i = 0; i < n; i++) { float x = a[i * sa], y = b[i * sb]; out[i] = x != x || y != y ? NAN : x > y ? x : y; } break;
    case BIN_MIN: for (long i = 0; i < n; i++) { float x = a[i * sa], y = b[i * sb]; out[i] = x != x || y != y ? NAN : x < y ? x : y; } break;
    case BIN_COPY: for (long i = 0; i < n; i++) out[i] = a[i * sa]; break;
    case BIN_GT: for (long i = 0; i < n; i++) mask[i] = a[i * sa] > b[i * sb]; break;
    case BIN_GE: for (long i = 0; i < n; i++) mask[i] = a[i * sa] >= b[i * sb]; break;
    case BIN_LT: for (long i = 0; i < n; i++) mask[i] = a[i * sa] < b[i * sb]; break;
    case BIN_LE: for (long i = 0; i < n; i++) mask[i] = a[i * sa] <= b[i * sb]; break;
    case BIN_EQ: for (long i = 0; i < n; i++) mask[i] = a[i * sa] == b[i * sb]; break;
    case BIN_NE: for (long i = 0; i < n; i++) mask[i] = a[i * sa] != b[i * sb]; break;
  }
}

int binary_f32(int op, const float *a, const float *b, void *out, int ndim, const long *shape,
               const long *sa, const long *sb, long oa, long ob) {
  if (ndim > MAX_DIMS || op < BIN_ADD || op > BIN_NE) return 0;
  long size = op >= BIN_GT ? 1 : sizeof(float);
  if (ndim == 0) {
    row(op, a + oa, 0, b + ob, 0, out, 1);
    return 1;
  }
  long n = shape[ndim - 1], rows = 1;
  for (int d = 0; d < ndim - 1; d++) rows *= shape[d];
  if (n == 0 || rows == 0) return 1;
  long counter[MAX_DIMS] = {0};
  long pa = oa, pb = ob;
  for (long r = 0; r < rows; r++) {
    row(op, a + pa, sa[ndim - 1], b + pb, sb[ndim - 1], (char *)out + r * n * size, n);
    for (int d = ndim - 2; d >= 0; d--) {
      pa += sa[d];
      pb += sb[d];
      if (++counter[d] < shape[d]) break;
      pa -= sa[d] * shape[d];
      pb -= sb[d] * shape[d];
      counter[d] = 0;
    }
  }
  return 1;
}

int where_f32(const unsigned char *cond, const float *a, const float *b, float *out, int ndim, const long *shape,
              const long *sc, const long *sa, const long *sb, long oc, long oa, long ob) {
  if (ndim > MAX_DIMS) return 0;
  long n = ndim == 0 ? 1 : shape[ndim - 1], rows = 1;
  for (int d = 0; d < ndim - 1; d++) rows *= shape[d];
  if (n == 0 || rows == 0) return 1;
  long counter[MAX_DIMS] = {0};
  long pc = oc, pa = oa, pb = ob;
  const long tc = ndim ? sc[ndim - 1] : 0, ta = ndim ? sa[ndim - 1] : 0, tb = ndim ? sb[ndim - 1] : 0;
  for (long r = 0; r < rows; r++) {
    float *row = out + r * n;
    for (long i = 0; i < n; i++) row[i] = cond[pc + i * tc] ? a[pa + i * ta] : b[pb + i * tb];
    for (int d = ndim - 2; d >= 0; d--) {
      pc += sc[d];
      pa += sa[d];
      pb += sb[d];
      if (++counter[d] < shape[d]) break;
      pc -= sc[d] * shape[d];
      pa -= sa[d] * shape[d];
      pb -= sb[d] * shape[d];
      counter[d] = 0;
    }
  }
  return 1;
}

int unary_f32(int op, const float *x, float *out, long n) {
  switch (op) {
    case UN_NEG: for (long i = 0; i < n; i++) out[i] = -x[i]; break;
    case UN_EXP: for (long i = 0; i < n; i++) out[i] = expf(x[i]); break;
    case UN_LOG: for (long i = 0; i < n; i++) out[i] = logf(x[i]); break;
    case UN_SQRT: for (long i = 0; i < n; i++) out[i] = sqrtf(x[i]); break;
    case UN_TANH: for (long i = 0; i < n; i++) out[i] = tanhf(x[i]); break;
    case UN_RELU: for (long i = 0; i < n; i++) out[i] = x[i] <= 0 ? 0.0f : x[i]; /* keeps NaN */ break;
    case UN_SIGMOID:
      for (long i = 0; i < n; i++) {
        float v = x[i];
        if (v >= 0) out[i] = 1.0f / (1.0f + expf(-v));
        else { float e = expf(v); out[i] = e / (1.0f + e); }
      }
      break;
    default: return 0;
  }
  return 1;
}
