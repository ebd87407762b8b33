/**
 * @file Spectral normalization (Miyato et al. 2018, SPEC §9.6): a layer's weight divided by a
 * power-iteration estimate of its largest singular value, refined once per training forward.
 */
import { noGrad } from '../../autograd/grad_mode.js';
import { ValueError } from '../../errors.js';
import { checkOptions } from '../../options.js';
import { randn } from '../../tensor/creation.js';
import { Tensor } from '../../tensor/tensor.js';
import { ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from '../conv.js';
import type { Module } from '../module.js';
import { Parameter } from '../parameter.js';

/** Options of `spectralNorm` (PyTorch's keyword arguments, where it has them). */
export interface SpectralNormOptions {
  /** The weight's property name (default 'weight'). */
  name?: string;
  /** Power-iteration steps per training forward (default 1). */
  nPowerIterations?: number;
  /** Floor of the norms the vectors are divided by (default 1e-12). */
  eps?: number;
  /** The weight's output dim (default 0; 1 for transposed convolutions, as PyTorch). */
  dim?: number;
}

type Props = Record<string, unknown>;

/** A module after `spectralNorm` of its `weight`: the trained parameter and the power-iteration vectors. */
export type SpectralNormed<M extends Module> = M & { weightOrig: Parameter; weightU: Tensor; weightV: Tensor };

const normalize = (a: Tensor, eps: number): Tensor => a.div(Math.max(Number(a.norm().item()), eps));

/** The weight as the matrix [size(dim), rest] whose spectral norm is taken. */
function weightMatrix(w: Tensor, dim: number): Tensor {
  const order = [dim, ...w.shape.map((_, i) => i).filter((i) => i !== dim)];
  return (dim === 0 ? w : w.permute(order)).reshape([w.shape[dim]!, -1]);
}

/**
 * Makes `module[name]` its spectrally normalised weight W/σ(W): the trained parameter becomes
 * `${name}Orig` (state-dict key `weight_orig`), with buffers `${name}U` and `${name}V` (`weight_u`,
 * `weight_v`) holding the power-iteration vectors, as PyTorch's. Every forward in training mode
 * first runs `nPowerIterations` steps v ← normalize(Wᵀu), u ← normalize(Wv) (no gradient), then
 * uses σ = uᵀWv with u, v held constant; eval mode reuses u and v. Returns the module.
 * PyTorch: `torch.nn.utils.spectral_norm(module, name='weight', n_power_iterations=1, eps=1e-12, dim=None)`.
 * @example const d = new nn.Sequential(spectralNorm(new nn.Conv2d(1, 64, 4, { stride: 2, padding: 1 })), …)
 */
export function spectralNorm<M extends Module>(module: M, options?: SpectralNormOptions): SpectralNormed<M> {
  const transposed = module instanceof ConvTranspose1d || module instanceof ConvTranspose2d || module instanceof ConvTranspose3d;
  const o = checkOptions<SpectralNormOptions>('spectralNorm', options, { name: true, nPowerIterations: true, eps: true, dim: true });
  const { name = 'weight', nPowerIterations = 1, eps = 1e-12, dim = transposed ? 1 : 0 } = o;
  const m = module as unknown as Props;
  const weight = m[name];
  if (normalizers.get(module)?.has(name)) throw new ValueError(`spectralNorm: '${name}' of ${module.constructor.name} is already spectrally normalised`);
  if (!(weight instanceof Parameter)) throw new ValueError(`spectralNorm: ${module.constructor.name} has no parameter '${name}'`);
  if (!Number.isInteger(nPowerIterations) || nPowerIterations < 1) throw new ValueError(`spectralNorm: nPowerIterations must be a positive integer, got ${nPowerIterations}`);
  if (!Number.isInteger(dim) || dim < 0 || dim >= weight.ndim) throw new ValueError(`spectralNorm: dim must be in [0, ${weight.ndim - 1}], got ${dim}`);
  const [rows, cols] = weightMatrix(weight, dim).shape as [number, number];
  delete m[name];
  m[`${name}Orig`] = weight;
  module.registerBuffer(`${name}U`, normalize(randn([rows], { dtype: weight.dtype }), eps));
  module.registerBuffer(`${name}V`, normalize(randn([cols], { dtype: weight.dtype }), eps));
  const normalized = (iterate: boolean): Tensor => {
    const w = m[`${name}Orig`] as Parameter;
    const [u, v] = [m[`${name}U`] as Tensor, m[`${name}V`] as Tensor];
    const mat = weightMatrix(w, dim);
    if (iterate) {
      noGrad(() => {
        for (let i = 0; i < nPowerIterations; i++) {
          v.copy_(normalize(mat.detach().mT.matmul(u), eps));
          u.copy_(normalize(mat.detach().matmul(v), eps));
        }
      });
    }
    const sigma = u.clone().dot(mat.matmul(v.clone()));
    return w.div(sigma);
  };
  let names = normalizers.get(module);
  if (!names) {
    names = new Map();
    normalizers.set(module, names);
    // As PyTorch's forward pre-hook: recompute the normalised weights before the layer runs.
    const forward = module.forward.bind(module);
    const own = names;
    Object.defineProperty(m, 'forward', {
      value: (...args: unknown[]) => {
        for (const [key, fn] of own) setWeight(m, key, fn(module.training));
        return forward(...args);
      },
      writable: true, configurable: true, enumerable: false,
    });
  }
  names.set(name, normalized);
  setWeight(m, name, noGrad(() => normalized(false)));
  return module as SpectralNormed<M>;
}

/** Each spectrally normalised module's weight names and how to compute them (iterating or not). */
const normalizers = new WeakMap<Module, Map<string, (iterate: boolean) => Tensor>>();

/** The normalised weight is a plain, non-enumerable property: neither a parameter nor in the state dict. */
function setWeight(m: Props, name: string, w: Tensor): void {
  Object.defineProperty(m, name, { value: w, writable: true, configurable: true, enumerable: false });
}

/**
 * Undoes `spectralNorm`: `module[name]` becomes a parameter again, holding the current W/σ (with
 * the stored u, v), and the `Orig`, `U` and `V` entries are removed. Returns the module.
 * PyTorch: `torch.nn.utils.remove_spectral_norm(module, name='weight')`.
 * @example nn.removeSpectralNorm(layer) // after training: a plain weight again, W/σ baked in
 */
export function removeSpectralNorm<M extends Module>(module: M, name = 'weight'): M {
  const m = module as unknown as Props;
  const names = normalizers.get(module);
  const normalized = names?.get(name);
  if (!names || !normalized) throw new ValueError(`removeSpectralNorm: '${name}' of ${module.constructor.name} is not spectrally normalised`);
  const weight = new Parameter(noGrad(() => normalized(false)));
  for (const key of [name, `${name}U`, `${name}V`, `${name}Orig`]) delete m[key];
  names.delete(name);
  if (names.size === 0) {
    delete m.forward;
    normalizers.delete(module);
  }
  m[name] = weight;
  return module;
}
