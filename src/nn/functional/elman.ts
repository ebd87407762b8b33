/**
 * @file The Elman RNN (SPEC §12.2): h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh), or relu. Like the
 * LSTM and GRU, the input projection of every step is one product and a layer's recurrence one
 * fused op (h·W_hhᵀ per step, ∂W_hh as one product), with its backward in ops when second
 * derivatives are recorded.
 */
import { defineOp } from '../../autograd/function.js';
import { isGradEnabled } from '../../autograd/grad_mode.js';
import { getBackend } from '../../backend/backend.js';
import { ValueError } from '../../errors.js';
import { stack } from '../../ops/shape.js';
import { allocate, type TypedArray } from '../../tensor/dtype.js';
import { Tensor } from '../../tensor/tensor.js';
import { linear } from './layers.js';
import { stackedRecurrence, type RecurrentOptions, type RecurrentWeights } from './recurrent.js';

/** The Elman RNN's two activations. */
export type RnnNonlinearity = 'tanh' | 'relu';

/** The layer's states h0, h1, …, h_T recomputed in ops. */
function rnnSteps(xGates: Tensor, wHh: Tensor, h0: Tensor, relu: boolean): Tensor[] {
  const hs = [h0];
  for (let t = 0; t < xGates.shape[0]!; t++) {
    const pre = xGates.select(0, t).add(hs[t]!.matmul(wHh.mT));
    hs.push(relu ? pre.relu() : pre.tanh());
  }
  return hs;
}

/** The layer op's forward in ops (its inputs and attributes as the op gets them): for exporters. */
export function rnnLayerOps([xGates, wHh, h0]: readonly Tensor[], { relu }: { relu: boolean }): Tensor {
  return stack(rnnSteps(xGates!, wHh!, h0!, relu).slice(1));
}

/** The layer's recurrence recomputed in ops, then BPTT in ops: differentiable gradients. */
function rnnGradOps(grad: Tensor, xGates: Tensor, wHh: Tensor, h0: Tensor, relu: boolean): Tensor[] {
  const steps = xGates.shape[0]!;
  const hs = rnnSteps(xGates, wHh, h0, relu);
  const dPre: Tensor[] = new Array<Tensor>(steps);
  let dhNext: Tensor | null = null;
  for (let t = steps - 1; t >= 0; t--) {
    const dh: Tensor = dhNext ? grad.select(0, t).add(dhNext) : grad.select(0, t);
    const h = hs[t + 1]!;
    dPre[t] = relu ? dh.mul(h.gt(0).to(h.dtype)) : dh.mul(h.square().neg().add(1));
    dhNext = dPre[t]!.matmul(wHh);
  }
  const d = stack(dPre);
  const hidden = wHh.shape[0]!;
  const dwHh = d.reshape([-1, hidden]).mT.matmul(stack(hs.slice(0, steps)).reshape([-1, hidden]));
  return [d, dwHh, dhNext!];
}

/** One Elman layer's recurrence over `xGates` [T, B, H] (x·W_ihᵀ + b_ih + b_hh) with W_hh [H, H] from h0 [B, H] → h at every step. */
const rnnLayerOp = defineOp<{ relu: boolean }>({
  name: 'rnn',
  saves: 'all',
  forward: ([xGates, wHh, h0], { relu }) => {
    const backend = getBackend();
    const [steps, batch, hidden] = xGates!.shape as [number, number, number];
    const state = batch * hidden;
    const xg = xGates!.contiguousData();
    const w = backend.packMatrix(wHh!.contiguousData(), hidden, hidden, true);
    const out = allocate(xGates!.dtype, steps * state);
    let h = h0!.contiguousData();
    for (let t = 0; t < steps; t++) {
      const hOut = out.subarray(t * state, (t + 1) * state);
      backend.rnnCell(xg.subarray(t * state, (t + 1) * state), backend.matmulPacked(h, w, batch), hOut, relu);
      h = hOut;
    }
    return Tensor.fromData(out, [steps, batch, hidden]);
  },
  backward: (grad, { inputs: [xGates, wHh, h0], output, attrs: { relu }, needsGrad }) => {
    if (isGradEnabled()) return rnnGradOps(grad, xGates!, wHh!, h0!, relu);
    const backend = getBackend();
    const [steps, batch, hidden] = xGates!.shape as [number, number, number];
    const state = batch * hidden;
    const dtype = xGates!.dtype;
    const g = grad.contiguousData();
    const out = output.contiguousData();
    const w = backend.packMatrix(wHh!.contiguousData(), hidden, hidden, false);
    const dPre = allocate(dtype, steps * state);
    let dhNext: TypedArray | null = null;
    for (let t = steps - 1; t >= 0; t--) {
      const at = (a: TypedArray): TypedArray => a.subarray(t * state, (t + 1) * state);
      backend.rnnCellBackward(at(out), at(g), dhNext, at(dPre), relu);
      if (t > 0 || needsGrad[2]) dhNext = backend.matmulPacked(at(dPre), w, batch);
    }
    let dwHh: Tensor | null = null;
    if (needsGrad[1]) {
      // ∂W_hh = Σ_t dPre_tᵀ·h_{t−1}: one [H, T·B] × [T·B, H] product over the previous states.
      const hPrev = allocate(dtype, steps * state);
      hPrev.set(h0!.contiguousData());
      hPrev.set(out.subarray(0, (steps - 1) * state), state);
      dwHh = Tensor.fromData(backend.matmul(dPre, hPrev, 1, hidden, steps * batch, hidden, 0, 0, true, false), [hidden, hidden]);
    }
    return [Tensor.fromData(dPre, [steps, batch, hidden]), dwHh, needsGrad[2] ? Tensor.fromData(dhNext!, [batch, hidden]) : null];
  },
});

/** Options of `rnn` (PyTorch's keyword arguments, where it has them). */
export interface RnnOptions extends RecurrentOptions {
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: RnnNonlinearity;
}

/** What `rnn` returns: the last layer's outputs and the final h [layers·dirs, B, H]. */
export interface RnnResult {
  /** The last layer's h at every step: [T, B, dirs·H] ([B, T, dirs·H] when batchFirst). */
  output: Tensor;
  /** The final h of every layer and direction: [layers·dirs, B, H]. */
  h: Tensor;
}

/**
 * A multi-layer Elman RNN over `input` [T, B, D] from `h0` [layers·dirs, B, H] (zeros when
 * null): h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) (or relu) per step and layer. `weights`
 * lists (layer 0 forward, layer 0 reverse, layer 1 forward, …), each W_ih [H, D], W_hh [H, H].
 * PyTorch: `torch.rnn_tanh` / `torch.rnn_relu` / `nn.RNN.forward`.
 * @example const { output, h } = rnn(x, null, [{ weightIh, weightHh, biasIh, biasHh }], { nonlinearity: 'relu' });
 */
export function rnn(input: Tensor, h0: Tensor | null, weights: readonly RecurrentWeights[], options?: RnnOptions): RnnResult {
  let nonlinearity: RnnNonlinearity = 'tanh';
  let rest: RecurrentOptions | undefined = options;
  // Anything but an options object goes on to the driver, which names the expected form.
  if (options && typeof options === 'object' && 'nonlinearity' in options) ({ nonlinearity = 'tanh', ...rest } = options);
  if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new ValueError(`rnn: nonlinearity must be 'tanh' or 'relu', got '${String(nonlinearity)}'`);
  const { output, finals: [h] } = stackedRecurrence('rnn', 1, ['h0'], input, h0 && [h0], weights, rest, (seq, w, [hInit]) => {
    const bias = w.biasIh && w.biasHh ? w.biasIh.add(w.biasHh) : w.biasIh ?? w.biasHh;
    return [rnnLayerOp([linear(seq, w.weightIh, bias), w.weightHh, hInit!], { relu: nonlinearity === 'relu' })];
  });
  return { output, h: h! };
}
