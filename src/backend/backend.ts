/**
 * @file The Backend interface: the primitive kernels every tensor op is built on.
 *
 * A backend knows nothing of autograd or Tensor objects. Inputs are strided views over typed
 * arrays (`View`) or plain contiguous typed arrays; outputs are new contiguous typed arrays.
 * The `js` backend implements every kernel and is the reference faster backends are tested
 * against. Results are read back synchronously today; a GPU backend would add an async path.
 */
import { ValueError } from '../errors.js';
import type { DType, TypedArray } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';

/** A strided view: element `(i0, i1, …)` lives at `data[offset + Σ ik · strides[k]]`. */
export interface View {
  readonly data: TypedArray;
  readonly shape: Shape;
  readonly strides: readonly number[];
  readonly offset: number;
}

/** A per-channel affine map fused into standardisation (batch and instance norm's weight and bias). */
export interface ChannelAffine {
  readonly weight: Float64Array;
  readonly bias: Float64Array;
}

/** The elementwise one-input kernels every backend implements. */
export type UnaryOp =
  | 'neg' | 'abs' | 'sign' | 'exp' | 'log' | 'log1p' | 'expm1' | 'sqrt' | 'rsqrt'
  | 'sin' | 'cos' | 'tanh' | 'sigmoid' | 'relu' | 'erf' | 'floor' | 'ceil' | 'round'
  | 'isnan' | 'isfinite' | 'logicalNot' | 'reciprocal';

/** The elementwise two-input (broadcasting) kernels every backend implements. */
export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'logicalAnd' | 'logicalOr' | 'logicalXor';

/** The reductions every backend implements along one axis. */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'argmax' | 'argmin' | 'all' | 'any';

/** A contiguous array seen as `[outer, size, inner]`, reduced or scanned along the middle axis. */
export interface Axis {
  readonly outer: number;
  readonly size: number;
  readonly inner: number;
}

/** Three sizes: (depth, height, width). */
export type Triple = readonly [number, number, number];

/**
 * A sliding-window layout over volumes [C, D, H, W] (`size` = D, H, W), windows of `kernel`,
 * output grid `out`. 1-D and 2-D windows are the cases with unit depth (and height).
 */
export interface ConvGeometry {
  channels: number;
  size: Triple;
  kernel: Triple;
  stride: Triple;
  padding: Triple;
  dilation: Triple;
  out: Triple;
}

/**
 * A convolution seen as products with the batch's column matrix (im2col's batch-inner layout):
 * `batch` volumes of `geometry` (channels: all groups'), `groups` groups, `outChannels` filters.
 */
export interface ConvProduct {
  batch: number;
  geometry: ConvGeometry;
  groups: number;
  outChannels: number;
}

/** Sizes and modes of a gridSample: input [n, c, h, w], output grid [n, outH, outW]. */
export interface GridSampleGeometry {
  n: number;
  c: number;
  h: number;
  w: number;
  outH: number;
  outW: number;
  mode: 'bilinear' | 'nearest';
  paddingMode: 'zeros' | 'border';
  alignCorners: boolean;
}

/** The frames of `Backend.stftFrames`: `frames` windows of `nFft` samples, `hop` apart, in each of `batch` signals of `length` samples. */
export interface StftGeometry {
  batch: number;
  length: number;
  nFft: number;
  hop: number;
  frames: number;
  /** Frequencies kept: nFft/2 + 1 (onesided) or nFft. */
  bins: number;
  /** Output re² + im² [batch, bins, frames] instead of the complex values. */
  power: boolean;
}

/** One Word2Vec epoch's data and settings (see `Backend.word2vecEpoch`). */
export interface Word2VecEpoch {
  /** Input and output vectors [vocabSize × vectorSize], updated in place. */
  syn0: Float32Array;
  syn1: Float32Array;
  /** Word ids of every sentence, one after another, and each sentence's end offset. */
  corpus: Int32Array;
  sentenceEnds: Int32Array;
  /** Per word: the subsampling keep probability, and the cumulative negative-sampling table. */
  keep: Float32Array;
  table: Float64Array;
  vocabSize: number;
  vectorSize: number;
  window: number;
  negative: number;
  sg: boolean;
  cbowMean: boolean;
  alpha: number;
  minAlpha: number;
  seed: number;
  /** corpus.length × epochs: the learning rate falls linearly from alpha to minAlpha over it. */
  totalWords: number;
}

/** A right-hand matrix prepared by `Backend.packMatrix`. */
export interface PackedMatrix {
  readonly k: number;
  readonly n: number;
  readonly transB: boolean;
  /** The matrix as given. */
  readonly data: TypedArray;
  /** The backend's own packed form of it, when it has one. */
  readonly panels?: TypedArray;
}

/** Per-channel statistics: mean and biased variance. */
export interface Moments {
  mean: Float64Array;
  variance: Float64Array;
}

/** Hyperparameters of one Adam/AdamW step (`step` counts from 1). */
export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** AdamW: decay θ directly (θ ← θ(1 − lr·λ)) instead of adding λθ to the gradient. */
  decoupled: boolean;
  step: number;
}

/** Hyperparameters of one SGD step; `firstStep` initialises the momentum buffer with the gradient. */
export interface SgdHyper {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
  firstStep: boolean;
}

/** The kernels a backend implements on contiguous typed arrays (see `getBackend()`); it knows nothing of autograd. */
export interface Backend {
  readonly name: string;
  /** How many threads its kernels may use, where the backend says (the wasm backend does). */
  readonly threads?: number;
  /** Copies a view into a new contiguous array of `dtype` (casting as needed). */
  copy(x: View, dtype: DType): TypedArray;
  /** Writes `src` (broadcast to `dst`'s shape by stride 0) into the strided view `dst`, in place. */
  assign(dst: View, src: View): void;
  /** Applies `op` elementwise; the result has `x`'s shape and `dtype`. */
  unary(op: UnaryOp, x: View, dtype: DType): TypedArray;
  /**
   * The gradient of relu (and of threshold) from its output: `g` where `y` > `threshold`, else 0,
   * for contiguous arrays of one length. PyTorch: `torch.ops.aten.threshold_backward`.
   */
  thresholdBackward(g: TypedArray, y: TypedArray, threshold: number): TypedArray;
  /** Applies `op` to two views already broadcast to `shape` (stride 0 on broadcast dims). */
  binary(op: BinaryOp, a: View, b: View, shape: Shape, dtype: DType): TypedArray;
  /** `cond ? a : b` elementwise over views broadcast to `shape`. */
  where(cond: View, a: View, b: View, shape: Shape, dtype: DType): TypedArray;
  /** Reduces the middle axis of `x` seen as `[outer, size, inner]`, giving `[outer, inner]`. */
  reduce(op: ReduceOp, x: TypedArray, axis: Axis, dtype: DType): TypedArray;
  /**
   * Softmax along the middle axis of contiguous `[outer, size, inner]` data (log-softmax when
   * `log`), each line shifted by its maximum. PyTorch: `torch.softmax` / `torch.log_softmax`.
   */
  softmax(x: TypedArray, axis: Axis, log: boolean): TypedArray;
  /** The gradient of softmax (or log-softmax) from its output `y` and upstream gradient `g`. */
  softmaxBackward(y: TypedArray, g: TypedArray, axis: Axis, log: boolean): TypedArray;
  /** Inclusive cumulative sum along the middle axis of `[outer, size, inner]`. */
  cumsum(x: TypedArray, axis: Axis, dtype: DType): TypedArray;
  /**
   * Batched matrix product `C[b] = A[b] · B[b]` of contiguous `[m, k]` and `[k, n]` blocks
   * (stored `[k, m]` when `transA`, `[n, k]` when `transB`, so transposed views need no copy);
   * a batch stride of 0 reuses one matrix for every batch entry.
   */
  matmul(a: TypedArray, b: TypedArray, batch: number, m: number, k: number, n: number,
    aBatchStride: number, bBatchStride: number, transA?: boolean, transB?: boolean): TypedArray;
  /**
   * The same product for a few rows `m` (a decoding step's `x·Wᵀ`), which a backend may compute
   * without packing `b`; it may round differently from `matmul`.
   */
  matmulFewRows(a: TypedArray, b: TypedArray, batch: number, m: number, k: number, n: number,
    aBatchStride: number, bBatchStride: number, transA?: boolean, transB?: boolean): TypedArray;
  /**
   * Prepares `b` ([k, n], stored [n, k] when `transB`) for many products `a·b` with
   * `matmulPacked` (the native backend packs it into its kernel's panels once).
   */
  packMatrix(b: TypedArray, k: number, n: number, transB: boolean): PackedMatrix;
  /** `a·b` for `a` [m, k] (stored [k, m] when `transA`) and a matrix from `packMatrix`. */
  matmulPacked(a: TypedArray, b: PackedMatrix, m: number, transA?: boolean): TypedArray;
  /** `out[c] = x[c with c[dim] = index[c]]` over every coordinate `c` of `indexShape`. */
  gather(x: TypedArray, xShape: Shape, dim: number, index: Int32Array, indexShape: Shape): TypedArray;
  /** In place: `target[c with c[dim] = index[c]] = src[c]` (or `+=` when `accumulate`). */
  scatter(target: TypedArray, targetShape: Shape, dim: number, index: Int32Array, indexShape: Shape,
    src: View, accumulate: boolean): void;
  /**
   * Unfolds each of `batch` volumes [C, D, H, W] (contiguous) into its column matrix
   * [C·kd·kh·kw, od·oh·ow] of sliding windows (zeros in the padding): [batch, C·Πk, L], or with
   * `batchInner` [C·Πk, batch, L] (every image's row r side by side, so one product serves the
   * whole batch). PyTorch: `F.unfold`.
   */
  im2col(x: TypedArray, batch: number, geometry: ConvGeometry, batchInner?: boolean): TypedArray;
  /** The adjoint of im2col (same layouts): sums each column entry back into its input position. PyTorch: `F.fold`. */
  col2im(cols: TypedArray, batch: number, geometry: ConvGeometry, batchInner?: boolean): TypedArray;
  /**
   * The convolution of contiguous volumes x [batch, C, D, H, W] with weight [O, C/groups·Πk],
   * plus bias [O] (or none) → y [batch, O, L]: each group's weights times its columns, the product
   * `matmul` would compute with im2col's batch-inner columns (and bit-identical to it, bias added
   * after), which need not be formed.
   */
  convForward(x: TypedArray, weight: TypedArray, bias: TypedArray | null, conv: ConvProduct): TypedArray;
  /** The weight gradient of convForward from dy [batch, O, L] → [O, C/groups·Πk]. */
  convWeightGrad(x: TypedArray, dy: TypedArray, conv: ConvProduct): TypedArray;
  /** The input gradient of convForward: col2im of each group's weightsᵀ times dy [batch, O, L] → [batch, C, D, H, W]. */
  convInputGrad(weight: TypedArray, dy: TypedArray, conv: ConvProduct): TypedArray;
  /**
   * Depthwise convolution of `batch` volumes [C, D, H, W] with one filter per channel (`weight`
   * [C, kd·kh·kw]), computed directly: y[n,c,o] = Σ_t w[c,t]·x[n,c,o·s − p + t·d] → [batch, C, od·oh·ow].
   */
  depthwiseConv(x: TypedArray, weight: TypedArray, batch: number, geometry: ConvGeometry): TypedArray;
  /** depthwiseConv's gradients for the input and the weight (each computed only when asked for). */
  depthwiseConvBackward(x: TypedArray, weight: TypedArray, dy: TypedArray, batch: number, geometry: ConvGeometry,
    needInput: boolean, needWeight: boolean): { dx: TypedArray | null; dw: TypedArray | null };
  /**
   * For each of `planes` contiguous volumes and each window of `geometry` (channels ignored), the
   * flat position in the volume of the window's first maximum (NaN wins; padding never does).
   */
  maxPoolIndices(x: TypedArray, planes: number, geometry: ConvGeometry): Int32Array;
  /** Mean and biased variance of each channel of contiguous [outer, channels, inner] data. */
  moments(x: TypedArray, outer: number, channels: number, inner: number): Moments;
  /** (x − mean[c])·invstd[c] over contiguous [outer, channels, inner] data, then ·weight[c] + bias[c] with `affine`. */
  standardize(x: TypedArray, outer: number, channels: number, inner: number, mean: Float64Array, invstd: Float64Array,
    affine?: ChannelAffine | null): TypedArray;
  /**
   * The gradient of standardize with its statistics taken from x (the batch-norm backward), times
   * weight[c] when given; `sums` (2·channels numbers), when given, receives each channel's Σdy
   * and then each channel's Σdy·(x − mean) (the affine parameters' gradients, unscaled).
   */
  standardizeBackward(dy: TypedArray, x: TypedArray, outer: number, channels: number, inner: number,
    mean: Float64Array, invstd: Float64Array, weight?: Float64Array | null, sums?: Float64Array | null): TypedArray;
  /**
   * One LSTM step for `batch` rows of `hidden` units, in place: pre-activations xGates + hGates
   * ([batch, 4·hidden], gate blocks i, f, g, o) → the activated gates in `gates`,
   * c = f·cPrev + i·g in `c` and h = o·tanh(c) in `h`.
   */
  lstmCell(xGates: TypedArray, hGates: TypedArray, cPrev: TypedArray, gates: TypedArray, c: TypedArray, h: TypedArray,
    batch: number, hidden: number): void;
  /**
   * The gradient of lstmCell, in place: dh = dhOut + dhNext (dhNext may be null) reaches h and
   * `dcCarry` reaches c; writes the pre-activation gradients to `dGates` and the gradient that
   * reaches cPrev to `dcCarry`.
   */
  lstmCellBackward(gates: TypedArray, cPrev: TypedArray, c: TypedArray, dhOut: TypedArray, dhNext: TypedArray | null,
    dcCarry: TypedArray, dGates: TypedArray, batch: number, hidden: number): void;
  /**
   * One GRU step (gate order r, z, n) for `batch` rows: from xGates = x·W_ihᵀ + b_ih, hGates =
   * h·W_hhᵀ ([batch, 3·hidden]) and b_hh [3·hidden], h = (1 − z)·n + z·hPrev with
   * n = tanh(x_n + r·(h_n + b_hn)); writes h, and [r, z, n, h_n + b_hn] per row to `saved`
   * ([batch, 4·hidden]) for the backward.
   */
  gruCell(xGates: TypedArray, hGates: TypedArray, bHh: TypedArray, hPrev: TypedArray, saved: TypedArray, h: TypedArray, batch: number, hidden: number): void;
  /**
   * The gradient of gruCell with dh = dhOut + dhNext (dhNext may be null): writes the gradients
   * of xGates and hGates, and dh·z (the part of hPrev's gradient that bypasses W_hh) to `dhCarry`.
   */
  gruCellBackward(saved: TypedArray, hPrev: TypedArray, dhOut: TypedArray, dhNext: TypedArray | null,
    dxGates: TypedArray, dhGates: TypedArray, dhCarry: TypedArray, batch: number, hidden: number): void;
  /** One Elman step in place: h = tanh(xGates + hGates), or relu. */
  rnnCell(xGates: TypedArray, hGates: TypedArray, h: TypedArray, relu: boolean): void;
  /** The pre-activation gradient of rnnCell from its output h and dh = dhOut + dhNext (dhNext may be null). */
  rnnCellBackward(h: TypedArray, dhOut: TypedArray, dhNext: TypedArray | null, dPre: TypedArray, relu: boolean): void;
  /**
   * One Word2Vec epoch (0-based) with negative sampling, in place (word2vec.c's loop; the native
   * backend runs it Hogwild over its threads, so with more than one thread runs differ slightly).
   */
  word2vecEpoch(job: Word2VecEpoch, epoch: number): void;
  /** Samples contiguous images at a contiguous grid [n, outH, outW, 2] (forward only). PyTorch: `F.grid_sample`. */
  gridSample(x: TypedArray, grid: TypedArray, geometry: GridSampleGeometry): TypedArray;
  /**
   * The DFT of every window·frame of contiguous signals [batch, length] (forward only; `window`
   * has nFft elements) → [batch, bins, frames, 2] (real, imaginary), or with `power` its
   * re² + im² [batch, bins, frames]. PyTorch: `torch.stft`'s kernel.
   */
  stftFrames(signal: TypedArray, window: TypedArray, geometry: StftGeometry): TypedArray;
  /**
   * In place, one Adam/AdamW update of a contiguous parameter and its state (PyTorch's
   * formula); `maxExpAvgSq` is given for AMSGrad.
   */
  adamUpdate(param: TypedArray, grad: TypedArray, expAvg: TypedArray, expAvgSq: TypedArray,
    maxExpAvgSq: TypedArray | null, o: AdamHyper): void;
  /** In place, one SGD update of a contiguous parameter (and its momentum buffer when momentum ≠ 0). */
  sgdUpdate(param: TypedArray, grad: TypedArray, momentumBuffer: TypedArray | null, o: SgdHyper): void;
  /**
   * Fills `out` with `value` where a 32-bit xoshiro128** draw (from `state`, advanced in place,
   * one draw per element) is below `probability`·2³², else 0: dropout masks.
   */
  bernoulli(state: Uint32Array, out: Float32Array | Float64Array, probability: number, value: number): void;
  /** Sorts the middle axis of `[outer, size, inner]` (stable; NaN sorts as the largest value). */
  sort(x: TypedArray, axis: Axis, descending: boolean): { values: TypedArray; indices: Int32Array };
}

const backends = new Map<string, Backend>();
let active: Backend | undefined;

/**
 * Makes a backend selectable by name; the first one registered becomes active.
 * PyTorch: none (devices play this role); TF.js: `tf.registerBackend(name, factory)`.
 * @example registerBackend({ ...getBackend(), name: 'traced-js' }); setBackend('traced-js')
 */
export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
  active ??= backend;
}

/**
 * The backend that runs kernels now.
 * PyTorch: none (`tensor.device` is the nearest); TF.js: `tf.getBackend()`.
 * @example getBackend().name // 'native' in Node with the addon built, else 'js'
 */
export function getBackend(): Backend {
  if (active === undefined) throw new Error('shinsou: no backend registered');
  return active;
}

/**
 * The names of the backends that can be selected.
 * PyTorch: none; TF.js: `Object.keys(tf.engine().registryFactory)`.
 * @example listBackends() // ['js', 'wasm', 'native'] in Node
 */
export function listBackends(): string[] {
  return [...backends.keys()];
}

/**
 * Selects the backend by name (or start Node with SHINSOU_BACKEND=name).
 * PyTorch: none (`tensor.to(device)` is the nearest); TF.js: `tf.setBackend(name)`.
 * @example setBackend('js') // the reference kernels, e.g. to compare against
 */
export function setBackend(name: string): void {
  const backend = backends.get(name);
  if (backend === undefined) {
    throw new ValueError(`setBackend: unknown backend '${name}' (available: ${listBackends().join(', ')})`);
  }
  active = backend;
}
