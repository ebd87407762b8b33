/**
 * @file einsum for one or two operands, lowered to permute/reshape/sum and one batched matmul.
 *
 * For two operands each letter is classified: batch (in both and in the output), contracted
 * (in both, not in the output), or free (in one operand only). Free letters absent from the
 * output are summed away first. The operands are then laid out as [batch, free, contracted]
 * and [batch, contracted, free] and multiplied, so gradients come from matmul's VJP.
 */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

interface Parsed {
  inputs: string[][];
  output: string[];
}

function parse(equation: string, count: number): Parsed {
  const eq = equation.replace(/\s+/g, '');
  const [lhs, rhs] = eq.split('->') as [string, string | undefined];
  const inputs = lhs.split(',').map((s) => [...s]);
  if (inputs.length !== count) throw new ValueError(`einsum: equation '${equation}' has ${inputs.length} operands but ${count} tensors were given`);
  for (const letters of [...inputs, ...(rhs === undefined ? [] : [[...rhs]])]) {
    for (const c of letters) if (!/[a-zA-Z]/.test(c)) throw new ValueError(`einsum: '${c}' in '${equation}' is not a letter (ellipsis is not supported)`);
    if (new Set(letters).size !== letters.length) throw new ValueError(`einsum: repeated letter in '${letters.join('')}' (diagonals are not supported)`);
  }
  const counts = new Map<string, number>();
  for (const c of inputs.flat()) counts.set(c, (counts.get(c) ?? 0) + 1);
  // Implicit output: the letters that appear once, in alphabetical order (NumPy's rule).
  const output = rhs === undefined ? [...counts].filter(([, n]) => n === 1).map(([c]) => c).sort() : [...rhs];
  for (const c of output) if (!counts.has(c)) throw new ValueError(`einsum: output letter '${c}' does not appear in any operand`);
  return { inputs, output };
}

/** Sums out letters of `t` that are not in `keep`; returns the tensor and its remaining letters. */
function sumOut(t: Tensor, letters: string[], keep: Set<string>): [Tensor, string[]] {
  const dims = letters.map((c, i) => (keep.has(c) ? -1 : i)).filter((i) => i >= 0);
  return dims.length === 0 ? [t, letters] : [t.sum(dims), letters.filter((c) => keep.has(c))];
}

function arrange(t: Tensor, letters: string[], order: string[]): Tensor {
  return t.permute(order.map((c) => letters.indexOf(c)));
}

/**
 * Einstein summation over one or two operands, e.g. `'ij,jk->ik'`, `'bij,bjk->bik'`,
 * `'i,i->'`, `'ij->ji'`, `'bhqd,bhkd->bhqk'`. Ellipses and repeated letters within an operand
 * are not supported.
 * PyTorch: `torch.einsum`.
 * @example einsum('bij,bjk->bik', a, b) // batched matmul
 */
export function einsum(equation: string, ...operands: Tensor[]): Tensor {
  if (operands.length < 1 || operands.length > 2) throw new ValueError(`einsum: supports 1 or 2 operands, got ${operands.length}`);
  const { inputs, output } = parse(equation, operands.length);
  const sizes = new Map<string, number>();
  inputs.forEach((letters, k) => {
    if (letters.length !== operands[k]!.ndim) {
      throw new ValueError(`einsum: operand ${k} has ${operands[k]!.ndim} dims but '${letters.join('')}' names ${letters.length}`);
    }
    letters.forEach((c, i) => {
      const s = operands[k]!.shape[i]!;
      const prev = sizes.get(c);
      if (prev !== undefined && prev !== s && prev !== 1 && s !== 1) throw new ValueError(`einsum: letter '${c}' has sizes ${prev} and ${s}`);
      sizes.set(c, Math.max(prev ?? 1, s));
    });
  });
  const out = new Set(output);
  if (operands.length === 1) {
    const [t, rest] = sumOut(operands[0]!, inputs[0]!, out);
    return arrange(t, rest, output);
  }
  const [la, lb] = [inputs[0]!, inputs[1]!];
  const [a, lettersA] = sumOut(operands[0]!, la, new Set([...output, ...lb]));
  const [b, lettersB] = sumOut(operands[1]!, lb, new Set([...output, ...la]));
  const batch = lettersA.filter((c) => lettersB.includes(c) && out.has(c));
  const contracted = lettersA.filter((c) => lettersB.includes(c) && !out.has(c));
  const freeA = lettersA.filter((c) => !lettersB.includes(c));
  const freeB = lettersB.filter((c) => !lettersA.includes(c));
  const size = (cs: string[]): number => cs.reduce((p, c) => p * sizes.get(c)!, 1);
  const batchShape = batch.map((c) => sizes.get(c)!);
  const left = arrange(a, lettersA, [...batch, ...freeA, ...contracted])
    .expand([...batchShape, ...freeA.map((c) => sizes.get(c)!), ...contracted.map((c) => sizes.get(c)!)])
    .reshape([...batchShape, size(freeA), size(contracted)]);
  const right = arrange(b, lettersB, [...batch, ...contracted, ...freeB])
    .expand([...batchShape, ...contracted.map((c) => sizes.get(c)!), ...freeB.map((c) => sizes.get(c)!)])
    .reshape([...batchShape, size(contracted), size(freeB)]);
  const product = left.matmul(right).reshape([...batch, ...freeA, ...freeB].map((c) => sizes.get(c)!));
  return arrange(product, [...batch, ...freeA, ...freeB], output);
}
