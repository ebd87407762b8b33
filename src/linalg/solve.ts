/** @file Linear systems: solve (LU with partial pivoting) and solveTriangular, both differentiable. */
import { defineOp } from '../autograd/function.js';
import { LinAlgError, ShapeError, ValueError } from '../errors.js';
import { promoteTypes } from '../tensor/dtype.js';
import { broadcastShapes, shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../options.js';
import { luSolve, triangularSolve } from './kernels.js';
import { matricesOf, matrixShape, stackMatrices } from './batch.js';

/** A and B [..., n, k] broadcast to one batch shape and one floating dtype. */
function systemOperands(op: string, a: Tensor, b: Tensor): [Tensor, Tensor] {
  const [n] = matrixShape(op, a, true);
  const [rows] = matrixShape(op, b, false);
  if (rows !== n) throw new ShapeError(`${op}: A is ${shapeStr(a.shape)} but B has ${rows} rows (expected ${n})`);
  const batch = broadcastShapes(op, a.shape.slice(0, -2), b.shape.slice(0, -2));
  const dtype = promoteTypes(a.dtype, b.dtype);
  return [a.to(dtype).expand([...batch, n, n]), b.to(dtype).expand([...batch, n, b.shape[b.ndim - 1]!])];
}

interface TriangularAttrs { readonly upper: boolean; readonly unitriangular: boolean }

type Op<A> = (inputs: readonly Tensor[], attrs: A) => Tensor;

const solveTriangularOp: Op<TriangularAttrs> = defineOp<TriangularAttrs>({
  name: 'solveTriangular',
  saves: 'all',
  forward: ([a, b], { upper, unitriangular }) => {
    const [n, k] = [a!.shape[a!.ndim - 1]!, b!.shape[b!.ndim - 1]!];
    const bs = matricesOf(b!);
    return stackMatrices(matricesOf(a!).map((am, i) => triangularSolve(am, bs[i]!, n, k, upper, unitriangular)), b!.shape, b!.dtype);
  },
  backward: (g, { inputs: [a], output: x, attrs: { upper, unitriangular }, needsGrad }): (Tensor | null)[] => {
    const gb: Tensor = solveTriangularOp([a!.mT, g], { upper: !upper, unitriangular });
    const ga = needsGrad[0] ? gb.matmul(x.mT).neg() : null;
    const shift = unitriangular ? 1 : 0;
    return [ga && (upper ? ga.triu(shift) : ga.tril(-shift)), needsGrad[1] ? gb : null];
  },
});

/** Options of `solveTriangular` (PyTorch's keyword arguments). */
export interface SolveTriangularOptions {
  /** A is upper triangular (required, as in PyTorch). */
  upper: boolean;
  /** Solve A·X = B (true, default) or X·A = B (false). */
  left?: boolean;
  /** A's diagonal is taken to be ones and not read (default false). */
  unitriangular?: boolean;
}

/**
 * X with A·X = B (or X·A = B with `left: false`) for triangular A [..., n, n] and B [..., n, k];
 * only A's `upper` or lower triangle is read. Differentiable in A and B.
 * PyTorch: `torch.linalg.solve_triangular(A, B, *, upper, left=True, unitriangular=False)`.
 * @example solveTriangular(L, b, { upper: false })
 */
export function solveTriangular(a: Tensor, b: Tensor, options: SolveTriangularOptions): Tensor {
  const { upper, left = true, unitriangular = false } = checkOptions<SolveTriangularOptions>('solveTriangular', options, { upper: true, left: true, unitriangular: true });
  if (typeof upper !== 'boolean') throw new ValueError('solveTriangular: the upper option is required (true or false)');
  if (!left) return solveTriangular(a.mT, b.mT, { upper: !upper, unitriangular }).mT;
  return solveTriangularOp(systemOperands('solveTriangular', a, b), { upper, unitriangular });
}

const solveOp: Op<undefined> = defineOp<undefined>({
  name: 'solve',
  saves: 'all',
  forward: ([a, b]) => {
    const [n, k] = [a!.shape[a!.ndim - 1]!, b!.shape[b!.ndim - 1]!];
    const bs = matricesOf(b!);
    return stackMatrices(matricesOf(a!).map((am, i) => {
      const x = luSolve(am, bs[i]!, n, k);
      if (!x) throw new LinAlgError(`solve: the matrix${bs.length > 1 ? ` at batch index ${i}` : ''} is singular`);
      return x;
    }), b!.shape, b!.dtype);
  },
  backward: (g, { inputs: [a], output: x, needsGrad }): (Tensor | null)[] => {
    const gb: Tensor = solveOp([a!.mT, g], undefined);
    return [needsGrad[0] ? gb.matmul(x.mT).neg() : null, needsGrad[1] ? gb : null];
  },
});

/**
 * X with A·X = B for square A [..., n, n]; B is [..., n, k], or a vector [..., n] (then so is X),
 * batch dims broadcast. Throws a `LinAlgError` for a singular A. Differentiable in A and B.
 * PyTorch: `torch.linalg.solve(A, B)`.
 * @example solve(A, b) // A⁻¹b without forming A⁻¹
 */
export function solve(a: Tensor, b: Tensor): Tensor {
  matrixShape('solve', a, true);
  const vector = b.ndim === 1 || (b.ndim === a.ndim - 1 && b.shape.every((s, i) => s === a.shape[i]));
  const x = solveOp(systemOperands('solve', a, vector ? b.unsqueeze(-1) : b), undefined);
  return vector ? x.squeeze(-1) : x;
}
