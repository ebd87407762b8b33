/** @file Reading test/fixtures/gan/gan.json (written by tools/fixtures/gan.py). */
import type { Tensor } from '../../src/index.js';
import { decode, loadFixture, type Encoded } from '../helpers.js';

export type Tensors = Record<string, Encoded>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const ganCases = loadFixture<{ cases: Record<string, any> }>('gan/gan.json').cases;

export function stateOf(encoded: Tensors): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(encoded).map(([k, v]) => [k, decode(v)]));
}
