/*
 * Single-precision GEMM for WebAssembly with 128-bit SIMD: B is packed in strips of 8 columns,
 * A in strips of 4 rows, over blocks of up to KC steps of k, and a 4×8 microkernel keeps its tile
 * of C in eight f32x4 accumulators. No libc: the caller (src/backend/wasm/) places the matrices in
 * linear memory above __heap_base. Threads (workers sharing the memory) each compute a band of C's
 * rows with `sgemm_rows` and packing buffers of their own; `sgemm` is the one-thread form.
 */
#include <wasm_simd128.h>

#define MR 4
#define NR 8
#define KC 256
#define MC 128
#define NC 1024

#define WORK_FLOATS (MC * KC + NC * KC)

static float work0[WORK_FLOATS];

/* Strips of NR columns of op(B) over steps [p0, p0+kc) and columns [j0, j0+nc); zeros past n. */
static void pack_b_block(float *pack_b, const float *b, int k, int n, int trans_b, int p0, int kc, int j0, int nc) {
  float *out = pack_b;
  for (int js = 0; js < nc; js += NR) {
    for (int p = 0; p < kc; p++) {
      for (int jj = 0; jj < NR; jj++) {
        int j = j0 + js + jj;
        *out++ = js + jj < nc ? (trans_b ? b[(long)j * k + p0 + p] : b[(long)(p0 + p) * n + j]) : 0.0f;
      }
    }
  }
}

/* Strips of MR rows of op(A) over rows [i0, i0+mc) and steps [p0, p0+kc); zeros past m. */
static void pack_a_block(float *pack_a, const float *a, int m, int k, int trans_a, int i0, int mc, int p0, int kc) {
  float *out = pack_a;
  for (int is = 0; is < mc; is += MR) {
    for (int p = 0; p < kc; p++) {
      for (int ii = 0; ii < MR; ii++) {
        int i = i0 + is + ii;
        *out++ = is + ii < mc ? (trans_a ? a[(long)(p0 + p) * m + i] : a[(long)i * k + p0 + p]) : 0.0f;
      }
    }
  }
}

/* C tile (rows × cols of at most MR × NR, row stride ldc) = (or +=) packed A strip · packed B strip. */
static void microkernel(const float *pa, const float *pb, int kc, float *c, int ldc, int rows, int cols, int accumulate) {
  v128_t acc[MR][2];
  for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = wasm_f32x4_splat(0.0f);
  for (int p = 0; p < kc; p++) {
    v128_t b0 = wasm_v128_load(pb + p * NR);
    v128_t b1 = wasm_v128_load(pb + p * NR + 4);
    for (int r = 0; r < MR; r++) {
      v128_t a = wasm_f32x4_splat(pa[p * MR + r]);
      acc[r][0] = wasm_f32x4_add(acc[r][0], wasm_f32x4_mul(a, b0));
      acc[r][1] = wasm_f32x4_add(acc[r][1], wasm_f32x4_mul(a, b1));
    }
  }
  if (rows == MR && cols == NR) {
    for (int r = 0; r < MR; r++) {
      float *row = c + (long)r * ldc;
      if (accumulate) {
        acc[r][0] = wasm_f32x4_add(acc[r][0], wasm_v128_load(row));
        acc[r][1] = wasm_f32x4_add(acc[r][1], wasm_v128_load(row + 4));
      }
      wasm_v128_store(row, acc[r][0]);
      wasm_v128_store(row + 4, acc[r][1]);
    }
    return;
  }
  float tile[MR * NR];
  for (int r = 0; r < MR; r++) {
    wasm_v128_store(tile + r * NR, acc[r][0]);
    wasm_v128_store(tile + r * NR + 4, acc[r][1]);
  }
  for (int r = 0; r < rows; r++) {
    for (int j = 0; j < cols; j++) c[(long)r * ldc + j] = accumulate ? c[(long)r * ldc + j] + tile[r * NR + j] : tile[r * NR + j];
  }
}

/* Floats of packing buffers one thread needs (`work` of sgemm_rows). */
__attribute__((export_name("sgemm_work_floats")))
int sgemm_work_floats(void) {
  return WORK_FLOATS;
}

/*
 * Rows [row0, row1) of C[m, n] = op(A)[m, k] · op(B)[k, n], overwritten. A is [m, k] row-major
 * ([k, m] when trans_a); B is [k, n] ([n, k] when trans_b). `work` holds WORK_FLOATS floats.
 */
__attribute__((export_name("sgemm_rows")))
void sgemm_rows(const float *a, const float *b, float *c, int m, int k, int n, int trans_a, int trans_b, int row0, int row1, float *work) {
  float *pack_a = work;
  float *pack_b = work + MC * KC;
  if (k == 0) {
    for (long i = (long)row0 * n; i < (long)row1 * n; i++) c[i] = 0.0f;
    return;
  }
  for (int j0 = 0; j0 < n; j0 += NC) {
    int nc = n - j0 < NC ? n - j0 : NC;
    for (int p0 = 0; p0 < k; p0 += KC) {
      int kc = k - p0 < KC ? k - p0 : KC;
      pack_b_block(pack_b, b, k, n, trans_b, p0, kc, j0, nc);
      for (int i0 = row0; i0 < row1; i0 += MC) {
        int mc = row1 - i0 < MC ? row1 - i0 : MC;
        pack_a_block(pack_a, a, m, k, trans_a, i0, mc, p0, kc);
        for (int is = 0; is < mc; is += MR) {
          for (int js = 0; js < nc; js += NR) {
            int rows = mc - is < MR ? mc - is : MR;
            int cols = nc - js < NR ? nc - js : NR;
            microkernel(pack_a + is * kc, pack_b + js * kc, kc, c + (long)(i0 + is) * n + j0 + js, n, rows, cols, p0 > 0);
          }
        }
      }
    }
  }
}

/* C[m, n] = op(A) · op(B) on one thread (its packing buffers static). */
__attribute__((export_name("sgemm")))
void sgemm(const float *a, const float *b, float *c, int m, int k, int n, int trans_a, int trans_b) {
  sgemm_rows(a, b, c, m, k, n, trans_a, trans_b, 0, m, work0);
}
