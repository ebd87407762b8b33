/**
 * `linalg`: decompositions and solvers with PyTorch's `torch.linalg` names.
 * @packageDocumentation
 */
export { solve, solveTriangular, type SolveTriangularOptions } from './solve.js';
export { cholesky } from './cholesky.js';
export { eigh, eigvalsh, type Eigh } from './eigh.js';
export { svd, svdvals, type Svd } from './svd.js';
