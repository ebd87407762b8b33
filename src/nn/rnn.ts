/** @file Recurrent layers: the RNNBase they share (parameters, checks, unbatched inputs) and LSTM, GRU, Elman RNN. */
import { ShapeError, ValueError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { rnn, type RnnNonlinearity } from './functional/elman.js';
import { gru } from './functional/gru.js';
import { lstm, type RecurrentOptions, type RecurrentWeights } from './functional/recurrent.js';
import { uniform_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { PackedSequence } from './utils/rnn.js';
import { checkOptions, type OptionKeys } from '../options.js';

/** Options of `nn.LSTM` and `nn.GRU` (PyTorch's keyword arguments, where it has them). */
export interface LstmLayerOptions {
  /** Stacked layers, each fed the previous one's output (default 1). */
  numLayers?: number;
  /** Biases b_ih and b_hh (default true). */
  bias?: boolean;
  /** Input and output as [B, T, features] (default false: [T, B, features]). */
  batchFirst?: boolean;
  /** Dropout on every layer's output but the last, in training (default 0). */
  dropout?: number;
  /** A second recurrence per layer over the reversed sequence, outputs concatenated (default false). */
  bidirectional?: boolean;
}

/** GRU's options are LSTM's. */
export type GruLayerOptions = LstmLayerOptions;

/** Options of `nn.RNN` (PyTorch's keyword arguments, where it has them). */
export interface RnnLayerOptions extends LstmLayerOptions {
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: RnnNonlinearity;
}

const LAYER_KEYS: OptionKeys<LstmLayerOptions> = { numLayers: true, bias: true, batchFirst: true, dropout: true, bidirectional: true };

/**
 * What LSTM, GRU and RNN share (PyTorch's `nn.RNNBase`): per layer and direction the parameters
 * `weight_ih_l{k}[_reverse]` [G·H, in], `weight_hh_l{k}` [G·H, H], `bias_ih_l{k}`, `bias_hh_l{k}`
 * [G·H] for G gates, all U(±1/√H); the options; batched [T, B, in] ([B, T, in] with batchFirst)
 * and unbatched [T, in] inputs.
 */
export abstract class RNNBase extends Module {
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;

  protected constructor(private readonly kind: string, readonly gates: number, readonly inputSize: number, readonly hiddenSize: number, options: LstmLayerOptions) {
    super();
    const { numLayers = 1, bias = true, batchFirst = false, dropout = 0, bidirectional = false } = options;
    for (const [name, v] of [['inputSize', inputSize], ['hiddenSize', hiddenSize], ['numLayers', numLayers]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ValueError(`${kind}: ${name} must be a positive integer, got ${v}`);
    }
    if (!(dropout >= 0 && dropout <= 1)) throw new ValueError(`${kind}: dropout must be in [0, 1], got ${dropout}`);
    this.numLayers = numLayers;
    this.bias = bias;
    this.batchFirst = batchFirst;
    this.dropout = dropout;
    this.bidirectional = bidirectional;
    const dirs = bidirectional ? 2 : 1;
    const self = this as unknown as Record<string, Parameter>;
    // Registered in PyTorch's order (per layer and direction: w_ih, w_hh, b_ih, b_hh), so the state-dict keys line up.
    for (let layer = 0; layer < numLayers; layer++) {
      for (let d = 0; d < dirs; d++) {
        const suffix = `L${layer}${d === 1 ? 'Reverse' : ''}`;
        self[`weightIh${suffix}`] = new Parameter(zeros([gates * hiddenSize, layer === 0 ? inputSize : dirs * hiddenSize]));
        self[`weightHh${suffix}`] = new Parameter(zeros([gates * hiddenSize, hiddenSize]));
        if (bias) {
          self[`biasIh${suffix}`] = new Parameter(zeros([gates * hiddenSize]));
          self[`biasHh${suffix}`] = new Parameter(zeros([gates * hiddenSize]));
        }
      }
    }
    this.resetParameters();
  }

  /** Every weight and bias U(−1/√H, 1/√H). */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.hiddenSize);
    for (const p of this.parameters(false)) uniform_(p, -bound, bound);
  }

  /** The weights of each layer and direction, in the functionals' order. */
  protected weights(): RecurrentWeights[] {
    const self = this as unknown as Record<string, Parameter | undefined>;
    const sets: RecurrentWeights[] = [];
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let d = 0; d < (this.bidirectional ? 2 : 1); d++) {
        const suffix = `L${layer}${d === 1 ? 'Reverse' : ''}`;
        sets.push({ weightIh: self[`weightIh${suffix}`]!, weightHh: self[`weightHh${suffix}`]!, biasIh: self[`biasIh${suffix}`] ?? null, biasHh: self[`biasHh${suffix}`] ?? null });
      }
    }
    return sets;
  }

  /**
   * Runs `run` (the functional, given its options) on `x` as a batch: an unbatched [T, in] input
   * (and its states [layers·dirs, H]) gets a batch of one, removed from the results again; a
   * PackedSequence runs time-major with its lengths and gives a PackedSequence back.
   */
  protected batched<R extends Tensor[]>(x: Tensor | PackedSequence, states: readonly Tensor[] | null,
    run: (input: Tensor, states: Tensor[] | null, options: RecurrentOptions) => [Tensor, R]): [Tensor | PackedSequence, R] {
    const options: RecurrentOptions = { batchFirst: this.batchFirst, bidirectional: this.bidirectional, dropout: this.dropout, training: this.training };
    if (x instanceof PackedSequence) {
      const [out, finals] = run(x.padded, states ? [...states] : null, { ...options, batchFirst: false, lengths: x.lengths });
      return [new PackedSequence(out, x.lengths), finals];
    }
    if (x.ndim !== 2 && x.ndim !== 3) throw new ShapeError(`${this.kind}: expected input [T, B, ${this.inputSize}] or unbatched [T, ${this.inputSize}], got ${shapeStr(x.shape)}`);
    if (x.ndim === 3) return run(x, states ? [...states] : null, options);
    const batchDim = this.batchFirst ? 0 : 1;
    const [out, finals] = run(x.unsqueeze(batchDim), states ? states.map((s) => s.unsqueeze(1)) : null, options);
    return [out.squeeze(batchDim), finals.map((f) => f.squeeze(1)) as R];
  }

  override extraRepr(): string {
    const extras = [
      this.numLayers !== 1 ? `numLayers=${this.numLayers}` : '', !this.bias ? 'bias=false' : '', this.batchFirst ? 'batchFirst=true' : '',
      this.dropout ? `dropout=${this.dropout}` : '', this.bidirectional ? 'bidirectional=true' : '',
    ].filter(Boolean);
    return [`${this.inputSize}, ${this.hiddenSize}`, ...extras].join(', ');
  }
}

/**
 * Long short-term memory over sequences (SPEC §12.3; gates i, f, g, o):
 * c' = σ(f)⊙c + σ(i)⊙tanh(g), h' = σ(o)⊙tanh(c'), with every gate from x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh.
 * Input [T, B, inputSize] ([B, T, inputSize] with batchFirst, unbatched [T, inputSize], or a
 * PackedSequence of a padded batch, answered with a PackedSequence);
 * returns `[output, [h, c]]`: output [T, B, dirs·hiddenSize] and the final states
 * [numLayers·dirs, B, hiddenSize]. Parameters as RNNBase with 4 gates.
 * PyTorch: `torch.nn.LSTM(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0, bidirectional=False)`.
 * @example const lstm = new LSTM(64, 128, { batchFirst: true }); const [out, [h, c]] = lstm.forward(x);
 */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options?: LstmLayerOptions) {
    super('LSTM', 4, inputSize, hiddenSize, checkOptions<LstmLayerOptions>('LSTM', options, LAYER_KEYS));
  }

  forward(x: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]];
  forward(x: PackedSequence, hx?: readonly [Tensor, Tensor] | null): [PackedSequence, [Tensor, Tensor]];
  forward(x: Tensor | PackedSequence, hx: readonly [Tensor, Tensor] | null = null): [Tensor | PackedSequence, [Tensor, Tensor]] {
    return this.batched(x, hx, (input, states, options) => {
      const { output, h, c } = lstm(input, states as [Tensor, Tensor] | null, this.weights(), options);
      return [output, [h, c]];
    });
  }
}

/**
 * Gated recurrent unit over sequences (SPEC §12.4; gates r, z, n): r = σ(·), z = σ(·) of
 * x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh, n = tanh(x·W_inᵀ + b_in + r⊙(h·W_hnᵀ + b_hn)),
 * h' = (1 − z)⊙n + z⊙h. Input as LSTM's; returns `[output, h]` with h [numLayers·dirs, B, H].
 * Parameters as RNNBase with 3 gates.
 * PyTorch: `torch.nn.GRU(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0, bidirectional=False)`.
 * @example const gru = new GRU(64, 128, { numLayers: 2 }); const [out, h] = gru.forward(x);
 */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options?: GruLayerOptions) {
    super('GRU', 3, inputSize, hiddenSize, checkOptions<GruLayerOptions>('GRU', options, LAYER_KEYS));
  }

  forward(x: Tensor, h0?: Tensor | null): [Tensor, Tensor];
  forward(x: PackedSequence, h0?: Tensor | null): [PackedSequence, Tensor];
  forward(x: Tensor | PackedSequence, h0: Tensor | null = null): [Tensor | PackedSequence, Tensor] {
    const [output, [h]] = this.batched(x, h0 && [h0], (input, states, options) => {
      const r = gru(input, states?.[0] ?? null, this.weights(), options);
      return [r.output, [r.h]];
    });
    return [output, h];
  }
}

/**
 * The Elman RNN over sequences (SPEC §12.2): h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh), or relu
 * with `nonlinearity: 'relu'`. Input as LSTM's; returns `[output, h]`. Parameters as RNNBase
 * with 1 gate.
 * PyTorch: `torch.nn.RNN(input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True, batch_first=False, dropout=0, bidirectional=False)`.
 * @example const rnn = new RNN(10, 20, { nonlinearity: 'relu' }); const [out, h] = rnn.forward(x);
 */
export class RNN extends RNNBase {
  readonly nonlinearity: RnnNonlinearity;

  constructor(inputSize: number, hiddenSize: number, options?: RnnLayerOptions) {
    const { nonlinearity = 'tanh', ...rest } = checkOptions<RnnLayerOptions>('RNN', options, { ...LAYER_KEYS, nonlinearity: true });
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new ValueError(`RNN: nonlinearity must be 'tanh' or 'relu', got '${String(nonlinearity)}'`);
    super('RNN', 1, inputSize, hiddenSize, rest);
    this.nonlinearity = nonlinearity;
  }

  forward(x: Tensor, h0?: Tensor | null): [Tensor, Tensor];
  forward(x: PackedSequence, h0?: Tensor | null): [PackedSequence, Tensor];
  forward(x: Tensor | PackedSequence, h0: Tensor | null = null): [Tensor | PackedSequence, Tensor] {
    const [output, [h]] = this.batched(x, h0 && [h0], (input, states, options) => {
      const r = rnn(input, states?.[0] ?? null, this.weights(), { ...options, nonlinearity: this.nonlinearity });
      return [r.output, [r.h]];
    });
    return [output, h];
  }

  /** The layer's settings as shown by `toString()`. */
  override extraRepr(): string {
    return this.nonlinearity === 'relu' ? `${super.extraRepr()}, nonlinearity='relu'` : super.extraRepr();
  }
}
