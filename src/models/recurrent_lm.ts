/**
 * @file A recurrent language model over tokens (the `char-rnn` recipe's, on characters):
 * embedding → Elman RNN, LSTM or GRU → linear to next-token logits, and sampling from it.
 */
import { noGrad } from '../autograd/grad_mode.js';
import { ValueError } from '../errors.js';
import { Embedding } from '../nn/embedding.js';
import { softmax } from '../nn/functional/activation.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { GRU, LSTM, RNN } from '../nn/rnn.js';
import { checkOptions } from '../options.js';
import { tensor } from '../tensor/creation.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';

/** The recurrent layers a RecurrentLanguageModel can use. */
export type RecurrentKind = 'rnn' | 'lstm' | 'gru';

/** The recurrent cells a recurrent model can use: 'rnn', 'lstm', 'gru'. */
export const RECURRENT_KINDS: readonly RecurrentKind[] = ['rnn', 'lstm', 'gru'];

/** The recurrent state: h, or (h, c) for an LSTM. */
export type RecurrentState = Tensor | [Tensor, Tensor];

/** Options of `RecurrentLanguageModel` (PyTorch's keyword arguments, where it has them). */
export interface RecurrentLanguageModelOptions {
  vocabSize: number;
  /** 'rnn' (Elman, tanh), 'lstm' or 'gru' (default 'lstm'). */
  kind?: RecurrentKind;
  /** Embedding width (default 64). */
  embedDim?: number;
  /** Hidden units per layer (default 256). */
  hiddenSize?: number;
  /** Stacked layers (default 1). */
  numLayers?: number;
}

/**
 * Next-token logits for every step: `forward(x [T, B] int32, state)` → [logits [T, B, V], state].
 * PyTorch: pytorch/examples word_language_model's `RNNModel` without dropout or tied weights.
 * @example const lm = new RecurrentLanguageModel({ vocabSize: 80, kind: 'gru' }); const [logits, h] = lm.forward(x, null);
 */
export class RecurrentLanguageModel extends Module {
  readonly kind: RecurrentKind;
  embedding: Embedding;
  rnn: RNN | LSTM | GRU;
  decoder: Linear;

  constructor(options: RecurrentLanguageModelOptions) {
    super();
    const { vocabSize, kind = 'lstm', embedDim = 64, hiddenSize = 256, numLayers = 1 } = checkOptions<RecurrentLanguageModelOptions>('RecurrentLanguageModel', options,
      { vocabSize: true, kind: true, embedDim: true, hiddenSize: true, numLayers: true });
    if (!RECURRENT_KINDS.includes(kind)) throw new ValueError(`RecurrentLanguageModel: kind must be one of ${RECURRENT_KINDS.join(', ')}, got '${String(kind)}'`);
    this.kind = kind;
    this.embedding = new Embedding(vocabSize, embedDim);
    const layer = { rnn: RNN, lstm: LSTM, gru: GRU }[kind];
    this.rnn = new layer(embedDim, hiddenSize, { numLayers });
    this.decoder = new Linear(hiddenSize, vocabSize);
  }

  forward(x: Tensor, state: RecurrentState | null = null): [Tensor, RecurrentState] {
    const e = this.embedding.forward(x);
    const [out, next] = this.rnn instanceof LSTM ? this.rnn.forward(e, state as [Tensor, Tensor] | null) : this.rnn.forward(e, state as Tensor | null);
    return [this.decoder.forward(out), next];
  }
}

/**
 * The state cut from the graph of earlier blocks (truncated BPTT).
 * PyTorch: `repackage_hidden(h)` of pytorch/examples' word_language_model.
 * @example state = models.detachState(state) // truncated BPTT: keep the values, cut the graph
 */
export function detachState(state: RecurrentState): RecurrentState {
  return Array.isArray(state) ? [state[0].detach(), state[1].detach()] : state.detach();
}

/** Options of `sampleTokens` (PyTorch's keyword arguments, where it has them). */
export interface SampleOptions {
  /** Tokens to generate (default 300). */
  length?: number;
  /** Softmax temperature: below 1 sharper, above 1 flatter (default 1). */
  temperature?: number;
  /** The source of the draws (default: the global generator). */
  generator?: Generator;
}

/**
 * Feeds `prime` (token ids, at least one) and then samples `length` tokens, each from
 * softmax(logits / temperature); returns the sampled ids.
 * PyTorch: the `torch.multinomial` loop of pytorch/examples' word_language_model `generate.py`.
 * @example vocab.decode(sampleTokens(lm, vocab.encode(['\n']), { length: 500, temperature: 0.8 })).join('')
 */
export function sampleTokens(model: RecurrentLanguageModel, prime: readonly number[], options?: SampleOptions): number[] {
  const { length = 300, temperature = 1, generator = defaultGenerator } = checkOptions<SampleOptions>('sampleTokens', options, { length: true, temperature: true, generator: true });
  if (prime.length === 0) throw new ValueError('sampleTokens: prime must hold at least one token');
  if (!(temperature > 0)) throw new ValueError(`sampleTokens: temperature must be positive, got ${temperature}`);
  const was = model.training;
  model.eval();
  try {
    return noGrad(() => {
      let [logits, state] = model.forward(tensor([...prime], { dtype: 'int32' }).reshape([prime.length, 1]), null);
      const out: number[] = [];
      for (let i = 0; i < length; i++) {
        const p = softmax(logits.select(0, logits.shape[0]! - 1).reshape([-1]).div(temperature), 0).dataSync();
        let u = generator.random();
        let next = p.length - 1;
        for (let k = 0; k < p.length; k++) {
          u -= p[k]!;
          if (u < 0) {
            next = k;
            break;
          }
        }
        out.push(next);
        [logits, state] = model.forward(tensor([[next]], { dtype: 'int32' }), state);
      }
      return out;
    });
  } finally {
    model.train(was);
  }
}
