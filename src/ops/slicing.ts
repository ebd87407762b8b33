/**
 * @file Python-style basic indexing, `x[0, 1:, ::2]`, as a view (`sliceView`) and as slice
 * assignment (`sliceScatter`, behind `Tensor.get`/`Tensor.set`).
 */
import { defineOp } from '../autograd/function.js';
import { noGrad } from '../autograd/grad_mode.js';
import { IndexError } from '../errors.js';
import { shapeStr } from '../tensor/shape.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { sumTo } from './elementwise.js';

/**
 * One entry per leading dim: an integer picks one index and drops the dim (`x[2]`); a string
 * `'start:end:step'` slices it as Python does (`':'`, `'1:'`, `'::2'`, `'-3:'`); `null` is `':'`.
 * Dims past the last entry are taken whole.
 */
export type IndexSpec = readonly (number | string | null)[];

const SLICE = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(\d+)?\s*)?$/;

/**
 * The view `x[spec]` (shares memory with `x`).
 * PyTorch: `x[0, 1:, ::2]`.
 * @example sliceView(pe, [null, '0::2']) // pe[:, 0::2]
 */
export function sliceView(x: Tensor, spec: IndexSpec): Tensor {
  if (!Array.isArray(spec)) throw new IndexError(`index: expected an array with one entry per dim, such as [0, '1:', '::2'], got ${typeof spec}`);
  if (spec.length > x.ndim) throw new IndexError(`index: ${spec.length} entries for a tensor of shape ${shapeStr(x.shape)}`);
  let view = x;
  let dim = 0;
  for (const entry of spec) {
    if (typeof entry === 'number') {
      view = view.select(dim, entry);
      continue;
    }
    if (entry !== null) {
      const m = typeof entry === 'string' ? SLICE.exec(entry) : null;
      if (!m) throw new IndexError(`index: entry ${JSON.stringify(entry)} is neither an integer, null nor a slice such as '1:' or '0::2'`);
      const step = m[3] === undefined ? 1 : Number(m[3]);
      if (step === 0) throw new IndexError(`index: slice step cannot be zero (in '${entry}')`);
      view = view.slice(dim, m[1] === undefined ? null : Number(m[1]), m[2] === undefined ? null : Number(m[2]), step);
    }
    dim++;
  }
  return view;
}

interface ScatterAttrs { readonly spec: IndexSpec }

const sliceScatterOp = defineOp<ScatterAttrs>({
  name: 'sliceScatter',
  saves: 'none',
  forward: ([x, value], { spec }) => {
    const out = x!.clone();
    sliceView(out, spec).copy_(value!);
    return out;
  },
  backward: (g, { attrs: { spec }, inputShapes, needsGrad }) => [
    needsGrad[0] ? noGrad(() => { const gx = g.clone(); sliceView(gx, spec).zero_(); return gx; }) : null,
    needsGrad[1] ? sumTo(sliceView(g, spec), inputShapes[1]!) : null,
  ],
});

/**
 * A copy of `x` with `x[spec]` replaced by `value` (broadcast to the slice); differentiable in
 * both.
 * PyTorch: `torch.slice_scatter` / `torch.select_scatter`, generalised to several dims.
 * @example sliceScatter(zeros([2, 4]), [null, '0::2'], 1) // columns 0 and 2 set to 1
 */
export function sliceScatter(x: Tensor, spec: IndexSpec, value: TensorLike): Tensor {
  const v = value instanceof Tensor ? value : Tensor.full([], value, x.dtype);
  fittingSlice(x, spec, v);
  return sliceScatterOp([x, v], { spec });
}

/** Writes `value` into the view `x[spec]`, untracked (the fast path of `Tensor.set`). */
export function writeSlice(x: Tensor, spec: IndexSpec, value: TensorLike): void {
  const region = value instanceof Tensor ? fittingSlice(x, spec, value) : sliceView(x, spec);
  region.copy_(value);
}

/** The view `x[spec]`, after checking that `value` broadcasts to it. */
function fittingSlice(x: Tensor, spec: IndexSpec, value: Tensor): Tensor {
  const region = sliceView(x, spec);
  const { shape } = region;
  if (value.ndim > shape.length || value.shape.some((s, i) => s !== 1 && s !== shape[shape.length - value.ndim + i])) {
    throw new IndexError(`index: a value of shape ${shapeStr(value.shape)} cannot be broadcast to the slice's shape ${shapeStr(shape)}`);
  }
  return region;
}
