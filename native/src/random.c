/* Random masks drawn from the caller's xoshiro128** state, the same stream as the js Generator. */
#include <stdint.h>
#include <string.h>

#include "kernels.h"

static inline uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

void bernoulli_f32(uint32_t *state, float *out, long n, double limit, float value) {
  /* r < limit ⇔ r < ⌈limit⌉ for integers; 64 bits hold ⌈limit⌉ = 2³² (probability 1). */
  uint64_t bound = limit <= 0 ? 0 : (uint64_t)__builtin_ceil(limit);
  uint32_t bits, *dst = (uint32_t *)out;
  memcpy(&bits, &value, sizeof bits);
  uint32_t s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3];
  for (long i = 0; i < n; i++) {
    uint32_t r = rotl(s1 * 5, 7) * 9, t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    /* Branch-free: a mask of all ones or zeros, as draws below the bound are unpredictable. */
    dst[i] = bits & -(uint32_t)((uint64_t)r < bound);
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}
