/* Single-precision GEMM with packing and SIMD microkernels, dispatched on the CPU at run time. */
#ifndef SHINSOU_GEMM_H
#define SHINSOU_GEMM_H

/*
 * C[m,n] = op(A)[m,k] · op(B)[k,n] for `batch` matrices (C is overwritten). A is stored [m,k]
 * row-major, or [k,m] when trans_a; B is [k,n], or [n,k] when trans_b. A batch stride of 0
 * reuses one matrix for every batch entry.
 */
void sgemm(const float *a, const float *b, float *c, int batch, int m, int k, int n,
           long a_batch_stride, long b_batch_stride, int trans_a, int trans_b);

/*
 * The same product for a few rows m (a decoding step), reading B in place instead of packing it;
 * it sums in another order than sgemm, whose results the convolutions reproduce bit for bit.
 */
void sgemm_few_rows(const float *a, const float *b, float *c, int batch, int m, int k, int n,
                    long a_batch_stride, long b_batch_stride, int trans_a, int trans_b);

/*
 * For many products with the same B: sgemm_pack_b packs op(B) [k,n] once into `packed` (of
 * sgemm_packed_size floats), and sgemm_packed computes C = op(A)·op(B) from it.
 */
long sgemm_packed_size(int k, int n);
void sgemm_pack_b(const float *b, int k, int n, int trans_b, float *packed);
void sgemm_packed(const float *a, const float *packed, float *c, int m, int k, int n, int trans_a);

/* The deepest panel the kernels take: a product's depth k is summed in blocks of this many steps. */
#define SGEMM_KC 256

/* Products under this many multiply-adds (~40 µs on one core) stay on one thread: waking workers would cost more. */
#define SGEMM_PARALLEL_WORK 4e6

/*
 * One side of a product, read as lines x (rows of op(A), columns of op(B)) of k steps p: element
 * (x, p) is data[x·sx + p·sp]. An operand that is not stored as a matrix (a convolution's column
 * matrix) sets `pack` instead, which writes lines [x0, x0+width) × steps [p0, p0+kc) as one
 * w-wide panel (step p's w values at out + p·w, zeros past width), as sgemm_pack_panel does for
 * stored ones; `ctx` is its own.
 */
typedef struct gemm_operand gemm_operand;
struct gemm_operand {
  const float *data;
  long sx, sp;
  void (*pack)(const gemm_operand *self, int x0, int width, int p0, int kc, int w, float *out);
  const void *ctx;
  /* When set: all its panels, packed once by sgemm_pack_operand (then the fields above are unused). */
  const float *packed;
};

/* Which side of a product an operand is: its panels are as wide as the microkernel's tile that way. */
enum { GEMM_LEFT = 0, GEMM_RIGHT = 1 };

/*
 * For many products with the same operand: its panels (`lines` lines × k steps) packed once into
 * `packed`, of sgemm_packed_operand_size floats, for an operand {.packed = packed}.
 */
long sgemm_packed_operand_size(int side, int lines, int k);
void sgemm_pack_operand(const gemm_operand *o, int side, int lines, int k, float *packed);

/* The panel of lines src + x·sx (x < width) over kc steps sp apart, in the layout `pack` writes. */
void sgemm_pack_panel(int w, const float *src, long sx, long sp, int kc, int width, float *out);
/* The same panel from lines that each hold their kc steps contiguously: line x at lines[x] (x < width). */
void sgemm_pack_panel_lines(int w, const float *const *lines, int kc, int width, float *out);

/*
 * Where a product's C[i, j] goes: c + i·ldc + (j / block)·block_stride + j % block. A row-major
 * [m, n] matrix (matrix_output) has ldc = block = n; a convolution's output [N, O, L] seen as
 * [O, N·L] has ldc = block = L and block_stride = O·L.
 */
typedef struct {
  float *c;
  long ldc;
  int block;
  long block_stride;
} gemm_output;

gemm_output matrix_output(float *c, int n);

/*
 * C[m,n] = A·B for operands A (m lines) and B (n lines) of depth k, on the calling thread only
 * unless `threaded` (a blocked C is not prefaulted: see pool_prefault). The sum over k runs in
 * the same order as sgemm's, however the operands and C are held.
 */
void sgemm_operands(const gemm_operand *a, const gemm_operand *b, const gemm_output *c, int m, int k, int n, int threaded);

/* The fraction of the microkernel tiles' lanes that an m×n product's C fills (1: every tile full). */
double sgemm_tile_use(int m, int n);

/* Whether an m×n product's Cᵀ fills the microkernel's tiles enough better than C to compute it so. */
int sgemm_fills_better_transposed(int m, int n);

/*
 * out[o·ldo + r·count + i] = Σ_p src[r·row_step + offset[p] + i] · B[p, o] (+ bias[o]) for lines
 * i < count of rows r < rows and o < n: a product whose left lines are consecutive floats of k
 * shifted rows (a unit-stride convolution's windows along `rows` consecutive output rows, whose
 * windows are row_step floats apart in src), read in place, and whose C is written transposed. B
 * is packed by sgemm_pack_operand(GEMM_RIGHT, n, k). Each sum runs in sgemm's order. Only where
 * sgemm_shifted_rows_use(count, n) > 0: the fraction of its kernel's lanes that it fills. The 7
 * floats after each shifted row's last line must be readable (their products are not stored).
 */
double sgemm_shifted_rows_use(int count, int n);
/* The columns n one shifted-rows tile spans: 32 with AVX-512, 16 with AVX2 (where the use is above 0). */
int sgemm_shifted_rows_columns(void);
void sgemm_shifted_rows(const float *src, const long *offset, int k, const float *packed_b, int n, const float *bias, float *out, long ldo, int count, int rows, long row_step);

/*
 * C[p·ldc + o] = Σ_q A[q·lda + o] · src[offset[p] + at[q]] for o < m, p < n, q < k: a product whose
 * right lines are shifted rows read in place at the steps' places `at` (a unit-stride
 * convolution's weight gradient for one image, with A = dyᵀ), C written [n, m]. Each sum runs in
 * sgemm's order. A's rows hold m rounded up to 16 floats (lda a multiple of 16), and C's rows as
 * many (ldc); the lanes past m are computed from them and stored. Only where
 * sgemm_shifted_steps_available() (AVX2 without AVX-512).
 */
int sgemm_shifted_steps_available(void);
void sgemm_shifted_steps(const float *a, long lda, int m, const float *src, const long *at, const long *offset, int k, int n, float *c, long ldc);

/*
 * out[o·ldo + i] = Σ_p src[offset[p] + i·stride] · B[p, o] (+ bias[o]) for lines i < count and
 * o < n: sgemm_shifted_rows' product for windows `stride` floats apart (a strided convolution's
 * output row), the lines broadcast and the columns in the lanes. B is packed by
 * sgemm_pack_operand(GEMM_RIGHT, n, k). Each sum runs in sgemm's order. Only where
 * sgemm_shifted_steps_available() (AVX2 without AVX-512).
 */
void sgemm_strided_rows(const float *src, long stride, const long *offset, int k, const float *packed_b, int n, const float *bias, float *out, long ldo, int count);

/* The instruction set the microkernel uses: "avx512", "avx2" or "generic". */
const char *sgemm_isa(void);

#endif
