/**
 * @file A sequence classifier over tokens (the `rnn-classify` recipe's, on words): embedding →
 * Elman RNN, LSTM or GRU over each sequence's own length → its last hidden state → linear.
 */
import { ValueError } from '../errors.js';
import { Dropout } from '../nn/dropout.js';
import { Embedding } from '../nn/embedding.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { GRU, LSTM, RNN } from '../nn/rnn.js';
import { packPaddedSequence } from '../nn/utils/rnn.js';
import { checkOptions } from '../options.js';
import { cat } from '../ops/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { RECURRENT_KINDS, type RecurrentKind } from './recurrent_lm.js';

/** Options of `RecurrentClassifier` (PyTorch's keyword arguments, where it has them). */
export interface RecurrentClassifierOptions {
  vocabSize: number;
  /** Output classes (default 2). */
  numClasses?: number;
  /** 'rnn' (Elman, tanh), 'lstm' or 'gru' (default 'gru'). */
  kind?: RecurrentKind;
  /** Embedding width (default 100; the width of `embeddings` when given). */
  embedDim?: number;
  /** Hidden units per direction (default 128). */
  hiddenSize?: number;
  /** Read each sequence both ways and join the two final states (default false). */
  bidirectional?: boolean;
  /** Dropout on the final state before the linear layer (default 0). */
  dropout?: number;
  /** Initial embedding [vocabSize, embedDim], e.g. word2vec vectors; fine-tuned with the rest. Default: N(0, 1). */
  embeddings?: Tensor | null;
}

/**
 * Class logits of padded token sequences: `forward(tokens [B, T] int32, lengths)` → [B, classes];
 * steps past a sequence's length never change its result.
 * PyTorch: `nn.Embedding` → `nn.GRU(batch_first=True)` over `pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)` → `h_n[-1]` → `nn.Linear`.
 * @example const model = new RecurrentClassifier({ vocabSize: 20000, kind: 'gru' }); const logits = model.forward(tokens, [57, 12, 200]);
 */
export class RecurrentClassifier extends Module {
  readonly kind: RecurrentKind;
  embedding: Embedding;
  rnn: RNN | LSTM | GRU;
  dropout: Dropout;
  classifier: Linear;

  constructor(options: RecurrentClassifierOptions) {
    super();
    const { vocabSize, numClasses = 2, kind = 'gru', embedDim = 100, hiddenSize = 128, bidirectional = false, dropout = 0, embeddings = null } =
      checkOptions<RecurrentClassifierOptions>('RecurrentClassifier', options,
        { vocabSize: true, numClasses: true, kind: true, embedDim: true, hiddenSize: true, bidirectional: true, dropout: true, embeddings: true });
    if (!RECURRENT_KINDS.includes(kind)) throw new ValueError(`RecurrentClassifier: kind must be one of ${RECURRENT_KINDS.join(', ')}, got '${String(kind)}'`);
    if (embeddings && embeddings.shape[0] !== vocabSize) {
      throw new ValueError(`RecurrentClassifier: embeddings have ${embeddings.shape[0]} rows for a vocabulary of ${vocabSize}`);
    }
    this.kind = kind;
    this.embedding = embeddings ? Embedding.fromPretrained(embeddings, { freeze: false }) : new Embedding(vocabSize, embedDim);
    const layer = { rnn: RNN, lstm: LSTM, gru: GRU }[kind];
    this.rnn = new layer(this.embedding.embeddingDim, hiddenSize, { batchFirst: true, bidirectional });
    this.dropout = new Dropout(dropout);
    this.classifier = new Linear(hiddenSize * (bidirectional ? 2 : 1), numClasses);
  }

  forward(tokens: Tensor, lengths: readonly number[]): Tensor {
    if (tokens.ndim !== 2 || tokens.shape[0] !== lengths.length) {
      throw new ValueError(`RecurrentClassifier: expected tokens [B, T] and B lengths, got [${tokens.shape}] and ${lengths.length}`);
    }
    const packed = packPaddedSequence(this.embedding.forward(tokens), lengths, { batchFirst: true, enforceSorted: false });
    const [, state] = this.rnn instanceof LSTM ? this.rnn.forward(packed) : this.rnn.forward(packed);
    const h = Array.isArray(state) ? state[0] : state;
    // h is [directions, B, H] here (one layer): the forward and backward final states side by side.
    const last = h.shape[0] === 2 ? cat([h.select(0, 0), h.select(0, 1)], 1) : h.select(0, 0);
    return this.classifier.forward(this.dropout.forward(last));
  }
}
