/** @file Activation functions (PyTorch: `torch.nn.functional`), composed from tensor ops. */
import { defineOp } from '../../autograd/function.js';
import { ValueError } from '../../errors.js';
import { relu as reluOp, where } from '../../ops/elementwise.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkNoInplaceFlag } from '../../options.js';

export { sigmoid, tanh } from '../../ops/elementwise.js';
export { softmax, logSoftmax } from '../../ops/reduce.js';

/**
 * r(x) = log(1 + e^−|x|), the bounded part of softplus(x) = max(x, 0) + r(x). Its gradient is
 * σ(x) − [x > 0], so that softplus has gradient σ(x) everywhere, including x = 0 where both
 * parts have kinks.
 */
const softplusRemainder = defineOp<undefined>({
  name: 'softplus',
  saves: 'inputs',
  forward: ([x]) => x!.abs().neg().exp().log1p(),
  backward: (g, { inputs: [x] }) => [g.mul(x!.sigmoid().sub(x!.gt(0)))],
});

/** log(1 + eˣ) computed as max(x, 0) + log1p(e^−|x|): no overflow, gradient σ(x). */
function stableSoftplus(x: Tensor): Tensor {
  return x.relu().add(softplusRemainder([x], undefined));
}

/**
 * (1/β)·log(1 + e^{βx}), and x itself where βx > threshold (as PyTorch does).
 * PyTorch: `F.softplus(x, beta=1, threshold=20)`.
 * @example F.softplus(x, 2) // log(1 + e^{2x}) / 2
 */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  const bx = beta === 1 ? x : x.mul(beta);
  const soft = stableSoftplus(bx);
  return where(bx.gt(threshold), x, beta === 1 ? soft : soft.div(beta));
}

/**
 * log σ(x) = min(x, 0) − log1p(e^−|x|), stable for large |x|. PyTorch: `F.logsigmoid`.
 * @example F.logSigmoid(logits) // log σ(x), finite for large |x|
 */
export function logSigmoid(x: Tensor): Tensor {
  return stableSoftplus(x.neg()).neg();
}

/**
 * Binary cross-entropy on logits z for target t: max(z, 0) − z·t + log1p(e^−|z|), summed in
 * that order so tiny losses (z = 100, t = 1 → 3.7e−44 in float64) survive; gradient σ(z) − t.
 * With `posWeight` p: (1−t)·z + (1 + (p−1)·t)·(log1p(e^−|z|) + max(−z, 0)).
 * PyTorch: `F.binary_cross_entropy_with_logits(z, t, pos_weight=p, reduction='none')`.
 * @example F.bceWithLogitsTerms(logits, targets, null).mean() // = binaryCrossEntropyWithLogits
 */
export function bceWithLogitsTerms(z: Tensor, t: Tensor, posWeight: Tensor | null): Tensor {
  const r = softplusRemainder([z], undefined);
  if (posWeight === null) return z.relu().sub(z.mul(t)).add(r);
  const scale = posWeight.sub(1).mul(t).add(1);
  return t.neg().add(1).mul(z).add(scale.mul(r.add(z.neg().relu())));
}

/**
 * max(x, 0). PyTorch: `F.relu(x)` (its `inplace` flag throws; `x.relu_()` is the in-place form).
 * @example F.relu(x)
 */
export function relu(x: Tensor, ...extra: never[]): Tensor {
  checkNoInplaceFlag('relu', 1, extra, 'F.relu(x)');
  return reluOp(x);
}

/**
 * Clamps to [min, max] with gradient 1 strictly inside and 0 at and beyond the bounds.
 * PyTorch: `F.hardtanh(x, min_val=-1, max_val=1)`.
 * @example F.hardtanh(x, -2, 2) // clip to [−2, 2]
 */
export function hardtanh(x: Tensor, min = -1, max = 1, ...extra: never[]): Tensor {
  checkNoInplaceFlag('hardtanh', 3, extra, 'F.hardtanh(x, min, max)');
  if (min > max) throw new ValueError(`hardtanh: min ${min} must not exceed max ${max}`);
  return where(x.gt(min).logicalAnd(x.lt(max)), x, x.clamp(min, max).detach());
}

/**
 * min(max(x, 0), 6). PyTorch: `F.relu6`.
 * @example F.relu6(x) // min(max(x, 0), 6)
 */
export function relu6(x: Tensor, ...extra: never[]): Tensor {
  checkNoInplaceFlag('relu6', 1, extra, 'F.relu6(x)');
  return hardtanh(x, 0, 6);
}

/**
 * x for x > 0, slope·x otherwise (default slope 0.01). PyTorch: `F.leaky_relu`.
 * @example F.leakyRelu(x, 0.2) // DCGAN discriminator
 */
export function leakyRelu(x: Tensor, negativeSlope = 0.01, ...extra: never[]): Tensor {
  checkNoInplaceFlag('leakyRelu', 2, extra, 'F.leakyRelu(x, negativeSlope)');
  return where(x.gt(0), x, x.mul(negativeSlope));
}

/**
 * x for x > 0, α(eˣ − 1) otherwise. PyTorch: `F.elu(x, alpha=1)`.
 * @example F.elu(x, 1)
 */
export function elu(x: Tensor, alpha = 1, ...extra: never[]): Tensor {
  checkNoInplaceFlag('elu', 2, extra, 'F.elu(x, alpha)');
  return where(x.gt(0), x, x.expm1().mul(alpha));
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/**
 * scale·elu(x, α) with the self-normalising constants of Klambauer et al. 2017. PyTorch: `F.selu`.
 * @example F.selu(x) // self-normalising networks
 */
export function selu(x: Tensor, ...extra: never[]): Tensor {
  checkNoInplaceFlag('selu', 1, extra, 'F.selu(x)');
  return elu(x, SELU_ALPHA).mul(SELU_SCALE);
}

/**
 * x·Φ(x) with Φ the standard normal CDF ('none'), or its tanh approximation
 * ½x(1 + tanh(√(2/π)(x + 0.044715x³))) ('tanh'). PyTorch: `F.gelu(x, approximate)`.
 * @example F.gelu(x, 'tanh') // BERT/GPT-2's approximation
 */
export function gelu(x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor {
  if (approximate === 'tanh') {
    const inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(inner.tanh().add(1)).mul(0.5);
  }
  return x.mul(x.mul(Math.SQRT1_2).erf().add(1)).mul(0.5);
}

/**
 * x·σ(x). PyTorch: `F.silu`.
 * @example F.silu(x) // x·σ(x)
 */
export function silu(x: Tensor, ...extra: never[]): Tensor {
  checkNoInplaceFlag('silu', 1, extra, 'F.silu(x)');
  return x.mul(x.sigmoid());
}

/**
 * Swish x·σ(βx) (Ramachandran et al. 2017); β = 1 is SiLU. `beta` may be a (trainable) tensor.
 * PyTorch: `F.silu(x)` when β = 1 (it has no β).
 * @example F.swish(x, 1.5) // x·σ(1.5x)
 */
export function swish(x: Tensor, beta: number | Tensor = 1): Tensor {
  return x.mul(x.mul(beta).sigmoid());
}

/**
 * x·tanh(softplus(x)) (Misra 2019). PyTorch: `F.mish`.
 * @example F.mish(x) // x·tanh(softplus(x))
 */
export function mish(x: Tensor, ...extra: never[]): Tensor {
  checkNoInplaceFlag('mish', 1, extra, 'F.mish(x)');
  return x.mul(softplus(x).tanh());
}

/**
 * x / (1 + |x|). PyTorch: `F.softsign`.
 * @example F.softsign(x) // x / (1 + |x|)
 */
export function softsign(x: Tensor): Tensor {
  return x.div(x.abs().add(1));
}

/**
 * Gated linear unit: splits `dim` into halves a, b and returns a·σ(b) (Dauphin et al. 2017).
 * PyTorch: `F.glu(x, dim=-1)`.
 * @example F.glu(x, 1) // [N, 2C] → [N, C]
 */
export function glu(x: Tensor, dim = -1): Tensor {
  const d = dim < 0 ? dim + x.ndim : dim;
  const size = x.shape[d];
  if (size === undefined || size % 2 !== 0) {
    throw new ValueError(`glu: dim ${dim} must have an even size to halve, got shape [${x.shape.join(', ')}]`);
  }
  const [a, b] = x.chunk(2, d);
  return a!.mul(b!.sigmoid());
}
