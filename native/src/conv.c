/*
 * Convolution as an implicit GEMM. A group's column matrix cols [C·kd·kh·kw, batch·L] (row r =
 * (c, kz, ky, kx), column q = (n, oz, oy, ox) with L = od·oh·ow windows per image) is never
 * formed: the products read it through operands whose panels are packed from the images
 * directly, and the input gradient folds one image's columns at a time. A 3×3 convolution's
 * columns are 9× its input, so forming them streamed that much more memory. Each product sums
 * over its depth in sgemm's order, so the results are bit-identical to im2col + sgemm + col2im.
 * Unit-stride convolutions with enough rows of columns take a cheaper road (conv_unit_stride,
 * below): the forward is still bit-identical; their gradients sum in another order.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __x86_64__
#include <immintrin.h>
#endif

#include "gemm.h"
#include "kernels.h"
#include "pool.h"

typedef struct {
  const float *x;     /* image 0's first channel of the group */
  long image_stride;  /* floats from one image to the next */
  conv_geometry g;    /* channels: the group's */
  long windows;       /* L */
  int rows_per_image; /* od·oh: output rows of one image */
  int *lo, *hi;       /* per kx: the outputs ox whose input column lies inside the image, [lo, hi) */
  int *row_at;        /* per (kz·kh + ky) and output row (oz·oh + oy): its input row's offset in a channel, or −1 */
  int simd;           /* whether unit-stride rows may be gathered 8 lanes at a time (AVX2) */
  int same;           /* whether, too, output rows are input rows' length and the row stride is 1 */
  uintptr_t begin, end; /* the whole input's bytes: a full-width load inside them is safe */
  long columns;       /* batch·L */
  long generation;    /* distinct for every view, so a thread's staged rows are never taken for another's */
} cols_view;

/* A row r of the columns, by channel, (kz·kh + ky) and kx. */
typedef struct {
  int c, kzy, kx;
} tap_t;

/* A column q: image n, output row (oz·oh + oy) and ox. */
typedef struct {
  long n;
  int row, ox;
} window_t;

static tap_t tap_at(const conv_geometry *g, int r) {
  int planar = g->kernel[0] * g->kernel[1];
  tap_t t = {r / g->kernel[2] / planar, r / g->kernel[2] % planar, r % g->kernel[2]};
  return t;
}

static void next_tap(const conv_geometry *g, tap_t *t) {
  if (++t->kx < g->kernel[2]) return;
  t->kx = 0;
  if (++t->kzy < g->kernel[0] * g->kernel[1]) return;
  t->kzy = 0;
  t->c++;
}

static window_t window_at(const cols_view *v, long q) {
  long l = q % v->windows;
  window_t w = {q / v->windows, (int)(l / v->g.out[2]), (int)(l % v->g.out[2])};
  return w;
}

/*
 * cols[t, q…q+len) for the column q at `w`, into dst: along each output row the outputs [a, b)
 * whose taps lie inside the input, which COPY_INSIDE copies from src[o·step] (src: the input row,
 * shifted by the tap), and zeros for the rest (written after, so a copy may overrun b).
 */
#define COLS_SEGMENT(name, attributes, ...) /* ...: the COPY_INSIDE statement */                           \
  attributes static void name(const cols_view *v, tap_t t, window_t w, int len, float *dst) {           \
    const conv_geometry *g = &v->g;                                                                      \
    const int ow = g->out[2], step = g->stride[2], lo = v->lo[t.kx], hi = v->hi[t.kx];                    \
    const int *row_at = v->row_at + (long)t.kzy * v->rows_per_image;                                     \
    const float *plane = v->x + w.n * v->image_stride + (long)t.c * g->size[0] * g->size[1] * g->size[2] \
                         + t.kx * g->dilation[2] - g->padding[2];                                        \
    int row = w.row, ox = w.ox;                                                                          \
    while (len > 0) {                                                                                    \
      int end = ox + (ow - ox < len ? ow - ox : len);                                                    \
      int at = row_at[row];                                                                              \
      int a = at < 0 ? end : ox > lo ? ox : lo, b = at < 0 ? end : end < hi ? end : hi;                  \
      if (a > end) a = end;                                                                              \
      if (b < a) b = a;                                                                                  \
      float *out = dst - ox;                                                                             \
      const float *src = plane + (at < 0 ? 0 : at);                                                      \
      __VA_ARGS__                                                                                        \
      for (int o = ox; o < a; o++) out[o] = 0.0f;                                                        \
      for (int o = b; o < end; o++) out[o] = 0.0f;                                                       \
      dst += end - ox;                                                                                   \
      len -= end - ox;                                                                                   \
      ox = 0;                                                                                            \
      if (++row == v->rows_per_image) {                                                                  \
        row = 0;                                                                                         \
        plane += v->image_stride;                                                                        \
      }                                                                                                  \
    }                                                                                                    \
  }

COLS_SEGMENT(cols_segment, , {
  if (step == 1) for (int o = a; o < b; o++) out[o] = src[o];
  else for (int o = a; o < b; o++) out[o] = src[(long)o * step];
})

/* A panel of windows, each step one row segment (when there is no memory to stage rows). */
static void pack_by_window_unstaged(const cols_view *v, int x0, int width, int p0, int kc, int w, float *out) {
  tap_t t = tap_at(&v->g, p0);
  window_t start = window_at(v, x0);
  for (int p = 0; p < kc; p++, out += w, next_tap(&v->g, &t)) {
    cols_segment(v, t, start, width, out);
    for (int x = width; x < w; x++) out[x] = 0.0f;
  }
}

#ifdef __x86_64__
/* Lanes [lo, hi) of the 8 from lane `from`, as a mask. */
__attribute__((target("avx2")))
static inline __m256i lanes_between(int from, int lo, int hi) {
  __m256i lane = _mm256_add_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), _mm256_set1_epi32(from));
  return _mm256_and_si256(_mm256_cmpgt_epi32(lane, _mm256_set1_epi32(lo - 1)), _mm256_cmpgt_epi32(_mm256_set1_epi32(hi), lane));
}

/*
 * cols_segment for unit stride, 8 lanes at a time: it may write up to 7 floats past dst + len
 * (the caller leaves room). Each output row's inside part is copied in whole vectors, with
 * masked loads only where plain ones would leave the input (they are much slower on some CPUs).
 */
COLS_SEGMENT(cols_segment_avx2, __attribute__((target("avx2"))), {
  (void)step;
  uintptr_t first = (uintptr_t)(src + a), last = (uintptr_t)(src + a + ((b - a + 7) & ~7));
  if (first >= v->begin && last <= v->end) {
    for (int o = a; o < b; o += 8) _mm256_storeu_ps(out + o, _mm256_loadu_ps(src + o));
  } else {
    for (int o = a; o < b; o += 8) _mm256_storeu_ps(out + o, _mm256_maskload_ps(src + o, lanes_between(o, a, b)));
  }
})

/*
 * cols_segment_avx2 where output rows are as long as input rows and both strides are 1 ('same'
 * convolutions): the windows of consecutive output rows inside the input then read one
 * contiguous stretch of it, copied in one go; the few outputs whose tap falls in the left or right
 * padding are zeroed after.
 */
__attribute__((target("avx2")))
static void cols_segment_same_avx2(const cols_view *v, tap_t t, window_t w, int len, float *dst) {
  const conv_geometry *g = &v->g;
  const int ow = g->out[2], lo = v->lo[t.kx], hi = v->hi[t.kx];
  const int *row_at = v->row_at + (long)t.kzy * v->rows_per_image;
  const float *plane = v->x + w.n * v->image_stride + (long)t.c * g->size[0] * g->size[1] * g->size[2] + t.kx * g->dilation[2] - g->padding[2];
  int row = w.row, ox = w.ox;
  while (len > 0) {
    int last = row, at = row_at[row];
    long n = ow - ox;
    while (at >= 0 && n < len && last + 1 < v->rows_per_image && row_at[last + 1] == row_at[last] + ow) last++, n += ow;
    if (n > len) n = len;
    if (at < 0) {
      for (long o = 0; o < n; o++) dst[o] = 0.0f;
    } else {
      const float *src = plane + at + ox;
      if ((uintptr_t)src >= v->begin && (uintptr_t)(src + ((n + 7) & ~7L)) <= v->end) {
        for (long o = 0; o < n; o += 8) _mm256_storeu_ps(dst + o, _mm256_loadu_ps(src + o));
      } else { /* the stretch's padding taps may lie just outside the input: load only what is inside */
        long first = ((intptr_t)v->begin - (intptr_t)src) / (long)sizeof(float), past = ((intptr_t)v->end - (intptr_t)src) / (long)sizeof(float);
        if (first < 0) first = 0;
        if (past > n) past = n;
        for (long o = 0; o < n; o += 8) _mm256_storeu_ps(dst + o, _mm256_maskload_ps(src + o, lanes_between((int)o, (int)first, (int)past)));
      }
      /* Row r of the stretch holds outputs [0, ow) at dst − ox + (r − row)·ow (the first from ox, the last up to n). */
      for (int r = row; r <= last; r++) {
        float *out = dst - ox + (long)(r - row) * ow;
        int from = r == row ? ox : 0, to = (long)(r - row) * ow - ox + ow > n ? (int)(n + ox - (long)(r - row) * ow) : ow;
        for (int o = from; o < (lo < to ? lo : to); o++) out[o] = 0.0f;
        for (int o = hi > from ? hi : from; o < to; o++) out[o] = 0.0f;
      }
    }
    dst += n;
    len -= (int)n;
    long next = ox + n;
    row += (int)(next / ow);
    ox = (int)(next % ow);
    if (row == v->rows_per_image) {
      row = 0;
      plane += v->image_stride;
    }
  }
}

#endif

/* cols_segment, 8 lanes at a time where it can (then it may write up to 7 floats past dst + len). */
static void gather_row(const cols_view *v, tap_t t, window_t w, int len, float *dst) {
#ifdef __x86_64__
  if (v->simd) {
    if (v->same) cols_segment_same_avx2(v, t, w, len, dst);
    else cols_segment_avx2(v, t, w, len, dst);
    return;
  }
#endif
  cols_segment(v, t, w, len, dst);
}

#define STAGE 256 /* windows whose rows are staged at a time */

/* A thread's staged rows: steps [p0, p0+kc) of windows [x0, x0+count), STAGE apart. */
static __thread struct {
  long generation;
  int x0, p0, kc, count;
  float *rows;
} stage;

/*
 * Long row segments gather faster than a panel's short ones (a panel's 8–32 windows cross an
 * output row every few lanes), so the rows of the next STAGE windows are gathered once and the
 * panels copied out of them. Returns 0 when there is no memory for the stage.
 */
static int pack_by_window_staged(const cols_view *v, int x0, int width, int p0, int kc, int w, float *out) {
  if (stage.generation != v->generation || stage.p0 != p0 || stage.kc != kc || x0 < stage.x0 || x0 + width > stage.x0 + stage.count) {
    if (!stage.rows) stage.rows = aligned_alloc(64, sizeof(float) * (SGEMM_KC * STAGE + 8)); /* + gather_row's overrun */
    if (!stage.rows) return 0;
    int count = v->columns - x0 < STAGE ? (int)(v->columns - x0) : STAGE;
    tap_t t = tap_at(&v->g, p0);
    window_t start = window_at(v, x0);
    for (int p = 0; p < kc; p++, next_tap(&v->g, &t)) gather_row(v, t, start, count, stage.rows + (long)p * STAGE);
    stage.generation = v->generation, stage.x0 = x0, stage.p0 = p0, stage.kc = kc, stage.count = count;
  }
  sgemm_pack_panel(w, stage.rows + (x0 - stage.x0), 1, STAGE, kc, width, out);
  return 1;
}

/* Columns as the operand whose lines are windows (the forward product's B). */
static void pack_by_window(const gemm_operand *o, int x0, int width, int p0, int kc, int w, float *out) {
  const cols_view *v = o->ctx;
  if (!pack_by_window_staged(v, x0, width, p0, kc, w, out)) pack_by_window_unstaged(v, x0, width, p0, kc, w, out);
}

/* A thread's rows of a panel being staged, to be packed across (+ room for gather_row's overrun). */
static __thread float rows[32 * SGEMM_KC + 8];

/* Columns as the operand whose lines are rows (the weight gradient's): rows staged, then packed across. */
static void pack_by_row(const gemm_operand *o, int x0, int width, int p0, int kc, int w, float *out) {
  const cols_view *v = o->ctx;
  tap_t t = tap_at(&v->g, x0);
  window_t start = window_at(v, p0);
  for (int x = 0; x < width; x++, next_tap(&v->g, &t)) gather_row(v, t, start, kc, rows + (long)x * kc);
  sgemm_pack_panel(w, rows, kc, 1, kc, width, out);
}

/* Group `group`'s columns of x [batch_size, C, D, H, W]; release with view_free. 0 when out of memory. */
static int view_init(cols_view *v, const float *x, long batch_size, const conv_geometry *g, int groups, int group) {
  const int kzy = g->kernel[0] * g->kernel[1];
  v->g = *g;
  v->g.channels = g->channels / groups;
  v->image_stride = conv_volume_size(g);
  v->x = x + (long)group * v->g.channels * g->size[0] * g->size[1] * g->size[2];
  v->windows = (long)g->out[0] * g->out[1] * g->out[2];
  v->rows_per_image = g->out[0] * g->out[1];
  v->simd = g->stride[2] == 1 && strcmp(sgemm_isa(), "generic") != 0;
  v->same = v->simd && g->stride[1] == 1 && g->out[2] == g->size[2];
  static long generations;
  v->generation = __atomic_add_fetch(&generations, 1, __ATOMIC_RELAXED);
  v->columns = batch_size * v->windows;
  v->begin = (uintptr_t)x;
  v->end = (uintptr_t)(x + batch_size * v->image_stride);
  v->lo = malloc(sizeof(int) * (2 * g->kernel[2] + (long)kzy * v->rows_per_image));
  if (!v->lo) return 0;
  v->hi = v->lo + g->kernel[2];
  v->row_at = v->hi + g->kernel[2];
  for (int kx = 0; kx < g->kernel[2]; kx++) {
    window_valid_range(g->out[2], g->stride[2], kx * g->dilation[2] - g->padding[2], g->size[2], &v->lo[kx], &v->hi[kx]);
  }
  for (int t = 0; t < kzy; t++) {
    int kz = t / g->kernel[1], ky = t % g->kernel[1];
    for (int row = 0; row < v->rows_per_image; row++) {
      int z = row / g->out[1] * g->stride[0] - g->padding[0] + kz * g->dilation[0];
      int y = row % g->out[1] * g->stride[1] - g->padding[1] + ky * g->dilation[1];
      int ok = z >= 0 && z < g->size[0] && y >= 0 && y < g->size[1];
      v->row_at[(long)t * v->rows_per_image + row] = ok ? (z * g->size[1] + y) * g->size[2] : -1;
    }
  }
  return 1;
}

static void view_free(cols_view *v) { free(v->lo); }

/* Rows of one group's columns: (C/groups)·kd·kh·kw. */
static int group_rows(const conv_geometry *g, int groups) {
  return g->channels / groups * g->kernel[0] * g->kernel[1] * g->kernel[2];
}

/* A gradient dy [N, O, L]'s rows for one group, as the weight gradient's operand A (lines o, steps q = n·L + l). */
typedef struct {
  const float *dy; /* the group's first row of image 0 */
  long windows, image_stride;
} rows_of_images;

static void pack_image_rows(const gemm_operand *o, int x0, int width, int p0, int kc, int w, float *out) {
  const rows_of_images *d = o->ctx;
  for (int x = 0; x < width; x++) {
    float *dst = rows + (long)x * kc;
    for (long q = p0; q < p0 + kc;) {
      long n = q / d->windows, l = q % d->windows, len = d->windows - l < p0 + kc - q ? d->windows - l : p0 + kc - q;
      memcpy(dst + (q - p0), d->dy + n * d->image_stride + (long)(x0 + x) * d->windows + l, sizeof(float) * len);
      q += len;
    }
  }
  sgemm_pack_panel(w, rows, kc, 1, kc, width, out);
}

typedef struct {
  float *y;
  const float *bias;
  long channels, windows;
} bias_job;

static void add_bias_task(int image, void *ctx) {
  const bias_job *j = ctx;
  float *y = j->y + image * j->channels * j->windows;
  for (long o = 0; o < j->channels; o++, y += j->windows) {
    for (long l = 0; l < j->windows; l++) y[l] += j->bias[o];
  }
}

/*
 * How many parts a batch's images (or its output rows) are split into across the pool: one (each
 * image's products then threaded instead) when there are too few of them or too little work to
 * wake the workers.
 */
static int image_parts(long batch, double work) {
  if (batch <= 1 || pool_threads() <= 1 || work < SGEMM_PARALLEL_WORK) return 1;
  return batch < pool_threads() ? (int)batch : pool_threads();
}

/* The images [*lo, *hi) of one part of image_parts(). */
static void part_images(int batch, int part, int parts, int *lo, int *hi) {
  *lo = (int)((long)batch * part / parts);
  *hi = (int)((long)batch * (part + 1) / parts);
}

/*
 * Convolutions with unit strides read their columns straight from a zero-padded copy of each
 * image. Counting windows over the padded grid (rows wp wide; the wp − ow windows at each row's
 * end, and the rows past oh in each depth slice, are computed too and dropped), column row
 * r = (c, kz, ky, kx) is that copy shifted by offset[r], so a B panel is kc plain copies instead
 * of a gather, at the price of the dropped windows' products (2/16 of a 14×14 image's, 3×3).
 */
typedef struct {
  int extent[3]; /* the padded image's (depth, height, width): size + 2·padding */
  long plane;    /* extent[0]·extent[1]·extent[2] */
  long spread;   /* windows over the padded grid, up to the last real one */
  long *offset;  /* per column row of one group (channels from the group's first) */
} padded_layout;

/* Whether conv_unit_stride takes g: unit strides, and padded extents that the windows fill exactly. */
static int unit_stride(const conv_geometry *g) {
  for (int d = 0; d < 3; d++) {
    if (g->stride[d] != 1 || g->out[d] + g->dilation[d] * (g->kernel[d] - 1) != g->size[d] + 2 * g->padding[d]) return 0;
  }
  return 1;
}

/* padded_layout's spread. */
static long grid_spread(const conv_geometry *g) {
  return ((long)(g->out[0] - 1) * (g->size[1] + 2 * g->padding[1]) + g->out[1] - 1) * (g->size[2] + 2 * g->padding[2]) + g->out[2];
}

/*
 * Whether a unit-stride convolution with m filters per group takes its products output row by
 * output row, as shifted rows: where that kernel has its lanes at least as full as the product
 * over the padded grid has (whose dropped windows fill none).
 */
static int by_shifted_rows(const conv_geometry *g, int m) {
  const long spread = grid_spread(g), windows = (long)g->out[0] * g->out[1] * g->out[2];
  const double grid = (double)windows / spread * fmax(sgemm_tile_use(m, (int)spread), sgemm_tile_use((int)spread, m));
  const double rows = sgemm_shifted_rows_use(g->out[2], m);
  return rows > 0 && rows >= grid;
}

/*
 * Whether the padded grid drops few enough windows (at most 15 %) for the unit-stride paths' plain
 * copies to beat gathering the columns: measured, a 3×3 over 28×28 (7 % dropped) gains, over 8×8
 * (22 %) or a 16³ volume (26 %) it loses by up to 2×.
 */
static int padded_grid_pays(const conv_geometry *g) {
  return grid_spread(g) <= 1.15 * g->out[0] * g->out[1] * g->out[2];
}

/* 0 when out of memory; release with free(layout->offset). */
static int layout_init(padded_layout *layout, const conv_geometry *g, int groups) {
  int *e = layout->extent;
  for (int d = 0; d < 3; d++) e[d] = g->size[d] + 2 * g->padding[d];
  layout->plane = (long)e[0] * e[1] * e[2];
  layout->spread = grid_spread(g);
  const int rows = group_rows(g, groups), taps = g->kernel[0] * g->kernel[1] * g->kernel[2];
  layout->offset = malloc(sizeof(long) * rows);
  if (!layout->offset) return 0;
  for (int r = 0; r < rows; r++) {
    int t = r % taps, kz = t / g->kernel[2] / g->kernel[1], ky = t / g->kernel[2] % g->kernel[1], kx = t % g->kernel[2];
    layout->offset[r] = r / taps * layout->plane + ((long)kz * g->dilation[0] * e[1] + (long)ky * g->dilation[1]) * e[2] + (long)kx * g->dilation[2];
  }
  return 1;
}

/* One image [C, D, H, W] into the inside of its padded copy (whose border stays zero). */
static void pad_image(const float *x, float *padded, const conv_geometry *g, const padded_layout *layout) {
  const int *e = layout->extent;
  for (long c = 0; c < g->channels; c++) {
    for (int z = 0; z < g->size[0]; z++) {
      for (int y = 0; y < g->size[1]; y++, x += g->size[2]) {
        long at = c * layout->plane + ((long)(z + g->padding[0]) * e[1] + y + g->padding[1]) * e[2] + g->padding[2];
        memcpy(padded + at, x, sizeof(float) * g->size[2]);
      }
    }
  }
}

/* B's steps [p0, p0+kc) of windows [x0, x0+width): row p's are image[offset[p] + x0 …]. */
typedef struct {
  const float *image;
  const long *offset;
} shifted_rows;

/* kc steps of w = width values each; w is a constant where it is inlined, so the copies are a few vector moves. */
static inline __attribute__((always_inline)) void copy_steps(float *out, const float *src, const long *offset, int kc, int w) {
  for (int p = 0; p < kc; p++, out += w) memcpy(out, src + offset[p], sizeof(float) * w);
}

static void pack_shifted_rows(const gemm_operand *o, int x0, int width, int p0, int kc, int w, float *out) {
  const shifted_rows *s = o->ctx;
  const float *src = s->image + x0;
  const long *offset = s->offset + p0;
  if (width == w && w == 32) copy_steps(out, src, offset, kc, 32);
  else if (width == w && w == 16) copy_steps(out, src, offset, kc, 16);
  else if (width == w && w == 12) copy_steps(out, src, offset, kc, 12);
  else if (width == w && w == 8) copy_steps(out, src, offset, kc, 8);
  else {
    for (int p = 0; p < kc; p++, out += w) {
      memcpy(out, src + offset[p], sizeof(float) * width);
      memset(out + width, 0, sizeof(float) * (w - width));
    }
  }
}

typedef struct {
  const float *x, *bias;
  float *y;
  const float *weights; /* each group's [m, k] packed as the product's left operand (right when transposed), weights_stride floats apart */
  long weights_stride;
  int transposed;       /* whether the products are computed as [spread, m] */
  const conv_geometry *g;
  const padded_layout *layout;
  int batch, groups, out_channels, parts;
  int threaded; /* whether each image's products may use the pool (when the images are not split across it) */
  int failed;
} unit_stride_job;

/* Where output row `row` (oz·oh + oy) of an image starts on the padded grid. */
static long grid_row(const conv_geometry *g, const padded_layout *layout, int row) {
  return ((long)row / g->out[1] * g->stride[0] * layout->extent[1] + (long)(row % g->out[1]) * g->stride[1]) * layout->extent[2];
}

/* The real windows of products [m, spread] (+ bias) into y [m, L]. */
static void take_windows(const float *products, float *y, const float *bias, int m, const conv_geometry *g, const padded_layout *layout) {
  for (int o = 0; o < m; o++) {
    for (int row = 0; row < g->out[0] * g->out[1]; row++, y += g->out[2]) {
      const float *src = products + o * layout->spread + grid_row(g, layout, row);
      if (bias) for (int l = 0; l < g->out[2]; l++) y[l] = src[l] + bias[o];
      else memcpy(y, src, sizeof(float) * g->out[2]);
    }
  }
}

/* take_windows from products [spread, m]: read along the channels, so each window's m values come from one line. */
static void take_windows_transposed(const float *products, float *y, const float *bias, int m, const conv_geometry *g, const padded_layout *layout) {
  const long windows = (long)g->out[0] * g->out[1] * g->out[2];
  for (int row = 0; row < g->out[0] * g->out[1]; row++) {
    for (int l = 0; l < g->out[2]; l++) {
      const float *src = products + (grid_row(g, layout, row) + l) * m;
      float *dst = y + (long)row * g->out[2] + l;
      if (bias) for (int o = 0; o < m; o++) dst[o * windows] = src[o] + bias[o];
      else for (int o = 0; o < m; o++) dst[o * windows] = src[o];
    }
  }
}

/* Images [lo, hi) of the part: each padded, each group's product over the padded grid, its real windows (+ bias) into y. */
static void unit_stride_task(int part, void *ctx) {
  unit_stride_job *j = ctx;
  const conv_geometry *g = j->g;
  const padded_layout *layout = j->layout;
  const int m = j->out_channels / j->groups, k = group_rows(g, j->groups);
  const long windows = (long)g->out[0] * g->out[1] * g->out[2], channels = g->channels / j->groups;
  float *padded = calloc(g->channels * layout->plane, sizeof(float)), *products = malloc(sizeof(float) * m * layout->spread);
  if (!padded || !products) {
    free(padded);
    free(products);
    j->failed = 1;
    return;
  }
  int lo, hi;
  part_images(j->batch, part, j->parts, &lo, &hi);
  for (int image = lo; image < hi; image++) {
    pad_image(j->x + image * conv_volume_size(g), padded, g, layout);
    for (int group = 0; group < j->groups; group++) {
      shifted_rows rows = {padded + group * channels * layout->plane, layout->offset};
      gemm_operand weights = {.packed = j->weights + group * j->weights_stride}, columns = {.pack = pack_shifted_rows, .ctx = &rows};
      float *y = j->y + ((long)image * j->out_channels + group * m) * windows;
      const float *bias = j->bias ? j->bias + group * m : NULL;
      if (j->transposed) {
        gemm_output c = matrix_output(products, m);
        sgemm_operands(&columns, &weights, &c, (int)layout->spread, k, m, j->threaded);
        take_windows_transposed(products, y, bias, m, g, layout);
      } else {
        gemm_output c = matrix_output(products, (int)layout->spread);
        sgemm_operands(&weights, &columns, &c, m, k, (int)layout->spread, j->threaded);
        take_windows(products, y, bias, m, g, layout);
      }
    }
  }
  free(padded);
  free(products);
}

/*
 * unit_stride_task by_shifted_rows, the kernel reading them in place (sgemm_shifted_rows, or
 * sgemm_strided_rows for a strided convolution): each output row is one product, of its windows by
 * the filters, with nothing packed or dropped. The
 * part's rows [lo, hi) are counted over the whole batch, so even one image is shared.
 */
static void unit_stride_rows_task(int part, void *ctx) {
  unit_stride_job *j = ctx;
  const conv_geometry *g = j->g;
  const padded_layout *layout = j->layout;
  const int m = j->out_channels / j->groups, k = group_rows(g, j->groups), rows = g->out[0] * g->out[1];
  const long windows = (long)rows * g->out[2], channels = g->channels / j->groups;
  /* 8 floats more: sgemm_shifted_rows may read 7 past the last row (products it does not store). */
  float *padded = calloc(g->channels * layout->plane + 8, sizeof(float));
  if (!padded) {
    j->failed = 1;
    return;
  }
  const long total = (long)j->batch * rows, lo = total * part / j->parts, hi = total * (part + 1) / j->parts;
  for (long at = lo; at < hi;) {
    const long image = at / rows, end = hi < (image + 1) * rows ? hi : (image + 1) * rows;
    pad_image(j->x + image * conv_volume_size(g), padded, g, layout);
    for (int group = 0; group < j->groups; group++) {
      const float *filters = j->weights + group * j->weights_stride, *bias = j->bias ? j->bias + group * m : NULL;
      float *y = j->y + (image * j->out_channels + group * m) * windows;
      const int last = (int)(end - image * rows);
      for (int row = (int)(at - image * rows); row < last;) {
        const float *src = padded + group * channels * layout->plane + grid_row(g, layout, row);
        float *out = y + (long)row * g->out[2];
        if (g->stride[2] > 1) {
          sgemm_strided_rows(src, g->stride[2], layout->offset, k, filters, m, bias, out, windows, g->out[2]);
          row++;
          continue;
        }
        /* Two rows of one plane at a time (the kernel pairs short rows): the next one's windows are a padded row on. */
        const int count = row + 1 < last && (row + 1) % g->out[1] ? 2 : 1;
        sgemm_shifted_rows(src, layout->offset, k, filters, m, bias, out, windows, g->out[2], count, layout->extent[2]);
        row += count;
      }
    }
    at = end;
  }
  free(padded);
}

/*
 * conv_forward_f32 from the zero-padded image: unit_stride(g), or a convolution strided along its
 * rows (strided_windows_pay), whose output rows are always read in place. The same sums in the same
 * order as the general path's.
 */
static int conv_unit_stride(const float *x, const float *w, const float *bias, float *y, int batch, const conv_geometry *g, int groups, int out_channels) {
  const int k = group_rows(g, groups), m = out_channels / groups;
  padded_layout layout;
  if (!layout_init(&layout, g, groups)) return 0;
  /*
   * Output rows as shifted-rows products where the kernels have them; else C = W·columns
   * [m, spread] or Cᵀ = columnsᵀ·Wᵀ, whichever fills more of the tiles (m = 64 fills 64 of 72 rows of 12).
   */
  const int rows = !unit_stride(g) || by_shifted_rows(g, m);
  const int transposed = rows || sgemm_fills_better_transposed(m, (int)layout.spread);
  const int side = transposed ? GEMM_RIGHT : GEMM_LEFT;
  const long stride = sgemm_packed_operand_size(side, m, k);
  float *weights = malloc(sizeof(float) * stride * groups);
  if (!weights) {
    free(layout.offset);
    return 0;
  }
  for (int group = 0; group < groups; group++) {
    gemm_operand filters = {.data = w + (long)group * m * k, .sx = k, .sp = 1}; /* line o, step r: w[o·k + r], as either side */
    sgemm_pack_operand(&filters, side, m, k, weights + group * stride);
  }
  const double work = (double)batch * out_channels * k * layout.spread;
  const long out_rows = (long)batch * g->out[0] * g->out[1];
  const int parts = image_parts(rows ? out_rows : batch, work);
  const pool_task task = rows ? unit_stride_rows_task : unit_stride_task;
  unit_stride_job job = {x, bias, y, weights, stride, transposed, g, &layout, batch, groups, out_channels, parts, parts == 1, 0};
  if (parts > 1) {
    pool_prefault(y, batch * out_channels * (long)g->out[0] * g->out[1] * g->out[2]);
    pool_run(job.parts, task, &job);
  } else {
    task(0, &job);
  }
  free(weights);
  free(layout.offset);
  return !job.failed;
}

/*
 * A 1-D convolution with one input channel per group and no padding (a raw-waveform front end:
 * 80 taps, stride 16) has each window's columns as a plain strided row of x: the product packs
 * them as it packs any operand stored by rows, instead of gathering them window by window.
 */
static int strided_rows(const conv_geometry *g, int groups) {
  return g->channels == groups && g->size[0] == 1 && g->size[1] == 1 && g->kernel[0] == 1 && g->kernel[1] == 1 && g->padding[2] == 0;
}

typedef struct {
  const float *x, *other; /* the filters (forward) or dy (weight gradient) */
  float *out;             /* y, or [batch][out_channels·k]: each image's dy·columnsᵀ */
  const conv_geometry *g;
  int batch, groups, out_channels, parts, weight_grad;
} strided_rows_job;

/* The images of one part, each group's product on one thread: W·columns, or dy·columnsᵀ. */
static void strided_rows_task(int part, void *ctx) {
  const strided_rows_job *j = ctx;
  const conv_geometry *g = j->g;
  const int m = j->out_channels / j->groups, k = g->kernel[2], windows = g->out[2], threaded = j->parts == 1;
  int lo, hi;
  part_images(j->batch, part, j->parts, &lo, &hi);
  for (int image = lo; image < hi; image++) {
    for (int group = 0; group < j->groups; group++) {
      const float *samples = j->x + ((long)image * j->groups + group) * g->size[2];
      const long first = (long)image * j->out_channels + group * m; /* the group's first output channel of the image */
      if (j->weight_grad) {
        gemm_operand a = {.data = j->other + first * windows, .sx = windows, .sp = 1}, b = {.data = samples, .sx = g->dilation[2], .sp = g->stride[2]};
        gemm_output c = matrix_output(j->out + first * k, k);
        sgemm_operands(&a, &b, &c, m, windows, k, threaded);
      } else {
        gemm_operand a = {.data = j->other + (long)group * m * k, .sx = k, .sp = 1}, b = {.data = samples, .sx = g->stride[2], .sp = g->dilation[2]};
        gemm_output c = matrix_output(j->out + first * windows, windows);
        sgemm_operands(&a, &b, &c, m, k, windows, threaded);
      }
    }
  }
}

/*
 * Whether a convolution strided along its rows takes its windows from the padded image in place
 * (sgemm_strided_rows, AVX2): from 16 filters and 64 rows of columns, and not the one-channel
 * strided-row case, which reads its columns straight from x.
 */
static int strided_windows_pay(const conv_geometry *g, int groups, int m) {
  return g->stride[2] > 1 && m >= 16 && group_rows(g, groups) >= 64 && g->out[2] >= 6 && !strided_rows(g, groups) && sgemm_shifted_steps_available();
}

int conv_forward_f32(const float *x, const float *w, const float *bias, float *y, int batch, const conv_geometry *g, int groups, int out_channels) {
  const int k = group_rows(g, groups), m = out_channels / groups;
  const long windows = (long)g->out[0] * g->out[1] * g->out[2];
  /*
   * With few rows of columns (conv-a's 9) or few filters (under 64), copying the products out of
   * the padded grid costs more than gathering saves (measured); shifted rows copy nothing out.
   */
  if (unit_stride(g) && ((k >= 64 && m >= 64 && padded_grid_pays(g)) || by_shifted_rows(g, m))) return conv_unit_stride(x, w, bias, y, batch, g, groups, out_channels);
  if (strided_windows_pay(g, groups, m)) return conv_unit_stride(x, w, bias, y, batch, g, groups, out_channels);
  pool_prefault(y, batch * out_channels * windows);
  if (strided_rows(g, groups)) {
    strided_rows_job job = {x, w, y, g, batch, groups, out_channels, image_parts(batch, (double)batch * out_channels * k * windows), 0};
    pool_run(job.parts, strided_rows_task, &job);
  } else {
    for (int group = 0; group < groups; group++) {
      cols_view v;
      if (!view_init(&v, x, batch, g, groups, group)) return 0;
      gemm_operand a = {w + (long)group * m * k, k, 1, NULL, NULL}, b = {NULL, 0, 0, pack_by_window, &v};
      gemm_output c = {y + group * m * windows, windows, (int)windows, out_channels * windows};
      sgemm_operands(&a, &b, &c, m, k, (int)(batch * windows), 1);
      view_free(&v);
    }
  }
  if (bias) {
    bias_job job = {y, bias, out_channels, windows};
    if (batch * out_channels * windows < 1 << 16) for (int image = 0; image < batch; image++) add_bias_task(image, &job);
    else pool_run(batch, add_bias_task, &job);
  }
  return 1;
}

/* Pads one image of a batch into its C·plane floats of `padded`. */
typedef struct {
  const float *x;
  float *padded;
  const conv_geometry *g;
  const padded_layout *layout;
} pad_job;

static void pad_task(int image, void *ctx) {
  const pad_job *j = ctx;
  pad_image(j->x + image * conv_volume_size(j->g), j->padded + image * j->g->channels * j->layout->plane, j->g, j->layout);
}

/* dy [batch, O, L] laid out on the padded grid, [batch, O, spread], zero at the dropped windows. */
typedef struct {
  const float *dy;
  float *grid;
  const conv_geometry *g;
  const padded_layout *layout;
  int out_channels;
} grid_job;

static void grid_task(int image, void *ctx) {
  const grid_job *j = ctx;
  const conv_geometry *g = j->g;
  const long spread = j->layout->spread, rows = (long)g->out[0] * g->out[1];
  const float *dy = j->dy + (long)image * j->out_channels * rows * g->out[2];
  float *grid = j->grid + (long)image * j->out_channels * spread;
  memset(grid, 0, sizeof(float) * j->out_channels * spread);
  for (long o = 0; o < j->out_channels; o++, grid += spread) {
    for (long row = 0; row < rows; row++, dy += g->out[2]) {
      memcpy(grid + (row / g->out[1] * j->layout->extent[1] + row % g->out[1]) * j->layout->extent[2], dy, sizeof(float) * g->out[2]);
    }
  }
}

/* Runs task for each image, across the pool when there is enough of it to share. */
static void for_images(int batch, long floats, pool_task task, void *ctx) {
  if (batch > 1 && pool_threads() > 1 && floats >= 1 << 18) pool_run(batch, task, ctx);
  else for (int image = 0; image < batch; image++) task(image, ctx);
}

/* The padded images' columns as the weight gradient's B: lines r, steps q = n·spread + q' (q' on image n's grid). */
typedef struct {
  const float *images; /* the group's first channel of image 0 */
  long image_stride, spread;
  const long *offset;
} padded_columns;

static void pack_padded_rows(const gemm_operand *o, int x0, int width, int p0, int kc, int w, float *out) {
  const padded_columns *v = o->ctx;
  const float *lines[32];
  for (long q = p0; q < p0 + kc;) {
    long n = q / v->spread, at = q % v->spread, len = v->spread - at < p0 + kc - q ? v->spread - at : p0 + kc - q;
    for (int x = 0; x < width; x++) lines[x] = v->images + n * v->image_stride + v->offset[x0 + x] + at;
    sgemm_pack_panel_lines(w, lines, (int)len, width, out + (q - p0) * w);
    q += len;
  }
}

/*
 * The weight gradient of a unit-stride convolution over the padded grid as well: with dy laid out
 * on it (zeros at the dropped windows, which so add 0·x: nothing, unless that x is infinite or
 * NaN, when a forward pass would have made the loss so anyway) and every image padded, column row
 * r runs contiguously along the windows, so B's panels are transposed straight out of the images.
 * Both copies hold the whole batch; returns 0 when there is no memory for them (the general path
 * needs far less).
 */
static int weight_grad_unit_stride(const float *x, const float *dy, float *dw, int batch, const conv_geometry *g, int groups, int out_channels) {
  const int n = group_rows(g, groups), m = out_channels / groups;
  padded_layout layout;
  if (!layout_init(&layout, g, groups)) return 0;
  const long image_stride = g->channels * layout.plane;
  float *padded = calloc(batch * image_stride, sizeof(float)), *grid = malloc(sizeof(float) * batch * out_channels * layout.spread);
  int ok = padded && grid;
  if (ok) {
    pool_prefault(padded, batch * image_stride);
    pool_prefault(grid, batch * out_channels * layout.spread);
    pad_job pads = {x, padded, g, &layout};
    grid_job grids = {dy, grid, g, &layout, out_channels};
    for_images(batch, batch * image_stride, pad_task, &pads);
    for_images(batch, batch * out_channels * layout.spread, grid_task, &grids);
    for (int group = 0; group < groups; group++) {
      rows_of_images d = {grid + group * m * layout.spread, layout.spread, out_channels * layout.spread};
      padded_columns v = {padded + group * (g->channels / groups) * layout.plane, image_stride, layout.spread, layout.offset};
      gemm_operand a = {.pack = pack_image_rows, .ctx = &d}, b = {.pack = pack_padded_rows, .ctx = &v};
      gemm_output c = matrix_output(dw + (long)group * m * n, n);
      sgemm_operands(&a, &b, &c, m, (int)(batch * layout.spread), n, 1);
    }
  }
  free(padded);
  free(grid);
  free(layout.offset);
  return ok;
}

/* weight_grad_rows: each image's products [groups][n][lanes] (lanes = m rounded up to 16), summed after in image order. */
typedef struct {
  const float *x, *dy;
  float *products;
  const conv_geometry *g;
  const padded_layout *layout;
  const long *at; /* window q's place on the padded grid */
  int batch, groups, out_channels, lanes, parts;
  int failed;
} weight_rows_job;

static void weight_rows_task(int part, void *ctx) {
  weight_rows_job *j = ctx;
  const conv_geometry *g = j->g;
  const int m = j->out_channels / j->groups, n = group_rows(g, j->groups);
  const long windows = (long)g->out[0] * g->out[1] * g->out[2], channels = g->channels / j->groups;
  float *padded = calloc(g->channels * j->layout->plane + 8, sizeof(float)), *dyt = calloc(windows * j->lanes, sizeof(float));
  if (!padded || !dyt) {
    j->failed = 1;
  } else {
    int lo, hi;
    part_images(j->batch, part, j->parts, &lo, &hi);
    for (int image = lo; image < hi; image++) {
      pad_image(j->x + image * conv_volume_size(g), padded, g, j->layout);
      for (int group = 0; group < j->groups; group++) {
        const float *dy = j->dy + ((long)image * j->out_channels + group * m) * windows;
        for (int o = 0; o < m; o++) {
          for (long q = 0; q < windows; q++) dyt[q * j->lanes + o] = dy[o * windows + q];
        }
        float *products = j->products + ((long)image * j->groups + group) * n * j->lanes;
        sgemm_shifted_steps(dyt, j->lanes, m, padded + group * channels * j->layout->plane, j->at, j->layout->offset, (int)windows, n, products, j->lanes);
      }
    }
  }
  free(padded);
  free(dyt);
}

/*
 * The weight gradient of a unit-stride convolution image by image, each product reading the
 * padded image's column rows in place (sgemm_shifted_steps) instead of packing them, summed in
 * image order; 0 when out of memory.
 */
static int weight_grad_rows(const float *x, const float *dy, float *dw, int batch, const conv_geometry *g, int groups, int out_channels) {
  const int m = out_channels / groups, n = group_rows(g, groups), lanes = (m + 15) / 16 * 16;
  const long windows = (long)g->out[0] * g->out[1] * g->out[2], size = (long)groups * n * lanes;
  padded_layout layout;
  if (!layout_init(&layout, g, groups)) return 0;
  long *at = malloc(sizeof(long) * windows);
  float *products = malloc(sizeof(float) * size * batch);
  weight_rows_job job = {x, dy, products, g, &layout, at, batch, groups, out_channels, lanes,
                         image_parts(batch, (double)batch * out_channels * n * windows), !at || !products};
  if (!job.failed) {
    for (long q = 0; q < windows; q++) at[q] = grid_row(g, &layout, (int)(q / g->out[2])) + q % g->out[2];
    pool_run(job.parts, weight_rows_task, &job);
  }
  for (int group = 0; group < groups && !job.failed; group++) {
    for (int o = 0; o < m; o++) {
      for (int r = 0; r < n; r++) {
        const float *p = products + ((long)group * n + r) * lanes + o;
        float sum = p[0];
        for (int image = 1; image < batch; image++) sum += p[image * size];
        dw[((long)group * m + o) * n + r] = sum;
      }
    }
  }
  free(at);
  free(products);
  free(layout.offset);
  return !job.failed;
}

/* Sums the images' products in image order (the same result on any number of threads); 0 when out of memory. */
static int weight_grad_strided_rows(const float *x, const float *dy, float *dw, int batch, const conv_geometry *g, int groups, int out_channels) {
  const long size = (long)out_channels * g->kernel[2];
  strided_rows_job job = {x, dy, malloc(sizeof(float) * size * batch), g, batch, groups, out_channels, image_parts(batch, (double)batch * size * g->out[2]), 1};
  if (!job.out) return 0;
  pool_run(job.parts, strided_rows_task, &job);
  memcpy(dw, job.out, sizeof(float) * size);
  for (int image = 1; image < batch; image++) {
    for (long i = 0; i < size; i++) dw[i] += job.out[image * size + i];
  }
  free(job.out);
  return 1;
}

int conv_weight_grad_f32(const float *x, const float *dy, float *dw, int batch, const conv_geometry *g, int groups, int out_channels) {
  const int n = group_rows(g, groups), m = out_channels / groups;
  const long windows = (long)g->out[0] * g->out[1] * g->out[2];
  /*
   * Image by image where each image has at least a block of steps (windows) and there are images
   * to share (not the thread count: the road, and so the rounding, must not depend on it): C3D's
   * 16 → 32 over 16³ (batch 16) 21.6 → 13 ms; over 4³ (64 windows) the per-image products are too
   * short and the packed product over the whole batch keeps it.
   */
  if (unit_stride(g) && m >= 16 && windows >= SGEMM_KC && batch >= 2 && sgemm_shifted_steps_available() &&
      weight_grad_rows(x, dy, dw, batch, g, groups, out_channels)) {
    return 1;
  }
  if (unit_stride(g) && n >= 64 && padded_grid_pays(g) && weight_grad_unit_stride(x, dy, dw, batch, g, groups, out_channels)) return 1; /* (as the forward) */
  if (strided_rows(g, groups) && batch > 0 && weight_grad_strided_rows(x, dy, dw, batch, g, groups, out_channels)) return 1;
  for (int group = 0; group < groups; group++) {
    cols_view v;
    if (!view_init(&v, x, batch, g, groups, group)) return 0;
    rows_of_images d = {dy + group * m * windows, windows, out_channels * windows};
    gemm_operand a = {NULL, 0, 0, pack_image_rows, &d}, b = {NULL, 0, 0, pack_by_row, &v};
    gemm_output c = matrix_output(dw + (long)group * m * n, n);
    sgemm_operands(&a, &b, &c, m, (int)(batch * windows), n, 1);
    view_free(&v);
  }
  return 1;
}

typedef struct {
  const float *w, *dy;
  float *dx;
  int batch, groups, out_channels, parts;
  const conv_geometry *g;
  int threaded; /* whether each image's products may use the pool (when the images are not split across it) */
  int failed;
} input_grad_job;

/* Images [lo, hi) of the part: each group's columns Wᵀ·dy (one image's, so they stay in cache) folded into dx. */
static void input_grad_task(int part, void *ctx) {
  input_grad_job *j = ctx;
  const conv_geometry *g = j->g;
  const int k = j->out_channels / j->groups, m = group_rows(g, j->groups);
  const long windows = (long)g->out[0] * g->out[1] * g->out[2], channels = g->channels / j->groups;
  const long plane = (long)g->size[0] * g->size[1] * g->size[2];
  float *cols = malloc(sizeof(float) * m * windows);
  if (!cols) {
    j->failed = 1;
    return;
  }
  conv_geometry group_g = *g;
  group_g.channels = (int)channels;
  int lo, hi;
  part_images(j->batch, part, j->parts, &lo, &hi);
  for (int image = lo; image < hi; image++) {
    for (int group = 0; group < j->groups; group++) {
      gemm_operand a = {j->w + (long)group * k * m, 1, m, NULL, NULL};
      gemm_operand b = {j->dy + (image * j->out_channels + group * k) * windows, 1, windows, NULL, NULL};
      gemm_output c = matrix_output(cols, (int)windows);
      sgemm_operands(&a, &b, &c, m, k, (int)windows, j->threaded);
      col2im_volume_f32(cols, j->dx + image * conv_volume_size(g) + group * channels * plane, &group_g, windows);
    }
  }
  free(cols);
}

/*
 * A unit-stride convolution's input gradient is a unit-stride convolution too: dy correlated with
 * the filters flipped in space, their channel axes swapped, over dy padded by
 * dilation·(k − 1) − padding. Its geometry into t; 0 where that padding would be negative.
 */
static int input_grad_geometry(const conv_geometry *g, int out_channels, conv_geometry *t) {
  *t = *g;
  t->channels = out_channels;
  for (int d = 0; d < 3; d++) {
    t->size[d] = g->out[d];
    t->out[d] = g->size[d];
    t->padding[d] = g->dilation[d] * (g->kernel[d] - 1) - g->padding[d];
    if (t->padding[d] < 0) return 0;
  }
  return 1;
}

/* The input gradient as conv_unit_stride over t (no column matrix to fold back). */
static int input_grad_as_conv(const float *w, const float *dy, float *dx, int batch, const conv_geometry *g, const conv_geometry *t, int groups, int out_channels) {
  const int taps = g->kernel[0] * g->kernel[1] * g->kernel[2], m = out_channels / groups, channels = g->channels / groups;
  float *flipped = malloc(sizeof(float) * out_channels * channels * taps);
  if (!flipped) return 0;
  float *f = flipped; /* [C, m·taps] per group, from w [O, C/groups·taps] */
  for (int group = 0; group < groups; group++) {
    for (int c = 0; c < channels; c++) {
      for (int o = 0; o < m; o++) {
        const float *filter = w + ((long)(group * m + o) * channels + c) * taps;
        for (int tap = taps - 1; tap >= 0; tap--) *f++ = filter[tap];
      }
    }
  }
  int ok = conv_forward_f32(dy, flipped, NULL, dx, batch, t, groups, g->channels);
  free(flipped);
  return ok;
}

int conv_input_grad_f32(const float *w, const float *dy, float *dx, int batch, const conv_geometry *g, int groups, int out_channels) {
  /*
   * As a convolution, the product has C/groups rows (tiles of 6 or 12 leave rows idle, 5 of 6 for
   * one channel) where the fold's has C/groups·taps: measured faster from 64 channels (at 32,
   * even), or as shifted-rows products from one tile's columns (AVX-512's 32: at 16 the fold is
   * faster; AVX2's 16: C3D's 16 → 32 over 16³, batch 16, input gradient 26 → 18 ms). Not where
   * the input has many more windows than the output (an unpadded convolution): the correlation
   * computes every input position's full sum, the fold only the products there are (CycleGAN's
   * residual 3×3 over a reflect-padded 10×10, batch 8: 2.2 ms as a convolution, 1.4 folded).
   */
  const int taps = g->kernel[0] * g->kernel[1] * g->kernel[2], channels = g->channels / groups;
  const long windows = (long)g->out[0] * g->out[1] * g->out[2], volume = (long)g->size[0] * g->size[1] * g->size[2];
  conv_geometry t;
  if (unit_stride(g) && volume <= 1.25 * windows && out_channels / groups * taps >= 64 && input_grad_geometry(g, out_channels, &t) &&
      (channels >= 64 || (channels >= sgemm_shifted_rows_columns() && by_shifted_rows(&t, channels)))) {
    return input_grad_as_conv(w, dy, dx, batch, g, &t, groups, out_channels);
  }
  const int parts = image_parts(batch, (double)batch * out_channels * group_rows(g, groups) * windows);
  input_grad_job job = {w, dy, dx, batch, groups, out_channels, parts, g, parts == 1, 0};
  if (parts > 1) {
    pool_prefault(dx, batch * conv_volume_size(g));
    pool_run(job.parts, input_grad_task, &job);
  } else {
    input_grad_task(0, &job);
  }
  return !job.failed;
}
