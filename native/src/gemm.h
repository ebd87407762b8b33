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
 * For many products with the same B: sgemm_pack_b packs op(B) [k,n] once into `packed` (of
 * sgemm_packed_size floats), and sgemm_packed computes C = op(A)·op(B) from it.
 */
long sgemm_packed_size(int k, int n);
void sgemm_pack_b(const float *b, int k, int n, int trans_b, float *packed);
void sgemm_packed(const float *a, const float *packed, float *c, int m, int k, int n, int trans_a);

/* The instruction set the microkernel uses: "avx512", "avx2" or "generic". */
const char *sgemm_isa(void);

#endif
