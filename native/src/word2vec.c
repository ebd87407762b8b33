/*
 * Word2Vec training (skip-gram or CBOW with negative sampling, subsampling, dynamic window), one
 * epoch per call, Hogwild over the pool's threads as word2vec.c does: each thread takes a
 * contiguous run of sentences and updates the shared matrices without locks. Draws come from a
 * per-thread xorshift32, the same sequence as src/backend/js/word2vec.ts, so one thread repeats
 * the js kernel's run (up to float rounding).
 *
 * With several threads the rows of the most frequent words (ids below `hot`: the vocabulary is
 * sorted by count; all of a small vocabulary) live in a per-thread copy merged back every
 * SYNC_WORDS words (shared += local - base). Plain Hogwild on shared rows made two threads slower
 * than one on Moby-Dick: rows both threads write bounce between the cores' caches, and with
 * subsampling most reused rows are written by both (an epoch took 480 ms on 2 threads, 435 ms on
 * 1; 33k copied values per matrix gave 360 ms, 1M gave 220 ms). The price: a thread sees the
 * others' updates of those rows up to SYNC_WORDS words late.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "pool.h"

typedef struct {
  const w2v_job *job;
  const int32_t *guide; /* see draw_negative */
  long guide_size;
  int epoch, parts;
  volatile long *done; /* words trained so far in this epoch, over all threads (racy, as word2vec.c's) */
} w2v_ctx;

static inline uint32_t xorshift(uint32_t *s) {
  uint32_t x = *s;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *s = x;
}

static inline double uniform01(uint32_t *s) { return (double)xorshift(s) / 4294967296.0; }

/*
 * Negative draws: the smallest i with table[i] > u for the cumulative table, found from a guide
 * (guide[k]: the smallest i with table[i] > k / GUIDE_PER_WORD·V) and a short forward scan, the
 * same index as a binary search (the js kernel's) without its unpredictable branches, which took
 * a third of the time.
 */
#define GUIDE_PER_WORD 2

static int32_t *build_guide(const double *table, long v, long *size) {
  long m = v * GUIDE_PER_WORD;
  int32_t *guide = malloc(sizeof(int32_t) * m);
  if (!guide) return NULL;
  long i = 0;
  for (long k = 0; k < m; k++) {
    while (i < v - 1 && table[i] <= (double)k / (double)m) i++;
    guide[k] = (int32_t)i;
  }
  *size = m;
  return guide;
}

static inline int draw_negative(const w2v_ctx *c, long v, uint32_t *s) {
  double u = (double)xorshift(s) / 4294967296.0;
  long i = c->guide[(long)(u * (double)c->guide_size)];
  while (i < v - 1 && c->job->table[i] <= u) i++;
  return (int)i;
}

#define HOT_VALUES (1L << 20) /* floats per matrix copied per thread: 10,485 rows of 100 */
#define SYNC_WORDS 8192

/* Where a thread reads and writes rows: its copies for ids below hot, the shared matrices above. */
typedef struct {
  float *syn0, *syn1, *local0, *local1, *base0, *base1;
  long hot, D;
} w2v_rows;

static inline float *row0(const w2v_rows *r, int w) { return w < r->hot ? r->local0 + (long)w * r->D : r->syn0 + (long)w * r->D; }
static inline float *row1(const w2v_rows *r, int w) { return w < r->hot ? r->local1 + (long)w * r->D : r->syn1 + (long)w * r->D; }

static void merge_rows(float *shared, float *local, float *base, long n) {
  for (long i = 0; i < n; i++) local[i] = base[i] = shared[i] += local[i] - base[i];
}

static void merge_hot(w2v_rows *r) {
  merge_rows(r->syn0, r->local0, r->base0, r->hot * r->D);
  merge_rows(r->syn1, r->local1, r->base1, r->hot * r->D);
}

/* Private copies of the hot rows when other threads share the matrices (none when parts is 1 or memory is short). */
static void open_rows(w2v_rows *r, const w2v_job *j, int parts) {
  *r = (w2v_rows){j->syn0, j->syn1, NULL, NULL, NULL, NULL, 0, j->vector_size};
  long hot = parts > 1 ? HOT_VALUES / j->vector_size : 0;
  if (hot > j->vocab_size) hot = j->vocab_size;
  if (hot == 0 || !(r->local0 = malloc(sizeof(float) * 4 * hot * r->D))) return;
  long n = hot * r->D;
  r->local1 = r->local0 + n;
  r->base0 = r->local1 + n;
  r->base1 = r->base0 + n;
  memcpy(r->local0, j->syn0, sizeof(float) * n);
  memcpy(r->base0, j->syn0, sizeof(float) * n);
  memcpy(r->local1, j->syn1, sizeof(float) * n);
  memcpy(r->base1, j->syn1, sizeof(float) * n);
  r->hot = hot;
}

static void close_rows(w2v_rows *r) {
  if (r->hot) merge_hot(r);
  free(r->local0);
}

static inline float sigmoid_clamped(float x) { return x > 6.0f ? 1.0f : x < -6.0f ? 0.0f : 1.0f / (1.0f + expf(-x)); }

/*
 * One positive target and its negatives against `hidden`, accumulating into neu1e. The negatives
 * are drawn (in the js kernel's order) and their rows prefetched before any arithmetic: the rows
 * are scattered over the matrix and waiting for them one after another took the other third.
 */
static inline __attribute__((always_inline)) void train_targets(const w2v_ctx *c, const w2v_rows *r, const float *hidden, int target, float lr,
                                                               float *neu1e, uint32_t *rng) {
  const w2v_job *j = c->job;
  const long D = j->vector_size;
  float *rows[16];
  for (int first = 0; first <= j->negative; first += 16) {
    int n = 0;
    for (int k = first; k <= j->negative && k < first + 16; k++) {
      int t = k == 0 ? target : draw_negative(c, j->vocab_size, rng);
      if (k > 0 && t == target) continue;
      rows[n] = row1(r, t);
      for (long d = 0; d < D; d += 16) __builtin_prefetch(rows[n] + d, 1);
      n++;
    }
    for (int k = 0; k < n; k++) {
      float *row = rows[k];
      float dot = 0.0f;
#pragma omp simd reduction(+ : dot)
      for (long d = 0; d < D; d++) dot += hidden[d] * row[d];
      float g = ((first == 0 && k == 0 ? 1.0f : 0.0f) - sigmoid_clamped(dot)) * lr;
      for (long d = 0; d < D; d++) {
        neu1e[d] += g * row[d];
        row[d] += g * hidden[d];
      }
    }
  }
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
static void w2v_task(int part, void *p) {
  const w2v_ctx *c = p;
  const w2v_job *j = c->job;
  const long D = j->vector_size;
  uint32_t rng = (uint32_t)(j->seed * 1000003u + (uint32_t)c->epoch * 7919u + (uint32_t)part + 1u);
  if (rng == 0) rng = 1;
  float neu1[2048], neu1e[2048];
  int sentence[10000];
  w2v_rows r;
  open_rows(&r, j, c->parts);
  long unsynced = 0;
  long first = (long)j->sentences * part / c->parts, last = (long)j->sentences * (part + 1) / c->parts;
  for (long s = first; s < last; s++) {
    long start = s == 0 ? 0 : j->sentence_ends[s - 1], end = j->sentence_ends[s];
    long before = *c->done + (long)c->epoch * j->corpus_words;
    float lr = j->alpha - (j->alpha - j->min_alpha) * (float)((double)before / (double)j->total_words);
    if (lr < j->min_alpha) lr = j->min_alpha;
    *c->done += end - start;
    if (r.hot && (unsynced += end - start) >= SYNC_WORDS) {
      merge_hot(&r);
      unsynced = 0;
    }
    int n = 0;
    for (long i = start; i < end && n < 10000; i++) {
      int w = j->corpus[i];
      float keep = j->keep[w];
      if (keep >= 1.0f || uniform01(&rng) < (double)keep) sentence[n++] = w;
    }
    for (int pos = 0; pos < n; pos++) {
      int reach = j->window - (int)(xorshift(&rng) % (uint32_t)j->window);
      int from = pos - reach < 0 ? 0 : pos - reach, to = pos + reach > n - 1 ? n - 1 : pos + reach;
      int centre = sentence[pos];
      if (j->sg) {
        for (int k = from; k <= to; k++) {
          if (k == pos) continue;
          float *ctx_row = row0(&r, sentence[k]);
          for (long d = 0; d < D; d++) neu1e[d] = 0.0f;
          train_targets(c, &r, ctx_row, centre, lr, neu1e, &rng);
          for (long d = 0; d < D; d++) ctx_row[d] += neu1e[d];
        }
      } else {
        int count = 0;
        for (long d = 0; d < D; d++) neu1[d] = 0.0f;
        for (int k = from; k <= to; k++) {
          if (k == pos) continue;
          const float *ctx_row = row0(&r, sentence[k]);
          for (long d = 0; d < D; d++) neu1[d] += ctx_row[d];
          count++;
        }
        if (count == 0) continue;
        if (j->cbow_mean) for (long d = 0; d < D; d++) neu1[d] /= (float)count;
        for (long d = 0; d < D; d++) neu1e[d] = 0.0f;
        train_targets(c, &r, neu1, centre, lr, neu1e, &rng);
        float share = j->cbow_mean ? 1.0f : 1.0f / (float)count;
        for (int k = from; k <= to; k++) {
          if (k == pos) continue;
          float *ctx_row = row0(&r, sentence[k]);
          for (long d = 0; d < D; d++) ctx_row[d] += neu1e[d] * share;
        }
      }
    }
  }
  close_rows(&r);
}

int word2vec_epoch_f32(const w2v_job *job, int epoch) {
  volatile long done = 0;
  int parts = pool_threads();
  if (parts > job->sentences) parts = (int)(job->sentences > 0 ? job->sentences : 1);
  long guide_size = 0;
  int32_t *guide = build_guide(job->table, job->vocab_size, &guide_size);
  if (!guide) return -1;
  w2v_ctx ctx = {job, guide, guide_size, epoch, parts, &done};
  pool_run(parts, w2v_task, &ctx);
  free(guide);
  return 0;
}
