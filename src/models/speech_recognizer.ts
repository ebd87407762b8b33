/**
 * @file A small CTC speech recogniser: log-mel frames → two convolutions (the first halving the
 * frame rate) → a bidirectional GRU stack → per-frame log-probabilities of the characters and the
 * blank, trained with `F.ctcLoss` (Graves et al. 2006; the shape of Deep Speech 2, much smaller).
 */
import { Conv1d } from '../nn/conv.js';
import { ctcGreedyDecode } from '../nn/functional/ctc.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { BatchNorm1d } from '../nn/normalization.js';
import { GRU } from '../nn/rnn.js';
import { lengthMask, packPaddedSequence, padPackedSequence } from '../nn/utils/rnn.js';
import { checkOptions, type OptionKeys } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of `SpeechRecognizer`. */
export interface SpeechRecognizerOptions {
  /** Channels of the two convolutions (default 128). */
  channels?: number;
  /** GRU hidden size per direction (default 128). */
  hidden?: number;
  /** Bidirectional GRU layers (default 2). */
  layers?: number;
}

const keys: OptionKeys<SpeechRecognizerOptions> = { channels: true, hidden: true, layers: true };

/** What `SpeechRecognizer.forward` returns. */
export interface RecognizerOutput {
  /** Log-probabilities [T′, B, classes] (class 0 is the blank), as `F.ctcLoss` takes them. */
  logProbs: Tensor;
  /** Each sequence's frames after the stride-2 convolution: ⌈T/2⌉. */
  lengths: number[];
}

/**
 * Features [B, T, features] (with `lengths` frames each) → CTC log-probabilities [⌈T/2⌉, B, classes]:
 * conv(5, stride 2)-BatchNorm-ReLU, conv(5)-BatchNorm-ReLU, a `layers`-deep bidirectional GRU over
 * the packed sequences, a linear layer and log-softmax. Steps past a sequence's end are zeroed
 * between the stages, so padding does not leak into the convolutions.
 * PyTorch: none built in (torchaudio's `DeepSpeech` is the larger relative).
 * @example const { logProbs, lengths } = new models.SpeechRecognizer(40, 30).forward(mel, frames); F.ctcLoss(logProbs, labels, lengths, labelLengths)
 */
export class SpeechRecognizer extends Module {
  conv1: Conv1d;
  norm1: BatchNorm1d;
  conv2: Conv1d;
  norm2: BatchNorm1d;
  gru: GRU;
  output: Linear;

  constructor(readonly features: number, readonly classes: number, options?: SpeechRecognizerOptions) {
    super();
    const { channels = 128, hidden = 128, layers = 2 } = checkOptions('SpeechRecognizer', options, keys);
    this.conv1 = new Conv1d(features, channels, 5, { stride: 2, padding: 2, bias: false });
    this.norm1 = new BatchNorm1d(channels);
    this.conv2 = new Conv1d(channels, channels, 5, { padding: 2, bias: false });
    this.norm2 = new BatchNorm1d(channels);
    this.gru = new GRU(channels, hidden, { numLayers: layers, batchFirst: true, bidirectional: true });
    this.output = new Linear(2 * hidden, classes);
  }

  forward(x: Tensor, lengths: readonly number[]): RecognizerOutput {
    const frames = lengths.map((t) => Math.ceil(t / 2));
    const T = Math.ceil(x.shape[1]! / 2);
    const mask = lengthMask(frames, T, x.dtype).unsqueeze(1);
    const inputMask = lengthMask(lengths, x.shape[1]!, x.dtype).unsqueeze(1);
    const h1 = this.norm1.forward(this.conv1.forward(x.transpose(1, 2).mul(inputMask))).relu().mul(mask);
    const h2 = this.norm2.forward(this.conv2.forward(h1)).relu().mul(mask);
    const [packed] = this.gru.forward(packPaddedSequence(h2.transpose(1, 2), frames, { batchFirst: true, enforceSorted: false }));
    const [h] = padPackedSequence(packed, { batchFirst: true, totalLength: T });
    return { logProbs: this.output.forward(h).logSoftmax(-1).transpose(0, 1), lengths: frames };
  }

  /** The best path of each sequence, collapsed (class indices without blanks). */
  decode(x: Tensor, lengths: readonly number[]): number[][] {
    const { logProbs, lengths: frames } = this.forward(x, lengths);
    return ctcGreedyDecode(logProbs, frames);
  }
}
