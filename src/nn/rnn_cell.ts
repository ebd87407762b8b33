/**
 * @file Single-step recurrent cells (PyTorch's RNNCell, LSTMCell, GRUCell), written in ops: one
 * step of the equations of the matching layer, for loops that need to act between steps
 * (decoders, attention, sampling).
 */
import { ShapeError, ValueError } from '../errors.js';
import { checkOptions } from '../options.js';
import { zeros } from '../tensor/creation.js';
import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { RnnNonlinearity } from './functional/elman.js';
import { linear } from './functional/layers.js';
import { uniform_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Options of the recurrent cells (PyTorch's keyword arguments, where it has them). */
export interface RnnCellOptions {
  /** Biases b_ih and b_hh (default true). */
  bias?: boolean;
}

/** The parameters `weight_ih` [G·H, in], `weight_hh` [G·H, H], `bias_ih`, `bias_hh` [G·H], U(±1/√H), and the batching rules. */
abstract class RNNCellBase extends Module {
  weightIh: Parameter;
  weightHh: Parameter;
  biasIh: Parameter | null;
  biasHh: Parameter | null;

  protected constructor(private readonly kind: string, gates: number, readonly inputSize: number, readonly hiddenSize: number, bias: boolean) {
    super();
    for (const [name, v] of [['inputSize', inputSize], ['hiddenSize', hiddenSize]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ValueError(`${kind}: ${name} must be a positive integer, got ${v}`);
    }
    this.weightIh = new Parameter(zeros([gates * hiddenSize, inputSize]));
    this.weightHh = new Parameter(zeros([gates * hiddenSize, hiddenSize]));
    this.biasIh = bias ? new Parameter(zeros([gates * hiddenSize])) : null;
    this.biasHh = bias ? new Parameter(zeros([gates * hiddenSize])) : null;
    this.resetParameters();
  }

  /** Every weight and bias U(−1/√H, 1/√H). */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.hiddenSize);
    for (const p of this.parameters(false)) uniform_(p, -bound, bound);
  }

  /** x·W_ihᵀ + b_ih and h·W_hhᵀ + b_hh. */
  protected projections(x: Tensor, h: Tensor): [Tensor, Tensor] {
    return [linear(x, this.weightIh, this.biasIh), linear(h, this.weightHh, this.biasHh)];
  }

  /**
   * Runs `step` on a batch [B, in] with states [B, H] (zeros when absent); an unbatched [in]
   * input and [H] states get a batch of one, removed again.
   */
  protected batched(x: Tensor, states: readonly Tensor[] | null, count: number, step: (x: Tensor, states: Tensor[]) => Tensor[]): Tensor[] {
    if (x.ndim !== 1 && x.ndim !== 2) throw new ShapeError(`${this.kind}: expected input [B, ${this.inputSize}] or unbatched [${this.inputSize}], got ${shapeStr(x.shape)}`);
    if (x.shape[x.ndim - 1] !== this.inputSize) throw new ShapeError(`${this.kind}: input ${shapeStr(x.shape)} must have ${this.inputSize} features`);
    const unbatched = x.ndim === 1;
    const input = unbatched ? x.unsqueeze(0) : x;
    const shape = [input.shape[0]!, this.hiddenSize];
    const given = states ? states.map((s) => (unbatched ? s.unsqueeze(0) : s)) : Array.from({ length: count }, () => zeros(shape, { dtype: x.dtype }));
    for (const s of given) if (s.shape.join() !== shape.join()) throw new ShapeError(`${this.kind}: states must be ${shapeStr(unbatched ? [this.hiddenSize] : shape)}, got ${shapeStr(unbatched ? s.shape.slice(1) : s.shape)}`);
    const out = step(input, given);
    return unbatched ? out.map((t) => t.squeeze(0)) : out;
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.biasIh ? '' : ', bias=false'}`;
  }
}

/** Options of the recurrent cell layers (PyTorch's keyword arguments, where it has them). */
export interface RnnCellLayerOptions extends RnnCellOptions {
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: RnnNonlinearity;
}

/**
 * One Elman step: h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) (or relu). `forward(x [B, in] or
 * [in], h? [B, H] or [H])` → h'.
 * PyTorch: `torch.nn.RNNCell(input_size, hidden_size, bias=True, nonlinearity='tanh')`.
 * @example const cell = new RNNCell(10, 20); let h = null; for (const x of steps) h = cell.forward(x, h);
 */
export class RNNCell extends RNNCellBase {
  readonly nonlinearity: RnnNonlinearity;

  constructor(inputSize: number, hiddenSize: number, options?: RnnCellLayerOptions) {
    const { bias = true, nonlinearity = 'tanh' } = checkOptions<RnnCellLayerOptions>('RNNCell', options, { bias: true, nonlinearity: true });
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new ValueError(`RNNCell: nonlinearity must be 'tanh' or 'relu', got '${String(nonlinearity)}'`);
    super('RNNCell', 1, inputSize, hiddenSize, bias);
    this.nonlinearity = nonlinearity;
  }

  forward(x: Tensor, h: Tensor | null = null): Tensor {
    return this.batched(x, h && [h], 1, (input, [hPrev]) => {
      const [xi, hh] = this.projections(input, hPrev!);
      const pre = xi.add(hh);
      return [this.nonlinearity === 'relu' ? pre.relu() : pre.tanh()];
    })[0]!;
  }
}

/**
 * One LSTM step (gates i, f, g, o): c' = σ(f)⊙c + σ(i)⊙tanh(g), h' = σ(o)⊙tanh(c').
 * `forward(x [B, in] or [in], [h, c]?)` → [h', c'].
 * PyTorch: `torch.nn.LSTMCell(input_size, hidden_size, bias=True)`.
 * @example const [h, c] = new nn.LSTMCell(10, 20).forward(x, [h0, c0]) // one time step
 */
export class LSTMCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, options?: RnnCellOptions) {
    const { bias = true } = checkOptions<RnnCellOptions>('LSTMCell', options, { bias: true });
    super('LSTMCell', 4, inputSize, hiddenSize, bias);
  }

  forward(x: Tensor, hx: readonly [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    const [h, c] = this.batched(x, hx, 2, (input, [hPrev, cPrev]) => {
      const [xi, hh] = this.projections(input, hPrev!);
      const [i, f, g, o] = xi.add(hh).chunk(4, 1) as [Tensor, Tensor, Tensor, Tensor];
      const cNext = f.sigmoid().mul(cPrev!).add(i.sigmoid().mul(g.tanh()));
      return [o.sigmoid().mul(cNext.tanh()), cNext];
    });
    return [h!, c!];
  }
}

/**
 * One GRU step (gates r, z, n): n = tanh(x_n + r⊙(h·W_hnᵀ + b_hn)), h' = (1 − z)⊙n + z⊙h.
 * `forward(x [B, in] or [in], h?)` → h'.
 * PyTorch: `torch.nn.GRUCell(input_size, hidden_size, bias=True)`.
 * @example const h = new nn.GRUCell(10, 20).forward(x, h0) // one time step
 */
export class GRUCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, options?: RnnCellOptions) {
    const { bias = true } = checkOptions<RnnCellOptions>('GRUCell', options, { bias: true });
    super('GRUCell', 3, inputSize, hiddenSize, bias);
  }

  forward(x: Tensor, h: Tensor | null = null): Tensor {
    return this.batched(x, h && [h], 1, (input, [hPrev]) => {
      const [xi, hh] = this.projections(input, hPrev!);
      const [xr, xz, xn] = xi.chunk(3, 1) as [Tensor, Tensor, Tensor];
      const [hr, hz, hn] = hh.chunk(3, 1) as [Tensor, Tensor, Tensor];
      const r = xr.add(hr).sigmoid();
      const z = xz.add(hz).sigmoid();
      const n = xn.add(r.mul(hn)).tanh();
      return [z.neg().add(1).mul(n).add(z.mul(hPrev!))];
    })[0]!;
  }
}
