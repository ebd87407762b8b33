/** Random matrix-product cases for checking a backend's products against the js reference. */
import type { Generator as Rng } from '../../src/tensor/random.js';

/** The arguments of Backend.matmul after the two operands. */
export type ProductArgs = readonly [batch: number, m: number, k: number, n: number, aBatchStride: number, bBatchStride: number, transA: boolean, transB: boolean];

/** Batch layouts: [batch, share A, share B] (a shared operand has batch stride 0). */
export const BATCH_LAYOUTS = [[1, false, false], [3, false, true], [2, true, false]] as const;

/** Shapes [m, k, n] with odd sizes, single rows and columns, long and thin products and empty ones. */
export const ODD_PRODUCT_SHAPES = [[1, 1, 1], [3, 5, 7], [17, 33, 9], [64, 1, 64], [100, 300, 50], [129, 257, 131], [4, 600, 1030], [1, 2048, 3], [0, 5, 7], [7, 5, 0], [4, 0, 3]] as const;

/** Every shape [m, k, n] with every transpose and batch layout, as operands, arguments, a label and a tolerance. */
export function* productCases(shapes: readonly (readonly number[])[], g: Rng, layouts: readonly (readonly [number, boolean, boolean])[] = BATCH_LAYOUTS):
  Generator<{ a: Float32Array; b: Float32Array; args: ProductArgs; label: string; tol: number }> {
  const randArray = (n: number): Float32Array => Float32Array.from({ length: n }, () => g.normal());
  for (const [m, k, n] of shapes) {
    for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      for (const [batch, shareA, shareB] of layouts) {
        const a = randArray((shareA ? 1 : batch) * m! * k!);
        const b = randArray((shareB ? 1 : batch) * k! * n!);
        const args = [batch, m!, k!, n!, shareA ? 0 : m! * k!, shareB ? 0 : k! * n!, transA, transB] as const;
        yield { a, b, args, label: `m${m} k${k} n${n} tA${transA} tB${transB} batch ${batch}`, tol: 2e-5 * Math.sqrt(k!) };
      }
    }
  }
}

/** Elementwise |actual − expected| ≤ tol·(1 + |expected|), NaNs matching; throws naming the first miss (no Node built-ins, so pages can run it too). */
export function assertNear(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, label: string): void {
  if (actual.length !== expected.length) throw new Error(`${label}: ${actual.length} values, expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    if (Object.is(actual[i], expected[i]) || (Number.isNaN(actual[i]) && Number.isNaN(expected[i]))) continue;
    if (!(Math.abs(actual[i]! - expected[i]!) <= tol * (1 + Math.abs(expected[i]!)))) throw new Error(`${label} [${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}
