/**
 * @file js GEMM: packed panels and a 4×4 register-blocked microkernel.
 *
 * A is packed in 4-row strips and B in 4-column strips, each laid out k-major, so the
 * microkernel streams both sequentially and keeps 16 accumulators in registers: 16
 * multiply-adds per 8 loads instead of 1 per 2 in a plain triple loop. Blocks of KC×NC of B
 * stay in L2 while every strip of A passes over them.
 */
import { allocate, dtypeOfArray, type DType, type TypedArray } from '../../tensor/dtype.js';
import type { PackedMatrix } from '../backend.js';

const MR = 4;
const NR = 4;
const KC = 256;
const NC = 512;

/**
 * Packing buffers are kept between calls: fresh memory costs a page fault per 4 KiB on first
 * touch (very slow in some VMs), and every GEMM would otherwise touch ~0.5 MB of it.
 */
const packs = new Map<string, TypedArray>();

function packBuffer(which: 'a' | 'b', dtype: DType, size: number): TypedArray {
  const key = `${which}:${dtype}`;
  let buf = packs.get(key);
  if (buf === undefined || buf.length < size) {
    buf = allocate(dtype, size);
    packs.set(key, buf);
  }
  return buf;
}

export function matmul(a: TypedArray, b: TypedArray, batch: number, m: number, k: number, n: number,
  aBatchStride: number, bBatchStride: number, transA = false, transB = false): TypedArray {
  const dtype = dtypeOfArray(a);
  const c = allocate(dtype, batch * m * n);
  const packA = packBuffer('a', dtype, Math.ceil(m / MR) * MR * KC);
  const packB = packBuffer('b', dtype, Math.ceil(NC / NR) * NR * KC);
  for (let t = 0; t < batch; t++) {
    gemm({ a, aOff: t * aBatchStride, b, bOff: t * bBatchStride, m, k, n, transA, transB }, c, t * m * n, packA, packB);
  }
  return c;
}

/** One product's operands: A is [m, k] (or [k, m] when transA), B is [k, n] (or [n, k] when transB). */
interface Operands {
  a: TypedArray;
  aOff: number;
  b: TypedArray;
  bOff: number;
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
}

function gemm(q: Operands, c: TypedArray, cOff: number, packA: TypedArray, packB: TypedArray): void {
  const { m, k, n } = q;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packPanelB(q, pc, kc, jc, nc, packB);
      packPanelA(q, pc, kc, packA);
      for (let ir = 0; ir < m; ir += MR) {
        for (let jr = 0; jr < nc; jr += NR) {
          microkernel(packA, (ir / MR) * MR * kc, packB, (jr / NR) * NR * kc, kc,
            c, cOff + ir * n + jc + jr, n, Math.min(MR, m - ir), Math.min(NR, nc - jr));
        }
      }
    }
  }
}

/** Rows of A in strips of MR, each strip stored as kc columns of MR values (zero-padded). */
function packPanelA({ a, aOff, m, k, transA }: Operands, pc: number, kc: number, out: TypedArray): void {
  // Element (row, p) of A sits at rowStep·row + colStep·p.
  const [rowStep, colStep] = transA ? [1, m] : [k, 1];
  for (let ir = 0; ir < m; ir += MR) {
    const base = (ir / MR) * MR * kc;
    for (let r = 0; r < MR; r++) {
      const row = ir + r;
      if (row < m) {
        const src = aOff + row * rowStep + pc * colStep;
        for (let p = 0; p < kc; p++) out[base + p * MR + r] = a[src + p * colStep]!;
      } else {
        for (let p = 0; p < kc; p++) out[base + p * MR + r] = 0;
      }
    }
  }
}

/** Columns of B in strips of NR, each strip stored as kc rows of NR values (zero-padded). */
function packPanelB({ b, bOff, k, n, transB }: Operands, pc: number, kc: number, jc: number, nc: number, out: TypedArray): void {
  // Element (p, col) of B sits at rowStep·p + colStep·col.
  const [rowStep, colStep] = transB ? [1, k] : [n, 1];
  for (let jr = 0; jr < nc; jr += NR) {
    const base = (jr / NR) * NR * kc;
    const width = Math.min(NR, nc - jr);
    for (let p = 0; p < kc; p++) {
      const src = bOff + (pc + p) * rowStep + (jc + jr) * colStep;
      const dst = base + p * NR;
      for (let q = 0; q < NR; q++) out[dst + q] = q < width ? b[src + q * colStep]! : 0;
    }
  }
}

/** C[0:mr, 0:nr] += Apanel · Bpanel over kc, with every accumulator in a local. */
function microkernel(pa: TypedArray, ai: number, pb: TypedArray, bi: number, kc: number,
  c: TypedArray, ci: number, ldc: number, mr: number, nr: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0; p < kc; p++, ai += 4, bi += 4) {
    const a0 = pa[ai]!, a1 = pa[ai + 1]!, a2 = pa[ai + 2]!, a3 = pa[ai + 3]!;
    const b0 = pb[bi]!, b1 = pb[bi + 1]!, b2 = pb[bi + 2]!, b3 = pb[bi + 3]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  if (mr === MR && nr === NR) {
    c[ci]! += c00; c[ci + 1]! += c01; c[ci + 2]! += c02; c[ci + 3]! += c03; ci += ldc;
    c[ci]! += c10; c[ci + 1]! += c11; c[ci + 2]! += c12; c[ci + 3]! += c13; ci += ldc;
    c[ci]! += c20; c[ci + 1]! += c21; c[ci + 2]! += c22; c[ci + 3]! += c23; ci += ldc;
    c[ci]! += c30; c[ci + 1]! += c31; c[ci + 2]! += c32; c[ci + 3]! += c33;
    return;
  }
  const acc = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
  for (let r = 0; r < mr; r++) {
    for (let q = 0; q < nr; q++) c[ci + r * ldc + q]! += acc[r * 4 + q]!;
  }
}

/** The js backend keeps the matrix as given: its products pack per call anyway. */
export function packMatrix(b: TypedArray, k: number, n: number, transB: boolean): PackedMatrix {
  return { k, n, transB, data: b };
}

export function matmulPacked(a: TypedArray, b: PackedMatrix, m: number, transA = false): TypedArray {
  return matmul(a, b.data, 1, m, b.k, b.n, 0, 0, transA, b.transB);
}
