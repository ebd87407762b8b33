/*
 * im2col / col2im for float32 volumes (the column matrix of sliding windows and its adjoint), and
 * the positions of max-pooling windows. Every window op is seen as 3-D (1-D and 2-D ones have unit
 * depth and height), so one kernel serves all ranks; the unit dimensions cost one trivial loop iteration.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fastmath.h"
#include "gemm.h"
#include "kernels.h"
#include "pool.h"

#ifdef __x86_64__
#include <immintrin.h>
#endif

typedef struct {
  const float *src;
  float *dst;
  const conv_geometry *g;
  /* Columns [batch, C·Πk, L] (0), or [C·Πk, batch, L] with every image's rows side by side (1). */
  int batch_inner;
  int batch;
} im2col_job;

static long plane_out(const conv_geometry *g) { return (long)g->out[1] * g->out[2]; }

/*
 * Visits row (c, kz, ky, kx) of one volume's [C·kd·kh·kw, od·oh·ow] matrix (rows `row_stride`
 * apart in the column array), one output depth slice at a time: `plane_offset` is the input
 * plane the slice reads (−1 in the depth padding), `col_offset` where the slice's columns go.
 */
#define FOR_EACH_ROW_SLICE(g, row_stride, body)                                                         \
  for (int c = 0; c < (g)->channels; c++)                                                  \
    for (int kz = 0; kz < (g)->kernel[0]; kz++)                                             \
      for (int ky = 0; ky < (g)->kernel[1]; ky++)                                           \
        for (int kx = 0; kx < (g)->kernel[2]; kx++) {                                       \
          long row_index = ((long)((c * (g)->kernel[0] + kz) * (g)->kernel[1] + ky)) * (g)->kernel[2] + kx; \
          for (int oz = 0; oz < (g)->out[0]; oz++) {                                        \
            int z = oz * (g)->stride[0] - (g)->padding[0] + kz * (g)->dilation[0];          \
            long col_offset = row_index * (row_stride) + oz * plane_out(g);                  \
            long plane_offset = z < 0 || z >= (g)->size[0] ? -1                            \
              : ((long)c * (g)->size[0] + z) * (g)->size[1] * (g)->size[2];                 \
            body                                                                            \
          }                                                                                 \
        }

/* Taking the range once lets the copies below run without a bounds test per element. */
void window_valid_range(int out, int stride, int start, int size, int *lo, int *hi) {
  int l = start >= 0 ? 0 : (-start + stride - 1) / stride;
  int h = size - start <= 0 ? 0 : (size - start + stride - 1) / stride;
  *lo = l < out ? l : out;
  *hi = h < out ? (h > *lo ? h : *lo) : out;
}

static void im2col_volume(const float *x, float *cols, const conv_geometry *g, long row_stride) {
  FOR_EACH_ROW_SLICE(g, row_stride, {
    float *out = cols + col_offset;
    if (plane_offset < 0) {
      memset(out, 0, sizeof(float) * plane_out(g));
      continue;
    }
    const int start = kx * g->dilation[2] - g->padding[2];
    const int step = g->stride[2];
    int lo;
    int hi;
    window_valid_range(g->out[2], step, start, g->size[2], &lo, &hi);
    for (int oy = 0; oy < g->out[1]; oy++) {
      int y = oy * g->stride[1] - g->padding[1] + ky * g->dilation[1];
      float *dst = out + (long)oy * g->out[2];
      if (y < 0 || y >= g->size[1]) {
        memset(dst, 0, sizeof(float) * g->out[2]);
        continue;
      }
      const float *row = x + plane_offset + (long)y * g->size[2];
      for (int ox = 0; ox < lo; ox++) dst[ox] = 0.0f;
      if (step == 1) memcpy(dst + lo, row + start + lo, sizeof(float) * (hi - lo));
      else for (int ox = lo; ox < hi; ox++) dst[ox] = row[start + (long)ox * step];
      for (int ox = hi; ox < g->out[2]; ox++) dst[ox] = 0.0f;
    }
  })
}

void col2im_volume_f32(const float *cols, float *x, const conv_geometry *g, long row_stride) {
  memset(x, 0, sizeof(float) * g->channels * g->size[0] * g->size[1] * g->size[2]);
  FOR_EACH_ROW_SLICE(g, row_stride, {
    if (plane_offset < 0) continue;
    const float *in = cols + col_offset;
    const int start = kx * g->dilation[2] - g->padding[2];
    const int step = g->stride[2];
    int lo;
    int hi;
    window_valid_range(g->out[2], step, start, g->size[2], &lo, &hi);
    for (int oy = 0; oy < g->out[1]; oy++) {
      int y = oy * g->stride[1] - g->padding[1] + ky * g->dilation[1];
      if (y < 0 || y >= g->size[1]) continue;
      float *row = x + plane_offset + (long)y * g->size[2];
      const float *src = in + (long)oy * g->out[2];
      if (step == 1) for (int ox = lo; ox < hi; ox++) row[start + ox] += src[ox];
      else for (int ox = lo; ox < hi; ox++) row[start + (long)ox * step] += src[ox];
    }
  })
}

long conv_volume_size(const conv_geometry *g) { return (long)g->channels * g->size[0] * g->size[1] * g->size[2]; }

long conv_columns_size(const conv_geometry *g) {
  return (long)g->channels * g->kernel[0] * g->kernel[1] * g->kernel[2] * g->out[0] * g->out[1] * g->out[2];
}

/* Where image n's columns start, and how far apart its rows are, in the job's layout. */
static long columns_start(const im2col_job *j, int n) {
  long windows = (long)j->g->out[0] * plane_out(j->g);
  return j->batch_inner ? n * windows : n * conv_columns_size(j->g);
}

static long row_stride(const im2col_job *j) {
  long windows = (long)j->g->out[0] * plane_out(j->g);
  return j->batch_inner ? j->batch * windows : windows;
}

static void im2col_task(int n, void *ctx) {
  const im2col_job *j = ctx;
  im2col_volume(j->src + n * conv_volume_size(j->g), j->dst + columns_start(j, n), j->g, row_stride(j));
}

static void col2im_task(int n, void *ctx) {
  const im2col_job *j = ctx;
  col2im_volume_f32(j->src + columns_start(j, n), j->dst + n * conv_volume_size(j->g), j->g, row_stride(j));
}

/* Volumes are independent, so the batch is split across the pool when there is enough work. */
static void run_batch(int batch, pool_task task, im2col_job *job) {
  if ((double)batch * conv_columns_size(job->g) < 1 << 18) {
    for (int n = 0; n < batch; n++) task(n, job);
  } else {
    pool_run(batch, task, job);
  }
}

void im2col_f32(const float *x, float *cols, int batch, const conv_geometry *g, int batch_inner) {
  im2col_job job = {x, cols, g, batch_inner, batch};
  run_batch(batch, im2col_task, &job);
}

void col2im_f32(const float *cols, float *x, int batch, const conv_geometry *g, int batch_inner) {
  im2col_job job = {cols, x, g, batch_inner, batch};
  run_batch(batch, col2im_task, &job);
}

typedef struct {
  const float *x;
  int *out;
  const conv_geometry *g;
  int *taps[3]; /* per axis and output position: the first and past-the-last tap inside the input */
  int planes;
} maxpool_job;

/* The first tap t of a kernel axis whose input index start + t·d is ≥ lo (and < hi: returns the end). */
static int first_tap(int start, int k, int d, int lo) {
  int t = 0;
  while (t < k && start + t * d < lo) t++;
  return t;
}

/* Greater wins, ties keep the first maximum, and the first NaN wins for good, as in PyTorch. */
#define MAX_TAP(v, at)                                          \
  do {                                                          \
    int better_ = ((v) > best) | (((v) != (v)) & (best == best)); \
    best = better_ ? (v) : best;                                \
    arg = better_ ? (int)(at) : arg;                            \
  } while (0)

/*
 * One output row of 2×2, stride-2 windows over input rows r0 and r1 (positions from `top`). The
 * first tap starts as the maximum, so a NaN there stays; then MAX_TAP's rule for the others.
 */
static void maxpool_row_2x2(const float *r0, const float *r1, int *out, int n, int top, int w, const float *end) {
  (void)end;
  for (int ox = 0; ox < n; ox++) {
    float best = r0[2 * ox];
    int arg = top + 2 * ox;
    MAX_TAP(r0[2 * ox + 1], top + 2 * ox + 1);
    MAX_TAP(r1[2 * ox], top + 2 * ox + w);
    MAX_TAP(r1[2 * ox + 1], top + 2 * ox + w + 1);
    out[ox] = arg;
  }
}

#ifdef __x86_64__
/* The same row, 16 windows at a time (masked at the end, as rows are often shorter than 16). */
__attribute__((target("avx512f")))
static void maxpool_row_2x2_avx512(const float *r0, const float *r1, int *out, int n, int top, int w, const float *end) {
  (void)end;
  const __m512i even = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
  const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
  for (int ox = 0; ox < n; ox += 16) {
    int count = n - ox < 16 ? n - ox : 16;
    __mmask16 lo = count >= 8 ? 0xffff : (__mmask16)((1u << (2 * count)) - 1);
    __mmask16 hi = count > 8 ? (__mmask16)((1u << (2 * count - 16)) - 1) : 0;
    __m512 p0 = _mm512_maskz_loadu_ps(lo, r0 + 2 * ox), p1 = _mm512_maskz_loadu_ps(hi, r0 + 2 * ox + 16);
    __m512 q0 = _mm512_maskz_loadu_ps(lo, r1 + 2 * ox), q1 = _mm512_maskz_loadu_ps(hi, r1 + 2 * ox + 16);
    __m512 best = _mm512_permutex2var_ps(p0, even, p1);
    __m512 taps[3] = {_mm512_permutex2var_ps(p0, odd, p1), _mm512_permutex2var_ps(q0, even, q1), _mm512_permutex2var_ps(q0, odd, q1)};
    const int offsets[3] = {1, w, w + 1};
    const __m512i first = _mm512_add_epi32(_mm512_set1_epi32(top + 2 * ox), even); /* each window's top-left position */
    __m512i arg = first;
    for (int t = 0; t < 3; t++) {
      __mmask16 better = _mm512_cmp_ps_mask(taps[t], best, _CMP_GT_OQ) |
                         (_mm512_cmp_ps_mask(taps[t], taps[t], _CMP_UNORD_Q) & _mm512_cmp_ps_mask(best, best, _CMP_ORD_Q));
      best = _mm512_mask_mov_ps(best, better, taps[t]);
      arg = _mm512_mask_add_epi32(arg, better, first, _mm512_set1_epi32(offsets[t]));
    }
    _mm512_mask_storeu_epi32(out + ox, (__mmask16)((1u << count) - 1), arg);
  }
}

/* Lanes 0, 2, 4, … (even) or 1, 3, 5, … (odd) of the 16 floats a, b. */
__attribute__((target("avx2")))
static __m256 every_other(__m256 a, __m256 b, int odd) {
  __m256 pairs = odd ? _mm256_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1)) : _mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0));
  return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(pairs), _MM_SHUFFLE(3, 1, 2, 0)));
}

/* The same row, 8 windows at a time with AVX2 (masked loads where 16 floats would pass `end`, the input's end). */
__attribute__((target("avx2")))
static void maxpool_row_2x2_avx2(const float *r0, const float *r1, int *out, int n, int top, int w, const float *end) {
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  for (int ox = 0; ox < n; ox += 8) {
    int count = n - ox < 8 ? n - ox : 8;
    __m256 p0, p1, q0, q1;
    if (r1 + 2 * ox + 16 <= end) { /* past the row's windows but inside the input: plain loads are much faster on some CPUs */
      p0 = _mm256_loadu_ps(r0 + 2 * ox), p1 = _mm256_loadu_ps(r0 + 2 * ox + 8);
      q0 = _mm256_loadu_ps(r1 + 2 * ox), q1 = _mm256_loadu_ps(r1 + 2 * ox + 8);
    } else {
      __m256i lo = _mm256_cmpgt_epi32(_mm256_set1_epi32(2 * count), lane), hi = _mm256_cmpgt_epi32(_mm256_set1_epi32(2 * count - 8), lane);
      p0 = _mm256_maskload_ps(r0 + 2 * ox, lo), p1 = _mm256_maskload_ps(r0 + 2 * ox + 8, hi);
      q0 = _mm256_maskload_ps(r1 + 2 * ox, lo), q1 = _mm256_maskload_ps(r1 + 2 * ox + 8, hi);
    }
    __m256 best = every_other(p0, p1, 0);
    const __m256 taps[3] = {every_other(p0, p1, 1), every_other(q0, q1, 0), every_other(q0, q1, 1)};
    const int offsets[3] = {1, w, w + 1};
    const __m256i first = _mm256_add_epi32(_mm256_set1_epi32(top + 2 * ox), _mm256_add_epi32(lane, lane));
    __m256i arg = first;
    for (int t = 0; t < 3; t++) {
      __m256 better = _mm256_or_ps(_mm256_cmp_ps(taps[t], best, _CMP_GT_OQ),
                                   _mm256_and_ps(_mm256_cmp_ps(taps[t], taps[t], _CMP_UNORD_Q), _mm256_cmp_ps(best, best, _CMP_ORD_Q)));
      best = _mm256_blendv_ps(best, taps[t], better);
      __m256i at = _mm256_add_epi32(first, _mm256_set1_epi32(offsets[t]));
      arg = _mm256_castps_si256(_mm256_blendv_ps(_mm256_castsi256_ps(arg), _mm256_castsi256_ps(at), better));
    }
    if (count == 8) {
      _mm256_storeu_si256((__m256i *)(out + ox), arg);
    } else {
      int tail[8];
      _mm256_storeu_si256((__m256i *)tail, arg);
      memcpy(out + ox, tail, sizeof(int) * count);
    }
  }
}
#endif

/*
 * The common 2×2, stride-2 window over one depth slice (`base`: the slice's first position in its
 * plane, so positions count from the plane): the generic loops cost more than the taps.
 */
static void maxpool_slice_2x2(const float *x, int *out, const conv_geometry *g, long base, const float *end) {
  int w = g->size[2];
  void (*row)(const float *, const float *, int *, int, int, int, const float *) = maxpool_row_2x2;
#ifdef __x86_64__
  /* The GEMM's choice of instructions, so SHINSOU_ISA steers this too. */
  if (!strcmp(sgemm_isa(), "avx512")) row = maxpool_row_2x2_avx512;
  else if (!strcmp(sgemm_isa(), "avx2")) row = maxpool_row_2x2_avx2;
#endif
  for (int oy = 0; oy < g->out[1]; oy++, out += g->out[2]) {
    const float *r0 = x + 2L * oy * w;
    row(r0, r0 + w, out, g->out[2], (int)(base + 2L * oy * w), w, end);
  }
}

/* Windows of 2×2, stride 2 within each depth slice, all inside the plane: 2-D pooling, or 3-D pooling of such slices (C3D's). */
static int is_plain_2x2(const conv_geometry *g) {
  return g->kernel[1] == 2 && g->kernel[2] == 2 && g->stride[1] == 2 && g->stride[2] == 2 &&
         g->padding[0] == 0 && g->padding[1] == 0 && g->padding[2] == 0 && g->dilation[1] == 1 && g->dilation[2] == 1 &&
         2 * g->out[1] <= g->size[1] && 2 * g->out[2] <= g->size[2] &&
         (long)(g->out[0] - 1) * g->stride[0] + (long)(g->kernel[0] - 1) * g->dilation[0] < g->size[0];
}

/*
 * One plane of is_plain_2x2 windows: each output depth pools its first slice, then takes a later
 * slice's winner only where it is larger (or NaN over a number), so ties and NaN resolve in the
 * generic loop's (z, y, x) order. Returns 0 when memory runs out (the caller falls back).
 */
static int maxpool_plane_2x2(const float *x, int *out, const conv_geometry *g, const float *end) {
  long slice = (long)g->size[1] * g->size[2];
  int per = g->out[1] * g->out[2];
  int *later = g->kernel[0] > 1 ? malloc(sizeof(int) * (per > 0 ? per : 1)) : NULL;
  if (g->kernel[0] > 1 && !later) return 0;
  for (int oz = 0; oz < g->out[0]; oz++, out += per) {
    for (int a = 0; a < g->kernel[0]; a++) {
      long z = (long)oz * g->stride[0] + (long)a * g->dilation[0];
      maxpool_slice_2x2(x + z * slice, a == 0 ? out : later, g, z * slice, end);
      for (int i = 0; a > 0 && i < per; i++) {
        float v = x[later[i]], best = x[out[i]];
        if ((v > best) | ((v != v) & (best == best))) out[i] = later[i];
      }
    }
  }
  free(later);
  return 1;
}

/* 1-D windows wholly inside the row (M5's pools): the generic loop's per-output set-up costs more than its few taps. */
static int is_plain_1d(const conv_geometry *g) {
  return g->size[0] == 1 && g->size[1] == 1 && g->kernel[0] == 1 && g->kernel[1] == 1 && g->kernel[2] > 0 &&
         g->padding[0] == 0 && g->padding[1] == 0 && g->padding[2] == 0 &&
         (long)(g->out[2] - 1) * g->stride[2] + (long)(g->kernel[2] - 1) * g->dilation[2] < g->size[2];
}

typedef float v8f __attribute__((vector_size(32)));
typedef int v8i __attribute__((vector_size(32)));

/*
 * One row of is_plain_1d windows, 8 outputs at a time (one per lane, so MAX_TAP's rule becomes
 * lane-wise selects instead of the unpredictable branches the compiler makes of it); the first
 * tap starts as the maximum (a NaN there stays).
 */
VECTOR_CLONES
static void maxpool_row_1d(const float *x, int *out, const conv_geometry *g) {
  const int k = g->kernel[2], n = g->out[2];
  const long s = g->stride[2], d = g->dilation[2];
  int o = 0;
  for (; o + 8 <= n; o += 8) {
    const float *w = x + o * s;
    v8f best = {w[0], w[s], w[2 * s], w[3 * s], w[4 * s], w[5 * s], w[6 * s], w[7 * s]};
    const v8i first = (v8i){0, 1, 2, 3, 4, 5, 6, 7} * (int)s + (int)(o * s);
    v8i arg = first;
    for (int c = 1; c < k; c++) {
      const float *t = w + c * d;
      v8f v = {t[0], t[s], t[2 * s], t[3 * s], t[4 * s], t[5 * s], t[6 * s], t[7 * s]};
      v8i better = (v > best) | ((v != v) & (best == best));
      best = (v8f)(((v8i)best & ~better) | ((v8i)v & better));
      arg = (arg & ~better) | ((first + (int)(c * d)) & better);
    }
    memcpy(out + o, &arg, sizeof arg);
  }
  for (; o < n; o++) {
    long first = o * s;
    float best = x[first];
    int arg = (int)first;
    for (int c = 1; c < k; c++) {
      long at = first + c * d;
      float v = x[at];
      MAX_TAP(v, at);
    }
    out[o] = arg;
  }
}

static void maxpool_plane(int p, void *ctx) {
  const maxpool_job *j = ctx;
  const conv_geometry *g = j->g;
  const float *x = j->x + (long)p * g->size[0] * g->size[1] * g->size[2];
  int *out = j->out + (long)p * g->out[0] * g->out[1] * g->out[2];
  if (is_plain_2x2(g) && maxpool_plane_2x2(x, out, g, j->x + (long)j->planes * g->size[0] * g->size[1] * g->size[2])) return;
  if (is_plain_1d(g)) {
    maxpool_row_1d(x, out, g);
    return;
  }
  const int *tz = j->taps[0], *ty = j->taps[1], *tx = j->taps[2];
  for (int oz = 0; oz < g->out[0]; oz++) {
    int z0 = oz * g->stride[0] - g->padding[0];
    for (int oy = 0; oy < g->out[1]; oy++) {
      int y0 = oy * g->stride[1] - g->padding[1];
      for (int ox = 0; ox < g->out[2]; ox++) {
        int x0 = ox * g->stride[2] - g->padding[2];
        int az = tz[2 * oz], ay = ty[2 * oy], ax = tx[2 * ox];
        long first = ((long)(z0 + az * g->dilation[0]) * g->size[1] + y0 + ay * g->dilation[1]) * g->size[2] + x0 + (long)ax * g->dilation[2];
        int empty = az >= tz[2 * oz + 1] || ay >= ty[2 * oy + 1] || ax >= tx[2 * ox + 1];
        float best = -INFINITY;
        int arg = empty ? -1 : (int)first;
        for (int a = az; a < tz[2 * oz + 1]; a++) {
          for (int b = ay; b < ty[2 * oy + 1]; b++) {
            long row = ((long)(z0 + a * g->dilation[0]) * g->size[1] + y0 + b * g->dilation[1]) * g->size[2] + x0;
            for (int c = ax; c < tx[2 * ox + 1]; c++) {
              long at = row + (long)c * g->dilation[2];
              float v = x[at];
              MAX_TAP(v, at); /* branch-free: which tap wins is unpredictable */
            }
          }
        }
        *out++ = arg;
      }
    }
  }
}

void maxpool_indices_f32(const float *x, int planes, const conv_geometry *g, int *out) {
  maxpool_job job = {x, out, g, {NULL, NULL, NULL}, planes};
  for (int axis = 0; axis < 3; axis++) {
    int *t = job.taps[axis] = malloc(sizeof(int) * 2 * (g->out[axis] > 0 ? g->out[axis] : 1));
    for (int o = 0; o < g->out[axis]; o++) {
      int start = o * g->stride[axis] - g->padding[axis];
      t[2 * o] = first_tap(start, g->kernel[axis], g->dilation[axis], 0);
      t[2 * o + 1] = first_tap(start, g->kernel[axis], g->dilation[axis], g->size[axis]);
    }
  }
  long work = (long)planes * g->out[0] * g->out[1] * g->out[2] * g->kernel[0] * g->kernel[1] * g->kernel[2];
  if (work < 1 << 16) {
    for (int p = 0; p < planes; p++) maxpool_plane(p, &job);
  } else {
    pool_run(planes, maxpool_plane, &job);
  }
  for (int axis = 0; axis < 3; axis++) free(job.taps[axis]);
}
