/**
 * @file Connectionist temporal classification (Graves et al. 2006): the negative log-likelihood
 * of a label sequence, summed over every alignment of it to the frames (blanks between and around
 * the labels, labels repeated), by the forward–backward recursions in log space and float64.
 */
import { defineOp } from '../../autograd/function.js';
import { isGradEnabled } from '../../autograd/grad_mode.js';
import { AutogradError, DTypeError, ShapeError, ValueError } from '../../errors.js';
import { checkOptions, type OptionKeys } from '../../options.js';
import { isFloating } from '../../tensor/dtype.js';
import { tensor } from '../../tensor/creation.js';
import { shapeStr } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Reduction } from './loss.js';

/** Options of `ctcLoss` (PyTorch's keyword arguments). */
export interface CtcLossOptions {
  /** The blank class (default 0). */
  blank?: number;
  /** 'mean' (default) divides each sequence's loss by its target length, then averages over the batch. */
  reduction?: Reduction;
  /** Infinite losses (frames too few for the targets) and their gradients become 0 (default false). */
  zeroInfinity?: boolean;
}

/** The option names of `ctcLoss` (and `nn.CTCLoss`). */
export const ctcLossKeys: OptionKeys<CtcLossOptions> = { blank: true, reduction: true, zeroInfinity: true };

interface CtcAttrs {
  /** Each sequence's labels (without blanks). */
  labels: readonly (readonly number[])[];
  inputLengths: readonly number[];
  blank: number;
  zeroInfinity: boolean;
}

/** log(eᵃ + eᵇ), exact where either is −∞. */
function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** One sequence's view of log-probabilities [T, N, C]: frame t, class c of sequence n. */
interface Frames {
  readonly lp: ArrayLike<number>;
  readonly n: number;
  readonly batch: number;
  readonly classes: number;
}

const at = (f: Frames, t: number, c: number): number => f.lp[(t * f.batch + f.n) * f.classes + c]!;

/** The extended labels l′ = blank, l₁, blank, l₂, …, blank (length 2S + 1). */
const extend = (labels: readonly number[], blank: number): number[] => [blank, ...labels.flatMap((l) => [l, blank])];

/** Whether state s may be entered from s − 2 (skipping a blank between two different labels). */
const canSkip = (ext: readonly number[], s: number, blank: number): boolean => s >= 2 && ext[s] !== blank && ext[s] !== ext[s - 2];

/** log α [T·L]: the log-probability of the prefixes ending in state s at frame t (frame t's own probability included). */
function forwardVariables(f: Frames, frames: number, ext: readonly number[], blank: number): Float64Array {
  const L = ext.length;
  const alpha = new Float64Array(frames * L).fill(-Infinity);
  alpha[0] = at(f, 0, blank);
  if (L > 1) alpha[1] = at(f, 0, ext[1]!);
  for (let t = 1; t < frames; t++) {
    const [prev, row] = [(t - 1) * L, t * L];
    for (let s = 0; s < L; s++) {
      let a = alpha[prev + s]!;
      if (s >= 1) a = logAdd(a, alpha[prev + s - 1]!);
      if (canSkip(ext, s, blank)) a = logAdd(a, alpha[prev + s - 2]!);
      alpha[row + s] = a === -Infinity ? a : a + at(f, t, ext[s]!);
    }
  }
  return alpha;
}

/** log β [T·L]: the log-probability of the suffixes starting in state s at frame t (frame t's own probability included). */
function backwardVariables(f: Frames, frames: number, ext: readonly number[], blank: number): Float64Array {
  const L = ext.length;
  const beta = new Float64Array(frames * L).fill(-Infinity);
  const last = (frames - 1) * L;
  beta[last + L - 1] = at(f, frames - 1, blank);
  if (L > 1) beta[last + L - 2] = at(f, frames - 1, ext[L - 2]!);
  for (let t = frames - 2; t >= 0; t--) {
    const [next, row] = [(t + 1) * L, t * L];
    for (let s = 0; s < L; s++) {
      let b = beta[next + s]!;
      if (s + 1 < L) b = logAdd(b, beta[next + s + 1]!);
      if (s + 2 < L && canSkip(ext, s + 2, blank)) b = logAdd(b, beta[next + s + 2]!);
      beta[row + s] = b === -Infinity ? b : b + at(f, t, ext[s]!);
    }
  }
  return beta;
}

/** −log p(labels | frames) from log α: the paths ending in the last label or the blank after it (+∞ when none fits). */
function endNll(alpha: Float64Array, frames: number, L: number): number {
  const last = (frames - 1) * L;
  return -(L > 1 ? logAdd(alpha[last + L - 1]!, alpha[last + L - 2]!) : alpha[last]!);
}

/** −log p(labels | frames) of one sequence (+∞ when no alignment fits). */
function negativeLogLikelihood(f: Frames, frames: number, labels: readonly number[], blank: number): number {
  if (frames === 0) return labels.length === 0 ? 0 : Infinity;
  const ext = extend(labels, blank);
  return endNll(forwardVariables(f, frames, ext, blank), frames, ext.length);
}

const ctcOp = defineOp<CtcAttrs>({
  name: 'ctcLoss',
  saves: 'inputs',
  forward: ([logProbs], { labels, inputLengths, blank, zeroInfinity }) => {
    const [, batch, classes] = logProbs!.shape as [number, number, number];
    const lp = logProbs!.dataSync();
    const losses = labels.map((l, n) => {
      const nll = negativeLogLikelihood({ lp, n, batch, classes }, inputLengths[n]!, l, blank);
      return zeroInfinity && nll === Infinity ? 0 : nll;
    });
    return tensor(losses, { dtype: logProbs!.dtype });
  },
  // ∂(−log p)/∂log y_t(c) = −Σ_{s: l′_s = c} α_t(s)β_t(s) / (y_t(c)·p): the true gradient with respect to
  // the log-probabilities. PyTorch adds y_t(c) to it, which is the same once the gradient has passed
  // back through log_softmax (where such inputs come from) but not for other inputs.
  backward: (g, { inputs: [logProbs], attrs: { labels, inputLengths, blank, zeroInfinity } }) => {
    if (isGradEnabled()) throw new AutogradError('ctcLoss: second derivatives are not supported (nor are they in PyTorch)');
    const [T, batch, classes] = logProbs!.shape as [number, number, number];
    const [lp, weights] = [logProbs!.dataSync(), g.dataSync()];
    const grad = new Float64Array(T * batch * classes);
    labels.forEach((l, n) => {
      const frames = inputLengths[n]!;
      if (frames === 0) return;
      const f = { lp, n, batch, classes };
      const ext = extend(l, blank);
      const L = ext.length;
      const [alpha, beta] = [forwardVariables(f, frames, ext, blank), backwardVariables(f, frames, ext, blank)];
      const nll = endNll(alpha, frames, L);
      if (nll === Infinity && zeroInfinity) return;
      const w = Number(weights[n]);
      const occupancy = new Float64Array(classes);
      for (let t = 0; t < frames; t++) {
        occupancy.fill(-Infinity);
        for (let s = 0; s < L; s++) occupancy[ext[s]!] = logAdd(occupancy[ext[s]!]!, alpha[t * L + s]! + beta[t * L + s]!);
        for (let c = 0; c < classes; c++) grad[(t * batch + n) * classes + c] = -w * Math.exp(occupancy[c]! + nll - at(f, t, c));
      }
    });
    return [tensor(grad, { dtype: logProbs!.dtype }).reshape([T, batch, classes])];
  },
});

/** Frames or labels per sequence: an array, an integer tensor, or (unbatched) a number. */
export type CtcLengths = readonly number[] | Tensor | number;

/** Integer values of a lengths argument (an array or an integer tensor), checked against `count`. */
function lengthsOf(op: string, name: string, lengths: CtcLengths, count: number): number[] {
  const values = typeof lengths === 'number' ? [lengths] : Array.isArray(lengths) ? [...lengths as readonly number[]] : [...(lengths as Tensor).dataSync()].map(Number);
  if (values.length !== count) throw new ShapeError(`${op}: ${name} needs ${count} entries (one per sequence), got ${values.length}`);
  if (values.some((v) => !Number.isInteger(v) || v < 0)) throw new ValueError(`${op}: ${name} must be non-negative integers, got [${values.join(', ')}]`);
  return values;
}

/**
 * Each sequence's labels from `targets`: padded rows [N, S] (row n's first targetLengths[n]) or
 * all sequences' labels concatenated [Σ targetLengths], as PyTorch accepts them.
 */
function labelsOf(targets: Tensor, targetLengths: readonly number[], batch: number): number[][] {
  if (targets.dtype !== 'int32') throw new DTypeError(`ctcLoss: targets must be int32 class indices, got ${targets.dtype}`);
  const values = [...targets.dataSync()].map(Number);
  if (targets.ndim === 2) {
    if (targets.shape[0] !== batch) throw new ShapeError(`ctcLoss: padded targets need ${batch} rows (one per sequence), got ${shapeStr(targets.shape)}`);
    const width = targets.shape[1]!;
    if (targetLengths.some((l) => l > width)) throw new ShapeError(`ctcLoss: a target length exceeds the ${width} columns of targets ${shapeStr(targets.shape)}`);
    return targetLengths.map((l, n) => values.slice(n * width, n * width + l));
  }
  const total = targetLengths.reduce((a, b) => a + b, 0);
  if (targets.ndim !== 1 || values.length !== total) {
    throw new ShapeError(`ctcLoss: targets must be [N, S] padded or [Σ targetLengths] = [${total}] concatenated, got ${shapeStr(targets.shape)}`);
  }
  let start = 0;
  return targetLengths.map((l) => values.slice(start, (start += l)));
}

/**
 * The CTC loss of log-probabilities `logProbs` [T, N, C] (log_softmax over C; or [T, C] for one
 * sequence) against label sequences `targets` — padded [N, S] or concatenated [Σ targetLengths],
 * int32, never the blank — with `inputLengths` frames and `targetLengths` labels per sequence:
 * −log Σ over alignments of Π_t y_t. Sequences whose frames cannot hold their labels get +∞
 * (or 0 with `zeroInfinity`). The gradient is the true one with respect to `logProbs`; through
 * `logSoftmax` it equals PyTorch's. No second derivatives.
 * PyTorch: `F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction='mean', zero_infinity=False)`.
 * @example F.ctcLoss(logits.logSoftmax(2), targets, [50, 42], [12, 9]) // logits [50, 2, 30], targets [2, 12]
 */
export function ctcLoss(logProbs: Tensor, targets: Tensor, inputLengths: CtcLengths, targetLengths: CtcLengths, options?: CtcLossOptions): Tensor {
  const { blank = 0, reduction = 'mean', zeroInfinity = false } = checkOptions('ctcLoss', options, ctcLossKeys);
  if (!isFloating(logProbs.dtype)) throw new DTypeError(`ctcLoss: logProbs must be floating point, got ${logProbs.dtype}`);
  if (logProbs.ndim === 2) {
    if (targets.ndim !== 1) throw new ShapeError(`ctcLoss: unbatched logProbs [T, C] need targets [S], got ${shapeStr(targets.shape)}`);
    const loss = ctcLoss(logProbs.unsqueeze(1), targets.unsqueeze(0), lengthsOf('ctcLoss', 'inputLengths', inputLengths, 1), lengthsOf('ctcLoss', 'targetLengths', targetLengths, 1), options);
    return reduction === 'none' ? loss.squeeze(0) : loss;
  }
  if (logProbs.ndim !== 3) throw new ShapeError(`ctcLoss: logProbs must be [T, N, C] or [T, C], got ${shapeStr(logProbs.shape)}`);
  const [T, batch, classes] = logProbs.shape as [number, number, number];
  if (!Number.isInteger(blank) || blank < 0 || blank >= classes) throw new ValueError(`ctcLoss: blank must be a class in [0, ${classes - 1}], got ${blank}`);
  const frames = lengthsOf('ctcLoss', 'inputLengths', inputLengths, batch);
  if (frames.some((t) => t > T)) throw new ValueError(`ctcLoss: inputLengths must be at most the ${T} frames of logProbs, got [${frames.join(', ')}]`);
  const lengths = lengthsOf('ctcLoss', 'targetLengths', targetLengths, batch);
  const labels = labelsOf(targets, lengths, batch);
  if (labels.some((l) => l.some((c) => c < 0 || c >= classes || c === blank))) {
    throw new ValueError(`ctcLoss: target labels must be classes in [0, ${classes - 1}] other than the blank ${blank}`);
  }
  const losses = ctcOp([logProbs], { labels, inputLengths: frames, blank, zeroInfinity });
  switch (reduction) {
    case 'mean': return losses.div(tensor(lengths.map((l) => Math.max(l, 1)), { dtype: logProbs.dtype })).mean();
    case 'sum': return losses.sum();
    case 'none': return losses;
    default: throw new ValueError(`ctcLoss: reduction must be 'mean', 'sum' or 'none', got '${reduction as string}'`);
  }
}

/**
 * Best-path CTC decoding of log-probabilities [T, N, C]: each sequence's most likely class per
 * frame (its first `lengths[n]` frames), repeats merged, blanks dropped.
 * PyTorch: none built in (torchaudio's `ctc_decoder` is the beam-search relative).
 * @example F.ctcGreedyDecode(logProbs, [50, 42]) // [[8, 5, 12, 12, 15], …]
 */
export function ctcGreedyDecode(logProbs: Tensor, lengths: CtcLengths, blank = 0): number[][] {
  if (logProbs.ndim !== 3) throw new ShapeError(`ctcGreedyDecode: logProbs must be [T, N, C], got ${shapeStr(logProbs.shape)}`);
  const [T, batch] = logProbs.shape as [number, number, number];
  const frames = lengthsOf('ctcGreedyDecode', 'lengths', lengths, batch);
  if (frames.some((t) => t > T)) throw new ValueError(`ctcGreedyDecode: lengths must be at most the ${T} frames of logProbs, got [${frames.join(', ')}]`);
  const best = logProbs.argmax(2).dataSync(); // [T, N]
  return frames.map((length, n) => {
    const path = Array.from({ length }, (_, t) => Number(best[t * batch + n]));
    return path.filter((c, t) => c !== blank && c !== path[t - 1]);
  });
}
