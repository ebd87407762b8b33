/** @file dtypes, their typed-array storage, and PyTorch's type-promotion rules. */
import { DTypeError } from '../errors.js';

/** Element types a tensor can hold. `float32` is the default for floating-point data. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/** The typed array that stores each dtype (`bool` is stored as 0/1 bytes). */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

/** Allocates a zero-filled typed array for `dtype`. */
export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(size);
    case 'float64': return new Float64Array(size);
    case 'int32': return new Int32Array(size);
    case 'bool': return new Uint8Array(size);
  }
}

/** The dtype whose storage is `data`'s class. */
export function dtypeOfArray(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  return 'bool';
}

export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

export function checkDType(op: string, dtype: string): DType {
  if (!(DTYPES as readonly string[]).includes(dtype)) {
    throw new DTypeError(`${op}: unknown dtype '${dtype}' (expected one of ${DTYPES.join(', ')})`);
  }
  return dtype as DType;
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** The dtype of a Python-style scalar: booleans are bool, integers int32, other numbers float32. */
export function scalarDType(value: number | boolean): DType {
  if (typeof value === 'boolean') return 'bool';
  return Number.isInteger(value) ? 'int32' : 'float32';
}

/**
 * PyTorch's result type of two tensors: the higher of bool < int32 < float32 < float64.
 * A scalar operand only raises the category (bool → integer → floating), never the width,
 * so `float32Tensor * 2.5` stays float32 and `int32Tensor * 2.5` becomes float32.
 * @example promoteTypes('int32', 'float32') // 'float32'
 */
export function promoteTypes(a: DType, b: DType, bIsScalar = false): DType {
  if (!bIsScalar) return RANK[a] >= RANK[b] ? a : b;
  const category = (d: DType): number => (d === 'bool' ? 0 : d === 'int32' ? 1 : 2);
  if (category(b) <= category(a)) return a;
  return b === 'float64' ? 'float32' : b;
}
