/**
 * @file Tacotron's CBHG (SPEC §11.7): a bank of 1-D convolutions of widths 1…K, max-pooling,
 * convolutional projections with a residual connection, a highway network and a bidirectional
 * GRU — the encoder and post-net of Tacotron.
 */
import { noGrad } from '../autograd/grad_mode.js';
import { ValueError } from '../errors.js';
import { Sequential } from '../nn/container.js';
import { Conv1d } from '../nn/conv.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { BatchNorm1d } from '../nn/normalization.js';
import { GRU } from '../nn/rnn.js';
import { lengthMask, packPaddedSequence, padPackedSequence } from '../nn/utils/rnn.js';
import { maxPool1d } from '../ops/pooling.js';
import { cat, pad } from '../ops/shape.js';
import { checkOptions, type OptionKeys } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * One highway layer: u ← H·T + u·(1 − T), H = ReLU(W_H u + b_H), T = σ(W_T u + b_T), the gate
 * bias starting at −1 so the layer first passes its input through (Srivastava et al. 2015).
 * PyTorch: none built in; the `Highway` module of Tacotron ports (keithito/tacotron, r9y9/tacotron_pytorch).
 * @example new models.Highway(128).forward(x) // [..., 128]
 */
export class Highway extends Module {
  transform: Linear;
  gate: Linear;

  constructor(readonly size: number) {
    super();
    this.transform = new Linear(size, size);
    this.gate = new Linear(size, size);
    noGrad(() => this.gate.bias!.fill_(-1));
  }

  forward(u: Tensor): Tensor {
    const t = this.gate.forward(u).sigmoid();
    return this.transform.forward(u).relu().mul(t).add(u.mul(t.neg().add(1)));
  }
}

/** A 1-D convolution with TensorFlow's 'same' padding (⌊(k−1)/2⌋ left, the rest right), then BatchNorm and an optional ReLU. */
class SameConv extends Module {
  conv: Conv1d;
  norm: BatchNorm1d;

  constructor(cin: number, cout: number, readonly width: number, readonly activate: boolean) {
    super();
    this.conv = new Conv1d(cin, cout, width, { bias: false });
    this.norm = new BatchNorm1d(cout);
  }

  forward(x: Tensor): Tensor {
    const y = this.norm.forward(this.conv.forward(pad(x, [Math.floor((this.width - 1) / 2), Math.ceil((this.width - 1) / 2)])));
    return this.activate ? y.relu() : y;
  }
}

/** Options of `Cbhg`. */
export interface CbhgOptions {
  /** K, the widest convolution of the bank (default 16, the encoder's; the post-net uses 8). */
  bankSize?: number;
  /** Channels of each bank convolution (default 128). */
  bankChannels?: number;
  /** Channels of the two projections (default [128, inputSize]; the last must equal inputSize for the residual). */
  projections?: readonly [number, number];
  /** Width of the highway layers (default 128; a Linear maps to it when it differs from inputSize). */
  highwaySize?: number;
  /** Highway layers (default 4). */
  highwayLayers?: number;
  /** GRU hidden size per direction (default 128). */
  gruSize?: number;
}

const cbhgKeys: OptionKeys<CbhgOptions> = { bankSize: true, bankChannels: true, projections: true, highwaySize: true, highwayLayers: true, gruSize: true };

/**
 * CBHG over sequences x [B, T, inputSize] → [B, T, 2·gruSize]: conv bank (widths 1…K, each 'same',
 * BatchNorm, ReLU) concatenated → max-pool (width 2, stride 1, padded one step on the right) →
 * conv3-BN-ReLU → conv3-BN (linear) → + x → (Linear to highwaySize) → highways → bidirectional GRU.
 * With `lengths`, each sequence's result is what it gives alone: every stage zeroes the steps past
 * its end and the GRU reads a packed batch.
 * Reference: Wang et al. 2017 (Tacotron), keithito/tacotron's `cbhg`.
 * @example new models.Cbhg(128).forward(encoded, lengths) // [B, T, 256]
 */
export class Cbhg extends Module {
  bank: Sequential;
  projection1: SameConv;
  projection2: SameConv;
  preHighway: Linear | null;
  highways: Sequential;
  gru: GRU;

  constructor(readonly inputSize: number, options?: CbhgOptions) {
    super();
    const { bankSize = 16, bankChannels = 128, projections = [128, inputSize], highwaySize = 128, highwayLayers = 4, gruSize = 128 } = checkOptions('Cbhg', options, cbhgKeys);
    if (projections[1] !== inputSize) throw new ValueError(`Cbhg: the last projection must have inputSize = ${inputSize} channels for the residual connection, got ${projections[1]}`);
    if (!Number.isInteger(bankSize) || bankSize < 1) throw new ValueError(`Cbhg: bankSize must be a positive integer, got ${bankSize}`);
    this.bank = new Sequential(...Array.from({ length: bankSize }, (_, k) => new SameConv(inputSize, bankChannels, k + 1, true)));
    this.projection1 = new SameConv(bankSize * bankChannels, projections[0], 3, true);
    this.projection2 = new SameConv(projections[0], projections[1], 3, false);
    this.preHighway = highwaySize === inputSize ? null : new Linear(inputSize, highwaySize, { bias: false });
    this.highways = new Sequential(...Array.from({ length: highwayLayers }, () => new Highway(highwaySize)));
    this.gru = new GRU(highwaySize, gruSize, { batchFirst: true, bidirectional: true });
  }

  forward(x: Tensor, lengths?: readonly number[]): Tensor {
    // With lengths, every stage's steps past a sequence's end are zeroed, as the 'same' padding of that sequence alone would be.
    const mask = lengths ? lengthMask(lengths, x.shape[1]!, x.dtype).unsqueeze(1) : null;
    const masked = (t: Tensor): Tensor => (mask ? t.mul(mask) : t);
    const channels = masked(x.transpose(1, 2)); // [B, C, T] for the convolutions
    const banked = masked(cat([...this.bank.children()].map((conv) => conv.forward(channels) as Tensor), 1));
    const pooled = masked(maxPool1d(pad(banked, [0, 1]), 2, { stride: 1 }));
    const projected = masked(this.projection2.forward(masked(this.projection1.forward(pooled))));
    const residual = projected.add(channels).transpose(1, 2);
    const highway = this.highways.forward(this.preHighway ? this.preHighway.forward(residual) : residual) as Tensor;
    if (!lengths) return this.gru.forward(highway)[0];
    const [out] = this.gru.forward(packPaddedSequence(highway, lengths, { batchFirst: true, enforceSorted: false }));
    return padPackedSequence(out, { batchFirst: true, totalLength: x.shape[1] })[0];
  }
}
