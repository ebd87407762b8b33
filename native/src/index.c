/* Gather and scatter along one dim of contiguous [outer, size, inner] blocks (js: index_ops.ts). */
#include <stdint.h>

#include "kernels.h"
#include "pool.h"

typedef struct {
  float *target; /* scatter's, or gather's output */
  const float *source; /* gather's x, or scatter's src */
  const int32_t *index;
  long outer, n, k, inner;
  int scatter, accumulate, parts;
  int failed;
} index_job;

/* Blocks [lo, hi) of the outer dim; each reads and writes only its own blocks, so parts run in parallel. */
static void index_task(int part, void *ctx) {
  index_job *j = ctx;
  long lo = j->outer * part / j->parts, hi = j->outer * (part + 1) / j->parts;
  for (long o = lo, i = lo * j->k * j->inner; o < hi; o++) {
    const long block = o * j->n * j->inner;
    for (long r = 0; r < j->k; r++) {
      for (long t = 0; t < j->inner; t++, i++) {
        int32_t at = j->index[i];
        if ((uint32_t)at >= (uint32_t)j->n) {
          j->failed = 1;
          return;
        }
        long pos = block + at * j->inner + t;
        if (!j->scatter) j->target[i] = j->source[pos];
        else j->target[pos] = j->accumulate ? j->target[pos] + j->source[i] : j->source[i];
      }
    }
  }
}

static int run_index(index_job *j) {
  long work = j->outer * j->k * j->inner;
  j->parts = work >= 1 << 18 && j->outer > 1 && pool_threads() > 1 ? pool_threads() : 1;
  if (j->parts == 1) index_task(0, j);
  else pool_run(j->parts, index_task, j);
  return !j->failed;
}

int gather_f32(const float *restrict x, const int32_t *restrict index, float *restrict out, long outer, long n, long k, long inner) {
  index_job j = {out, x, index, outer, n, k, inner, 0, 0, 1, 0};
  return run_index(&j);
}

int scatter_f32(float *restrict target, const int32_t *restrict index, const float *restrict src, long outer, long n, long k, long inner,
                int accumulate) {
  index_job j = {target, src, index, outer, n, k, inner, 1, accumulate, 1, 0};
  return run_index(&j);
}
