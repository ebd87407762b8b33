/** @file A model summary in torchinfo's shape: every layer with its output shape and parameter count. */
import { noGrad } from '../../autograd/grad_mode.js';
import { checkOptions } from '../../options.js';
import { zeros } from '../../tensor/creation.js';
import type { DType } from '../../tensor/dtype.js';
import { Tensor } from '../../tensor/tensor.js';
import type { Module } from '../module.js';

/** Options of `summary` (PyTorch's keyword arguments, where it has them). */
export interface SummaryOptions {
  /** dtype of the zero input (default float32; int32 for models that start with an Embedding). */
  dtype?: DType;
}

/** The shapes of whatever a forward returned: a tensor, or the tensors of an array or object. */
function shapesOf(value: unknown): string {
  if (value instanceof Tensor) return `[${value.shape.join(', ')}]`;
  const parts = Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : [];
  const shapes = parts.map(shapesOf).filter((s) => s !== '');
  return shapes.length ? shapes.join(' ') : '';
}

const count = (m: Module, recurse: boolean): number => [...m.parameters(recurse)].reduce((n, p) => n + p.numel, 0);

/**
 * Runs `model` once on zeros of `inputShape` (without gradients, in its current mode) and
 * returns a table of every module it called, in call order and indented by depth: its name and
 * class, its output shape(s) and its own parameter count; then the totals.
 * PyTorch: `torchinfo.summary(model, input_size)`.
 * @example console.log(nn.summary(model, [1, 1, 28, 28]));
 */
export function summary(model: Module, inputShape: readonly number[], options?: SummaryOptions): string {
  const { dtype = 'float32' } = checkOptions<SummaryOptions>('summary', options, { dtype: true });
  const rows: { name: string; shape: string; params: number }[] = [];
  const wrapped: Module[] = [];
  for (const [name, m] of model.namedModules()) {
    const forward = m.forward.bind(m);
    const depth = name === '' ? 0 : name.split('.').length;
    const label = `${'  '.repeat(depth)}${m.constructor.name}${name ? ` (${name})` : ''}`;
    // An own property shadows the class's forward for this one run, then is deleted again.
    Object.defineProperty(m, 'forward', {
      configurable: true,
      value: (...args: unknown[]) => {
        const row = { name: label, shape: '', params: count(m, false) };
        rows.push(row);
        const out: unknown = forward(...args);
        row.shape = shapesOf(out);
        return out;
      },
    });
    wrapped.push(m);
  }
  try {
    noGrad(() => model.forward(zeros([...inputShape], { dtype })));
  } finally {
    for (const m of wrapped) delete (m as { forward?: unknown }).forward;
  }
  const total = count(model, true);
  const trainable = [...model.parameters()].filter((p) => p.requiresGrad).reduce((n, p) => n + p.numel, 0);
  const width = Math.max(12, ...rows.map((r) => r.name.length)) + 2;
  const shapeWidth = Math.max(12, ...rows.map((r) => r.shape.length)) + 2;
  const line = (a: string, b: string, c: string): string => `${a.padEnd(width)}${b.padEnd(shapeWidth)}${c}`;
  const rule = '='.repeat(width + shapeWidth + 10);
  return [
    rule,
    line('Layer (type)', 'Output shape', 'Param #'),
    rule,
    ...rows.map((r) => line(r.name, r.shape, r.params.toLocaleString('en-US'))),
    rule,
    `Total params: ${total.toLocaleString('en-US')}`,
    `Trainable params: ${trainable.toLocaleString('en-US')}`,
    `Non-trainable params: ${(total - trainable).toLocaleString('en-US')}`,
    rule,
  ].join('\n');
}
