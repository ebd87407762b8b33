/* Elementwise float32 kernels: binary arithmetic on broadcast strided views, unary math on contiguous arrays. */
#include <math.h>
#include <string.h>

#include "kernels.h"

#define MAX_DIMS 16

/*
 * One loop per stride pattern, so the compiler vectorises the common ones: both operands
 * contiguous, or one of them a broadcast scalar along the row.
 */
#define ROW_LOOP(OUT, EXPR)                                                               \
  do {                                                                                    \
    if (sa == 1 && sb == 1) for (long i = 0; i < n; i++) { float x = a[i], y = b[i]; OUT[i] = (EXPR); } \
    else if (sa == 1 && sb == 0) { float y = b[0]; for (long i = 0; i < n; i++) { float x = a[i]; OUT[i] = (EXPR); } } \
    else if (sa == 0 && sb == 1) { float x = a[0]; for (long i = 0; i < n; i++) { float y = b[i]; OUT[i] = (EXPR); } } \
    else for (long i = 0; i < n; i++) { float x = a[i * sa], y = b[i * sb]; OUT[i] = (EXPR); } \
  } while (0)

/* Applies `op` to each output row: a[i·sa] ∘ b[i·sb] for i < n (floats, or 0/1 bytes for comparisons). */
static void row(int op, const float *a, long sa, const float *b, long sb, void *dst, long n) {
  float *out = dst;
  unsigned char *mask = dst;
  switch (op) {
    case BIN_ADD: ROW_LOOP(out, x + y); break;
    case BIN_SUB: ROW_LOOP(out, x - y); break;
    case BIN_MUL: ROW_LOOP(out, x * y); break;
    case BIN_DIV: ROW_LOOP(out, x / y); break;
    case BIN_MAX: ROW_LOOP(out, x != x || y != y ? NAN : x > y ? x : y); break;
    case BIN_MIN: ROW_LOOP(out, x != x || y != y ? NAN : x < y ? x : y); break;
    case BIN_COPY: if (sa == 1) memcpy(out, a, sizeof(float) * n); else for (long i = 0; i < n; i++) out[i] = a[i * sa]; break;
    case BIN_GT: ROW_LOOP(mask, x > y); break;
    case BIN_GE: ROW_LOOP(mask, x >= y); break;
    case BIN_LT: ROW_LOOP(mask, x < y); break;
    case BIN_LE: ROW_LOOP(mask, x <= y); break;
    case BIN_EQ: ROW_LOOP(mask, x == y); break;
    case BIN_NE: ROW_LOOP(mask, x != y); break;
  }
}

/*
 * Merges each dim into the next inner one where both operands step through them as one
 * (the output is contiguous), so rows get as long as the layout allows. Returns the new ndim.
 */
static int coalesce(int ndim, long *shape, long *sa, long *sb) {
  int out = ndim - 1;
  for (int d = ndim - 2; d >= 0; d--) {
    if (shape[d] == 1) continue; /* never stepped through */
    if (shape[out] == 1) {
      shape[out] = shape[d];
      sa[out] = sa[d];
      sb[out] = sb[d];
    } else if (sa[d] == sa[out] * shape[out] && sb[d] == sb[out] * shape[out]) {
      shape[out] *= shape[d];
    } else {
      out--;
      shape[out] = shape[d];
      sa[out] = sa[d];
      sb[out] = sb[d];
    }
  }
  int kept = ndim - out;
  for (int d = 0; d < kept; d++) {
    shape[d] = shape[out + d];
    sa[d] = sa[out + d];
    sb[d] = sb[out + d];
  }
  return kept;
}

int binary_f32(int op, const float *a, const float *b, void *out, int ndim, const long *shape_in,
               const long *sa_in, const long *sb_in, long oa, long ob) {
  if (ndim > MAX_DIMS || op < BIN_ADD || op > BIN_NE) return 0;
  long size = op >= BIN_GT ? 1 : sizeof(float);
  if (ndim == 0) {
    row(op, a + oa, 0, b + ob, 0, out, 1);
    return 1;
  }
  long shape[MAX_DIMS], sa[MAX_DIMS], sb[MAX_DIMS];
  for (int d = 0; d < ndim; d++) {
    if (shape_in[d] == 0) return 1;
    shape[d] = shape_in[d];
    sa[d] = sa_in[d];
    sb[d] = sb_in[d];
  }
  ndim = coalesce(ndim, shape, sa, sb);
  long n = shape[ndim - 1], rows = 1;
  for (int d = 0; d < ndim - 1; d++) rows *= shape[d];
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
