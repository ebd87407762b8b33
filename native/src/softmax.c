/*
 * Softmax and log-softmax over the rows of a contiguous [rows, size] array, forward and backward.
 * Each row is shifted by its maximum; a row holding NaN gives NaN, as PyTorch's does.
 */
#include <math.h>

#include "fastmath.h"
#include "kernels.h"

VECTOR_CLONES
void softmax_f32(const float *restrict x, float *restrict y, long rows, long size, int log_form) {
  for (long r = 0; r < rows; r++) {
    const float *restrict xr = x + r * size;
    float *restrict yr = y + r * size;
    float peak = -INFINITY;
    int nan = 0;
    for (long i = 0; i < size; i++) {
      peak = xr[i] > peak ? xr[i] : peak;
      nan |= xr[i] != xr[i];
    }
    if (nan) peak = NAN;
    /* The log form shifts an infinite peak by 0, so an all-(−∞) row gives NaN as in the js kernel. */
    float shift = log_form && !isfinite(peak) ? 0.0f : peak;
    for (long i = 0; i < size; i++) yr[i] = exp_approx(xr[i] - shift);
    float total = 0;
    for (long i = 0; i < size; i++) total += yr[i];
    if (nan) total = NAN;
    if (log_form) {
      /* (x − shift) − log Σ keeps the precision of the shifted values, as PyTorch's kernel does. */
      float log_total = logf(total);
      for (long i = 0; i < size; i++) yr[i] = (xr[i] - shift) - log_total;
    } else {
      float inv = 1.0f / total;
      for (long i = 0; i < size; i++) yr[i] *= inv;
    }
  }
}

VECTOR_CLONES
void softmax_backward_f32(const float *restrict y, const float *restrict g, float *restrict dx, long rows, long size, int log_form) {
  for (long r = 0; r < rows; r++) {
    const float *restrict yr = y + r * size, *restrict gr = g + r * size;
    float *restrict dr = dx + r * size;
    float dot = 0;
    if (log_form) {
      for (long i = 0; i < size; i++) dot += gr[i];
      for (long i = 0; i < size; i++) dr[i] = gr[i] - exp_approx(yr[i]) * dot;
    } else {
      for (long i = 0; i < size; i++) dot += gr[i] * yr[i];
      for (long i = 0; i < size; i++) dr[i] = yr[i] * (gr[i] - dot);
    }
  }
}
