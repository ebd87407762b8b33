/* Gather and scatter along one dim of contiguous [outer, size, inner] blocks (js: index_ops.ts). */
#include <stdint.h>

#include "kernels.h"

int gather_f32(const float *restrict x, const int32_t *restrict index, float *restrict out, long outer, long n, long k, long inner) {
  for (long o = 0, i = 0; o < outer; o++) {
    const float *block = x + o * n * inner;
    for (long j = 0; j < k; j++) {
      for (long t = 0; t < inner; t++, i++) {
        if ((uint32_t)index[i] >= (uint32_t)n) return 0;
        out[i] = block[index[i] * inner + t];
      }
    }
  }
  return 1;
}

int scatter_f32(float *restrict target, const int32_t *restrict index, const float *restrict src, long outer, long n, long k, long inner,
                int accumulate) {
  for (long o = 0, i = 0; o < outer; o++) {
    float *block = target + o * n * inner;
    for (long j = 0; j < k; j++) {
      for (long t = 0; t < inner; t++, i++) {
        if ((uint32_t)index[i] >= (uint32_t)n) return 0;
        float *to = block + index[i] * inner + t;
        *to = accumulate ? *to + src[i] : src[i];
      }
    }
  }
  return 1;
}
