/*
 * Normalization kernels over contiguous [outer, channels, inner] data, per channel (over outer and
 * inner): moments, standardising with them, and the closed-form gradient of that (the js kernels'
 * formulas, src/backend/js/normalization.ts). Sums accumulate in double.
 */
#include "fastmath.h"
#include "kernels.h"

/* Sum and sum of squares of n floats, in double, from float partial sums over blocks (vectorised). */
VECTOR_CLONES
static void sums(const float *restrict x, long n, double shift, double *sum, double *sq) {
  double s = 0, q = 0;
  const float fs = (float)shift;
  for (long i = 0; i < n; i += 256) {
    long end = i + 256 < n ? i + 256 : n;
    float bs = 0, bq = 0;
#pragma omp simd reduction(+ : bs, bq)
    for (long j = i; j < end; j++) {
      float d = x[j] - fs;
      bs += d;
      bq += d * d;
    }
    s += bs;
    q += bq;
  }
  *sum += s;
  *sq += q;
}

void moments_f32(const float *x, long outer, long channels, long inner, double *mean, double *variance) {
  const double count = (double)outer * inner;
  for (long c = 0; c < channels; c++) {
    /* Shifting by the channel's first value keeps the one-pass variance exact enough. */
    double shift = outer * inner > 0 ? x[c * inner] : 0, sum = 0, sq = 0;
    for (long o = 0; o < outer; o++) sums(x + (o * channels + c) * inner, inner, shift, &sum, &sq);
    double m = sum / count;
    mean[c] = shift + m;
    variance[c] = sq / count - m * m;
    if (variance[c] < 0) variance[c] = 0;
  }
}

VECTOR_CLONES
void standardize_f32(const float *restrict x, float *restrict out, long outer, long channels, long inner, const double *mean, const double *invstd,
                     const double *weight, const double *bias) {
  for (long o = 0; o < outer; o++) {
    for (long c = 0; c < channels; c++) {
      const float m = (float)mean[c], k = (float)invstd[c];
      const float *restrict src = x + (o * channels + c) * inner;
      float *restrict dst = out + (o * channels + c) * inner;
      if (!weight) {
        for (long i = 0; i < inner; i++) dst[i] = (src[i] - m) * k;
      } else {
        const float scale = (float)(invstd[c] * weight[c]), shift = (float)bias[c];
        for (long i = 0; i < inner; i++) dst[i] = (src[i] - m) * scale + shift;
      }
    }
  }
}

VECTOR_CLONES
void standardize_backward_f32(const float *restrict dy, const float *restrict x, float *restrict dx, long outer, long channels, long inner,
                              const double *mean, const double *invstd, const double *weight, double *sums) {
  const double count = (double)outer * inner;
  for (long c = 0; c < channels; c++) {
    const float m = (float)mean[c];
    double sum_dy = 0, sum_dy_centered = 0;
    for (long o = 0; o < outer; o++) {
      const float *restrict g = dy + (o * channels + c) * inner, *restrict v = x + (o * channels + c) * inner;
      for (long i = 0; i < inner; i += 256) {
        long end = i + 256 < inner ? i + 256 : inner;
        float a = 0, b = 0;
#pragma omp simd reduction(+ : a, b)
        for (long j = i; j < end; j++) {
          a += g[j];
          b += g[j] * (v[j] - m);
        }
        sum_dy += a;
        sum_dy_centered += b;
      }
    }
    if (sums) {
      sums[c] = sum_dy;
      sums[channels + c] = sum_dy_centered;
    }
    const float k = (float)(weight ? invstd[c] * weight[c] : invstd[c]), a = (float)(sum_dy / count),
                b = (float)(sum_dy_centered * invstd[c] * invstd[c] / count);
    for (long o = 0; o < outer; o++) {
      const float *restrict g = dy + (o * channels + c) * inner, *restrict v = x + (o * channels + c) * inner;
      float *restrict d = dx + (o * channels + c) * inner;
      for (long i = 0; i < inner; i++) d[i] = k * (g[i] - a - (v[i] - m) * b);
    }
  }
}

/* Σ of n floats: float partial sums over blocks of 256 (vectorised), added up in double. */
static double block_sum(const float *restrict x, long n) {
  double total = 0;
  for (long i = 0; i < n; i += 256) {
    long end = i + 256 < n ? i + 256 : n;
    float part = 0;
#pragma omp simd reduction(+ : part)
    for (long j = i; j < end; j++) part += x[j];
    total += part;
  }
  return total;
}

VECTOR_CLONES
int sum_f32(const float *restrict x, float *restrict out, long outer, long size, long inner, double *scratch) {
  if (inner == 1 && size <= 8) {
    /* Short rows (e.g. a complex pair's re² + im²): added in order in float; a block's set-up would cost more than the row. */
    for (long o = 0; o < outer; o++) {
      float total = 0;
      for (long i = 0; i < size; i++) total += x[o * size + i];
      out[o] = total;
    }
    return 1;
  }
  if (inner == 1) {
    for (long o = 0; o < outer; o++) out[o] = (float)block_sum(x + o * size, size);
    return 1;
  }
  /* Rows are added in order into an inner-wide accumulator: float over blocks of rows, then double. */
  double *acc = scratch;
  float *part = (float *)(scratch + inner);
  for (long o = 0; o < outer; o++) {
    for (long j = 0; j < inner; j++) acc[j] = 0;
    for (long i = 0; i < size; i += 256) {
      long end = i + 256 < size ? i + 256 : size;
      for (long j = 0; j < inner; j++) part[j] = 0;
      for (long r = i; r < end; r++) {
        const float *restrict row = x + (o * size + r) * inner;
        for (long j = 0; j < inner; j++) part[j] += row[j];
      }
      for (long j = 0; j < inner; j++) acc[j] += part[j];
    }
    for (long j = 0; j < inner; j++) out[o * inner + j] = (float)acc[j];
  }
  return 1;
}
