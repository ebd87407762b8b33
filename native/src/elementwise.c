/* Elementwise float32 kernels: binary arithmetic on broadcast strided views, unary math on contiguous arrays. */
#include <math.h>
#include <string.h>

#include "kernels.h"
#include "pool.h"

#define MAX_DIMS 16

/* A contiguous kernel over [lo, hi) of its arrays, and the pieces it is split into. */
typedef void (*span_kernel)(const void *args, long lo, long hi);
typedef struct {
  span_kernel run;
  const void *args;
  long n;
  int parts;
} span_job;

static void span_task(int t, void *ctx) {
  const span_job *j = ctx;
  long lo = j->n * t / j->parts & ~15L, hi = t + 1 == j->parts ? j->n : j->n * (t + 1) / j->parts & ~15L;
  j->run(j->args, lo, hi);
}

/*
 * Runs a contiguous kernel over n elements of `size` bytes in out, split across the pool from
 * `split` elements (a memory-bound pass over many of them goes faster on two cores than one).
 * Fresh output pages are touched first either way: faulting them inside the loops was up to 11×
 * slower (relu's gradient on 262,144 fresh floats: 1.7 ms against 0.15).
 */
static void run_spans(span_kernel run, const void *args, long n, void *out, long size, long split) {
  pool_prefault(out, n * size / (long)sizeof(float));
  if (n < split || pool_threads() == 1) {
    run(args, 0, n);
    return;
  }
  span_job job = {run, args, n, pool_threads()};
  pool_run(job.parts, span_task, &job);
}

/* Where unary kernels and relu's gradient split; binary ones, which the Transformer step calls on [1024, 512], from a quarter of it. */
#define UNARY_SPLIT (1L << 20)
#define BINARY_SPLIT (1L << 18)

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
 * Broadcast views of up to three operands, walked row by row in the order of a contiguous
 * output. Dims are merged wherever every operand steps through them as one, so rows get as
 * long as the layouts allow.
 */
typedef struct {
  int ndim, operands;
  long shape[MAX_DIMS], stride[3][MAX_DIMS], counter[MAX_DIMS];
  long pos[3], step[3]; /* each operand's position, and its stride along a row */
  long n, rows;         /* row length and count */
} walk_t;

/* Sets up the walk (callers have checked ndim ≤ MAX_DIMS); returns 0 when a view is empty. */
static int walk_start(walk_t *w, int operands, int ndim, const long *shape, const long *const *strides, const long *offsets) {
  w->operands = operands;
  w->ndim = 0;
  for (int k = 0; k < operands; k++) w->pos[k] = offsets[k];
  for (int d = 0; d < ndim; d++) {
    if (shape[d] == 0) return 0;
    if (shape[d] == 1) continue; /* never stepped through */
    int merge = w->ndim > 0;
    for (int k = 0; k < operands && merge; k++) merge = w->stride[k][w->ndim - 1] == strides[k][d] * shape[d];
    int at = merge ? w->ndim - 1 : w->ndim++;
    w->shape[at] = merge ? w->shape[at] * shape[d] : shape[d];
    for (int k = 0; k < operands; k++) w->stride[k][at] = strides[k][d];
  }
  if (w->ndim == 0) { /* a single element */
    w->ndim = 1;
    w->shape[0] = 1;
    for (int k = 0; k < operands; k++) w->stride[k][0] = 0;
  }
  w->n = w->shape[w->ndim - 1];
  w->rows = 1;
  for (int d = 0; d < w->ndim - 1; d++) {
    w->rows *= w->shape[d];
    w->counter[d] = 0;
  }
  for (int k = 0; k < operands; k++) w->step[k] = w->stride[k][w->ndim - 1];
  return 1;
}

/* Moves every operand to the start of the next row. */
static void walk_next(walk_t *w) {
  for (int d = w->ndim - 2; d >= 0; d--) {
    for (int k = 0; k < w->operands; k++) w->pos[k] += w->stride[k][d];
    if (++w->counter[d] < w->shape[d]) return;
    for (int k = 0; k < w->operands; k++) w->pos[k] -= w->stride[k][d] * w->shape[d];
    w->counter[d] = 0;
  }
}

/* Places a fresh walk (as walk_start left it) at the start of row r. */
static void walk_seek(walk_t *w, long r) {
  for (int d = w->ndim - 2; d >= 0; d--) {
    w->counter[d] = r % w->shape[d];
    r /= w->shape[d];
    for (int k = 0; k < w->operands; k++) w->pos[k] += w->counter[d] * w->stride[k][d];
  }
}

typedef struct {
  int op;
  const float *a, *b;
  char *out;
  long size; /* bytes per output element */
  walk_t start;
} binary_job;

/* Output elements [lo, hi) in contiguous order: the rest of a row, whole rows, the start of one. */
static void binary_span(const void *args, long lo, long hi) {
  const binary_job *j = args;
  walk_t w = j->start;
  long at = lo % w.n;
  walk_seek(&w, lo / w.n);
  while (lo < hi) {
    long len = w.n - at < hi - lo ? w.n - at : hi - lo;
    row(j->op, j->a + w.pos[0] + at * w.step[0], w.step[0], j->b + w.pos[1] + at * w.step[1], w.step[1], j->out + lo * j->size, len);
    lo += len;
    at = 0;
    walk_next(&w);
  }
}

int binary_f32(int op, const float *a, const float *b, void *out, int ndim, const long *shape,
               const long *sa, const long *sb, long oa, long ob) {
  if (ndim > MAX_DIMS || op < BIN_ADD || op > BIN_NE) return 0;
  const long *strides[2] = {sa, sb}, offsets[2] = {oa, ob};
  binary_job job = {op, a, b, out, op >= BIN_GT ? 1 : sizeof(float)};
  if (!walk_start(&job.start, 2, ndim, shape, strides, offsets)) return 1;
  const long n = job.start.rows * job.start.n;
  run_spans(binary_span, &job, n, out, job.size, BINARY_SPLIT);
  return 1;
}

/* out[i] = c[i·tc] ? a[i·ta] : b[i·tb], loading both sides so the selection vectorises. */
static void where_row(const unsigned char *c, long tc, const float *a, long ta, const float *b, long tb, float *out, long n) {
  if (tc == 1 && ta == 1 && tb == 1) for (long i = 0; i < n; i++) { float x = a[i], y = b[i]; out[i] = c[i] ? x : y; }
  else if (tc == 1 && ta == 1 && tb == 0) { float y = b[0]; for (long i = 0; i < n; i++) { float x = a[i]; out[i] = c[i] ? x : y; } }
  else if (tc == 1 && ta == 0 && tb == 1) { float x = a[0]; for (long i = 0; i < n; i++) { float y = b[i]; out[i] = c[i] ? x : y; } }
  else for (long i = 0; i < n; i++) { float x = a[i * ta], y = b[i * tb]; out[i] = c[i * tc] ? x : y; }
}

int where_f32(const unsigned char *cond, const float *a, const float *b, float *out, int ndim, const long *shape,
              const long *sc, const long *sa, const long *sb, long oc, long oa, long ob) {
  if (ndim > MAX_DIMS) return 0;
  const long *strides[3] = {sc, sa, sb}, offsets[3] = {oc, oa, ob};
  walk_t w;
  if (!walk_start(&w, 3, ndim, shape, strides, offsets)) return 1;
  for (long r = 0; r < w.rows; r++, walk_next(&w)) {
    where_row(cond + w.pos[0], w.step[0], a + w.pos[1], w.step[1], b + w.pos[2], w.step[2], out + r * w.n, w.n);
  }
  return 1;
}

int assign_f32(float *dst, const float *src, int ndim, const long *shape, const long *sd, const long *ss, long od, long os) {
  if (ndim > MAX_DIMS) return 0;
  const long *strides[2] = {sd, ss}, offsets[2] = {od, os};
  walk_t w;
  if (!walk_start(&w, 2, ndim, shape, strides, offsets)) return 1;
  for (long r = 0; r < w.rows; r++, walk_next(&w)) {
    float *to = dst + w.pos[0];
    const float *from = src + w.pos[1];
    if (w.step[0] == 1 && w.step[1] == 1) memcpy(to, from, sizeof(float) * w.n);
    else for (long i = 0; i < w.n; i++) to[i * w.step[0]] = from[i * w.step[1]];
  }
  return 1;
}

typedef struct {
  const float *g, *y;
  float *out;
  float threshold;
} threshold_args;

static void threshold_span(const void *args, long lo, long hi) {
  const threshold_args *a = args;
  for (long i = lo; i < hi; i++) {
    float v = a->g[i]; /* read unconditionally, so the select needs no branch (signs are unpredictable) and vectorises */
    a->out[i] = a->y[i] > a->threshold ? v : 0.0f;
  }
}

void threshold_backward_f32(const float *g, const float *y, float *out, long n, float threshold) {
  threshold_args args = {g, y, out, threshold};
  run_spans(threshold_span, &args, n, out, sizeof(float), UNARY_SPLIT);
}

typedef struct {
  int op;
  const float *x;
  float *out;
} unary_args;

static void unary_span(const void *args, long lo, long hi) {
  const unary_args *u = args;
  const float *x = u->x + lo;
  float *out = u->out + lo;
  long n = hi - lo;
  switch (u->op) {
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
  }
}

int unary_f32(int op, const float *x, float *out, long n) {
  if (op < UN_NEG || op > UN_SIGMOID) return 0;
  unary_args args = {op, x, out};
  run_spans(unary_span, &args, n, out, sizeof(float), UNARY_SPLIT);
  return 1;
}
