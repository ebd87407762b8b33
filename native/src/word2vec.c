/*
 * Word2Vec training (skip-gram or CBOW with negative sampling, subsampling, dynamic window), one
 * epoch per call, Hogwild over the pool's threads as word2vec.c does: each thread takes a
 * contiguous run of sentences and updates the shared matrices without locks. Draws come from a
 * per-thread xorshift32, the same sequence as src/backend/js/word2vec.ts, so one thread repeats
 * the js kernel's run (up to float rounding).
 */
#include <math.h>
#include <stdint.h>

#include "kernels.h"
#include "pool.h"

typedef struct {
  const w2v_job *job;
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

static int draw_negative(const double *table, long v, uint32_t *s) {
  double u = (double)xorshift(s) / 4294967296.0;
  long lo = 0, hi = v - 1;
  while (lo < hi) {
    long mid = (lo + hi) >> 1;
    if (table[mid] <= u) lo = mid + 1;
    else hi = mid;
  }
  return (int)lo;
}

static inline float sigmoid_clamped(float x) { return x > 6.0f ? 1.0f : x < -6.0f ? 0.0f : 1.0f / (1.0f + expf(-x)); }

/* One positive target and its negatives against `hidden`, accumulating into neu1e. */
static void train_targets(const w2v_job *j, const float *hidden, int target, float lr, float *neu1e, uint32_t *rng) {
  const long D = j->vector_size;
  for (int k = 0; k <= j->negative; k++) {
    int t = target;
    float label = 1.0f;
    if (k > 0) {
      t = draw_negative(j->table, j->vocab_size, rng);
      if (t == target) continue;
      label = 0.0f;
    }
    float *row = j->syn1 + (long)t * D;
    float dot = 0.0f;
#pragma omp simd reduction(+ : dot)
    for (long d = 0; d < D; d++) dot += hidden[d] * row[d];
    float g = (label - sigmoid_clamped(dot)) * lr;
    for (long d = 0; d < D; d++) {
      neu1e[d] += g * row[d];
      row[d] += g * hidden[d];
    }
  }
}

static void w2v_task(int part, void *p) {
  const w2v_ctx *c = p;
  const w2v_job *j = c->job;
  const long D = j->vector_size;
  uint32_t rng = (uint32_t)(j->seed * 1000003u + (uint32_t)c->epoch * 7919u + (uint32_t)part + 1u);
  if (rng == 0) rng = 1;
  float neu1[2048], neu1e[2048];
  int sentence[10000];
  long first = (long)j->sentences * part / c->parts, last = (long)j->sentences * (part + 1) / c->parts;
  for (long s = first; s < last; s++) {
    long start = s == 0 ? 0 : j->sentence_ends[s - 1], end = j->sentence_ends[s];
    long before = *c->done + (long)c->epoch * j->corpus_words;
    float lr = j->alpha - (j->alpha - j->min_alpha) * (float)((double)before / (double)j->total_words);
    if (lr < j->min_alpha) lr = j->min_alpha;
    *c->done += end - start;
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
          float *ctx_row = j->syn0 + (long)sentence[k] * D;
          for (long d = 0; d < D; d++) neu1e[d] = 0.0f;
          train_targets(j, ctx_row, centre, lr, neu1e, &rng);
          for (long d = 0; d < D; d++) ctx_row[d] += neu1e[d];
        }
      } else {
        int count = 0;
        for (long d = 0; d < D; d++) neu1[d] = 0.0f;
        for (int k = from; k <= to; k++) {
          if (k == pos) continue;
          const float *ctx_row = j->syn0 + (long)sentence[k] * D;
          for (long d = 0; d < D; d++) neu1[d] += ctx_row[d];
          count++;
        }
        if (count == 0) continue;
        if (j->cbow_mean) for (long d = 0; d < D; d++) neu1[d] /= (float)count;
        for (long d = 0; d < D; d++) neu1e[d] = 0.0f;
        train_targets(j, neu1, centre, lr, neu1e, &rng);
        float share = j->cbow_mean ? 1.0f : 1.0f / (float)count;
        for (int k = from; k <= to; k++) {
          if (k == pos) continue;
          float *ctx_row = j->syn0 + (long)sentence[k] * D;
          for (long d = 0; d < D; d++) ctx_row[d] += neu1e[d] * share;
        }
      }
    }
  }
}

void word2vec_epoch_f32(const w2v_job *job, int epoch) {
  volatile long done = 0;
  int parts = pool_threads();
  if (parts > job->sentences) parts = (int)(job->sentences > 0 ? job->sentences : 1);
  w2v_ctx ctx = {job, epoch, parts, &done};
  pool_run(parts, w2v_task, &ctx);
}
