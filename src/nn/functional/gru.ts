/**
 * @file The GRU (Cho et al. 2014; SPEC §12.4) in PyTorch's form: the input projection of every
 * step is one matrix product; a layer's recurrence is one fused op whose forward runs the steps
 * as h·W_hhᵀ products plus a cell kernel, and whose backward runs BPTT the same way and forms
 * ∂W_hh as one product over all steps. Its backward is written in ops when second derivatives
 * are recorded.
 */
import { defineOp } from '../../autograd/function.js';
import { isGradEnabled } from '../../autograd/grad_mode.js';
import { getBackend } from '../../backend/backend.js';
import { cat, stack } from '../../ops/shape.js';
import { zeros } from '../../tensor/creation.js';
import { allocate, type TypedArray } from '../../tensor/dtype.js';
import { Tensor } from '../../tensor/tensor.js';
import { linear } from './layers.js';
import { stackedRecurrence, type RecurrentOptions, type RecurrentWeights } from './recurrent.js';

/** The layer's states h0 … h_T and each step's r, z, n and W_hn·h + b_hn, recomputed in ops. */
function gruSteps(xGates: Tensor, wHh: Tensor, bHh: Tensor, h0: Tensor): { hs: Tensor[]; acts: Tensor[][] } {
  const hs = [h0];
  const acts: Tensor[][] = [];
  for (let t = 0; t < xGates.shape[0]!; t++) {
    const [xr, xz, xn] = xGates.select(0, t).chunk(3, 1) as [Tensor, Tensor, Tensor];
    const [hr, hz, hn] = hs[t]!.matmul(wHh.mT).add(bHh).chunk(3, 1) as [Tensor, Tensor, Tensor];
    const r = xr.add(hr).sigmoid();
    const z = xz.add(hz).sigmoid();
    const n = xn.add(r.mul(hn)).tanh();
    acts.push([r, z, n, hn]);
    hs.push(z.neg().add(1).mul(n).add(z.mul(hs[t]!)));
  }
  return { hs, acts };
}

/** The layer op's forward in ops (its inputs as the op gets them): for exporters. */
export function gruLayerOps([xGates, wHh, bHh, h0]: readonly Tensor[]): Tensor {
  return stack(gruSteps(xGates!, wHh!, bHh!, h0!).hs.slice(1));
}

/** The layer's recurrence recomputed in ops, then BPTT in ops: differentiable gradients. */
function gruGradOps(grad: Tensor, xGates: Tensor, wHh: Tensor, bHh: Tensor, h0: Tensor): Tensor[] {
  const steps = xGates.shape[0]!;
  const { hs, acts } = gruSteps(xGates, wHh, bHh, h0);
  const dxGates: Tensor[] = new Array<Tensor>(steps);
  const dhGates: Tensor[] = new Array<Tensor>(steps);
  let dhNext: Tensor | null = null;
  for (let t = steps - 1; t >= 0; t--) {
    const [r, z, n, hn] = acts[t] as [Tensor, Tensor, Tensor, Tensor];
    const dh: Tensor = dhNext ? grad.select(0, t).add(dhNext) : grad.select(0, t);
    const dnPre = dh.mul(z.neg().add(1)).mul(n.square().neg().add(1));
    const drPre = dnPre.mul(hn).mul(r.mul(r.neg().add(1)));
    const dzPre = dh.mul(hs[t]!.sub(n)).mul(z.mul(z.neg().add(1)));
    dxGates[t] = cat([drPre, dzPre, dnPre], 1);
    dhGates[t] = cat([drPre, dzPre, dnPre.mul(r)], 1);
    dhNext = dh.mul(z).add(dhGates[t]!.matmul(wHh));
  }
  const dh = stack(dhGates).reshape([-1, wHh.shape[0]!]);
  const dwHh = dh.mT.matmul(stack(hs.slice(0, steps)).reshape([-1, wHh.shape[1]!]));
  return [stack(dxGates), dwHh, dh.sum(0), dhNext!];
}

/**
 * One GRU layer's recurrence over `xGates` [T, B, 3H] (x·W_ihᵀ + b_ih) with W_hh [3H, H] and
 * b_hh [3H] from h0 [B, H] → h at every step [T, B, H].
 */
const gruLayerOp = defineOp<{ saved: TypedArray | null }>({
  name: 'gru',
  saves: 'all',
  forward: ([xGates, wHh, bHh, h0], attrs) => {
    const backend = getBackend();
    const [steps, batch, width] = xGates!.shape as [number, number, number];
    const hidden = width / 3;
    const [step, state] = [batch * width, batch * hidden];
    const xg = xGates!.contiguousData();
    const b = bHh!.contiguousData();
    const w = backend.packMatrix(wHh!.contiguousData(), hidden, width, true);
    const out = allocate(xGates!.dtype, steps * state);
    const saved = allocate(xGates!.dtype, steps * 4 * state);
    let h = h0!.contiguousData();
    for (let t = 0; t < steps; t++) {
      const hOut = out.subarray(t * state, (t + 1) * state);
      backend.gruCell(xg.subarray(t * step, (t + 1) * step), backend.matmulPacked(h, w, batch), b, h, saved.subarray(4 * t * state, 4 * (t + 1) * state), hOut, batch, hidden);
      h = hOut;
    }
    attrs.saved = saved;
    return Tensor.fromData(out, [steps, batch, hidden]);
  },
  backward: (grad, { inputs: [xGates, wHh, bHh, h0], output, attrs, needsGrad }) => {
    if (isGradEnabled()) return gruGradOps(grad, xGates!, wHh!, bHh!, h0!);
    const backend = getBackend();
    const [steps, batch, width] = xGates!.shape as [number, number, number];
    const hidden = width / 3;
    const [step, state] = [batch * width, batch * hidden];
    const dtype = xGates!.dtype;
    const g = grad.contiguousData();
    const out = output.contiguousData();
    const w = backend.packMatrix(wHh!.contiguousData(), width, hidden, false);
    const saved = attrs.saved!;
    const dxGates = allocate(dtype, steps * step);
    const dhGates = allocate(dtype, steps * step);
    const hPrev = allocate(dtype, steps * state);
    hPrev.set(h0!.contiguousData());
    hPrev.set(out.subarray(0, (steps - 1) * state), state);
    let dhNext: TypedArray | null = null;
    for (let t = steps - 1; t >= 0; t--) {
      const carry = allocate(dtype, state);
      const dhg = dhGates.subarray(t * step, (t + 1) * step);
      backend.gruCellBackward(saved.subarray(4 * t * state, 4 * (t + 1) * state), hPrev.subarray(t * state, (t + 1) * state), g.subarray(t * state, (t + 1) * state),
        dhNext, dxGates.subarray(t * step, (t + 1) * step), dhg, carry, batch, hidden);
      if (t > 0 || needsGrad[3]) {
        const through = backend.matmulPacked(dhg, w, batch);
        for (let i = 0; i < state; i++) carry[i] += through[i]!;
      }
      dhNext = carry;
    }
    const dhAll = Tensor.fromData(dhGates, [steps * batch, width]);
    return [
      Tensor.fromData(dxGates, [steps, batch, width]),
      // ∂W_hh = Σ_t dhGates_tᵀ·h_{t−1}: one [3H, T·B] × [T·B, H] product over the previous states.
      needsGrad[1] ? Tensor.fromData(backend.matmul(dhGates, hPrev, 1, width, steps * batch, hidden, 0, 0, true, false), [width, hidden]) : null,
      needsGrad[2] ? dhAll.sum(0) : null,
      needsGrad[3] ? Tensor.fromData(dhNext!, [batch, hidden]) : null,
    ];
  },
});

/** What `gru` returns: the last layer's outputs and the final h [layers·dirs, B, H]. */
export interface GruResult {
  /** The last layer's h at every step: [T, B, dirs·H] ([B, T, dirs·H] when batchFirst). */
  output: Tensor;
  /** The final h of every layer and direction: [layers·dirs, B, H]. */
  h: Tensor;
}

/**
 * A multi-layer GRU over `input` [T, B, D] from `h0` [layers·dirs, B, H] (zeros when null). Per
 * step and layer (gate order r, z, n): r = σ(x·W_irᵀ + b_ir + h·W_hrᵀ + b_hr), z likewise,
 * n = tanh(x·W_inᵀ + b_in + r⊙(h·W_hnᵀ + b_hn)), h' = (1 − z)⊙n + z⊙h. `weights` lists
 * (layer 0 forward, layer 0 reverse, layer 1 forward, …), each W_ih [3H, D], W_hh [3H, H].
 * PyTorch: `torch.gru` / `nn.GRU.forward`.
 * @example const { output, h } = gru(x, null, [{ weightIh, weightHh, biasIh, biasHh }]);
 */
export function gru(input: Tensor, h0: Tensor | null, weights: readonly RecurrentWeights[], options?: RecurrentOptions): GruResult {
  const { output, finals: [h] } = stackedRecurrence('gru', 3, ['h0'], input, h0 && [h0], weights, options, (seq, w, [hInit]) => {
    const bHh = w.biasHh ?? zeros([w.weightHh.shape[0]!], { dtype: seq.dtype });
    return [gruLayerOp([linear(seq, w.weightIh, w.biasIh), w.weightHh, bHh, hInit!], { saved: null })];
  });
  return { output, h: h! };
}
