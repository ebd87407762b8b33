/** @file Recurrent layers: LSTM. */
import { ShapeError, ValueError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { lstm, type LstmWeights } from './functional/recurrent.js';
import { uniform_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { checkOptions } from '../options.js';

export interface LstmLayerOptions {
  /** Stacked layers, each fed the previous one's output (default 1). */
  numLayers?: number;
  /** Biases b_ih and b_hh (default true). */
  bias?: boolean;
  /** Input and output as [B, T, features] (default false: [T, B, features]). */
  batchFirst?: boolean;
  /** Dropout on every layer's output but the last, in training (default 0). */
  dropout?: number;
  /** A second LSTM per layer over the reversed sequence, outputs concatenated (default false). */
  bidirectional?: boolean;
}

/**
 * Long short-term memory over sequences (SPEC §12.3; gates i, f, g, o):
 * c' = σ(f)⊙c + σ(i)⊙tanh(g), h' = σ(o)⊙tanh(c'), with every gate from x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh.
 * Input [T, B, inputSize] ([B, T, inputSize] with batchFirst, or unbatched [T, inputSize]);
 * returns `[output, [h, c]]`: output [T, B, dirs·hiddenSize] and the final states
 * [numLayers·dirs, B, hiddenSize]. Parameters `weight_ih_l{k}[_reverse]` [4H, in],
 * `weight_hh_l{k}` [4H, H], `bias_ih_l{k}`, `bias_hh_l{k}` [4H], all U(±1/√H) as in PyTorch.
 * @example const lstm = new LSTM(64, 128, { batchFirst: true }); const [out, [h, c]] = lstm.forward(x);
 * PyTorch: `torch.nn.LSTM(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0, bidirectional=False)`.
 */
export class LSTM extends Module {
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;

  constructor(readonly inputSize: number, readonly hiddenSize: number, options?: LstmLayerOptions) {
    super();
    const { numLayers = 1, bias = true, batchFirst = false, dropout = 0, bidirectional = false } = checkOptions<LstmLayerOptions>('LSTM', options,
      { numLayers: true, bias: true, batchFirst: true, dropout: true, bidirectional: true });
    for (const [name, v] of [['inputSize', inputSize], ['hiddenSize', hiddenSize], ['numLayers', numLayers]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ValueError(`LSTM: ${name} must be a positive integer, got ${v}`);
    }
    if (!(dropout >= 0 && dropout <= 1)) throw new ValueError(`LSTM: dropout must be in [0, 1], got ${dropout}`);
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
        self[`weightIh${suffix}`] = new Parameter(zeros([4 * hiddenSize, layer === 0 ? inputSize : dirs * hiddenSize]));
        self[`weightHh${suffix}`] = new Parameter(zeros([4 * hiddenSize, hiddenSize]));
        if (bias) {
          self[`biasIh${suffix}`] = new Parameter(zeros([4 * hiddenSize]));
          self[`biasHh${suffix}`] = new Parameter(zeros([4 * hiddenSize]));
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

  /** The weights of each layer and direction, in the functional's order. */
  private weights(): LstmWeights[] {
    const self = this as unknown as Record<string, Parameter | undefined>;
    const sets: LstmWeights[] = [];
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let d = 0; d < (this.bidirectional ? 2 : 1); d++) {
        const suffix = `L${layer}${d === 1 ? 'Reverse' : ''}`;
        sets.push({ weightIh: self[`weightIh${suffix}`]!, weightHh: self[`weightHh${suffix}`]!, biasIh: self[`biasIh${suffix}`] ?? null, biasHh: self[`biasHh${suffix}`] ?? null });
      }
    }
    return sets;
  }

  forward(x: Tensor, hx: readonly [Tensor, Tensor] | null = null): [Tensor, [Tensor, Tensor]] {
    const unbatched = x.ndim === 2;
    if (x.ndim !== 2 && x.ndim !== 3) throw new ShapeError(`LSTM: expected input [T, B, ${this.inputSize}] or unbatched [T, ${this.inputSize}], got ${shapeStr(x.shape)}`);
    const batchDim = this.batchFirst ? 0 : 1;
    const input = unbatched ? x.unsqueeze(batchDim) : x;
    const state = unbatched && hx ? [hx[0].unsqueeze(1), hx[1].unsqueeze(1)] as const : hx;
    const { output, h, c } = lstm(input, state, this.weights(), {
      batchFirst: this.batchFirst, bidirectional: this.bidirectional, dropout: this.dropout, training: this.training,
    });
    return unbatched ? [output.squeeze(batchDim), [h.squeeze(1), c.squeeze(1)]] : [output, [h, c]];
  }

  override extraRepr(): string {
    const extras = [
      this.numLayers !== 1 ? `numLayers=${this.numLayers}` : '', !this.bias ? 'bias=false' : '', this.batchFirst ? 'batchFirst=true' : '',
      this.dropout ? `dropout=${this.dropout}` : '', this.bidirectional ? 'bidirectional=true' : '',
    ].filter(Boolean);
    return [`${this.inputSize}, ${this.hiddenSize}`, ...extras].join(', ');
  }
}
