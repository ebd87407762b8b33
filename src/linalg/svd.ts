/** @file Singular value decomposition (one-sided Jacobi, float64 inside); svdvals is differentiable. */
import { defineOp } from '../autograd/function.js';
import { isGradEnabled } from '../autograd/grad_mode.js';
import { AutogradError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../options.js';
import { jacobiSvd } from './kernels.js';
import { matricesOf, matrixShape, stackMatrices } from './batch.js';

/** [rows, cols] row-major with orthonormal (or zero) columns → [rows, total] with every column orthonormal. */
function completeBasis(q: Float64Array, rows: number, cols: number, total: number): Float64Array {
  const out = new Float64Array(rows * total);
  const columns: Float64Array[] = [];
  const tryAdd = (v: Float64Array): boolean => {
    for (const c of columns) {
      let d = 0;
      for (let k = 0; k < rows; k++) d += c[k]! * v[k]!;
      for (let k = 0; k < rows; k++) v[k]! -= d * c[k]!;
    }
    const norm = Math.hypot(...v);
    if (norm < 1e-8) return false;
    columns.push(v.map((x) => x / norm));
    return true;
  };
  let basis = 0;
  for (let j = 0; j < total; j++) {
    const v = j < cols ? Float64Array.from({ length: rows }, (_, k) => q[k * cols + j]!) : new Float64Array(rows);
    while (!tryAdd(v)) {
      v.fill(0);
      v[basis++] = 1;
    }
  }
  columns.forEach((c, j) => { for (let k = 0; k < rows; k++) out[k * total + j] = c[k]!; });
  return out;
}

function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j]!;
  return t;
}

/** U [m, uCols], S [k], Vh [vRows, n] of one m×n matrix, k = min(m, n). */
function svdOne(a: Float64Array, m: number, n: number, full: boolean): { u: Float64Array; s: Float64Array; vh: Float64Array } {
  const k = Math.min(m, n);
  const wide = m < n;
  const r = wide ? jacobiSvd(transpose(a, m, n), n, m) : jacobiSvd(a, m, n);
  // A = U·S·Vᵀ, or for a wide A, Aᵀ = U'·S·V'ᵀ so that A = V'·S·U'ᵀ.
  const [uThin, vThin] = wide ? [r.v, r.u] : [r.u, r.v];
  const u = completeBasis(uThin, m, k, full ? m : k);
  const v = completeBasis(vThin, n, k, full ? n : k);
  return { u, s: r.s, vh: transpose(v, n, full ? n : k) };
}

/** U, S and Vh of a batch, with the names PyTorch's result has. */
export type Svd = [U: Tensor, S: Tensor, Vh: Tensor] & { U: Tensor; S: Tensor; Vh: Tensor };

function decompose(a: Tensor, full: boolean): { U: Tensor; S: Tensor; Vh: Tensor } {
  const [m, n] = a.shape.slice(-2) as [number, number];
  const k = Math.min(m, n);
  const batch = a.shape.slice(0, -2);
  const parts = matricesOf(a).map((x) => svdOne(x, m, n, full));
  return {
    U: stackMatrices(parts.map((p) => p.u), [...batch, m, full ? m : k], a.dtype),
    S: stackMatrices(parts.map((p) => p.s), [...batch, k], a.dtype),
    Vh: stackMatrices(parts.map((p) => p.vh), [...batch, full ? n : k, n], a.dtype),
  };
}

/**
 * A = U·diag(S)·Vh for A [..., m, n]: S [..., k] descending (k = min(m, n)); U [..., m, m] and
 * Vh [..., n, n] with `fullMatrices` (default true, as PyTorch), else [..., m, k] and [..., k, n].
 * Singular vectors have arbitrary signs. Not differentiable yet (an input that requires grad
 * throws); `svdvals` is.
 * PyTorch: `torch.linalg.svd(A, full_matrices=True)`.
 * @example const [U, S, Vh] = svd(w, { fullMatrices: false })
 */
export function svd(a: Tensor, options?: { fullMatrices?: boolean }): Svd {
  const { fullMatrices = true } = checkOptions<{ fullMatrices?: boolean }>('svd', options, { fullMatrices: true });
  matrixShape('svd', a, false);
  if (isGradEnabled() && a.requiresGrad) throw new AutogradError('svd: has no gradient in shinsou yet; use svdvals for the singular values, or detach() the input');
  const { U, S, Vh } = decompose(a, fullMatrices);
  return Object.assign([U, S, Vh] as [Tensor, Tensor, Tensor], { U, S, Vh });
}

interface SvdvalsAttrs { u?: Tensor; vh?: Tensor }

const svdvalsOp = defineOp<SvdvalsAttrs>({
  name: 'svdvals',
  saves: 'none',
  forward: ([a], attrs) => {
    const { U, S, Vh } = decompose(a!, false);
    Object.assign(attrs, { u: U, vh: Vh });
    return S;
  },
  // ∂σᵢ/∂A = uᵢ·vᵢᵀ, so Ā = U·diag(σ̄)·Vh (singular vectors held fixed: first order only).
  backward: (g, { attrs: { u, vh } }) => [u!.mul(g.unsqueeze(-2)).matmul(vh!)],
});

/**
 * The singular values of A [..., m, n] in descending order, [..., min(m, n)]. Differentiable
 * (first order; distinct singular values give a well-defined gradient).
 * PyTorch: `torch.linalg.svdvals(A)`.
 * @example svdvals(weight.reshape(out, -1)).select(0, 0) // spectral norm
 */
export function svdvals(a: Tensor): Tensor {
  matrixShape('svdvals', a, false);
  return svdvalsOp([a], {});
}
