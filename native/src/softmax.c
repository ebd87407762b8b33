/*
 * Softmax and log-softmax over the rows of a contiguous [rows, size] array, forward and backward.
 * Each row is shifted by its maximum; a row holding NaN gives NaN, as PyTorch's does. Rows are
 * split across the pool when there are many (attention's [batch·heads·queries, keys] rows).
 */
#include <math.h>
#include <stddef.h>

#include "fastmath.h"
#include "kernels.h"
#include "pool.h"

/* Elements from which the rows are split across the pool. */
#define SPLIT (1L << 15)

VECTOR_CLONES
static void softmax_rows(const float *restrict x, float *restrict y, long lo, long hi, long size, int log_form) {
  for (long r = lo; r < hi; r++) {
    const float *restrict xr = x + r * size;
    float *restrict yr = y + r * size;
    float peak = -INFINITY;
    int nan = 0;
#pragma omp simd reduction(max : peak) reduction(| : nan)
    for (long i = 0; i < size; i++) {
      peak = xr[i] > peak ? xr[i] : peak;
      nan |= xr[i] != xr[i];
    }
    if (nan) peak = NAN;
    /* The log form shifts an infinite peak by 0, so an all-(−∞) row gives NaN as in the js kernel. */
    float shift = log_form && !isfinite(peak) ? 0.0f : peak;
    float total = 0;
#pragma omp simd reduction(+ : total)
    for (long i = 0; i < size; i++) {
      float e = exp_approx(xr[i] - shift);
      yr[i] = e;
      total += e;
    }
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
static void softmax_backward_rows(const float *restrict y, const float *restrict g, float *restrict dx, long lo, long hi, long size, int log_form) {
  for (long r = lo; r < hi; r++) {
    const float *restrict yr = y + r * size, *restrict gr = g + r * size;
    float *restrict dr = dx + r * size;
    float dot = 0;
    if (log_form) {
#pragma omp simd reduction(+ : dot)
      for (long i = 0; i < size; i++) dot += gr[i];
      for (long i = 0; i < size; i++) dr[i] = gr[i] - exp_approx(yr[i]) * dot;
    } else {
#pragma omp simd reduction(+ : dot)
      for (long i = 0; i < size; i++) dot += gr[i] * yr[i];
      for (long i = 0; i < size; i++) dr[i] = yr[i] * (gr[i] - dot);
    }
  }
}

typedef struct {
  const float *a, *b;
  float *out;
  long rows, size;
  int log_form, backward, parts;
} softmax_job;

static void softmax_task(int t, void *ctx) {
  const softmax_job *j = ctx;
  long lo = j->rows * t / j->parts, hi = j->rows * (t + 1) / j->parts;
  if (j->backward) softmax_backward_rows(j->a, j->b, j->out, lo, hi, j->size, j->log_form);
  else softmax_rows(j->a, j->out, lo, hi, j->size, j->log_form);
}

static void run_softmax(softmax_job *j) {
  pool_prefault(j->out, j->rows * j->size);
  j->parts = j->rows * j->size >= SPLIT && j->rows > 1 && pool_threads() > 1 ? pool_threads() : 1;
  if (j->parts == 1) softmax_task(0, j);
  else pool_run(j->parts, softmax_task, j);
}

void softmax_f32(const float *restrict x, float *restrict y, long rows, long size, int log_form) {
  softmax_job j = {x, NULL, y, rows, size, log_form, 0, 1};
  run_softmax(&j);
}

void softmax_backward_f32(const float *restrict y, const float *restrict g, float *restrict dx, long rows, long size, int log_form) {
  softmax_job j = {y, g, dx, rows, size, log_form, 1, 1};
  run_softmax(&j);
}
