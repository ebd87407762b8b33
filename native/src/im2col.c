/* im2col / col2im for float32 images: the column matrix of sliding windows and its adjoint. */
#include <string.h>

#include "kernels.h"
#include "pool.h"

typedef struct {
  const float *src;
  float *dst;
  const conv_geometry *g;
} im2col_job;

/* One image: rows of the [C·kh·kw, oh·ow] matrix are (channel, ki, kj); columns (oy, ox). */
static void im2col_image(const float *x, float *cols, const conv_geometry *g) {
  long ohw = (long)g->out_h * g->out_w;
  for (int c = 0; c < g->channels; c++) {
    for (int ki = 0; ki < g->kh; ki++) {
      for (int kj = 0; kj < g->kw; kj++) {
        float *row = cols + ((long)(c * g->kh + ki) * g->kw + kj) * ohw;
        for (int oy = 0; oy < g->out_h; oy++) {
          int y = oy * g->sh - g->ph + ki * g->dh;
          float *dst = row + (long)oy * g->out_w;
          if (y < 0 || y >= g->height) {
            memset(dst, 0, sizeof(float) * g->out_w);
            continue;
          }
          const float *src = x + ((long)c * g->height + y) * g->width;
          for (int ox = 0; ox < g->out_w; ox++) {
            int xx = ox * g->sw - g->pw + kj * g->dw;
            dst[ox] = xx >= 0 && xx < g->width ? src[xx] : 0.0f;
          }
        }
      }
    }
  }
}

static void col2im_image(const float *cols, float *x, const conv_geometry *g) {
  long ohw = (long)g->out_h * g->out_w;
  memset(x, 0, sizeof(float) * g->channels * g->height * g->width);
  for (int c = 0; c < g->channels; c++) {
    for (int ki = 0; ki < g->kh; ki++) {
      for (int kj = 0; kj < g->kw; kj++) {
        const float *row = cols + ((long)(c * g->kh + ki) * g->kw + kj) * ohw;
        for (int oy = 0; oy < g->out_h; oy++) {
          int y = oy * g->sh - g->ph + ki * g->dh;
          if (y < 0 || y >= g->height) continue;
          float *dst = x + ((long)c * g->height + y) * g->width;
          const float *src = row + (long)oy * g->out_w;
          for (int ox = 0; ox < g->out_w; ox++) {
            int xx = ox * g->sw - g->pw + kj * g->dw;
            if (xx >= 0 && xx < g->width) dst[xx] += src[ox];
          }
        }
      }
    }
  }
}

static long image_size(const conv_geometry *g) { return (long)g->channels * g->height * g->width; }
static long cols_size(const conv_geometry *g) { return (long)g->channels * g->kh * g->kw * g->out_h * g->out_w; }

static void im2col_task(int n, void *ctx) {
  const im2col_job *j = ctx;
  im2col_image(j->src + n * image_size(j->g), j->dst + n * cols_size(j->g), j->g);
}

static void col2im_task(int n, void *ctx) {
  const im2col_job *j = ctx;
  col2im_image(j->src + n * cols_size(j->g), j->dst + n * image_size(j->g), j->g);
}

/* Images are independent, so the batch is split across the pool when there is enough work. */
static void run_batch(int batch, pool_task task, im2col_job *job) {
  if ((double)batch * cols_size(job->g) < 1 << 18) {
    for (int n = 0; n < batch; n++) task(n, job);
  } else {
    pool_run(batch, task, job);
  }
}

void im2col_f32(const float *x, float *cols, int batch, const conv_geometry *g) {
  im2col_job job = {x, cols, g};
  run_batch(batch, im2col_task, &job);
}

void col2im_f32(const float *cols, float *x, int batch, const conv_geometry *g) {
  im2col_job job = {cols, x, g};
  run_batch(batch, col2im_task, &job);
}
