/**
 * @file Dense float64 kernels on one row-major matrix at a time: Cholesky, triangular and LU
 * solves, and Jacobi methods for the symmetric eigenproblem and the SVD (accurate to working
 * precision, O(n³) per sweep; the sizes here — FID's 128×128 covariances, layer weights — are small).
 */
import { ValueError } from '../errors.js';

/** Lower-triangular L with A = L·Lᵀ, or the index of the first non-positive pivot. */
export function choleskyLower(a: Float64Array, n: number): Float64Array | number {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= l[j * n + k]! ** 2;
    if (!(d > 0)) return j;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** X = A⁻¹B for triangular A [n, n] and B [n, k] (only A's `upper` or lower triangle is read). */
export function triangularSolve(a: Float64Array, b: Float64Array, n: number, k: number, upper: boolean, unit: boolean): Float64Array {
  const x = Float64Array.from(b);
  for (let c = 0; c < k; c++) {
    for (let s = 0; s < n; s++) {
      const i = upper ? n - 1 - s : s;
      let v = x[i * k + c]!;
      if (upper) for (let j = i + 1; j < n; j++) v -= a[i * n + j]! * x[j * k + c]!;
      else for (let j = 0; j < i; j++) v -= a[i * n + j]! * x[j * k + c]!;
      x[i * k + c] = unit ? v : v / a[i * n + i]!;
    }
  }
  return x;
}

/** X = A⁻¹B by LU with partial pivoting, for A [n, n] and B [n, k]; null when A is singular. */
export function luSolve(a: Float64Array, b: Float64Array, n: number, k: number): Float64Array | null {
  const lu = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(lu[r * n + c]!) > Math.abs(lu[p * n + c]!)) p = r;
    if (lu[p * n + c] === 0) return null;
    if (p !== c) {
      for (let j = 0; j < n; j++) [lu[c * n + j], lu[p * n + j]] = [lu[p * n + j]!, lu[c * n + j]!];
      for (let j = 0; j < k; j++) [x[c * k + j], x[p * k + j]] = [x[p * k + j]!, x[c * k + j]!];
    }
    for (let r = c + 1; r < n; r++) {
      const f = lu[r * n + c]! / lu[c * n + c]!;
      if (f === 0) continue;
      for (let j = c; j < n; j++) lu[r * n + j]! -= f * lu[c * n + j]!;
      for (let j = 0; j < k; j++) x[r * k + j]! -= f * x[c * k + j]!;
    }
  }
  return triangularSolve(lu, x, n, k, true, false);
}

const MAX_SWEEPS = 100;

/** The n×n identity, row-major. */
function identity(n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return a;
}

/**
 * The plane rotation (x, y) ← (c·x − s·y, s·x + c·y) of `count` element pairs a[first + k·step]
 * and a[second + k·step]: two columns of a row-major matrix with step = its width, two rows with step 1.
 */
function rotate(a: Float64Array, first: number, second: number, step: number, count: number, c: number, s: number): void {
  for (let k = 0; k < count; k++) {
    const [x, y] = [a[first + k * step]!, a[second + k * step]!];
    a[first + k * step] = c * x - s * y;
    a[second + k * step] = s * x + c * y;
  }
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors (columns of Q) of the symmetric A [n, n],
 * by cyclic Jacobi rotations (only A's lower triangle is read, as PyTorch's default UPLO='L').
 */
export function jacobiEigh(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) m[i * n + j] = m[j * n + i] = a[i * n + j]!;
  const q = identity(n);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) total += m[i * n + j]! ** 2;
        else off += m[i * n + j]! ** 2;
      }
    }
    if (off <= 1e-30 * (total + off) || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let r = p + 1; r < n; r++) {
        const apr = m[p * n + r]!;
        if (apr === 0) continue;
        const theta = (m[r * n + r]! - m[p * n + p]!) / (2 * apr);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(m, p, r, n, n, c, s); // columns p and r
        rotate(m, p * n, r * n, 1, n, c, s); // rows p and r
        rotate(q, p, r, n, n, c, s);
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[i * n + i]! - m[j * n + j]!);
  const values = Float64Array.from(order, (i) => m[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => { for (let k = 0; k < n; k++) vectors[k * n + dst] = q[k * n + src]!; });
  return { values, vectors };
}

/**
 * Thin SVD of A [m, n] with m ≥ n by one-sided Jacobi (Hestenes): U [m, n], S [n] descending,
 * V [n, n] with A = U·diag(S)·Vᵀ. Columns of U for zero singular values are left zero.
 */
export function jacobiSvd(a: Float64Array, m: number, n: number): { u: Float64Array; s: Float64Array; v: Float64Array } {
  if (m < n) throw new ValueError(`jacobiSvd: expects rows ≥ cols, got ${m}×${n}`);
  const w = Float64Array.from(a);
  const v = identity(n);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let [alpha, beta, gamma] = [0, 0, 0];
        for (let k = 0; k < m; k++) {
          const [x, y] = [w[k * n + p]!, w[k * n + q]!];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma === 0) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotate(w, p, q, n, m, c, s);
        rotate(v, p, q, n, n, c, s);
      }
    }
    if (!rotated) break;
  }
  const norms = Array.from({ length: n }, (_, j) => { let t = 0; for (let k = 0; k < m; k++) t += w[k * n + j]! ** 2; return Math.sqrt(t); });
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => norms[j]! - norms[i]!);
  const u = new Float64Array(m * n);
  const vs = new Float64Array(n * n);
  const s = Float64Array.from(order, (j) => norms[j]!);
  order.forEach((src, dst) => {
    const sv = norms[src]!;
    for (let k = 0; k < m; k++) u[k * n + dst] = sv > 0 ? w[k * n + src]! / sv : 0;
    for (let k = 0; k < n; k++) vs[k * n + dst] = v[k * n + src]!;
  });
  return { u, s, v: vs };
}
