/**
 * @file Short-time Fourier transform and its inverse (SPEC §11.2). The forward runs each frame's
 * FFT (the backend's `stftFrames`); its gradient, and the inverse (irfft + overlap-add), are the
 * transposed strided convolution with the windowed DFT basis, so both are differentiable to any
 * order. Complex values are stored real/imaginary in a trailing dim of 2 (PyTorch's
 * `view_as_real` layout).
 */
import { defineOp } from '../autograd/function.js';
import { getBackend } from '../backend/backend.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { conv1d, convTranspose1d } from '../ops/conv.js';
import { pad } from '../ops/shape.js';
import { checkOptions, type OptionKeys } from '../options.js';
import { tensor } from '../tensor/creation.js';
import { isFloating } from '../tensor/dtype.js';
import { shapeStr } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** Options of `stft` and `istft` (PyTorch's names and defaults). */
export interface StftOptions {
  /** Samples between frames; default ⌊nFft/4⌋. */
  hopLength?: number;
  /** Window length (≤ nFft; the window is zero-padded centrally to nFft); default nFft. */
  winLength?: number;
  /** Window of winLength samples; default rectangular (all ones), as PyTorch — pass `hannWindow(n)` for the usual analysis. */
  window?: Tensor | null;
  /** Pad nFft/2 samples on both sides so frame t is centred on sample t·hop (default true). */
  center?: boolean;
  /** Padding of `center` (stft only): 'reflect' (default), 'constant' (zeros), 'replicate', 'circular'. */
  padMode?: 'reflect' | 'constant' | 'replicate' | 'circular';
  /** Scale by nFft^−½ (default false). */
  normalized?: boolean;
  /** Keep the nFft/2 + 1 non-negative frequencies of a real signal (default true); istft infers it from the input's size. */
  onesided?: boolean;
  /** istft only: trim or zero-pad the output to this many samples. */
  length?: number;
}

const stftKeys: OptionKeys<Omit<StftOptions, 'length'>> = { hopLength: true, winLength: true, window: true, center: true, padMode: true, normalized: true, onesided: true };
const istftKeys: OptionKeys<Omit<StftOptions, 'padMode'>> = { hopLength: true, winLength: true, window: true, center: true, normalized: true, onesided: true, length: true };

interface Frames {
  nFft: number;
  hop: number;
  window: Float64Array;
}

function frames(op: string, nFft: number, o: StftOptions, dtype: string): Frames {
  if (!Number.isInteger(nFft) || nFft < 1) throw new ValueError(`${op}: nFft must be a positive integer, got ${nFft}`);
  const hop = o.hopLength ?? Math.floor(nFft / 4);
  const winLength = o.winLength ?? nFft;
  if (!Number.isInteger(hop) || hop < 1) throw new ValueError(`${op}: hopLength must be a positive integer, got ${hop}`);
  if (!Number.isInteger(winLength) || winLength < 1 || winLength > nFft) throw new ValueError(`${op}: winLength must be an integer in [1, nFft = ${nFft}], got ${winLength}`);
  const window = new Float64Array(nFft);
  const left = Math.floor((nFft - winLength) / 2);
  if (o.window) {
    if (o.window.ndim !== 1 || o.window.shape[0] !== winLength) throw new ShapeError(`${op}: window must be [winLength = ${winLength}], got ${shapeStr(o.window.shape)}`);
    window.set(o.window.to('float64').dataSync(), left);
  } else window.fill(1, left, left + winLength);
  if (!isFloating(dtype as never)) throw new DTypeError(`${op}: expected a floating-point signal, got ${dtype}`);
  return { nFft, hop, window };
}

/** cos and sin of 2π·f·n/N with the product reduced mod N first, so large f·n lose no precision. */
function twiddle(f: number, n: number, N: number): [number, number] {
  const angle = (2 * Math.PI * ((f * n) % N)) / N;
  return [Math.cos(angle), Math.sin(angle)];
}

/**
 * The analysis basis [2F, 1, N]: rows f = w[n]·cos(2πfn/N) (real parts), then rows F + f =
 * −w[n]·sin(2πfn/N) (imaginary parts). The synthesis basis of istft (over the N/2 + 1 non-negative
 * frequencies) is the same shape: c_f/N · w[n]·cos and −c_f/N · w[n]·sin, where c_f counts the
 * mirrored negative frequencies (2, except 1 at DC and at Nyquist).
 */
function basis(f: Frames, bins: number, inverse: boolean, scale: number, dtype: 'float32' | 'float64'): Tensor {
  const { nFft: N, window } = f;
  const data = new Float64Array(2 * bins * N);
  for (let k = 0; k < bins; k++) {
    const c = !inverse ? scale : (k !== 0 && 2 * k !== N ? 2 : 1) * scale / N;
    for (let n = 0; n < N; n++) {
      const [cos, sin] = twiddle(k, n, N);
      data[k * N + n] = c * window[n]! * cos;
      data[(bins + k) * N + n] = -c * window[n]! * sin;
    }
  }
  return tensor(dtype === 'float64' ? data : Float32Array.from(data), { dtype }).reshape([2 * bins, 1, N]);
}

/** The attributes of the frame-DFT ops. */
export interface FramesDft {
  f: Frames;
  bins: number;
  scale: number;
}

/** The backend's FFT of each frame of padded signals [B, L] → [B, bins, T, 2], or its power re² + im² [B, bins, T]. */
function framesDft(signal: Tensor, { f, bins, scale }: FramesDft, power: boolean): Tensor {
  const [batch, length] = signal.shape as [number, number];
  const frames = 1 + Math.floor((length - f.nFft) / f.hop);
  const window = Float64Array.from(f.window, (w) => w * scale);
  const data = signal.contiguousData();
  const g = { batch, length, nFft: f.nFft, hop: f.hop, frames, bins, power };
  const out = getBackend().stftFrames(data, data instanceof Float64Array ? window : Float32Array.from(window), g);
  return Tensor.fromData(out, power ? [batch, bins, frames] : [batch, bins, frames, 2]);
}

/** The STFT's vector-Jacobian product: the transposed strided convolution with the analysis basis, trimmed or padded to the signal's length. */
function framesDftAdjoint(grad: Tensor, { f, bins, scale }: FramesDft, [batch, length]: readonly number[], dtype: string): Tensor {
  const coefficients = grad.permute([0, 3, 1, 2]).reshape([batch!, 2 * bins, -1]);
  const summed = convTranspose1d(coefficients, basis(f, bins, false, scale, dtype as 'float32' | 'float64'), null, { stride: f.hop }).reshape([batch!, -1]);
  return pad(summed, [0, length! - summed.shape[1]!]);
}

/**
 * The frames' DFT as a strided convolution with the windowed DFT basis — what the FFT computes,
 * as ops that formats without an FFT (ONNX) can express. Internal: its export is for the ONNX converter.
 */
export function framesDftByConvolution(signal: Tensor, { f, bins, scale }: FramesDft): Tensor {
  const y = conv1d(signal.unsqueeze(1), basis(f, bins, false, scale, signal.dtype as 'float32' | 'float64'), null, { stride: f.hop }); // [B, 2F, T]
  return y.reshape([y.shape[0]!, 2, bins, -1]).permute([0, 2, 3, 1]);
}

/** The DFT of each frame of padded signals [B, L] → [B, bins, T, 2]: framesDftByConvolution by FFT. */
const framesDftOp = defineOp<FramesDft>({
  name: 'stft',
  saves: 'none',
  forward: ([signal], attrs) => framesDft(signal!, attrs, false),
  backward: (grad, { attrs, inputShapes: [shape], inputDTypes: [dtype] }) => [framesDftAdjoint(grad, attrs, shape!, dtype!)],
});

/** |DFT|² of each frame → [B, bins, T] in one pass; the gradient goes through the DFT again: ∂/∂x = Dᵀ(2·z·g). */
const framesPowerOp = defineOp<FramesDft>({
  name: 'powerStft',
  saves: 'inputs',
  forward: ([signal], attrs) => framesDft(signal!, attrs, true),
  backward: (grad, { inputs: [signal], attrs }) => {
    const z = framesDftOp([signal!], attrs);
    return [framesDftAdjoint(z.mul(grad.unsqueeze(-1)).mul(2), attrs, signal!.shape, signal!.dtype)];
  },
});

/** Checks the options and frames `x` [..., L]: the (centre-padded) signals [B, L'] and the op's attributes. */
function framedSignal(op: string, x: Tensor, nFft: number, options: StftOptions | undefined): { signal: Tensor; lead: number[]; attrs: FramesDft } {
  const o = checkOptions(op, options, stftKeys);
  const f = frames(op, nFft, o, x.dtype);
  if (x.ndim < 1) throw new ShapeError(`${op}: expected a signal [..., L], got ${shapeStr(x.shape)}`);
  const { center = true, padMode = 'reflect', normalized = false, onesided = true } = o;
  const dtype = x.dtype === 'float64' ? 'float64' : 'float32';
  let signal = x.reshape([-1, 1, x.shape[x.ndim - 1]!]).to(dtype);
  if (center) {
    const p = Math.floor(nFft / 2);
    if (padMode === 'reflect' && p >= signal.shape[2]!) throw new ShapeError(`${op}: reflect padding of nFft/2 = ${p} needs a signal longer than that, got ${signal.shape[2]} samples`);
    signal = pad(signal, [p, p], padMode);
  }
  if (signal.shape[2]! < nFft) throw new ShapeError(`${op}: nFft = ${nFft} is longer than the ${center ? 'padded ' : ''}signal (${signal.shape[2]} samples)`);
  const bins = onesided ? Math.floor(nFft / 2) + 1 : nFft;
  return { signal: signal.reshape([signal.shape[0]!, -1]), lead: x.shape.slice(0, -1), attrs: { f, bins, scale: normalized ? nFft ** -0.5 : 1 } };
}

/**
 * Short-time Fourier transform of `x` [..., L]: `X[f, t] = Σ_n w[n]·x_pad[t·hop + n]·e^{−2πifn/N}`
 * for f < nFft/2 + 1 (onesided) or nFft, t < 1 + ⌊L/hop⌋ (centred; 1 + ⌊(L − N)/hop⌋ otherwise).
 * Returns [..., F, T, 2] (real, imaginary). Differentiable.
 * PyTorch: `torch.view_as_real(torch.stft(x, n_fft, hop_length, win_length, window, center, pad_mode, normalized, onesided, return_complex=True))`.
 * @example audio.stft(x, 400, { hopLength: 160, window: audio.hannWindow(400) }) // [201, 101, 2] for 16,000 samples
 */
export function stft(x: Tensor, nFft: number, options?: StftOptions): Tensor {
  const { signal, lead, attrs } = framedSignal('stft', x, nFft, options);
  const y = framesDftOp([signal], attrs);
  return y.reshape([...lead, ...y.shape.slice(1)]);
}

/**
 * The power spectrogram |stft(x)|² = re² + im² [..., F, T] in one pass over the frames (rather
 * than forming the complex [..., F, T, 2] first). Same options as `stft`; differentiable.
 * PyTorch: `torch.stft(x, n_fft, …, return_complex=True).abs().pow(2)`.
 * @example audio.powerStft(x, 400, { hopLength: 160, window: audio.hannWindow(400) }) // [201, 101] for 16,000 samples
 */
export function powerStft(x: Tensor, nFft: number, options?: StftOptions): Tensor {
  const { signal, lead, attrs } = framedSignal('powerStft', x, nFft, options);
  const y = framesPowerOp([signal], attrs);
  return y.reshape([...lead, ...y.shape.slice(1)]);
}

/**
 * Inverse STFT of `X` [..., F, T, 2]; each frame's inverse real DFT, windowed, overlap-added at
 * t·hop and divided by the summed squared window; the centre padding is dropped. With the same
 * options as `stft`, `istft(stft(x))` gives x back (perfect reconstruction wherever the squared
 * windows overlap; a gap throws, as in PyTorch). Differentiable.
 * PyTorch: `torch.istft(torch.view_as_complex(X), n_fft, hop_length, win_length, window, center, normalized, onesided, length)`.
 * @example audio.istft(audio.stft(x, 512, { window: w }), 512, { window: w, length: x.shape[0] })
 */
export function istft(X: Tensor, nFft: number, options?: StftOptions): Tensor {
  const o = checkOptions('istft', options, istftKeys);
  const f = frames('istft', nFft, o, X.dtype);
  if (X.ndim < 3 || X.shape[X.ndim - 1] !== 2) throw new ShapeError(`istft: expected a spectrum [..., F, T, 2] (real, imaginary), got ${shapeStr(X.shape)}`);
  const [bins, T] = X.shape.slice(-3, -1) as [number, number];
  const onesided = o.onesided ?? bins !== nFft;
  const expectedBins = onesided ? Math.floor(nFft / 2) + 1 : nFft;
  if (bins !== expectedBins) throw new ShapeError(`istft: a ${onesided ? 'onesided' : 'full'} spectrum of nFft = ${nFft} has ${expectedBins} frequencies, got ${bins}`);
  const { center = true, normalized = false } = o;
  const lead = X.shape.slice(0, -3);
  const dtype = X.dtype === 'float64' ? 'float64' : 'float32';
  // A real output depends on the non-negative frequencies only (PyTorch's c2r transform ignores the rest of a full spectrum).
  const half = Math.floor(nFft / 2) + 1;
  const coefficients = X.reshape([-1, bins, T, 2]).narrow(1, 0, half).permute([0, 3, 1, 2]).reshape([-1, 2 * half, T]).to(dtype);
  const summed = convTranspose1d(coefficients, basis(f, half, true, normalized ? Math.sqrt(nFft) : 1, dtype), null, { stride: f.hop }); // [B, 1, N + hop(T−1)]
  const full = nFft + f.hop * (T - 1);
  const start = center ? Math.floor(nFft / 2) : 0;
  const end = o.length !== undefined ? start + o.length : center ? full - Math.floor(nFft / 2) : full;
  if (o.length !== undefined && (!Number.isInteger(o.length) || o.length < 0)) throw new ValueError(`istft: length must be a non-negative integer, got ${o.length}`);
  const envelope = new Float64Array(full);
  for (let t = 0; t < T; t++) for (let n = 0; n < nFft; n++) envelope[t * f.hop + n] += f.window[n]! ** 2;
  for (let i = start; i < Math.min(end, full); i++) {
    if (envelope[i]! < 1e-11) throw new ValueError(`istft: the squared windows sum to ${envelope[i]} at sample ${i - start}: that sample cannot be recovered (window overlap-add is zero there; a shorter hop or another window is needed)`);
  }
  const kept = Math.min(end, full) - start;
  const inverseEnvelope = Float64Array.from(envelope.subarray(start, start + kept), (e) => 1 / e);
  let y = summed.reshape([-1, full]).narrow(1, start, kept).mul(tensor(dtype === 'float64' ? inverseEnvelope : Float32Array.from(inverseEnvelope), { dtype }));
  if (end > full) y = pad(y, [0, end - full]);
  return y.reshape([...lead, end - start]);
}

const complexAbsOp = defineOp<undefined>({
  name: 'complexAbs',
  saves: 'all',
  forward: ([z]) => z!.square().sum(-1).sqrt(),
  // ∂|z|/∂z = z/|z|, taken as 0 at z = 0 (as PyTorch's abs of a complex zero).
  backward: (grad, { inputs: [z], output }) => {
    const safe = output.where(output.gt(0), Infinity);
    return [grad.div(safe).unsqueeze(-1).mul(z!)];
  },
});

/**
 * Magnitude |z| of complex values stored as [..., 2] (real, imaginary) → [...]. Its gradient is
 * z/|z|, and 0 at z = 0 (a plain √(re² + im²) would give NaN there).
 * PyTorch: `torch.view_as_complex(z).abs()`.
 * @example audio.complexAbs(audio.stft(x, 400, { window })) // magnitude spectrogram [201, T]
 */
export function complexAbs(z: Tensor): Tensor {
  if (z.ndim < 1 || z.shape[z.ndim - 1] !== 2) throw new ShapeError(`complexAbs: expected [..., 2] (real, imaginary), got ${shapeStr(z.shape)}`);
  return complexAbsOp([z], undefined);
}
