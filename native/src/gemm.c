/*
 * SGEMM in the BLIS style: for each KC×NC block of B (packed into NR-wide column panels) and each
 * MC×KC block of A (packed into MR-tall row panels), an MR×NR microkernel keeps its tile of C in
 * vector registers while it streams both panels. Microkernels: AVX-512 (12×32), AVX2+FMA (6×16)
 * and portable C (4×8), chosen once with __builtin_cpu_supports so the binary runs anywhere.
 * Work is split across the thread pool by rows, or by columns when C is wide.
 */
#include "gemm.h"

#include <stdlib.h>
#include <string.h>

#include "fastmath.h"
#include "pool.h"

#if defined(__x86_64__) || defined(__i386__)
#define X86 1
#include <immintrin.h>
#endif

#define KC SGEMM_KC
#define MC 192 /* a multiple of every MR (12, 6, 4) */
#define NC 3072
#define MAX_MR 14
#define MAX_NR 32

typedef void (*ukernel_fn)(int kc, const float *a, const float *b, float *c, long ldc, int mr, int nr, int first);

typedef struct {
  int mr, nr;
  ukernel_fn kernel;
  const char *name;
} isa_t;

/* Writes (first k-block) or adds an mr×nr tile held in `acc` (row stride MAX_NR) into C. */
static inline void store_tile(const float *acc, float *c, long ldc, int mr, int nr, int first) {
  for (int r = 0; r < mr; r++) {
    float *row = c + r * ldc;
    const float *src = acc + r * MAX_NR;
    if (first) memcpy(row, src, sizeof(float) * nr);
    else for (int j = 0; j < nr; j++) row[j] += src[j];
  }
}

#ifdef X86
#define MR512 12

__attribute__((target("avx512f")))
static void kernel_avx512(int kc, const float *a, const float *b, float *c, long ldc, int mr, int nr, int first) {
  /* As in the AVX2 kernel: C is needed only at the end, so its misses can hide behind the multiply-adds. */
  for (int r = 0; r < MR512; r++) {
    _mm_prefetch((const char *)(c + r * ldc), _MM_HINT_T0);
    _mm_prefetch((const char *)(c + r * ldc + 31), _MM_HINT_T0);
  }
  __m512 acc[MR512][2];
  for (int r = 0; r < MR512; r++) acc[r][0] = acc[r][1] = _mm512_setzero_ps();
  for (int p = 0; p < kc; p++, a += MR512, b += 32) {
    __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
    for (int r = 0; r < MR512; r++) {
      __m512 ar = _mm512_set1_ps(a[r]);
      acc[r][0] = _mm512_fmadd_ps(ar, b0, acc[r][0]);
      acc[r][1] = _mm512_fmadd_ps(ar, b1, acc[r][1]);
    }
  }
  if (mr == MR512 && nr == 32) {
    for (int r = 0; r < MR512; r++) {
      float *row = c + r * ldc;
      if (!first) {
        acc[r][0] = _mm512_add_ps(acc[r][0], _mm512_loadu_ps(row));
        acc[r][1] = _mm512_add_ps(acc[r][1], _mm512_loadu_ps(row + 16));
      }
      _mm512_storeu_ps(row, acc[r][0]);
      _mm512_storeu_ps(row + 16, acc[r][1]);
    }
    return;
  }
  float tile[MAX_MR * MAX_NR];
  for (int r = 0; r < MR512; r++) {
    _mm512_storeu_ps(tile + r * MAX_NR, acc[r][0]);
    _mm512_storeu_ps(tile + r * MAX_NR + 16, acc[r][1]);
  }
  store_tile(tile, c, ldc, mr, nr, first);
}

__attribute__((target("avx2,fma")))
static void kernel_avx2(int kc, const float *a, const float *b, float *c, long ldc, int mr, int nr, int first) {
  /* C is needed only at the end: fetching it now hides the misses (it was last touched a whole block of A ago). */
  for (int r = 0; r < 6; r++) {
    _mm_prefetch((const char *)(c + r * ldc), _MM_HINT_T0);
    _mm_prefetch((const char *)(c + r * ldc + 15), _MM_HINT_T0);
  }
  /* Twelve named accumulators: with an array, GCC keeps them in memory and stores all twelve every step. */
  __m256 c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
  c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = _mm256_setzero_ps();
  for (int p = 0; p < kc; p++, a += 6, b += 16) {
    __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8), ar;
#define AVX2_ROW(r)                                \
    ar = _mm256_broadcast_ss(a + r);               \
    c##r##0 = _mm256_fmadd_ps(ar, b0, c##r##0);    \
    c##r##1 = _mm256_fmadd_ps(ar, b1, c##r##1);
    AVX2_ROW(0) AVX2_ROW(1) AVX2_ROW(2) AVX2_ROW(3) AVX2_ROW(4) AVX2_ROW(5)
#undef AVX2_ROW
  }
  __m256 acc[6][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  if (mr == 6 && nr == 16) {
    for (int r = 0; r < 6; r++) {
      float *row = c + r * ldc;
      if (!first) {
        acc[r][0] = _mm256_add_ps(acc[r][0], _mm256_loadu_ps(row));
        acc[r][1] = _mm256_add_ps(acc[r][1], _mm256_loadu_ps(row + 8));
      }
      _mm256_storeu_ps(row, acc[r][0]);
      _mm256_storeu_ps(row + 8, acc[r][1]);
    }
    return;
  }
  float tile[MAX_MR * MAX_NR];
  for (int r = 0; r < 6; r++) {
    _mm256_storeu_ps(tile + r * MAX_NR, acc[r][0]);
    _mm256_storeu_ps(tile + r * MAX_NR + 8, acc[r][1]);
  }
  store_tile(tile, c, ldc, mr, nr, first);
}

#endif

static void kernel_generic(int kc, const float *a, const float *b, float *c, long ldc, int mr, int nr, int first) {
  float tile[MAX_MR * MAX_NR];
  float acc[4][8] = {{0}};
  for (int p = 0; p < kc; p++, a += 4, b += 8)
    for (int r = 0; r < 4; r++)
      for (int j = 0; j < 8; j++) acc[r][j] += a[r] * b[j];
  for (int r = 0; r < 4; r++) memcpy(tile + r * MAX_NR, acc[r], sizeof(acc[r]));
  store_tile(tile, c, ldc, mr, nr, first);
}

static const isa_t *isa(void) {
#ifdef X86
  static const isa_t avx512 = {MR512, 32, kernel_avx512, "avx512"};
  static const isa_t avx2 = {6, 16, kernel_avx2, "avx2"};
#endif
  static const isa_t generic = {4, 8, kernel_generic, "generic"};
  static const isa_t *chosen = NULL;
  if (!chosen) {
#ifdef X86
    __builtin_cpu_init();
    const char *force = getenv("SHINSOU_ISA");
    int want512 = !force || !strcmp(force, "avx512");
    int want2 = !force || !strcmp(force, "avx2") || want512;
    if (want512 && __builtin_cpu_supports("avx512f")) chosen = &avx512;
    else if (want2 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) chosen = &avx2;
    else chosen = &generic;
#else
    chosen = &generic;
#endif
  }
  return chosen;
}

const char *sgemm_isa(void) { return isa()->name; }

typedef struct {
  gemm_operand a, b;
  gemm_output c;
  int m, k, n;
} problem_t;

/* op(A) [m,k] stored [m,k], or [k,m] when transposed, as rows x of k steps p. */
static gemm_operand left_operand(const float *a, int m, int k, int trans) {
  gemm_operand o = {a, trans ? 1 : k, trans ? m : 1, NULL, NULL, NULL};
  return o;
}

/* op(B) [k,n] stored [k,n], or [n,k] when transposed, as columns x of k steps p. */
static gemm_operand right_operand(const float *b, int k, int n, int trans) {
  gemm_operand o = {b, trans ? k : 1, trans ? 1 : n, NULL, NULL, NULL};
  return o;
}

gemm_output matrix_output(float *c, int n) {
  gemm_output o = {c, n, n > 0 ? n : 1, 0};
  return o;
}

/*
 * One panel for a microkernel: for each of kc steps p, the W values x < width of
 * src[x·sx + p·sp], then zeros up to W. W is a compile-time constant at each use so the inner
 * loop unrolls: panels of A are packed again for every block of B's columns, and for narrow
 * products that costs as much as the multiply-adds.
 */
#define PACK_PANEL(W)                                                                    \
  static void pack_panel_##W(const float *src, long sx, long sp, int kc, int width, float *out) { \
    for (int p = 0; p < kc; p++, src += sp, out += W) {                                    \
      if (width == W && sx == 1) memcpy(out, src, sizeof(float) * W);                      \
      else if (width == W) for (int x = 0; x < W; x++) out[x] = src[x * sx];               \
      else for (int x = 0; x < W; x++) out[x] = x < width ? src[x * sx] : 0;               \
    }                                                                                      \
  }
PACK_PANEL(32)
PACK_PANEL(16)
PACK_PANEL(12)
PACK_PANEL(8)
PACK_PANEL(6)
PACK_PANEL(4)

#ifdef X86
/* col[j] = column j of the 16×16 block whose rows are r[0…15] (r is clobbered). */
__attribute__((target("avx512f")))
static inline void transpose16_registers(__m512 r[16], __m512 col[16]) {
  __m512 t[16];
  /* Within each 128-bit lane: pairs of rows interleaved, then four rows' columns gathered. */
  for (int x = 0; x < 16; x += 2) {
    t[x] = _mm512_unpacklo_ps(r[x], r[x + 1]);
    t[x + 1] = _mm512_unpackhi_ps(r[x], r[x + 1]);
  }
  for (int x = 0; x < 16; x += 4) {
    r[x] = _mm512_shuffle_ps(t[x], t[x + 2], _MM_SHUFFLE(1, 0, 1, 0));
    r[x + 1] = _mm512_shuffle_ps(t[x], t[x + 2], _MM_SHUFFLE(3, 2, 3, 2));
    r[x + 2] = _mm512_shuffle_ps(t[x + 1], t[x + 3], _MM_SHUFFLE(1, 0, 1, 0));
    r[x + 3] = _mm512_shuffle_ps(t[x + 1], t[x + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  /* Now r[4g + c] lane L holds column 4L + c of rows 4g…4g+3; two lane shuffles finish it. */
  for (int c = 0; c < 4; c++) {
    t[c] = _mm512_shuffle_f32x4(r[c], r[4 + c], 0x88);
    t[4 + c] = _mm512_shuffle_f32x4(r[c], r[4 + c], 0xdd);
    t[8 + c] = _mm512_shuffle_f32x4(r[8 + c], r[12 + c], 0x88);
    t[12 + c] = _mm512_shuffle_f32x4(r[8 + c], r[12 + c], 0xdd);
  }
  for (int c = 0; c < 4; c++) {
    col[c] = _mm512_shuffle_f32x4(t[c], t[8 + c], 0x88);
    col[4 + c] = _mm512_shuffle_f32x4(t[4 + c], t[12 + c], 0x88);
    col[8 + c] = _mm512_shuffle_f32x4(t[c], t[8 + c], 0xdd);
    col[12 + c] = _mm512_shuffle_f32x4(t[4 + c], t[12 + c], 0xdd);
  }
}

/* Writes the 16×16 block of rows lines[x] + p (16 floats each) as its columns: column j to out + j·ldo. */
__attribute__((target("avx512f")))
static void transpose16(const float *const *lines, int p, float *out, long ldo) {
  __m512 r[16], col[16];
  for (int x = 0; x < 16; x++) r[x] = _mm512_loadu_ps(lines[x] + p);
  transpose16_registers(r, col);
  for (int c = 0; c < 16; c++) _mm512_storeu_ps(out + c * ldo, col[c]);
}

/*
 * A full 32-wide panel whose lines' steps are contiguous (line x at lines[x], as Bᵀ's rows are):
 * 16×16 blocks transposed in registers instead of 32 scattered loads per step (only the
 * AVX-512 kernel uses 32-wide panels).
 */
__attribute__((target("avx512f")))
static void pack_lines_32(const float *const *lines, int kc, float *out) {
  int p = 0;
  for (; p + 16 <= kc; p += 16) {
    transpose16(lines, p, out + (long)p * 32, 32);
    transpose16(lines + 16, p, out + (long)p * 32 + 16, 32);
  }
  for (; p < kc; p++) for (int x = 0; x < 32; x++) out[(long)p * 32 + x] = lines[x][p];
}

/* Writes the 8×8 block of rows lines[x] + p (8 floats each) as its columns: column j to out + j·ldo. */
__attribute__((target("avx2")))
static void transpose8(const float *const *lines, int p, float *out, long ldo) {
  __m256 r[8], t[8];
  for (int x = 0; x < 8; x++) r[x] = _mm256_loadu_ps(lines[x] + p);
  for (int x = 0; x < 8; x += 2) {
    t[x] = _mm256_unpacklo_ps(r[x], r[x + 1]);
    t[x + 1] = _mm256_unpackhi_ps(r[x], r[x + 1]);
  }
  for (int x = 0; x < 8; x += 4) {
    r[x] = _mm256_shuffle_ps(t[x], t[x + 2], _MM_SHUFFLE(1, 0, 1, 0));
    r[x + 1] = _mm256_shuffle_ps(t[x], t[x + 2], _MM_SHUFFLE(3, 2, 3, 2));
    r[x + 2] = _mm256_shuffle_ps(t[x + 1], t[x + 3], _MM_SHUFFLE(1, 0, 1, 0));
    r[x + 3] = _mm256_shuffle_ps(t[x + 1], t[x + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  /* r[c] and r[4 + c] hold column c (low lane) and 4 + c (high lane) of rows 0…3 and 4…7. */
  for (int c = 0; c < 4; c++) {
    _mm256_storeu_ps(out + c * ldo, _mm256_permute2f128_ps(r[c], r[4 + c], 0x20));
    _mm256_storeu_ps(out + (4 + c) * ldo, _mm256_permute2f128_ps(r[c], r[4 + c], 0x31));
  }
}

/* pack_lines_32 for the AVX2 kernel's 16-wide panels, by 8×8 transposes. */
__attribute__((target("avx2")))
static void pack_lines_16(const float *const *lines, int kc, float *out) {
  int p = 0;
  for (; p + 8 <= kc; p += 8) {
    transpose8(lines, p, out + (long)p * 16, 16);
    transpose8(lines + 8, p, out + (long)p * 16 + 8, 16);
  }
  for (; p < kc; p++) for (int x = 0; x < 16; x++) out[(long)p * 16 + x] = lines[x][p];
}

/*
 * pack_lines_32 for the AVX-512 kernel's 12-wide left panels: each 4 lines × 8 steps transposed in
 * registers into eight 4-float pieces, instead of 12 scattered loads per step.
 */
__attribute__((target("avx2")))
static void pack_lines_12(const float *const *lines, int kc, float *out) {
  int p = 0;
  for (; p + 8 <= kc; p += 8) {
    for (int x = 0; x < 12; x += 4) {
      __m256 r0 = _mm256_loadu_ps(lines[x] + p), r1 = _mm256_loadu_ps(lines[x + 1] + p);
      __m256 r2 = _mm256_loadu_ps(lines[x + 2] + p), r3 = _mm256_loadu_ps(lines[x + 3] + p);
      __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
      __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
      /* Step c's four values in the low lane of s[c], step 4 + c's in its high lane. */
      __m256 s[4] = {_mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0)), _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2)),
                     _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0)), _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2))};
      float *o = out + (long)p * 12 + x;
      for (int c = 0; c < 4; c++) {
        _mm_storeu_ps(o + c * 12, _mm256_castps256_ps128(s[c]));
        _mm_storeu_ps(o + (4 + c) * 12, _mm256_extractf128_ps(s[c], 1));
      }
    }
  }
  for (; p < kc; p++) for (int x = 0; x < 12; x++) out[(long)p * 12 + x] = lines[x][p];
}
#endif

/* The transposing packs for full panels of the kernel's width, if there is one for w: 1 when done. */
static int pack_lines_fast(int w, const float *const *lines, int kc, int width, float *out) {
#ifdef X86
  if (width == w && w == 32) return pack_lines_32(lines, kc, out), 1;
  if (width == w && w == 16 && isa()->nr == 16) return pack_lines_16(lines, kc, out), 1; /* only the AVX2 kernel's panels are 16 wide */
  if (width == w && w == 12 && isa()->mr == 12) return pack_lines_12(lines, kc, out), 1;
#endif
  (void)w, (void)lines, (void)kc, (void)width, (void)out;
  return 0;
}

/* Full panels one value at a time (the AVX2 and portable kernels' left ones); w is a constant where it is inlined, so each step is w moves. */
static inline __attribute__((always_inline)) void copy_lines(int w, const float *const *lines, int kc, float *out) {
  for (int p = 0; p < kc; p++, out += w) for (int x = 0; x < w; x++) out[x] = lines[x][p];
}

void sgemm_pack_panel_lines(int w, const float *const *lines, int kc, int width, float *out) {
  if (pack_lines_fast(w, lines, kc, width, out)) return;
  if (width == w && w == 6) return copy_lines(6, lines, kc, out);
  if (width == w && w == 4) return copy_lines(4, lines, kc, out);
  for (int p = 0; p < kc; p++, out += w) {
    for (int x = 0; x < w; x++) out[x] = x < width ? lines[x][p] : 0.0f;
  }
}

static void pack_panel(int w, const float *src, long sx, long sp, int kc, int width, float *out) {
  if (sp == 1 && width == w && w >= 12) { /* lines along rows: transposed in registers where the kernel's width allows */
    const float *lines[MAX_NR];
    for (int x = 0; x < w; x++) lines[x] = src + x * sx;
    if (pack_lines_fast(w, lines, kc, width, out)) return;
  }
  switch (w) {
    case 32: pack_panel_32(src, sx, sp, kc, width, out); break;
    case 16: pack_panel_16(src, sx, sp, kc, width, out); break;
    case 12: pack_panel_12(src, sx, sp, kc, width, out); break;
    case 8: pack_panel_8(src, sx, sp, kc, width, out); break;
    case 6: pack_panel_6(src, sx, sp, kc, width, out); break;
    default: pack_panel_4(src, sx, sp, kc, width, out); break;
  }
}

void sgemm_pack_panel(int w, const float *src, long sx, long sp, int kc, int width, float *out) {
  pack_panel(w, src, sx, sp, kc, width, out);
}

/* Packs lines [x0, x0+count) × steps [p0, p0+kc) of an operand into w-wide panels, zero-padded. */
static void pack_operand(const gemm_operand *o, int x0, int count, int p0, int kc, int w, float *out) {
  for (int xr = 0; xr < count; xr += w, out += (long)w * kc) {
    int width = count - xr < w ? count - xr : w;
    if (o->pack) o->pack(o, x0 + xr, width, p0, kc, w, out);
    else pack_panel(w, o->data + (x0 + xr) * o->sx + p0 * o->sp, o->sx, o->sp, kc, width, out);
  }
}

/*
 * A whole packed operand is its KC-step blocks in turn, each the w-wide panels of all its lines;
 * the panel of the block at step pc starting at line x (a multiple of w) begins here.
 */
static long packed_offset(int lines, int w, int pc, int x, int kc) {
  long padded = (long)(lines + w - 1) / w * w;
  return (long)pc * padded + (long)x * kc;
}

/* The panels of lines [x0, x0+count) × steps [pc, pc+kc): packed now into `buf`, or where they were packed before. */
static const float *operand_panels(const gemm_operand *o, int lines, int x0, int count, int pc, int kc, int w, float *buf) {
  if (o->packed) return o->packed + packed_offset(lines, w, pc, x0, kc);
  pack_operand(o, x0, count, pc, kc, w, buf);
  return buf;
}

static float *output_at(const gemm_output *c, int i, int j) {
  long col = j < c->block ? j : (long)(j / c->block) * c->block_stride + j % c->block;
  return c->c + (long)i * c->ldc + col;
}

/* One microkernel call for the tile at (i, j); a tile across a block boundary of C goes through a copy. */
static void run_tile(const isa_t *k, const gemm_output *c, int kc, const float *pa, const float *pb, int i, int j, int mr, int nr, int first) {
  if (j % c->block + nr <= c->block) {
    k->kernel(kc, pa, pb, output_at(c, i, j), c->ldc, mr, nr, first);
    return;
  }
  float tile[MAX_MR * MAX_NR], *at[MAX_NR];
  for (int x = 0; x < nr; x++) at[x] = output_at(c, i, j + x);
  for (int r = 0; r < mr && !first; r++) {
    for (int x = 0; x < nr; x++) tile[r * MAX_NR + x] = at[x][r * c->ldc];
  }
  k->kernel(kc, pa, pb, tile, MAX_NR, mr, nr, first);
  for (int r = 0; r < mr; r++) {
    for (int x = 0; x < nr; x++) at[x][r * c->ldc] = tile[r * MAX_NR + x];
  }
}

/*
 * Packing buffers live as long as their thread: fresh memory costs a page fault per 4 KiB on
 * first touch, which would dominate small products.
 */
static __thread float *pack_a_buf, *pack_b_buf;

/* One thread's share: rows [m0, m1) × cols [n0, n1) of C. */
static void gemm_block(const problem_t *q, int m0, int m1, int n0, int n1) {
  const isa_t *k = isa();
  if (!pack_a_buf) pack_a_buf = aligned_alloc(64, sizeof(float) * (MC + MAX_MR) * KC);
  if (!pack_b_buf) pack_b_buf = aligned_alloc(64, sizeof(float) * (NC + MAX_NR) * KC);
  if (q->k == 0) {
    for (int i = m0; i < m1; i++) for (int j = n0; j < n1; j++) *output_at(&q->c, i, j) = 0.0f;
  }
  for (int jc = n0; jc < n1; jc += NC) {
    int nc = n1 - jc < NC ? n1 - jc : NC;
    for (int pc = 0; pc < q->k; pc += KC) {
      int kc = q->k - pc < KC ? q->k - pc : KC;
      const float *pb = operand_panels(&q->b, q->n, jc, nc, pc, kc, k->nr, pack_b_buf);
      for (int ic = m0; ic < m1; ic += MC) {
        int mc = m1 - ic < MC ? m1 - ic : MC;
        const float *pa = operand_panels(&q->a, q->m, ic, mc, pc, kc, k->mr, pack_a_buf);
        for (int jr = 0; jr < nc; jr += k->nr) {
          for (int ir = 0; ir < mc; ir += k->mr) {
            int mr = mc - ir < k->mr ? mc - ir : k->mr;
            int nr = nc - jr < k->nr ? nc - jr : k->nr;
            run_tile(k, &q->c, kc, pa + (long)ir * kc, pb + (long)jr * kc, ic + ir, jc + jr, mr, nr, pc == 0);
          }
        }
      }
    }
  }
}

typedef struct {
  problem_t q;
  int parts;
  int split_rows;
} split_t;

static void split_task(int t, void *ctx) {
  split_t *s = ctx;
  const problem_t *q = &s->q;
  const isa_t *k = isa();
  int total = s->split_rows ? q->m : q->n;
  int unit = s->split_rows ? k->mr : k->nr;
  int units = (total + unit - 1) / unit;
  int lo = (int)((long)units * t / s->parts) * unit;
  int hi = (int)((long)units * (t + 1) / s->parts) * unit;
  if (hi > total) hi = total;
  if (lo >= hi) return;
  if (s->split_rows) gemm_block(q, lo, hi, 0, q->n);
  else gemm_block(q, 0, q->m, lo, hi);
}

static inline __attribute__((always_inline)) void few_rows_product(const float *a, const float *b, float *c, int m, int k, int n, int trans_a, int trans_b) {
  float column[KC];
  for (int i = 0; i < m; i++) {
    float *ci = c + (long)i * n;
    for (int j = 0; j < n; j++) ci[j] = 0;
    /* Steps in blocks of KC, with row i of op(A) contiguous (gathered from its column when A is stored [k,m]). */
    for (int p0 = 0; p0 < k; p0 += KC) {
      const int kc = k - p0 < KC ? k - p0 : KC;
      const float *ai = a + (long)i * k + p0;
      if (trans_a) {
        for (int p = 0; p < kc; p++) column[p] = a[(long)(p0 + p) * m + i];
        ai = column;
      }
      if (trans_b) {
        for (int j = 0; j < n; j++) {
          const float *bj = b + (long)j * k + p0;
          float sum = 0;
#pragma omp simd reduction(+ : sum)
          for (int p = 0; p < kc; p++) sum += ai[p] * bj[p];
          ci[j] += sum;
        }
      } else {
        for (int p = 0; p < kc; p++) {
          const float x = ai[p], *bp = b + (long)(p0 + p) * n;
#pragma omp simd
          for (int j = 0; j < n; j++) ci[j] += x * bp[j];
        }
      }
    }
  }
}

/*
 * C[m,n] = op(A)·op(B) for a few rows (one decoding step of a sequence model): packing B for
 * the microkernels would copy all of it to fill one row of each tile, so B is read where it is —
 * a dot product with each of its rows when it is stored [n,k], one scaled row of it added per
 * step when it is stored [k,n]. Sums in another order than sgemm's tiles, so it is a kernel of
 * its own (sgemm stays the one that the convolutions' implicit GEMM reproduces bit for bit).
 */
VECTOR_CLONES void sgemm_few_rows(const float *a, const float *b, float *c, int batch, int m, int k, int n,
                                  long a_batch_stride, long b_batch_stride, int trans_a, int trans_b) {
  for (int t = 0; t < batch; t++) few_rows_product(a + t * a_batch_stride, b + t * b_batch_stride, c + (long)t * m * n, m, k, n, trans_a, trans_b);
}

typedef struct {
  const float *a, *b;
  float *c;
  int m, k, n, trans_a, trans_b;
  long sa, sb;
} batch_t;

/* One whole product of a batch (the batch is split across threads when each product is small). */
static void batch_task(int t, void *ctx) {
  const batch_t *s = ctx;
  problem_t q = {left_operand(s->a + t * s->sa, s->m, s->k, s->trans_a), right_operand(s->b + t * s->sb, s->k, s->n, s->trans_b),
                 matrix_output(s->c + (long)t * s->m * s->n, s->n), s->m, s->k, s->n};
  gemm_block(&q, 0, s->m, 0, s->n);
}

#define PARALLEL_WORK SGEMM_PARALLEL_WORK

static void run_product(const problem_t *q, int threaded);

double sgemm_tile_use(int m, int n) {
  const isa_t *k = isa();
  return (double)m / ((m + k->mr - 1) / k->mr * k->mr) * n / ((n + k->nr - 1) / k->nr * k->nr);
}

/* 5%: below that, how the operands pack matters more (a narrow panel gathered one value at a time costs more than a wide one transposed in registers). */
int sgemm_fills_better_transposed(int m, int n) { return sgemm_tile_use(n, m) > 1.05 * sgemm_tile_use(m, n); }

/* Multiply-add lanes that computing C transposed must save per element to pay for copying it back across. */
#define TRANSPOSE_COST 128

/*
 * A product with few columns (e.g. a 3×3 convolution's weight gradient with one input channel:
 * n = 9, of 16 or 32 lanes) wastes much of every tile; its transpose Cᵀ = op(B)ᵀ·op(A)ᵀ may fill
 * them (64 rows fill 64 of 72 of the 12-row tiles, 64 columns all of the 32-lane ones), which
 * saves k·(1/use − 1/useᵀ) lanes per element of C. Each element's sum runs in the same order
 * either way. Returns 0 when the product is better computed as it is.
 */
static int run_transposed(const problem_t *q, int threaded) {
  /* (Packed panels fit one side only; an empty C has no tiles to fill.) */
  if (q->a.packed || q->b.packed || q->m == 0 || q->n == 0 || !sgemm_fills_better_transposed(q->m, q->n)) return 0;
  if (q->k * (1 / sgemm_tile_use(q->m, q->n) - 1 / sgemm_tile_use(q->n, q->m)) < TRANSPOSE_COST) return 0;
  float *ct = malloc(sizeof(float) * q->m * q->n);
  if (!ct) return 0;
  problem_t t = {q->b, q->a, matrix_output(ct, q->m), q->n, q->k, q->m};
  run_product(&t, threaded);
  for (int i = 0; i < q->m; i++) {
    for (int j = 0; j < q->n; j++) *output_at(&q->c, i, j) = ct[(long)j * q->m + i];
  }
  free(ct);
  return 1;
}

/* One product, split across the pool (when `threaded`) if it is large enough to pay for the wake-up. */
static void run_product(const problem_t *q, int threaded) {
  if (run_transposed(q, threaded)) return;
  double work = (double)q->m * q->n * (q->k > 0 ? q->k : 1);
  /*
   * Each thread packs all of the operand along the unsplit side: for a square C that is better B,
   * whose panels are contiguous copies, than A, whose 12-row panels are gathered element by element.
   */
  split_t s = {*q, !threaded || work < PARALLEL_WORK ? 1 : pool_threads(), q->m >= q->n};
  if (s.parts == 1) {
    gemm_block(&s.q, 0, q->m, 0, q->n);
  } else {
    if (q->c.block == q->n) pool_prefault(q->c.c, (long)q->m * q->c.ldc); /* (a blocked C is the caller's to prefault) */
    pool_run(s.parts, split_task, &s);
  }
}

void sgemm(const float *a, const float *b, float *c, int batch, int m, int k, int n,
           long a_batch_stride, long b_batch_stride, int trans_a, int trans_b) {
  double work = (double)m * n * (k > 0 ? k : 1);
  int threads = pool_threads();
  if (batch > 1 && work < PARALLEL_WORK && work * batch >= PARALLEL_WORK && threads > 1) {
    batch_t s = {a, b, c, m, k, n, trans_a, trans_b, a_batch_stride, b_batch_stride};
    pool_prefault(c, (long)batch * m * n);
    pool_run(batch, batch_task, &s);
    return;
  }
  for (int t = 0; t < batch; t++) {
    problem_t q = {left_operand(a + t * a_batch_stride, m, k, trans_a), right_operand(b + t * b_batch_stride, k, n, trans_b),
                   matrix_output(c + (long)t * m * n, n), m, k, n};
    run_product(&q, 1);
  }
}

/*
 * Shifted-row products (sgemm_shifted_rows): a tile is up to SHIFTED_MAX lines i, whose step p
 * value is src[offset[p] + i], by the 32 lines of one right panel, summed per KC block into
 * `tile` [SHIFTED_MAX][32] (written on the first block, added to after) as sgemm's kernel sums.
 */
#define SHIFTED_MAX 14

#ifdef X86
/* 14 lines × 2 vectors of accumulators + 2 of B + 1 broadcast: 31 of the 32 registers. */
#define SHIFTED_KERNEL(R)                                                                                              \
  __attribute__((target("avx512f"))) static void shifted_kernel_##R(int kc, const float *src, const long *offset,      \
                                                                     const float *b, float *tile, int first) {         \
    __m512 acc[R][2];                                                                                                  \
    for (int r = 0; r < R; r++) acc[r][0] = acc[r][1] = _mm512_setzero_ps();                                           \
    for (int p = 0; p < kc; p++, b += 32) {                                                                            \
      const float *a = src + offset[p];                                                                                \
      __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);                                                    \
      for (int r = 0; r < R; r++) {                                                                                    \
        __m512 ar = _mm512_set1_ps(a[r]);                                                                              \
        acc[r][0] = _mm512_fmadd_ps(ar, b0, acc[r][0]);                                                                \
        acc[r][1] = _mm512_fmadd_ps(ar, b1, acc[r][1]);                                                                \
      }                                                                                                                \
    }                                                                                                                  \
    for (int r = 0; r < R; r++, tile += 32) {                                                                          \
      if (!first) {                                                                                                    \
        acc[r][0] = _mm512_add_ps(acc[r][0], _mm512_loadu_ps(tile));                                                   \
        acc[r][1] = _mm512_add_ps(acc[r][1], _mm512_loadu_ps(tile + 16));                                              \
      }                                                                                                                \
      _mm512_storeu_ps(tile, acc[r][0]);                                                                               \
      _mm512_storeu_ps(tile + 16, acc[r][1]);                                                                          \
    }                                                                                                                  \
  }
SHIFTED_KERNEL(7)
SHIFTED_KERNEL(8)
SHIFTED_KERNEL(9)
SHIFTED_KERNEL(10)
SHIFTED_KERNEL(11)
SHIFTED_KERNEL(12)
SHIFTED_KERNEL(13)
SHIFTED_KERNEL(14)

/* out[o·ldo + i] = tile[i][o] (+ bias[o]) for i < rows, o < cols: the tile's 16-column halves transposed in registers. */
__attribute__((target("avx512f")))
static void store_shifted_tile(const float *tile, int rows, int cols, const float *bias, float *out, long ldo) {
  const __mmask16 inside = (__mmask16)((1u << rows) - 1);
  for (int h = 0; h < cols; h += 16, tile += 16) {
    __m512 r[16], col[16];
    for (int i = 0; i < 16; i++) r[i] = i < rows ? _mm512_loadu_ps(tile + i * 32) : _mm512_setzero_ps();
    transpose16_registers(r, col);
    for (int o = 0; o < 16 && h + o < cols; o++) {
      __m512 v = bias ? _mm512_add_ps(col[o], _mm512_set1_ps(bias[h + o])) : col[o];
      _mm512_mask_storeu_ps(out + (long)(h + o) * ldo, inside, v);
    }
  }
}

typedef void (*shifted_fn)(int kc, const float *src, const long *offset, const float *b, float *tile, int first);
static const shifted_fn shifted_kernels[SHIFTED_MAX + 1] = {
    [7] = shifted_kernel_7, [8] = shifted_kernel_8, [9] = shifted_kernel_9, [10] = shifted_kernel_10,
    [11] = shifted_kernel_11, [12] = shifted_kernel_12, [13] = shifted_kernel_13, [14] = shifted_kernel_14};
#endif

#ifdef X86
/*
 * AVX2 shifted rows: the lanes run along the line index i (8 consecutive windows of an output row
 * per vector, up to two vectors) and the columns o are broadcast, R at a time from one 16-wide
 * right panel, so each C row is stored as it lies, with no transposition. Lanes past the row are
 * computed from whatever floats follow it in src (sgemm_shifted_rows' contract keeps 7 readable)
 * and never stored: `last` masks the last vector's lanes.
 */
/*
 * Where a tile's vectors of lines are: the first at the tile's start; the second (if any) in1
 * floats after it in src and its products out1 after the first's in C (8 and 8 along one row, or
 * the next row's place for two short rows); mask0 and mask1 the lanes each stores.
 */
typedef struct {
  __m256i mask0, mask1;
  long in1;
  int out1;
} rows_tile;

/* Twelve named accumulators, as in kernel_avx2 (with an array GCC stores them all every step); column r's are a(2r), a(2r+1) for two vectors, a(r) for one. */
#define ROWS_AVX2_KERNEL(R, V)                                                                                         \
  __attribute__((target("avx2,fma"))) static void rows_avx2_##R##_##V(int kc, const float *src, const long *offset,    \
                                                                       const float *b, float *out, long ldo,           \
                                                                       const rows_tile *tile, int first) {             \
    __m256 a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11;                                                           \
    a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = a8 = a9 = a10 = a11 = _mm256_setzero_ps();                                 \
    for (int p = 0; p < kc; p++, b += 16) {                                                                            \
      const float *line = src + offset[p];                                                                             \
      const __m256 x0 = _mm256_loadu_ps(line), x1 = V == 2 ? _mm256_loadu_ps(line + tile->in1) : x0;                  \
      __m256 w;                                                                                                        \
      if (V == 2) {                                                                                                    \
        ROWS_AVX2_TWO(R, 0, a0, a1) ROWS_AVX2_TWO(R, 1, a2, a3) ROWS_AVX2_TWO(R, 2, a4, a5)                                     \
        ROWS_AVX2_TWO(R, 3, a6, a7) ROWS_AVX2_TWO(R, 4, a8, a9) ROWS_AVX2_TWO(R, 5, a10, a11)                                   \
      } else {                                                                                                         \
        ROWS_AVX2_ONE(R, 0, a0) ROWS_AVX2_ONE(R, 1, a1) ROWS_AVX2_ONE(R, 2, a2) ROWS_AVX2_ONE(R, 3, a3)                            \
        ROWS_AVX2_ONE(R, 4, a4) ROWS_AVX2_ONE(R, 5, a5) ROWS_AVX2_ONE(R, 6, a6) ROWS_AVX2_ONE(R, 7, a7)                            \
        ROWS_AVX2_ONE(R, 8, a8) ROWS_AVX2_ONE(R, 9, a9) ROWS_AVX2_ONE(R, 10, a10) ROWS_AVX2_ONE(R, 11, a11)                        \
      }                                                                                                                \
    }                                                                                                                  \
    __m256 acc[12] = {a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11};                                               \
    for (int r = 0; r < R; r++, out += ldo) {                                                                          \
      for (int v = 0; v < V; v++) {                                                                                    \
        const __m256i lanes = v ? tile->mask1 : tile->mask0;                                                           \
        float *at = out + (v ? tile->out1 : 0);                                                                        \
        __m256 sum = acc[r * V + v];                                                                                   \
        if (!first) sum = _mm256_add_ps(sum, _mm256_maskload_ps(at, lanes));                                           \
        _mm256_maskstore_ps(at, lanes, sum);                                                                           \
      }                                                                                                                \
    }                                                                                                                  \
  }
#define ROWS_AVX2_TWO(R, r, c0, c1)                                                                                       \
  if (R > r) {                                                                                                         \
    w = _mm256_broadcast_ss(b + r);                                                                                    \
    c0 = _mm256_fmadd_ps(w, x0, c0);                                                                                   \
    c1 = _mm256_fmadd_ps(w, x1, c1);                                                                                   \
  }
#define ROWS_AVX2_ONE(R, r, c)                                                                                            \
  if (R > r) {                                                                                                         \
    w = _mm256_broadcast_ss(b + r);                                                                                    \
    c = _mm256_fmadd_ps(w, x0, c);                                                                                     \
  }
ROWS_AVX2_KERNEL(1, 1) ROWS_AVX2_KERNEL(2, 1) ROWS_AVX2_KERNEL(3, 1) ROWS_AVX2_KERNEL(4, 1)
ROWS_AVX2_KERNEL(5, 1) ROWS_AVX2_KERNEL(6, 1) ROWS_AVX2_KERNEL(7, 1) ROWS_AVX2_KERNEL(8, 1)
ROWS_AVX2_KERNEL(9, 1) ROWS_AVX2_KERNEL(10, 1) ROWS_AVX2_KERNEL(11, 1) ROWS_AVX2_KERNEL(12, 1)
ROWS_AVX2_KERNEL(1, 2) ROWS_AVX2_KERNEL(2, 2) ROWS_AVX2_KERNEL(3, 2)
ROWS_AVX2_KERNEL(4, 2) ROWS_AVX2_KERNEL(5, 2) ROWS_AVX2_KERNEL(6, 2)
#undef ROWS_AVX2_TWO
#undef ROWS_AVX2_ONE

typedef void (*rows_avx2_fn)(int kc, const float *src, const long *offset, const float *b, float *out, long ldo, const rows_tile *tile, int first);
/* By vectors V (1 or 2) and columns R: twelve accumulators at most, with the V loaded lines and a broadcast in registers. */
static const rows_avx2_fn rows_avx2_kernels[3][13] = {
    [1] = {NULL, rows_avx2_1_1, rows_avx2_2_1, rows_avx2_3_1, rows_avx2_4_1, rows_avx2_5_1, rows_avx2_6_1, rows_avx2_7_1,
           rows_avx2_8_1, rows_avx2_9_1, rows_avx2_10_1, rows_avx2_11_1, rows_avx2_12_1},
    [2] = {NULL, rows_avx2_1_2, rows_avx2_2_2, rows_avx2_3_2, rows_avx2_4_2, rows_avx2_5_2, rows_avx2_6_2}};

__attribute__((target("avx2"))) static __m256i lanes_below(int count) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/* One tile of up to 16 lines (`vectors` of them) by all n columns, block by block of steps. */
__attribute__((target("avx2,fma")))
static void rows_avx2_tile(const float *src, const long *offset, int k, const float *packed_b, int n, float *out, long ldo, const rows_tile *tile, int vectors) {
  const int most = 12 / vectors;
  /* Block by block of steps, so that the calls for all columns find that block's rows still in cache. */
  for (int pc = 0; pc < k; pc += KC) {
    const int kc = k - pc < KC ? k - pc : KC;
    for (int j = 0; j < n; j += 16) {
      /* The panel's columns in as few calls as the registers allow, split evenly (16 as 6, 5, 5, not 6, 6, 4). */
      const int cols = n - j < 16 ? n - j : 16, calls = (cols + most - 1) / most;
      for (int call = 0; call < calls; call++) {
        const int c0 = cols * call / calls, width = cols * (call + 1) / calls - c0;
        rows_avx2_kernels[vectors][width](kc, src, offset + pc, packed_b + packed_offset(n, 16, pc, j, kc) + c0, out + (long)(j + c0) * ldo, ldo, tile, pc == 0);
      }
    }
  }
}

__attribute__((target("avx2,fma")))
static void shifted_rows_avx2(const float *src, const long *offset, int k, const float *packed_b, int n, const float *bias, float *out, long ldo, int count, int rows, long row_step) {
  if (rows == 2 && count <= 8) {
    /* Two short rows fill one tile's two vectors, so its loads and multiply-adds stay in proportion. */
    const rows_tile tile = {lanes_below(count), lanes_below(count), row_step, count};
    rows_avx2_tile(src, offset, k, packed_b, n, out, ldo, &tile, 2);
  } else {
    for (int row = 0; row < rows; row++) {
      for (int i0 = 0; i0 < count; i0 += 16) {
        const int lines = count - i0 < 16 ? count - i0 : 16, vectors = (lines + 7) / 8;
        const __m256i last = lanes_below(lines - 8 * (vectors - 1));
        const rows_tile tile = {vectors == 2 ? _mm256_set1_epi32(-1) : last, last, 8, 8};
        rows_avx2_tile(src + row * row_step + i0, offset, k, packed_b, n, out + row * count + i0, ldo, &tile, vectors);
      }
    }
  }
  for (int o = 0; bias && o < n; o++) {
    for (int i = 0; i < rows * count; i++) out[(long)o * ldo + i] += bias[o];
  }
}
#endif

#ifdef X86
/*
 * AVX2 broadcast tiles (sgemm_shifted_steps, sgemm_strided_rows): 16 lanes, two vectors of a line
 * that advances `lanes_step` floats a step, by R ≤ 6 broadcast lines whose step p value is
 * src[step_offset[p] + line_offset[r]]; C [R][16] is written on the first block and added to
 * after, as sgemm's kernel sums. Named accumulators as in kernel_avx2: line r's are a(2r), a(2r+1).
 */
#define BROADCAST_AVX2_KERNEL(R)                                                                                       \
  __attribute__((target("avx2,fma"))) static void broadcast_avx2_##R(int kc, const float *lanes, long lanes_step,     \
                                                                      const float *src, const long *step_offset,      \
                                                                      const long *line_offset, float *c, long ldc,    \
                                                                      int first) {                                     \
    __m256 a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11;                                                           \
    a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = a8 = a9 = a10 = a11 = _mm256_setzero_ps();                                 \
    const float *s0 = src + line_offset[0], *s1 = src + line_offset[R > 1], *s2 = src + line_offset[R > 2 ? 2 : 0],    \
                *s3 = src + line_offset[R > 3 ? 3 : 0], *s4 = src + line_offset[R > 4 ? 4 : 0],                        \
                *s5 = src + line_offset[R > 5 ? 5 : 0];                                                                \
    for (int p = 0; p < kc; p++, lanes += lanes_step) {                                                                \
      const long t = step_offset[p];                                                                                   \
      const __m256 x0 = _mm256_loadu_ps(lanes), x1 = _mm256_loadu_ps(lanes + 8);                                       \
      __m256 w;                                                                                                        \
      BROADCAST_AVX2_LINE(R, 0, s0, a0, a1) BROADCAST_AVX2_LINE(R, 1, s1, a2, a3) BROADCAST_AVX2_LINE(R, 2, s2, a4, a5)\
      BROADCAST_AVX2_LINE(R, 3, s3, a6, a7) BROADCAST_AVX2_LINE(R, 4, s4, a8, a9) BROADCAST_AVX2_LINE(R, 5, s5, a10, a11)\
    }                                                                                                                  \
    __m256 acc[12] = {a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11};                                               \
    for (int r = 0; r < R; r++, c += ldc) {                                                                            \
      for (int v = 0; v < 2; v++) {                                                                                    \
        __m256 sum = acc[2 * r + v];                                                                                   \
        if (!first) sum = _mm256_add_ps(sum, _mm256_loadu_ps(c + 8 * v));                                              \
        _mm256_storeu_ps(c + 8 * v, sum);                                                                              \
      }                                                                                                                \
    }                                                                                                                  \
  }
#define BROADCAST_AVX2_LINE(R, r, s, c0, c1)                                                                           \
  if (R > r) {                                                                                                         \
    w = _mm256_broadcast_ss(s + t);                                                                                    \
    c0 = _mm256_fmadd_ps(w, x0, c0);                                                                                   \
    c1 = _mm256_fmadd_ps(w, x1, c1);                                                                                   \
  }
BROADCAST_AVX2_KERNEL(1) BROADCAST_AVX2_KERNEL(2) BROADCAST_AVX2_KERNEL(3)
BROADCAST_AVX2_KERNEL(4) BROADCAST_AVX2_KERNEL(5) BROADCAST_AVX2_KERNEL(6)
#undef BROADCAST_AVX2_LINE

typedef void (*broadcast_avx2_fn)(int kc, const float *lanes, long lanes_step, const float *src, const long *step_offset, const long *line_offset, float *c, long ldc, int first);
static const broadcast_avx2_fn broadcast_avx2_kernels[7] = {NULL, broadcast_avx2_1, broadcast_avx2_2, broadcast_avx2_3, broadcast_avx2_4, broadcast_avx2_5, broadcast_avx2_6};
#endif

void sgemm_strided_rows(const float *src, long stride, const long *offset, int k, const float *packed_b, int n, const float *bias, float *out, long ldo, int count) {
#ifdef X86
  const int tiles = (count + 5) / 6;
  const long windows[6] = {0, stride, 2 * stride, 3 * stride, 4 * stride, 5 * stride}; /* the tile's lines, broadcast */
  float tile[6 * 16];
  for (int t = 0; t < tiles; t++) {
    const int i0 = (int)((long)count * t / tiles), lines = (int)((long)count * (t + 1) / tiles) - i0;
    for (int j = 0; j < n; j += 16) {
      const int cols = n - j < 16 ? n - j : 16;
      for (int pc = 0; pc < k; pc += KC) {
        const int kc = k - pc < KC ? k - pc : KC;
        broadcast_avx2_kernels[lines](kc, packed_b + packed_offset(n, 16, pc, j, kc), 16, src + i0 * stride, offset + pc, windows, tile, 16, pc == 0);
      }
      for (int o = 0; o < cols; o++) {
        float *row = out + (long)(j + o) * ldo + i0;
        if (bias) for (int i = 0; i < lines; i++) row[i] = tile[i * 16 + o] + bias[j + o];
        else for (int i = 0; i < lines; i++) row[i] = tile[i * 16 + o];
      }
    }
  }
#else
  (void)src, (void)stride, (void)offset, (void)k, (void)packed_b, (void)n, (void)bias, (void)out, (void)ldo, (void)count;
#endif
}

int sgemm_shifted_steps_available(void) {
#ifdef X86
  return isa()->nr == 16;
#else
  return 0;
#endif
}

void sgemm_shifted_steps(const float *a, long lda, int m, const float *src, const long *at, const long *offset, int k, int n, float *c, long ldc) {
#ifdef X86
  const int calls = (n + 5) / 6;
  /* Block by block of steps, the block's A (16 lines at a time) kept in cache across all of B's lines. */
  for (int pc = 0; pc < k; pc += KC) {
    const int kc = k - pc < KC ? k - pc : KC;
    for (int o = 0; o < m; o += 16) {
      /* B's lines in as few calls as the registers allow, split evenly. */
      for (int call = 0; call < calls; call++) {
        const int p0 = (int)((long)n * call / calls), width = (int)((long)n * (call + 1) / calls) - p0;
        broadcast_avx2_kernels[width](kc, a + (long)pc * lda + o, lda, src, at + pc, offset + p0, c + (long)p0 * ldc + o, ldc, pc == 0);
      }
    }
  }
#else
  (void)a, (void)lda, (void)m, (void)src, (void)at, (void)offset, (void)k, (void)n, (void)c, (void)ldc;
#endif
}

double sgemm_shifted_rows_use(int count, int n) {
#ifdef X86
  /* Lines are split into tiles of 7 to 14, so the 32 columns' blocks are all that can go unfilled. */
  if (count >= 7 && n > 0 && isa()->nr == 32) return (double)n / ((n + 31) / 32 * 32);
  /* Rows of 8 lines a vector: the last vector's unfilled lanes are what is lost. */
  if (count >= 8 && n > 0 && isa()->nr == 16) return (double)count / ((count + 7) / 8 * 8);
#endif
  (void)count, (void)n;
  return 0;
}

int sgemm_shifted_rows_columns(void) { return isa()->nr; }

#ifdef X86
/* One output row of sgemm_shifted_rows with AVX-512: tiles of 7 to 14 lines by 32 columns, transposed into C. */
static void shifted_row_avx512(const float *src, const long *offset, int k, const float *packed_b, int n, const float *bias, float *out, long ldo, int count) {
  const int tiles = (count + SHIFTED_MAX - 1) / SHIFTED_MAX;
  float tile[SHIFTED_MAX * 32];
  for (int t = 0; t < tiles; t++) {
    /* The lines split as evenly as can be: every tile then holds at least 7 lines. */
    const int i0 = (int)((long)count * t / tiles), rows = (int)((long)count * (t + 1) / tiles) - i0;
    const shifted_fn kernel = shifted_kernels[rows];
    for (int j = 0; j < n; j += 32) {
      const int cols = n - j < 32 ? n - j : 32;
      for (int pc = 0; pc < k; pc += KC) {
        const int kc = k - pc < KC ? k - pc : KC;
        kernel(kc, src + i0, offset + pc, packed_b + packed_offset(n, 32, pc, j, kc), tile, pc == 0);
      }
      store_shifted_tile(tile, rows, cols, bias ? bias + j : NULL, out + (long)j * ldo + i0, ldo);
    }
  }
}
#endif

void sgemm_shifted_rows(const float *src, const long *offset, int k, const float *packed_b, int n, const float *bias, float *out, long ldo, int count, int rows, long row_step) {
#ifdef X86
  if (isa()->nr == 16) {
    shifted_rows_avx2(src, offset, k, packed_b, n, bias, out, ldo, count, rows, row_step);
    return;
  }
  for (int row = 0; row < rows; row++) shifted_row_avx512(src + row * row_step, offset, k, packed_b, n, bias, out + row * count, ldo, count);
#else
  (void)src, (void)offset, (void)k, (void)packed_b, (void)n, (void)bias, (void)out, (void)ldo, (void)count, (void)rows, (void)row_step;
#endif
}

long sgemm_packed_operand_size(int side, int lines, int k) {
  int w = side == GEMM_LEFT ? isa()->mr : isa()->nr;
  return (long)(lines + w - 1) / w * w * k;
}

void sgemm_pack_operand(const gemm_operand *o, int side, int lines, int k, float *packed) {
  int w = side == GEMM_LEFT ? isa()->mr : isa()->nr;
  for (int pc = 0; pc < k; pc += KC) {
    int kc = k - pc < KC ? k - pc : KC;
    pack_operand(o, 0, lines, pc, kc, w, packed + packed_offset(lines, w, pc, 0, kc));
  }
}

long sgemm_packed_size(int k, int n) { return sgemm_packed_operand_size(GEMM_RIGHT, n, k); }

void sgemm_pack_b(const float *b, int k, int n, int trans_b, float *packed) {
  gemm_operand o = right_operand(b, k, n, trans_b);
  sgemm_pack_operand(&o, GEMM_RIGHT, n, k, packed);
}

void sgemm_packed(const float *a, const float *packed, float *c, int m, int k, int n, int trans_a) {
  problem_t q = {left_operand(a, m, k, trans_a), {.packed = packed}, matrix_output(c, n), m, k, n};
  run_product(&q, 1);
}

void sgemm_operands(const gemm_operand *a, const gemm_operand *b, const gemm_output *c, int m, int k, int n, int threaded) {
  problem_t q = {*a, *b, *c, m, k, n};
  run_product(&q, threaded);
}
