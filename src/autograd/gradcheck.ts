/**
 * @file Numerical gradient checks (like `torch.autograd.gradcheck` / `gradgradcheck`): the
 * Jacobian from backward is compared with central differences, in float64.
 */
import { AutogradError, DTypeError } from '../errors.js';
import { cat } from '../ops/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { grad } from './engine.js';
import { checkOptions, type OptionKeys } from '../options.js';

/** Options of `gradcheck` and `gradgradcheck` (PyTorch's keyword arguments, where it has them). */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
}

const gradcheckKeys: OptionKeys<GradcheckOptions> = { eps: true, atol: true, rtol: true };

/** Storage positions of every element of `t` (views must not overlap themselves). */
function positions(t: Tensor): number[] {
  const out: number[] = [];
  const walk = (d: number, at: number): void => {
    if (d === t.ndim) {
      out.push(at);
      return;
    }
    for (let i = 0; i < t.shape[d]!; i++) walk(d + 1, at + i * t.strides[d]!);
  };
  walk(0, t.offset);
  return out;
}

function flatOutput(y: Tensor): Float64Array {
  return Float64Array.from(y.dataSync());
}

/**
 * Checks `fn`'s gradients with respect to every input that requires grad: each column of the
 * Jacobian from central differences must match backward within `atol + rtol·|numeric|`.
 * Inputs must be float64. Returns true, or throws an AutogradError naming the worst entry.
 * PyTorch: `torch.autograd.gradcheck`.
 * @example gradcheck((a, b) => a.mul(b).sum(), [randn([3], { dtype: 'float64', requiresGrad: true }), …])
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options?: GradcheckOptions): true {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3 } = checkOptions('gradcheck', options, gradcheckKeys);
  for (const t of inputs) {
    if (t.requiresGrad && t.dtype !== 'float64') throw new DTypeError(`gradcheck: inputs that require grad must be float64, got ${t.dtype}`);
  }
  const diff = inputs.filter((t) => t.requiresGrad);
  const y0 = fn(...inputs);
  const outSize = y0.numel;
  // Analytical Jacobian, one row per output element.
  const analytic = diff.map((t) => Array.from({ length: outSize }, () => new Float64Array(t.numel)));
  // An output that does not depend on the inputs through the graph has a zero Jacobian.
  for (let i = 0; i < outSize && y0.requiresGrad; i++) {
    const seed = new Float64Array(outSize);
    seed[i] = 1;
    const grads = grad([y0], diff, { gradOutputs: [Tensor.fromData(seed, y0.shape).to(y0.dtype)], retainGraph: true, allowUnused: true });
    grads.forEach((g, k) => {
      if (g) analytic[k]![i]!.set(g.to('float64').dataSync());
    });
  }
  // Numerical Jacobian, one column per input element.
  diff.forEach((t, k) => {
    const data = t.storage.data;
    positions(t).forEach((at, j) => {
      const orig = data[at]!;
      const evaluate = (v: number): Float64Array => {
        data[at] = v;
        return flatOutput(fn(...inputs));
      };
      const plus = evaluate(orig + eps);
      const minus = evaluate(orig - eps);
      data[at] = orig;
      for (let i = 0; i < outSize; i++) {
        const numeric = (plus[i]! - minus[i]!) / (2 * eps);
        const a = analytic[k]![i]![j]!;
        if (!(Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric))) {
          throw new AutogradError(`gradcheck: Jacobian mismatch for input ${inputs.indexOf(t)}, output ${i}, element ${j}: analytical ${a} vs numerical ${numeric}`);
        }
      }
    });
  });
  return true;
}

/**
 * Checks second derivatives: the gradient of `fn` (with a fixed random-looking output weight,
 * computed with `createGraph`) must itself pass `gradcheck`. PyTorch: `torch.autograd.gradgradcheck`.
 * @example gradgradcheck((x) => x.tanh(), [randn([3], { dtype: 'float64', requiresGrad: true })])
 */
export function gradgradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options?: GradcheckOptions): true {
  options = checkOptions('gradgradcheck', options, gradcheckKeys);
  const diff = inputs.filter((t) => t.requiresGrad);
  const y = fn(...inputs);
  // A deterministic, non-uniform output weight, so every output element matters differently.
  const weights = Float64Array.from({ length: y.numel }, (_, i) => 0.5 + Math.sin(1 + i * 1.7));
  const v = Tensor.fromData(weights, y.shape).to(y.dtype);
  const firstGrad = (...xs: Tensor[]): Tensor => {
    const out = fn(...xs);
    const gs = grad([out], xs.filter((t) => t.requiresGrad), { gradOutputs: [v], createGraph: true, allowUnused: true });
    const used = gs.filter((g): g is Tensor => g !== null);
    if (used.length === 0) throw new AutogradError('gradgradcheck: the function does not depend on its inputs');
    return cat(used.map((g) => g.reshape([-1])));
  };
  if (diff.length === 0) return true;
  return gradcheck(firstGrad, inputs, options);
}
