/*
 * The STFT's forward: the real DFT of every window·frame of contiguous signals, by the js kernel's
 * mixed-radix Stockham FFT (src/backend/js/fft.ts), run on 8 frames at once — one per vector lane,
 * so every butterfly is plain vector arithmetic with no shuffles. Groups of frames are split
 * across the pool.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fastmath.h"
#include "kernels.h"
#include "pool.h"

#define LANES 8
typedef float v8 __attribute__((vector_size(LANES * sizeof(float))));

/* One pass: radix-point DFTs over n = radix·m points interleaved `stride` apart; W^{u·p} at [(u−1)·m + p]. */
typedef struct {
  int radix, m, stride;
  float *cos, *sin;
  float root_cos[STFT_MAX_RADIX], root_sin[STFT_MAX_RADIX];
} fft_stage;

typedef struct {
  const float *signal, *window;
  float *out;
  long batch, length, frames;
  int nfft, hop, bins, half, even, stages, power;
  fft_stage stage[32];
  float *split_cos, *split_sin; /* e^{−2πik/N}, k ≤ N/2, for the even/odd split */
  long groups;
  int parts, failed;
} stft_job;

static int smallest_factor(int n) {
  if (n % 4 == 0) return 4;
  for (int f = 2; f * f <= n; f++)
    if (n % f == 0) return f;
  return n;
}

/* The passes of a size-n FFT (radix 4 first, as the js kernel): 1, 0 when a factor exceeds STFT_MAX_RADIX, -1 when out of memory. */
static int plan(stft_job *j, int n) {
  int stride = 1;
  j->stages = 0;
  while (n > 1) {
    int radix = smallest_factor(n), m = n / radix;
    if (radix > STFT_MAX_RADIX) return 0;
    fft_stage *s = &j->stage[j->stages++];
    s->radix = radix;
    s->m = m;
    s->stride = stride;
    s->cos = malloc(sizeof(float) * (size_t)((radix - 1) * m + 1));
    s->sin = malloc(sizeof(float) * (size_t)((radix - 1) * m + 1));
    if (!s->cos || !s->sin) return -1;
    for (int u = 1; u < radix; u++)
      for (int p = 0; p < m; p++) {
        double angle = -2 * M_PI * (double)((long)u * p % n) / n;
        s->cos[(u - 1) * m + p] = (float)cos(angle);
        s->sin[(u - 1) * m + p] = (float)sin(angle);
      }
    for (int r = 0; r < radix; r++) {
      s->root_cos[r] = (float)cos(-2 * M_PI * r / radix);
      s->root_sin[r] = (float)sin(-2 * M_PI * r / radix);
    }
    n = m;
    stride *= radix;
  }
  return 1;
}

static void free_plan(stft_job *j) {
  for (int i = 0; i < j->stages; i++) {
    free(j->stage[i].cos);
    free(j->stage[i].sin);
  }
  free(j->split_cos);
  free(j->split_sin);
}

/*
 * One pass, y[q + s·(radix·p + u)] = W^{u·p}·Σ_r x[q + s·(p + r·m)]·ω^{r·u}: each radix's butterfly
 * b[u] = Σ_r a_r·ω^{r·u} is written out for 2, 3, 4 and 5 (b[0] needs no twiddle).
 */
#define FOR_BUTTERFLIES                                           \
  const int m = st->m, s = st->stride, step = s * m;              \
  for (int p = 0; p < m; p++)                                     \
    for (int q = 0, in = s * p, out = s * radix * p; q < s; q++, in++, out++)
#define TWIDDLE(u, br, bi)                                                           \
  do {                                                                               \
    const float c = st->cos[((u) - 1) * m + p], sn = st->sin[((u) - 1) * m + p];     \
    yr[out + (u) * s] = (br) * c - (bi) * sn;                                        \
    yi[out + (u) * s] = (br) * sn + (bi) * c;                                        \
  } while (0)

static inline __attribute__((always_inline)) void pass2(const fft_stage *st, const v8 *restrict xr, const v8 *restrict xi, v8 *restrict yr, v8 *restrict yi) {
  const int radix = 2;
  FOR_BUTTERFLIES {
    v8 ar0 = xr[in], ai0 = xi[in], ar1 = xr[in + step], ai1 = xi[in + step];
    yr[out] = ar0 + ar1, yi[out] = ai0 + ai1;
    TWIDDLE(1, ar0 - ar1, ai0 - ai1);
  }
}

static inline __attribute__((always_inline)) void pass3(const fft_stage *st, const v8 *restrict xr, const v8 *restrict xi, v8 *restrict yr, v8 *restrict yi) {
  const int radix = 3;
  const float h = 0.86602540378443864676f; /* sin(2π/3) */
  FOR_BUTTERFLIES {
    v8 ar0 = xr[in], ai0 = xi[in];
    v8 tr = xr[in + step] + xr[in + 2 * step], ti = xi[in + step] + xi[in + 2 * step];
    v8 dr = xr[in + step] - xr[in + 2 * step], di = xi[in + step] - xi[in + 2 * step];
    v8 cr = ar0 - 0.5f * tr, ci = ai0 - 0.5f * ti;
    yr[out] = ar0 + tr, yi[out] = ai0 + ti;
    TWIDDLE(1, cr + h * di, ci - h * dr);
    TWIDDLE(2, cr - h * di, ci + h * dr);
  }
}

static inline __attribute__((always_inline)) void pass4(const fft_stage *st, const v8 *restrict xr, const v8 *restrict xi, v8 *restrict yr, v8 *restrict yi) {
  const int radix = 4;
  FOR_BUTTERFLIES {
    v8 ar0 = xr[in], ai0 = xi[in], ar1 = xr[in + step], ai1 = xi[in + step];
    v8 ar2 = xr[in + 2 * step], ai2 = xi[in + 2 * step], ar3 = xr[in + 3 * step], ai3 = xi[in + 3 * step];
    v8 sr02 = ar0 + ar2, si02 = ai0 + ai2, dr02 = ar0 - ar2, di02 = ai0 - ai2;
    v8 sr13 = ar1 + ar3, si13 = ai1 + ai3, dr13 = ar1 - ar3, di13 = ai1 - ai3;
    yr[out] = sr02 + sr13, yi[out] = si02 + si13;
    /* ω = −i: b1 = d02 − i·d13, b3 = d02 + i·d13 */
    TWIDDLE(1, dr02 + di13, di02 - dr13);
    TWIDDLE(2, sr02 - sr13, si02 - si13);
    TWIDDLE(3, dr02 - di13, di02 + dr13);
  }
}

static inline __attribute__((always_inline)) void pass5(const fft_stage *st, const v8 *restrict xr, const v8 *restrict xi, v8 *restrict yr, v8 *restrict yi) {
  const int radix = 5;
  const float c1 = 0.30901699437494742410f, c2 = -0.80901699437494742410f; /* cos(2π/5), cos(4π/5) */
  const float s1 = 0.95105651629515357212f, s2 = 0.58778525229247312917f;  /* sin(2π/5), sin(4π/5) */
  FOR_BUTTERFLIES {
    v8 ar0 = xr[in], ai0 = xi[in];
    v8 tr1 = xr[in + step] + xr[in + 4 * step], ti1 = xi[in + step] + xi[in + 4 * step];
    v8 dr1 = xr[in + step] - xr[in + 4 * step], di1 = xi[in + step] - xi[in + 4 * step];
    v8 tr2 = xr[in + 2 * step] + xr[in + 3 * step], ti2 = xi[in + 2 * step] + xi[in + 3 * step];
    v8 dr2 = xr[in + 2 * step] - xr[in + 3 * step], di2 = xi[in + 2 * step] - xi[in + 3 * step];
    v8 mr1 = ar0 + c1 * tr1 + c2 * tr2, mi1 = ai0 + c1 * ti1 + c2 * ti2;
    v8 mr2 = ar0 + c2 * tr1 + c1 * tr2, mi2 = ai0 + c2 * ti1 + c1 * ti2;
    v8 nr1 = s1 * dr1 + s2 * dr2, ni1 = s1 * di1 + s2 * di2;
    v8 nr2 = s2 * dr1 - s1 * dr2, ni2 = s2 * di1 - s1 * di2;
    yr[out] = ar0 + tr1 + tr2, yi[out] = ai0 + ti1 + ti2;
    /* b1, b4 = m1 ∓ i·n1; b2, b3 = m2 ∓ i·n2 */
    TWIDDLE(1, mr1 + ni1, mi1 - nr1);
    TWIDDLE(2, mr2 + ni2, mi2 - nr2);
    TWIDDLE(3, mr2 - ni2, mi2 + nr2);
    TWIDDLE(4, mr1 - ni1, mi1 + nr1);
  }
}

/* Any other radix (a prime above 5): its DFT term by term. */
static inline __attribute__((always_inline)) void pass_any(const fft_stage *st, const v8 *restrict xr, const v8 *restrict xi, v8 *restrict yr, v8 *restrict yi) {
  const int radix = st->radix;
  FOR_BUTTERFLIES {
    for (int u = 0; u < radix; u++) {
      v8 sr = xr[in], si = xi[in];
      for (int r = 1, k = u; r < radix; r++, k = k + u < radix ? k + u : k + u - radix) {
        v8 ar = xr[in + r * step], ai = xi[in + r * step];
        sr += ar * st->root_cos[k] - ai * st->root_sin[k];
        si += ar * st->root_sin[k] + ai * st->root_cos[k];
      }
      if (u == 0) yr[out] = sr, yi[out] = si;
      else TWIDDLE(u, sr, si);
    }
  }
}
#undef FOR_BUTTERFLIES
#undef TWIDDLE

static inline __attribute__((always_inline)) void pass(const fft_stage *st, const v8 *xr, const v8 *xi, v8 *yr, v8 *yi) {
  switch (st->radix) {
    case 2: pass2(st, xr, xi, yr, yi); break;
    case 3: pass3(st, xr, xi, yr, yi); break;
    case 4: pass4(st, xr, xi, yr, yi); break;
    case 5: pass5(st, xr, xi, yr, yi); break;
    default: pass_any(st, xr, xi, yr, yi);
  }
}

#if defined(__clang__)
#define INTERLEAVE(a, b, h) __builtin_shufflevector(a, b, 4 * (h), 8 + 4 * (h), 4 * (h) + 1, 9 + 4 * (h), 4 * (h) + 2, 10 + 4 * (h), 4 * (h) + 3, 11 + 4 * (h))
#else
typedef int v8i __attribute__((vector_size(LANES * sizeof(int))));
#define INTERLEAVE(a, b, h) __builtin_shuffle(a, b, (v8i){4 * (h), 8 + 4 * (h), 4 * (h) + 1, 9 + 4 * (h), 4 * (h) + 2, 10 + 4 * (h), 4 * (h) + 3, 11 + 4 * (h)})
#endif

/* Groups are 8 consecutive frames of one signal (the last of a signal may have fewer; its spare lanes repeat its last frame). */
VECTOR_CLONES
static void stft_groups(const stft_job *j, long lo, long hi, v8 *buf) {
  const int n = j->half, N = j->nfft;
  const long per_signal = (j->frames + LANES - 1) / LANES;
  v8 *re = buf, *im = buf + n, *re2 = buf + 2 * n, *im2 = buf + 3 * n;
  const float *w = j->window;
  for (long group = lo; group < hi; group++) {
    long b = group / per_signal, t0 = group % per_signal * LANES;
    int lanes = j->frames - t0 < LANES ? (int)(j->frames - t0) : LANES;
    const float *src[LANES];
    for (int l = 0; l < LANES; l++) src[l] = j->signal + b * j->length + (t0 + (l < lanes ? l : lanes - 1)) * j->hop;
    /* Lanes gathered in registers: writing them one by one to memory would stall the vector loads that follow. */
#define GATHER(k) ((v8){src[0][k], src[1][k], src[2][k], src[3][k], src[4][k], src[5][k], src[6][k], src[7][k]})
    for (int i = 0; i < n; i++) {
      if (j->even) re[i] = w[2 * i] * GATHER(2 * i), im[i] = w[2 * i + 1] * GATHER(2 * i + 1);
      else re[i] = w[i] * GATHER(i), im[i] = (v8){0};
    }
#undef GATHER
    v8 *xr = re, *xi = im, *yr = re2, *yi = im2;
    for (int k = 0; k < j->stages; k++) {
      pass(&j->stage[k], xr, xi, yr, yi);
      v8 *tr = xr, *ti = xi;
      xr = yr, xi = yi, yr = tr, yi = ti;
    }
    const int width = j->power ? 1 : 2; /* floats per value */
    float *out = j->out + (b * j->bins * j->frames + t0) * width;
    for (int k = 0; k < j->bins; k++, out += j->frames * width) {
      /* Frequencies past N/2 mirror those below: X[N − k] = conj X[k]. */
      int kk = k <= N / 2 ? k : N - k;
      v8 xre, xim;
      if (j->even) {
        /* X[k] = E + W^k·O, E = (Z[k] + conj Z[M−k])/2, O = (Z[k] − conj Z[M−k])/(2i). */
        int a = kk % n, c = (n - kk) % n;
        v8 er = 0.5f * (xr[a] + xr[c]), ei = 0.5f * (xi[a] - xi[c]);
        v8 orr = 0.5f * (xi[a] + xi[c]), oi = -0.5f * (xr[a] - xr[c]);
        float wr = j->split_cos[kk], wi = j->split_sin[kk];
        xre = er + wr * orr - wi * oi;
        xim = ei + wr * oi + wi * orr;
      } else {
        xre = xr[kk], xim = xi[kk];
      }
      if (kk != k) xim = -xim;
      if (j->power) {
        v8 p = xre * xre + xim * xim;
        if (lanes == LANES) memcpy(out, &p, sizeof p);
        else
          for (int l = 0; l < lanes; l++) out[l] = p[l];
      } else if (lanes == LANES) {
        v8 lo_half = INTERLEAVE(xre, xim, 0), hi_half = INTERLEAVE(xre, xim, 1);
        memcpy(out, &lo_half, sizeof lo_half);
        memcpy(out + LANES, &hi_half, sizeof hi_half);
      } else {
        for (int l = 0; l < lanes; l++) out[2 * l] = xre[l], out[2 * l + 1] = xim[l];
      }
    }
  }
}
#undef INTERLEAVE

static void stft_task(int t, void *ctx) {
  stft_job *j = ctx;
  v8 *buf = aligned_alloc(sizeof(v8), sizeof(v8) * 4 * (size_t)j->half);
  if (!buf) {
    j->failed = 1;
    return;
  }
  stft_groups(j, j->groups * t / j->parts, j->groups * (t + 1) / j->parts, buf);
  free(buf);
}

int stft_frames_f32(const float *signal, const float *window, float *out, long batch, long length, int nfft, int hop, long frames, int bins, int power) {
  stft_job j;
  memset(&j, 0, sizeof j);
  j.signal = signal, j.window = window, j.out = out;
  j.batch = batch, j.length = length, j.frames = frames, j.nfft = nfft, j.hop = hop, j.bins = bins, j.power = power;
  j.even = nfft % 2 == 0;
  j.half = j.even ? nfft / 2 : nfft;
  j.groups = batch * ((frames + LANES - 1) / LANES);
  int status = plan(&j, j.half);
  if (status == 1 && j.even) {
    j.split_cos = malloc(sizeof(float) * (size_t)(nfft / 2 + 1));
    j.split_sin = malloc(sizeof(float) * (size_t)(nfft / 2 + 1));
    if (!j.split_cos || !j.split_sin) status = -1;
    for (int k = 0; status == 1 && k <= nfft / 2; k++) {
      j.split_cos[k] = (float)cos(-2 * M_PI * k / nfft);
      j.split_sin[k] = (float)sin(-2 * M_PI * k / nfft);
    }
  }
  if (status == 1 && j.groups > 0) {
    pool_prefault(out, batch * bins * frames * (power ? 1 : 2));
    j.parts = j.groups >= 8 && pool_threads() > 1 ? pool_threads() : 1;
    if (j.parts == 1) stft_task(0, &j);
    else pool_run(j.parts, stft_task, &j);
    if (j.failed) status = -1;
  }
  free_plan(&j);
  return status;
}
