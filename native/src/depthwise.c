/*
 * Depthwise convolution (one filter per channel) computed directly: for each output row and tap,
 * the row of inputs that tap reads is multiplied in whole (a contiguous run when the stride is
 * 1), so the loops vectorize and no column matrix is built. Planes (image, channel) are split
 * across the pool; the weight gradient is split by channel so each thread owns its sums.
 */
#include <string.h>

#include "fastmath.h"
#include "kernels.h"
#include "pool.h"

typedef struct {
  const float *x, *w, *dy;
  float *y, *dx, *dw;
  int batch;
  const conv_geometry *g;
} depthwise_job;

static long plane_size(const conv_geometry *g) { return (long)g->size[0] * g->size[1] * g->size[2]; }
static long out_size(const conv_geometry *g) { return (long)g->out[0] * g->out[1] * g->out[2]; }
static int taps(const conv_geometry *g) { return g->kernel[0] * g->kernel[1] * g->kernel[2]; }

/*
 * For one plane: calls body with `orow` (the output row's offset), `irow` (the input row's
 * offset), `tap`, the run [lo, hi) of valid outputs, `start` (input column of output 0) and
 * `step` (the stride), for every output row and kernel tap.
 */
#define FOR_EACH_ROW_TAP(g, body)                                                                   \
  for (int oz = 0; oz < (g)->out[0]; oz++)                                                         \
    for (int oy = 0; oy < (g)->out[1]; oy++) {                                                     \
      long orow = ((long)oz * (g)->out[1] + oy) * (g)->out[2];                                      \
      for (int kz = 0; kz < (g)->kernel[0]; kz++) {                                                \
        int z = oz * (g)->stride[0] - (g)->padding[0] + kz * (g)->dilation[0];                     \
        if (z < 0 || z >= (g)->size[0]) continue;                                                   \
        for (int ky = 0; ky < (g)->kernel[1]; ky++) {                                              \
          int yy = oy * (g)->stride[1] - (g)->padding[1] + ky * (g)->dilation[1];                  \
          if (yy < 0 || yy >= (g)->size[1]) continue;                                               \
          long irow = ((long)z * (g)->size[1] + yy) * (g)->size[2];                                 \
          for (int kx = 0; kx < (g)->kernel[2]; kx++) {                                            \
            int tap = (kz * (g)->kernel[1] + ky) * (g)->kernel[2] + kx;                             \
            int start = kx * (g)->dilation[2] - (g)->padding[2];                                    \
            int step = (g)->stride[2];                                                              \
            int lo;                                                                                 \
            int hi;                                                                                 \
            window_valid_range((g)->out[2], step, start, (g)->size[2], &lo, &hi);                   \
            body                                                                                    \
          }                                                                                         \
        }                                                                                           \
      }                                                                                             \
    }

VECTOR_CLONES
static void forward_plane(int p, void *ctx) {
  const depthwise_job *j = ctx;
  const conv_geometry *g = j->g;
  const float *restrict x = j->x + p * plane_size(g);
  const float *restrict w = j->w + (long)(p % g->channels) * taps(g);
  float *restrict y = j->y + p * out_size(g);
  memset(y, 0, sizeof(float) * out_size(g));
  FOR_EACH_ROW_TAP(g, {
    const float wt = w[tap];
    float *restrict out = y + orow;
    const float *restrict in = x + irow;
    if (step == 1) for (int o = lo; o < hi; o++) out[o] += wt * in[start + o];
    else for (int o = lo; o < hi; o++) out[o] += wt * in[start + (long)o * step];
  })
}

VECTOR_CLONES
static void input_grad_plane(int p, void *ctx) {
  const depthwise_job *j = ctx;
  const conv_geometry *g = j->g;
  const float *restrict w = j->w + (long)(p % g->channels) * taps(g);
  const float *restrict dy = j->dy + p * out_size(g);
  float *restrict dx = j->dx + p * plane_size(g);
  memset(dx, 0, sizeof(float) * plane_size(g));
  FOR_EACH_ROW_TAP(g, {
    const float wt = w[tap];
    const float *restrict grad = dy + orow;
    float *restrict in = dx + irow;
    if (step == 1) for (int o = lo; o < hi; o++) in[start + o] += wt * grad[o];
    else for (int o = lo; o < hi; o++) in[start + (long)o * step] += wt * grad[o];
  })
}

/* Σ a[i]·b[i] over n floats (vectorised; the pragma cannot sit inside the row macro). */
static inline float dot(const float *restrict a, const float *restrict b, int n) {
  float acc = 0;
#pragma omp simd reduction(+ : acc)
  for (int i = 0; i < n; i++) acc += a[i] * b[i];
  return acc;
}

static inline float strided_dot(const float *restrict grad, const float *restrict in, int lo, int hi, int start, int step) {
  float acc = 0;
  for (int o = lo; o < hi; o++) acc += grad[o] * in[start + (long)o * step];
  return acc;
}

VECTOR_CLONES
static void weight_grad_channel(int c, void *ctx) {
  const depthwise_job *j = ctx;
  const conv_geometry *g = j->g;
  double sums[1024] = {0};
  for (int n = 0; n < j->batch; n++) {
    long p = (long)n * g->channels + c;
    const float *restrict x = j->x + p * plane_size(g);
    const float *restrict dy = j->dy + p * out_size(g);
    FOR_EACH_ROW_TAP(g, {
      const float *restrict grad = dy + orow;
      const float *restrict in = x + irow;
      sums[tap] += step == 1 ? dot(grad + lo, in + start + lo, hi - lo) : strided_dot(grad, in, lo, hi, start, step);
    })
  }
  for (int t = 0; t < taps(g); t++) j->dw[(long)c * taps(g) + t] = (float)sums[t];
}

/* Plane-parallel work only pays for itself past this many multiply-adds. */
#define PARALLEL_WORK 2e5

static void run(int count, pool_task task, depthwise_job *job) {
  if ((double)job->batch * job->g->channels * out_size(job->g) * taps(job->g) < PARALLEL_WORK) {
    for (int i = 0; i < count; i++) task(i, job);
  } else {
    pool_run(count, task, job);
  }
}

int depthwise_conv_f32(const float *x, const float *w, float *y, int batch, const conv_geometry *g) {
  depthwise_job job = {x, w, NULL, y, NULL, NULL, batch, g};
  run(batch * g->channels, forward_plane, &job);
  return 1;
}

int depthwise_conv_backward_f32(const float *x, const float *w, const float *dy, float *dx, float *dw, int batch, const conv_geometry *g) {
  if (dw && taps(g) > 1024) return 0;
  depthwise_job job = {x, w, dy, NULL, dx, dw, batch, g};
  if (dx) run(batch * g->channels, input_grad_plane, &job);
  if (dw) run(g->channels, weight_grad_channel, &job);
  return 1;
}
