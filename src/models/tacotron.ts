/**
 * @file A small Tacotron (SPEC §11.7): character embedding → pre-net → CBHG encoder; a decoder
 * with a pre-net, an attention GRU, location-sensitive attention (Tacotron 2's), two residual GRUs,
 * r mel frames and a stop logit per step; a CBHG post-net to the linear-frequency spectrogram.
 */
import { ValueError } from '../errors.js';
import { Conv1d } from '../nn/conv.js';
import { Embedding } from '../nn/embedding.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { GRUCell } from '../nn/rnn_cell.js';
import { lengthMask } from '../nn/utils/rnn.js';
import { dropout as dropoutFn } from '../nn/functional/index.js';
import { where } from '../ops/elementwise.js';
import { cat, stack } from '../ops/shape.js';
import { checkOptions, type OptionKeys } from '../options.js';
import { rand, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Cbhg } from './cbhg.js';

/** Options of `Tacotron`. */
export interface TacotronOptions {
  /** Symbols of the input (characters), index 0 the padding. */
  vocabSize: number;
  /** Mel bands the decoder predicts (default 40). */
  nMels?: number;
  /** Linear-frequency bins the post-net predicts (default 129, nFft 256). */
  linearBins?: number;
  /** r, mel frames per decoder step (default 2). */
  reduction?: number;
  /** Character embedding and encoder width (default 64; the encoder's GRU has half per direction). */
  embedDim?: number;
  /** Attention dimension (default 64). */
  attentionDim?: number;
  /** Attention GRU and decoder GRU width (default 128). */
  decoderDim?: number;
  /** Location features: filters and width of the convolution over the previous and cumulative attention (default 16, 15). */
  locationFilters?: number;
  locationWidth?: number;
}

const keys: OptionKeys<TacotronOptions> = {
  vocabSize: true, nMels: true, linearBins: true, reduction: true, embedDim: true, attentionDim: true, decoderDim: true, locationFilters: true, locationWidth: true,
};

/**
 * Two ReLU layers with dropout 0.5; the decoder's keeps its dropout at inference too (Tacotron 2):
 * the bottleneck that makes the decoder lean on attention.
 */
class Prenet extends Module {
  fc1: Linear;
  fc2: Linear;

  constructor(input: number, hidden: number, out: number, private readonly alwaysDrop: boolean) {
    super();
    this.fc1 = new Linear(input, hidden);
    this.fc2 = new Linear(hidden, out);
  }

  forward(x: Tensor): Tensor {
    const drop = { p: 0.5, training: this.alwaysDrop || this.training };
    return dropoutFn(this.fc2.forward(dropoutFn(this.fc1.forward(x).relu(), drop)).relu(), drop);
  }
}

/**
 * Location-sensitive attention: e_j = vᵀ tanh(W q + V h_j + U f_j), f = conv over the previous and
 * the cumulative attention weights; padded characters get no weight.
 */
class LocationAttention extends Module {
  query: Linear;
  memory: Linear;
  location: Conv1d;
  locationProjection: Linear;
  v: Linear;

  constructor(queryDim: number, memoryDim: number, attentionDim: number, filters: number, width: number) {
    super();
    if (width % 2 !== 1) throw new ValueError(`Tacotron: locationWidth must be odd, got ${width}`);
    this.query = new Linear(queryDim, attentionDim, { bias: false });
    this.memory = new Linear(memoryDim, attentionDim, { bias: false });
    this.location = new Conv1d(2, filters, width, { padding: (width - 1) / 2, bias: false });
    this.locationProjection = new Linear(filters, attentionDim, { bias: false });
    this.v = new Linear(attentionDim, 1);
  }

  /** Weights [B, L] for query q [B, Q], the projected memory [B, L, A], previous and cumulative weights [B, L], and the padding mask (1 = a character). */
  forward(q: Tensor, projectedMemory: Tensor, previous: Tensor, cumulative: Tensor, mask: Tensor): Tensor {
    const f = this.locationProjection.forward(this.location.forward(stack([previous, cumulative], 1)).transpose(1, 2));
    const energies = this.v.forward(this.query.forward(q).unsqueeze(1).add(projectedMemory).add(f).tanh()).squeeze(-1);
    return energies.add(mask.sub(1).mul(1e9)).softmax(-1);
  }
}

/** Options of `Tacotron.forward`. */
export interface TacotronForwardOptions {
  /** Probability that a step reads the true previous frame rather than its own prediction (default 1: teacher forcing). */
  teacherForcing?: number;
}

const forwardKeys: OptionKeys<TacotronForwardOptions> = { teacherForcing: true };

/** What a Tacotron pass gives. */
export interface TacotronOutput {
  /** Mel frames [B, steps·r, nMels]. */
  mel: Tensor;
  /** Linear-frequency frames from the post-net [B, steps·r, linearBins]. */
  linear: Tensor;
  /** Stop logits per decoder step [B, steps]. */
  stop: Tensor;
  /** Attention weights [B, steps, L]. */
  alignments: Tensor;
}

/**
 * Tacotron: `forward(tokens [B, L], lengths, melTargets [B, T, nMels])` with teacher forcing (T a
 * multiple of r; each step reads the last frame of the previous group), `infer(tokens, lengths,
 * maxSteps)` feeding back its own frames until every stop probability passes 0.5.
 * Reference: Wang et al. 2017; Shen et al. 2018 (location-sensitive attention, stop token, pre-net dropout at inference).
 * @example const out = new models.Tacotron({ vocabSize: 30 }).forward(tokens, lengths, mel) // out.mel, out.linear, out.alignments
 */
export class Tacotron extends Module {
  readonly nMels: number;
  readonly reduction: number;
  embedding: Embedding;
  encoderPrenet: Prenet;
  encoder: Cbhg;
  decoderPrenet: Prenet;
  attentionRnn: GRUCell;
  attention: LocationAttention;
  decoderInput: Linear;
  decoderRnn1: GRUCell;
  decoderRnn2: GRUCell;
  frames: Linear;
  stopProjection: Linear;
  postnet: Cbhg;
  postProjection: Linear;
  private readonly dims: { embed: number; decoder: number };

  constructor(options: TacotronOptions) {
    super();
    const o = checkOptions('Tacotron', options, keys);
    const { vocabSize, nMels = 40, linearBins = 129, reduction = 2, embedDim = 64, attentionDim = 64, decoderDim = 128, locationFilters = 16, locationWidth = 15 } = o;
    if (!Number.isInteger(vocabSize) || vocabSize < 2) throw new ValueError(`Tacotron: vocabSize must be an integer >= 2, got ${vocabSize}`);
    if (!Number.isInteger(reduction) || reduction < 1) throw new ValueError(`Tacotron: reduction must be a positive integer, got ${reduction}`);
    if (embedDim % 2 !== 0) throw new ValueError(`Tacotron: embedDim must be even (the encoder GRU has half per direction), got ${embedDim}`);
    [this.nMels, this.reduction, this.dims] = [nMels, reduction, { embed: embedDim, decoder: decoderDim }];
    const e = embedDim;
    this.embedding = new Embedding(vocabSize, e, { paddingIdx: 0 });
    this.encoderPrenet = new Prenet(e, 2 * e, e, false);
    this.encoder = new Cbhg(e, { bankSize: 8, bankChannels: e / 2, projections: [e, e], highwaySize: e, highwayLayers: 2, gruSize: e / 2 });
    this.decoderPrenet = new Prenet(nMels, 2 * e, e, true);
    this.attentionRnn = new GRUCell(e + e, decoderDim);
    this.attention = new LocationAttention(decoderDim, e, attentionDim, locationFilters, locationWidth);
    this.decoderInput = new Linear(decoderDim + e, decoderDim);
    this.decoderRnn1 = new GRUCell(decoderDim, decoderDim);
    this.decoderRnn2 = new GRUCell(decoderDim, decoderDim);
    this.frames = new Linear(decoderDim, reduction * nMels);
    this.stopProjection = new Linear(decoderDim + e, 1);
    this.postnet = new Cbhg(nMels, { bankSize: 4, bankChannels: e / 2, projections: [e, nMels], highwaySize: e, highwayLayers: 2, gruSize: e / 2 });
    this.postProjection = new Linear(e, linearBins);
  }

  /** Encoder outputs [B, L, embedDim] and the character mask [B, L]. */
  private encode(tokens: Tensor, lengths: readonly number[]): { memory: Tensor; mask: Tensor } {
    if (tokens.ndim !== 2 || tokens.shape[0] !== lengths.length) throw new ValueError(`Tacotron: expected tokens [B, L] and B lengths, got [${tokens.shape}] and ${lengths.length}`);
    const mask = lengthMask(lengths, tokens.shape[1]!);
    return { memory: this.encoder.forward(this.encoderPrenet.forward(this.embedding.forward(tokens)), lengths), mask };
  }

  /** Runs the decoder for `steps` steps; `input(step, previousFrames)` gives each step's input frame [B, nMels]. */
  private decode(memory: Tensor, mask: Tensor, steps: number, input: (step: number, previous: Tensor | null) => Tensor, stopWhen?: (stop: Tensor) => boolean): TacotronOutput {
    const [B, L] = [memory.shape[0]!, memory.shape[1]!];
    const projected = this.attention.memory.forward(memory);
    let [hAttention, h1, h2] = [zeros([B, this.dims.decoder]), zeros([B, this.dims.decoder]), zeros([B, this.dims.decoder])];
    let context = zeros([B, this.dims.embed]);
    let [previous, cumulative] = [zeros([B, L]), zeros([B, L])];
    const [frames, stops, weights]: Tensor[][] = [[], [], []];
    let last: Tensor | null = null;
    for (let t = 0; t < steps; t++) {
      hAttention = this.attentionRnn.forward(cat([this.decoderPrenet.forward(input(t, last)), context], 1), hAttention);
      const alpha = this.attention.forward(hAttention, projected, previous, cumulative, mask);
      context = alpha.unsqueeze(1).matmul(memory).squeeze(1);
      [previous, cumulative] = [alpha, cumulative.add(alpha)];
      const d0 = this.decoderInput.forward(cat([hAttention, context], 1));
      h1 = this.decoderRnn1.forward(d0, h1);
      const d1 = h1.add(d0);
      h2 = this.decoderRnn2.forward(d1, h2);
      const d2 = h2.add(d1);
      last = this.frames.forward(d2).reshape([B, this.reduction, this.nMels]);
      frames.push(last);
      stops.push(this.stopProjection.forward(cat([d2, context], 1)).squeeze(1));
      weights.push(alpha);
      if (stopWhen?.(stops[stops.length - 1]!)) break;
    }
    const mel = cat(frames, 1);
    return { mel, linear: this.postProjection.forward(this.postnet.forward(mel)), stop: stack(stops, 1), alignments: stack(weights, 1) };
  }

  /**
   * Teacher-forced pass: `melTargets` [B, T, nMels] with T a multiple of r. With `teacherForcing` p < 1
   * (scheduled sampling, Bengio et al. 2015) each sequence's step reads the true previous frame with
   * probability p and otherwise the model's own prediction (no gradient through it), so that it learns
   * to speak from its own frames as it must at inference.
   */
  forward(tokens: Tensor, lengths: readonly number[], melTargets: Tensor, options?: TacotronForwardOptions): TacotronOutput {
    const { teacherForcing = 1 } = checkOptions('Tacotron.forward', options, forwardKeys);
    if (!(teacherForcing >= 0 && teacherForcing <= 1)) throw new ValueError(`Tacotron.forward: teacherForcing must be in [0, 1], got ${teacherForcing}`);
    const T = melTargets.shape[1]!;
    if (melTargets.ndim !== 3 || melTargets.shape[2] !== this.nMels || T % this.reduction !== 0) {
      throw new ValueError(`Tacotron: expected mel targets [B, T, ${this.nMels}] with T a multiple of r = ${this.reduction}, got [${melTargets.shape}]`);
    }
    const { memory, mask } = this.encode(tokens, lengths);
    const B = melTargets.shape[0]!;
    // Step t reads the last frame of group t − 1 (a zero frame first).
    const lastOfGroups = melTargets.reshape([B, T / this.reduction, this.reduction, this.nMels]).select(2, this.reduction - 1);
    const inputs = cat([zeros([B, 1, this.nMels]), lastOfGroups.narrow(1, 0, T / this.reduction - 1)], 1);
    return this.decode(memory, mask, T / this.reduction, (t, previous) => {
      const truth = inputs.select(1, t);
      if (teacherForcing === 1 || previous === null) return truth;
      const own = previous.select(1, this.reduction - 1).detach();
      if (teacherForcing === 0) return own;
      return where(rand([B, 1]).lt(teacherForcing), truth, own);
    });
  }

  /** Free-running synthesis: feeds back the last predicted frame of each step; stops when every stop probability passes 0.5 or after `maxSteps`. */
  infer(tokens: Tensor, lengths: readonly number[], maxSteps: number): TacotronOutput {
    const { memory, mask } = this.encode(tokens, lengths);
    const B = tokens.shape[0]!;
    return this.decode(memory, mask, maxSteps, (_, previous) => (previous ? previous.select(1, this.reduction - 1) : zeros([B, this.nMels])),
      (stop) => stop.sigmoid().dataSync().every((p) => p > 0.5));
  }
}
