/**
 * @file Weight initialisation (in place, without recording gradients), with PyTorch's fan and
 * gain conventions. PyTorch: `torch.nn.init`.
 */
import { noGrad } from '../autograd/grad_mode.js';
import { ValueError } from '../errors.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { checkOptions, type OptionKeys } from '../options.js';

/** The activations `calculateGain` knows (PyTorch's `nonlinearity`). */
export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'convTranspose1d' | 'convTranspose2d'
  | 'convTranspose3d' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';

/**
 * The recommended gain for a nonlinearity: 1 for linear/conv/sigmoid, 5/3 for tanh, √2 for
 * relu, √(2/(1+a²)) for leakyRelu with slope `param` (default 0.01), 3/4 for selu.
 * PyTorch: `torch.nn.init.calculate_gain`.
 * @example nn.init.calculateGain('leakyRelu', 0.2) // √(2 / (1 + 0.2²))
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'tanh': return 5 / 3;
    case 'relu': return Math.SQRT2;
    case 'leakyRelu': {
      const a = param ?? 0.01;
      return Math.sqrt(2 / (1 + a * a));
    }
    case 'selu': return 3 / 4;
    case 'linear': case 'sigmoid': case 'conv1d': case 'conv2d': case 'conv3d':
    case 'convTranspose1d': case 'convTranspose2d': case 'convTranspose3d':
      return 1;
    default: throw new ValueError(`calculateGain: unknown nonlinearity '${nonlinearity as string}'`);
  }
}

/**
 * fan_in = size(1)·receptive field, fan_out = size(0)·receptive field (tensors of ≥ 2 dims).
 * PyTorch: `nn.init._calculate_fan_in_and_fan_out(tensor)`.
 * @example nn.init.computeFans(conv.weight) // [16, 3, 5, 5] → { fanIn: 75, fanOut: 400 }
 */
export function computeFans(t: Tensor): { fanIn: number; fanOut: number } {
  if (t.ndim < 2) throw new ValueError(`init: fan in and fan out cannot be computed for a tensor with fewer than 2 dims (shape [${t.shape.join(', ')}])`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: t.shape[1]! * receptive, fanOut: t.shape[0]! * receptive };
}

/**
 * Fills with U(a, b). PyTorch: `torch.nn.init.uniform_`.
 * @example nn.init.uniform_(layer.weight, -0.1, 0.1)
 */
export function uniform_(t: Tensor, a = 0, b = 1, generator: Generator = defaultGenerator): Tensor {
  noGrad(() => t.uniform_(a, b, { generator }));
  return t;
}

/**
 * Fills with N(mean, std²). PyTorch: `torch.nn.init.normal_`.
 * @example nn.init.normal_(conv.weight, 0, 0.02) // DCGAN's initialisation
 */
export function normal_(t: Tensor, mean = 0, std = 1, generator: Generator = defaultGenerator): Tensor {
  noGrad(() => t.normal_(mean, std, { generator }));
  return t;
}

/**
 * Fills with `value`. PyTorch: `torch.nn.init.constant_`.
 * @example nn.init.constant_(layer.bias, 0.1)
 */
export function constant_(t: Tensor, value: number): Tensor {
  noGrad(() => t.fill_(value));
  return t;
}

/**
 * Fills `t` with zeros in place. PyTorch: `nn.init.zeros_`.
 * @example nn.init.zeros_(layer.bias)
 */
export const zeros_ = (t: Tensor): Tensor => constant_(t, 0);
/**
 * Fills `t` with ones in place. PyTorch: `nn.init.ones_`.
 * @example nn.init.ones_(norm.weight)
 */
export const ones_ = (t: Tensor): Tensor => constant_(t, 1);

/**
 * U(±gain·√(6/(fan_in+fan_out))) (Glorot & Bengio 2010). PyTorch: `torch.nn.init.xavier_uniform_`.
 * @example nn.init.xavierUniform_(layer.weight, nn.init.calculateGain('tanh'))
 */
export function xavierUniform_(t: Tensor, gain = 1, generator?: Generator): Tensor {
  const { fanIn, fanOut } = computeFans(t);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -bound, bound, generator);
}

/**
 * N(0, gain²·2/(fan_in+fan_out)). PyTorch: `torch.nn.init.xavier_normal_`.
 * @example nn.init.xavierNormal_(layer.weight)
 */
export function xavierNormal_(t: Tensor, gain = 1, generator?: Generator): Tensor {
  const { fanIn, fanOut } = computeFans(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), generator);
}

/** Options of the Kaiming initializers (PyTorch's keyword arguments, where it has them). */
export interface KaimingOptions {
  /** Negative slope of the rectifier after this layer (used with 'leakyRelu'). */
  a?: number;
  mode?: 'fanIn' | 'fanOut';
  nonlinearity?: Nonlinearity;
  generator?: Generator;
}

function kaimingStd(t: Tensor, { a = 0, mode = 'fanIn', nonlinearity = 'leakyRelu' }: KaimingOptions): number {
  const fans = computeFans(t);
  return calculateGain(nonlinearity, a) / Math.sqrt(mode === 'fanIn' ? fans.fanIn : fans.fanOut);
}

const kaimingKeys: OptionKeys<KaimingOptions> = { a: true, mode: true, nonlinearity: true, generator: true };

/**
 * U(±gain·√(3/fan)) (He et al. 2015). Linear and conv layers use it with a = √5, which gives
 * U(±1/√fan_in). PyTorch: `torch.nn.init.kaiming_uniform_`.
 * @example nn.init.kaimingUniform_(conv.weight, { nonlinearity: 'relu' })
 */
export function kaimingUniform_(t: Tensor, options?: KaimingOptions): Tensor {
  options = checkOptions('kaimingUniform_', options, kaimingKeys);
  const bound = Math.sqrt(3) * kaimingStd(t, options);
  return uniform_(t, -bound, bound, options.generator);
}

/**
 * N(0, (gain/√fan)²). PyTorch: `torch.nn.init.kaiming_normal_`.
 * @example nn.init.kaimingNormal_(conv.weight, { mode: 'fanOut', nonlinearity: 'relu' }) // ResNet's initialisation
 */
export function kaimingNormal_(t: Tensor, options?: KaimingOptions): Tensor {
  options = checkOptions('kaimingNormal_', options, kaimingKeys);
  return normal_(t, 0, kaimingStd(t, options), options.generator);
}

/**
 * A (semi-)orthogonal matrix scaled by `gain` (Saxe et al. 2013): the Q of a QR decomposition
 * of a Gaussian matrix, with signs fixed by R's diagonal. Dims after the first are flattened.
 * PyTorch: `torch.nn.init.orthogonal_`.
 * @example nn.init.orthogonal_(lstm.weightHhL0) // rows (or columns) orthonormal
 */
export function orthogonal_(t: Tensor, gain = 1, generator: Generator = defaultGenerator): Tensor {
  if (t.ndim < 2) throw new ValueError('orthogonal_: only tensors with 2 or more dims are supported');
  const rows = t.shape[0]!;
  const cols = t.numel / rows;
  const [m, n] = rows < cols ? [cols, rows] : [rows, cols]; // factor the tall orientation
  const a = Array.from({ length: n }, () => Float64Array.from({ length: m }, () => generator.normal()));
  // Modified Gram–Schmidt on the n columns (each of length m); r_jj's sign fixes Q's column sign.
  for (let j = 0; j < n; j++) {
    const v = a[j]!;
    for (let i = 0; i < j; i++) {
      const q = a[i]!;
      let dot = 0;
      for (let k = 0; k < m; k++) dot += q[k]! * v[k]!;
      for (let k = 0; k < m; k++) v[k]! -= dot * q[k]!;
    }
    let norm = 0;
    for (let k = 0; k < m; k++) norm += v[k]! * v[k]!;
    norm = Math.sqrt(norm);
    for (let k = 0; k < m; k++) v[k]! /= norm;
  }
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = gain * (rows < cols ? a[r]![c]! : a[c]![r]!);
  }
  noGrad(() => t.copy_(Tensor.fromData(out, t.shape)));
  return t;
}
