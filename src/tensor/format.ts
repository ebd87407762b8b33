/** @file PyTorch-style printing: `tensor([[1.0000, 2.5000], …], requiresGrad=true)`. */
import type { Tensor } from './tensor.js';

const THRESHOLD = 1000;
const EDGE = 3;

/** How every element of one tensor is written, chosen as PyTorch's `_Formatter` does. */
function formatter(values: number[], dtype: string): (v: number) => string {
  if (dtype === 'bool') return (v) => (v ? 'True' : 'False');
  if (dtype === 'int32') return (v) => String(v);
  const finite = values.filter(Number.isFinite);
  const abs = finite.map(Math.abs).filter((v) => v > 0);
  const maxAbs = abs.length ? Math.max(...abs) : 0;
  const minAbs = abs.length ? Math.min(...abs) : 0;
  const special = (v: number): string | null => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : null);
  if (finite.every(Number.isInteger) && maxAbs < 1e8) {
    return (v) => special(v) ?? `${v.toFixed(0)}.`;
  }
  if (maxAbs / Math.max(minAbs, Number.MIN_VALUE) > 1000 || maxAbs > 1e8 || minAbs < 1e-4) {
    return (v) => special(v) ?? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return (v) => special(v) ?? v.toFixed(4);
}

/** Renders the tensor the way `print(torch_tensor)` does, with `...` for large tensors. */
export function formatTensor(t: Tensor): string {
  const flat = Array.from(t.dataSync(), Number);
  const summarize = t.numel > THRESHOLD;
  const fmt = formatter(flat, t.dtype);
  const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const width = Math.max(0, ...flat.map((v) => fmt(v).length));
  const indent = 'tensor('.length;
  const render = (dim: number, start: number): string => {
    if (dim === t.ndim) return fmt(flat[start]!).padStart(width);
    const n = t.shape[dim]!;
    const items: string[] = [];
    const pick = summarize && n > 2 * EDGE ? [...Array(EDGE).keys(), -1, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)] : [...Array(n).keys()];
    for (const i of pick) items.push(i < 0 ? '...' : render(dim + 1, start + i * strides[dim]!));
    if (dim === t.ndim - 1) return `[${items.join(', ')}]`;
    const sep = ',' + '\n'.repeat(t.ndim - dim - 1) + ' '.repeat(indent + dim + 1);
    return `[${items.join(sep)}]`;
  };
  const body = t.ndim === 0 ? fmt(flat[0]!) : render(0, 0);
  const extras: string[] = [];
  if (t.dtype === 'float64' || (t.dtype === 'int32' && t.numel === 0)) extras.push(`dtype=${t.dtype}`);
  if (t.gradFn) extras.push(`gradFn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) extras.push('requiresGrad=true');
  return `tensor(${body}${extras.map((e) => `, ${e}`).join('')})`;
}
