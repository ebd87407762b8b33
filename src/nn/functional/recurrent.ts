/**
 * @file Recurrent layers: the stacked, bidirectional driver they share, and the LSTM (SPEC §12.3). The input projection of every time step is one
 * matrix product; the recurrence of a layer is one fused op whose forward runs the steps as
 * h·W_hhᵀ products plus a cell kernel, and whose backward runs BPTT the same way and forms
 * ∂W_hh as one product over all steps. Its backward is written in ops when second derivatives
 * are recorded.
 */
import { defineOp } from '../../autograd/function.js';
import { isGradEnabled } from '../../autograd/grad_mode.js';
import { getBackend } from '../../backend/backend.js';
import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { cat, stack } from '../../ops/shape.js';
import { allocate, isFloating, type TypedArray } from '../../tensor/dtype.js';
import { zeros } from '../../tensor/creation.js';
import type { Generator } from '../../tensor/random.js';
import { shapeStr } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import { dropout, linear } from './layers.js';
import { checkOptions } from '../../options.js';

/** The activated gates of every step, kept by the forward for the backward. */
interface LstmAttrs {
  gates: TypedArray | null;
}

/** The layer's states h and c at steps 0 … T and each step's activated gates, recomputed in ops. */
function lstmSteps(xGates: Tensor, wHh: Tensor, h0: Tensor, c0: Tensor): { hs: Tensor[]; cs: Tensor[]; acts: Tensor[][] } {
  const hs = [h0];
  const cs = [c0];
  const acts: Tensor[][] = [];
  for (let t = 0; t < xGates.shape[0]!; t++) {
    const [i, f, g, o] = xGates.select(0, t).add(hs[t]!.matmul(wHh.mT)).chunk(4, 1) as [Tensor, Tensor, Tensor, Tensor];
    const gate = [i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()];
    acts.push(gate);
    cs.push(gate[1]!.mul(cs[t]!).add(gate[0]!.mul(gate[2]!)));
    hs.push(gate[3]!.mul(cs[t + 1]!.tanh()));
  }
  return { hs, cs, acts };
}

/** The layer op's forward in ops (its inputs as the op gets them): for exporters. */
export function lstmLayerOps([xGates, wHh, h0, c0]: readonly Tensor[]): Tensor {
  const { hs, cs } = lstmSteps(xGates!, wHh!, h0!, c0!);
  return stack([stack(hs.slice(1)), stack(cs.slice(1))]);
}

/** The layer's recurrence recomputed in ops, then BPTT in ops: differentiable gradients. */
function lstmGradOps(grad: Tensor, xGates: Tensor, wHh: Tensor, h0: Tensor, c0: Tensor): Tensor[] {
  const steps = xGates.shape[0]!;
  const { hs, cs, acts } = lstmSteps(xGates, wHh, h0, c0);
  const dGates: Tensor[] = new Array<Tensor>(steps);
  let dhNext: Tensor | null = null;
  let dc = grad.select(0, 1).select(0, steps - 1).mul(0);
  for (let t = steps - 1; t >= 0; t--) {
    const [i, f, g, o] = acts[t] as [Tensor, Tensor, Tensor, Tensor];
    const tc = cs[t + 1]!.tanh();
    const dh: Tensor = dhNext ? grad.select(0, 0).select(0, t).add(dhNext) : grad.select(0, 0).select(0, t);
    dc = dc.add(grad.select(0, 1).select(0, t)).add(dh.mul(o).mul(tc.square().neg().add(1)));
    const sigmoidGrad = (s: Tensor): Tensor => s.mul(s.neg().add(1));
    dGates[t] = cat([dc.mul(g).mul(sigmoidGrad(i)), dc.mul(cs[t]!).mul(sigmoidGrad(f)), dc.mul(i).mul(g.square().neg().add(1)),
      dh.mul(tc).mul(sigmoidGrad(o))], 1);
    dc = dc.mul(f);
    dhNext = dGates[t]!.matmul(wHh);
  }
  const dxGates = stack(dGates);
  const flat = (t: Tensor, width: number): Tensor => t.reshape([-1, width]);
  const dwHh = flat(dxGates, dxGates.shape[2]!).mT.matmul(flat(stack(hs.slice(0, steps)), wHh.shape[1]!));
  return [dxGates, dwHh, dhNext!, dc];
}

/**
 * One LSTM layer's recurrence over pre-activations `xGates` [T, B, 4H] (x·W_ihᵀ + biases) with
 * W_hh [4H, H] from (h0, c0) [B, H] → [2, T, B, H]: every step's h, then every step's c.
 */
const lstmLayerOp = defineOp<LstmAttrs>({
  name: 'lstm',
  saves: 'all',
  forward: ([xGates, wHh, h0, c0], attrs) => {
    const backend = getBackend();
    const [steps, batch, width] = xGates!.shape as [number, number, number];
    const hidden = width / 4;
    const step = batch * width;
    const state = batch * hidden;
    const xg = xGates!.contiguousData();
    const w = backend.packMatrix(wHh!.contiguousData(), hidden, width, true);
    const out = allocate(xGates!.dtype, 2 * steps * state);
    const gates = allocate(xGates!.dtype, steps * step);
    let h = h0!.contiguousData();
    let c = c0!.contiguousData();
    for (let t = 0; t < steps; t++) {
      const hGates = backend.matmulPacked(h, w, batch);
      const [hOut, cOut] = [out.subarray(t * state, (t + 1) * state), out.subarray((steps + t) * state, (steps + t + 1) * state)];
      backend.lstmCell(xg.subarray(t * step, (t + 1) * step), hGates, c, gates.subarray(t * step, (t + 1) * step), cOut, hOut, batch, hidden);
      [h, c] = [hOut, cOut];
    }
    attrs.gates = gates;
    return Tensor.fromData(out, [2, steps, batch, hidden]);
  },
  backward: (grad, { inputs: [xGates, wHh, h0, c0], output, attrs, needsGrad }) => {
    if (isGradEnabled()) return lstmGradOps(grad, xGates!, wHh!, h0!, c0!);
    const backend = getBackend();
    const [steps, batch, width] = xGates!.shape as [number, number, number];
    const hidden = width / 4;
    const step = batch * width;
    const state = batch * hidden;
    const dtype = xGates!.dtype;
    const g = grad.contiguousData();
    const out = output.contiguousData();
    const w = backend.packMatrix(wHh!.contiguousData(), width, hidden, false);
    const gates = attrs.gates!;
    const dGates = allocate(dtype, steps * step);
    const dc = allocate(dtype, state);
    let dhNext: TypedArray | null = null;
    for (let t = steps - 1; t >= 0; t--) {
      const cPrev = t > 0 ? out.subarray((steps + t - 1) * state, (steps + t) * state) : c0!.contiguousData();
      const at = (a: TypedArray, first: number): TypedArray => a.subarray(first, first + state);
      for (let s = 0; s < state; s++) dc[s] += g[(steps + t) * state + s]!;
      const dg = dGates.subarray(t * step, (t + 1) * step);
      backend.lstmCellBackward(gates.subarray(t * step, (t + 1) * step), cPrev, at(out, (steps + t) * state), at(g, t * state), dhNext, dc, dg, batch, hidden);
      if (t > 0 || needsGrad[2]) dhNext = backend.matmulPacked(dg, w, batch);
    }
    let dwHh: Tensor | null = null;
    if (needsGrad[1]) {
      // ∂W_hh = Σ_t dGates_tᵀ·h_{t−1}: one [4H, T·B] × [T·B, H] product over the previous states.
      const hPrev = allocate(dtype, steps * state);
      hPrev.set(h0!.contiguousData());
      hPrev.set(out.subarray(0, (steps - 1) * state), state);
      dwHh = Tensor.fromData(backend.matmul(dGates, hPrev, 1, width, steps * batch, hidden, 0, 0, true, false), [width, hidden]);
    }
    return [
      Tensor.fromData(dGates, [steps, batch, width]),
      dwHh,
      needsGrad[2] ? Tensor.fromData(dhNext!, [batch, hidden]) : null,
      needsGrad[3] ? Tensor.fromData(dc, [batch, hidden]) : null,
    ];
  },
});

/** One layer and direction of a recurrent layer: W_ih [G·H, D], W_hh [G·H, H], biases [G·H] (or null), G gates. */
export interface RecurrentWeights {
  weightIh: Tensor;
  weightHh: Tensor;
  biasIh: Tensor | null;
  biasHh: Tensor | null;
}

/** An LSTM's weights (G = 4). */
export type LstmWeights = RecurrentWeights;

/** Options of the recurrent functions (lstm, gru, rnn) (PyTorch's keyword arguments, where it has them). */
export interface RecurrentOptions {
  /** Input and output are [B, T, features] instead of [T, B, features] (default false). */
  batchFirst?: boolean;
  /** Run each layer over the reversed sequence too and concatenate both directions (default false). */
  bidirectional?: boolean;
  /** Dropout probability on each layer's output except the last (default 0). */
  dropout?: number;
  /** Dropout is active only in training (default true). */
  training?: boolean;
  generator?: Generator;
  /**
   * Valid steps of each sequence of a padded batch (each in [1, T]): later steps are padding,
   * which changes no result — the reverse direction starts at each sequence's last valid step,
   * final states are those of that step, and outputs there are 0 (default: all T).
   */
  lengths?: readonly number[];
}

/** Options of `lstm` (those of every recurrent layer). */
export type LstmOptions = RecurrentOptions;

/** What `lstm` returns: the last layer's outputs [T, B, dirs·H] and the final h and c [layers·dirs, B, H]. */
export interface LstmResult {
  /** The last layer's h at every step: [T, B, dirs·H] ([B, T, dirs·H] when batchFirst). */
  output: Tensor;
  /** The final h of every layer and direction: [layers·dirs, B, H]. */
  h: Tensor;
  /** The final c of every layer and direction: [layers·dirs, B, H]. */
  c: Tensor;
}

function checkRecurrent(op: string, gates: number, input: Tensor, weights: readonly RecurrentWeights[], dirs: number): void {
  if (!isFloating(input.dtype)) throw new DTypeError(`${op}: input must be floating point, got ${input.dtype}`);
  if (input.ndim !== 3) throw new ShapeError(`${op}: expected input [T, B, features] (or [B, T, features] with batchFirst), got ${shapeStr(input.shape)}`);
  if (weights.length === 0 || weights.length % dirs !== 0) throw new ValueError(`${op}: expected layers × ${dirs} weight sets, got ${weights.length}`);
  const [hidden, features] = [weights[0]!.weightHh.shape[1]!, weights[0]!.weightIh.shape[1]];
  if (input.shape[2] !== features) throw new ShapeError(`${op}: input ${shapeStr(input.shape)} has ${input.shape[2]} features but layer 0 expects ${features}`);
  weights.forEach((w, k) => {
    const inFeatures = k < dirs ? input.shape[2]! : dirs * hidden;
    const expect = (name: string, t: Tensor | null, shape: number[]): void => {
      if (t && (t.ndim !== shape.length || t.shape.some((s, d) => s !== shape[d]))) {
        throw new ShapeError(`${op}: layer ${Math.floor(k / dirs)} ${name} must be ${shapeStr(shape)}, got ${shapeStr(t.shape)}`);
      }
      if (t && t.dtype !== input.dtype) throw new DTypeError(`${op}: ${name} is ${t.dtype} but the input is ${input.dtype}`);
    };
    expect('weightIh', w.weightIh, [gates * hidden, inFeatures]);
    expect('weightHh', w.weightHh, [gates * hidden, hidden]);
    expect('biasIh', w.biasIh, [gates * hidden]);
    expect('biasHh', w.biasHh, [gates * hidden]);
  });
}

/**
 * Runs one layer and direction over `seq` [T, B, D] from its initial states (each [B, H]):
 * returns every state at every step ([T, B, H] each; h first).
 */
export type RecurrentLayer = (seq: Tensor, weights: RecurrentWeights, states: Tensor[]) => Tensor[];

/** Index [T, B, width] reversing each sample's first lengths[b] steps (padding stays in place); its own inverse. */
function reversalIndex(lengths: readonly number[], steps: number, width: number): Tensor {
  const batch = lengths.length;
  const index = new Int32Array(steps * batch * width);
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < batch; b++) index.fill(t < lengths[b]! ? lengths[b]! - 1 - t : t, (t * batch + b) * width, (t * batch + b + 1) * width);
  }
  return Tensor.fromData(index, [steps, batch, width]);
}

/** Each sample's state at its last valid step, from a state sequence [T, B, H]. */
function lastValid(seq: Tensor, lengths: readonly number[]): Tensor {
  const [, batch, hidden] = seq.shape as [number, number, number];
  const index = new Int32Array(batch * hidden);
  lengths.forEach((l, b) => index.fill(l - 1, b * hidden, (b + 1) * hidden));
  return seq.gather(0, Tensor.fromData(index, [1, batch, hidden])).squeeze(0);
}

/** [T, B, 1] of 1 at valid steps and 0 at padding. */
function validMask(lengths: readonly number[], steps: number, dtype: Tensor['dtype']): Tensor {
  const mask = new Float32Array(steps * lengths.length);
  lengths.forEach((l, b) => {
    for (let t = 0; t < l; t++) mask[t * lengths.length + b] = 1;
  });
  return Tensor.fromData(mask, [steps, lengths.length, 1]).to(dtype);
}

function checkLengths(op: string, lengths: readonly number[], steps: number, batch: number): void {
  if (lengths.length !== batch) throw new ShapeError(`${op}: lengths has ${lengths.length} entries for a batch of ${batch}`);
  for (const l of lengths) if (!Number.isInteger(l) || l < 1 || l > steps) throw new ValueError(`${op}: lengths must be integers in [1, ${steps}], got ${l}`);
}

/**
 * The multi-layer, optionally bidirectional driver shared by lstm, gru and rnn: checks the
 * arguments, feeds each layer (after dropout) the previous one's outputs, runs the reverse
 * direction on the flipped sequence, and stacks the final states of every layer and direction
 * ([layers·dirs, B, H] each; zeros when `states` is null).
 */
export function stackedRecurrence(op: string, gates: number, stateNames: readonly string[], input: Tensor, states: readonly Tensor[] | null,
  weights: readonly RecurrentWeights[], options: RecurrentOptions | undefined, layer: RecurrentLayer): { output: Tensor; finals: Tensor[] } {
  const { batchFirst = false, bidirectional = false, dropout: p = 0, training = true, generator, lengths } = checkOptions<RecurrentOptions>(op, options,
    { batchFirst: true, bidirectional: true, dropout: true, training: true, generator: true, lengths: true });
  const dirs = bidirectional ? 2 : 1;
  checkRecurrent(op, gates, input, weights, dirs);
  let x = batchFirst ? input.transpose(0, 1) : input;
  const [steps, batch] = x.shape as [number, number];
  if (steps === 0) throw new ShapeError(`${op}: the sequence is empty (input ${shapeStr(input.shape)})`);
  const hidden = weights[0]!.weightHh.shape[1]!;
  const stateShape = [weights.length, batch, hidden];
  const initial = states ?? stateNames.map(() => zeros(stateShape, { dtype: input.dtype }));
  initial.forEach((s, i) => {
    if (s.ndim !== 3 || s.shape.some((v, d) => v !== stateShape[d])) throw new ShapeError(`${op}: ${stateNames[i]} must be ${shapeStr(stateShape)}, got ${shapeStr(s.shape)}`);
  });
  if (lengths) checkLengths(op, lengths, steps, batch);
  const padded = lengths && lengths.some((l) => l < steps) ? lengths : undefined;
  const reverse = (seq: Tensor): Tensor => (padded ? seq.gather(0, reversalIndex(padded, steps, seq.shape[2]!)) : seq.flip([0]));
  const mask = padded && validMask(padded, steps, input.dtype);
  const finals: Tensor[][] = stateNames.map(() => []);
  for (let l = 0; l < weights.length / dirs; l++) {
    if (l > 0 && p > 0) x = dropout(x, { p, training, generator });
    const outputs: Tensor[] = [];
    for (let d = 0; d < dirs; d++) {
      const k = l * dirs + d;
      const sequences = layer(d === 1 ? reverse(x) : x, weights[k]!, initial.map((s) => s.select(0, k)));
      const hs = mask ? sequences[0]!.mul(mask) : sequences[0]!;
      outputs.push(d === 1 ? reverse(hs) : hs);
      sequences.forEach((seq, i) => finals[i]!.push(padded ? lastValid(seq, padded) : seq.select(0, steps - 1)));
    }
    x = dirs === 1 ? outputs[0]! : cat(outputs, 2);
  }
  return { output: batchFirst ? x.transpose(0, 1) : x, finals: finals.map((f) => stack(f)) };
}

/**
 * A multi-layer LSTM over `input` [T, B, D] from the states `hx` = [h0, c0] (each [layers·dirs,
 * B, H]; zeros when null). Per step and layer (gate order i, f, g, o):
 * i, f, o = σ(·), g = tanh(·) of x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh; c' = f⊙c + i⊙g; h' = o⊙tanh(c').
 * `weights` lists (layer 0 forward, layer 0 reverse, layer 1 forward, …).
 * PyTorch: `torch.lstm` / `nn.LSTM.forward`.
 * @example const { output, h, c } = lstm(x, null, [{ weightIh, weightHh, biasIh, biasHh }]);
 */
export function lstm(input: Tensor, hx: readonly [Tensor, Tensor] | null, weights: readonly LstmWeights[], options?: LstmOptions): LstmResult {
  const { output, finals: [h, c] } = stackedRecurrence('lstm', 4, ['h0', 'c0'], input, hx, weights, options, (seq, w, [h0, c0]) => {
    const bias = w.biasIh && w.biasHh ? w.biasIh.add(w.biasHh) : w.biasIh ?? w.biasHh;
    const states = lstmLayerOp([linear(seq, w.weightIh, bias), w.weightHh, h0!, c0!], { gates: null });
    return [states.select(0, 0), states.select(0, 1)];
  });
  return { output, h: h!, c: c! };
}
