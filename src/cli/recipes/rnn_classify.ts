/**
 * @file `rnn-classify`: the seed's "learn sentences from word-vector sequences" — a GRU (or LSTM,
 * Elman RNN) over the word vectors of each mail of the SpamAssassin corpus classifies it as spam
 * or ham; the embedding starts from Word2Vec vectors trained on the training mails, against the
 * same classifier from a random embedding. Each is tested at its epoch of best validation
 * accuracy; judged by test accuracy and the spam class's F1.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { noGrad } from '../../autograd/grad_mode.js';
import { RECURRENT_KINDS } from '../../models/recurrent_lm.js';
import { RecurrentClassifier } from '../../models/recurrent_classifier.js';
import { crossEntropy } from '../../nn/functional/loss.js';
import { clipGradNorm_ } from '../../nn/utils/clip_grad.js';
import { Adam } from '../../optim/adam.js';
import { tensor } from '../../tensor/creation.js';
import { defaultGenerator, Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { loadSpamAssassin, type MailMessage } from '../../text/spam_assassin.js';
import { wordTokenize } from '../../text/tokenizer.js';
import { Vocabulary } from '../../text/vocabulary.js';
import { Word2Vec } from '../../text/word2vec.js';
import type { Recipe } from '../recipe.js';
import type { Run } from '../run.js';
import { oneOf } from './common.js';

/** A split as token ids (cut at the token budget) with labels. */
interface Encoded {
  ids: number[][];
  labels: number[];
}

function encode(messages: readonly MailMessage[], vocab: Vocabulary, maxTokens: number): Encoded {
  // An empty mail (an image-only spam) still gets one step: the unknown token.
  return { ids: messages.map((m) => vocab.encode(wordTokenize(m.text).slice(0, maxTokens))).map((ids) => (ids.length ? ids : [vocab.unkId!])), labels: messages.map((m) => m.label) };
}

/**
 * Batches of indices into `lengths`: shuffled (when `g` is given), then sorted by length within
 * pools of 20 batches so a batch pads little, and the batches shuffled again.
 */
function lengthBatches(lengths: readonly number[], batchSize: number, g: Generator | null): number[][] {
  const order = lengths.map((_, i) => i);
  const shuffle = (a: unknown[]): void => {
    for (let i = a.length - 1; i > 0; i--) {
      const j = g!.integer(0, i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
  };
  if (g) shuffle(order);
  const pool = batchSize * 20;
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += pool) {
    const sorted = order.slice(start, start + pool).sort((a, b) => lengths[a]! - lengths[b]!);
    for (let i = 0; i < sorted.length; i += batchSize) batches.push(sorted.slice(i, i + batchSize));
  }
  if (g) shuffle(batches);
  return batches;
}

/** The batch's tokens padded to its longest mail [B, T], their lengths and labels. */
function batchTensors(split: Encoded, batch: readonly number[], padId: number): { tokens: Tensor; lengths: number[]; labels: Tensor } {
  const lengths = batch.map((i) => split.ids[i]!.length);
  const T = Math.max(...lengths);
  const tokens = tensor(batch.map((i) => [...split.ids[i]!, ...new Array<number>(T - split.ids[i]!.length).fill(padId)]), { dtype: 'int32' });
  return { tokens, lengths, labels: tensor(batch.map((i) => split.labels[i]!), { dtype: 'int32' }) };
}

/** Accuracy and the spam class's precision, recall and F1 of `model` on a split. */
function evaluate(model: RecurrentClassifier, split: Encoded, padId: number): { accuracy: number; precision: number; recall: number; f1: number } {
  const was = model.training;
  model.eval();
  try {
    let [correct, tp, fp, fn] = [0, 0, 0, 0];
    noGrad(() => {
      for (const batch of lengthBatches(split.ids.map((x) => x.length), 128, null)) {
        const { tokens, lengths } = batchTensors(split, batch, padId);
        const predicted = model.forward(tokens, lengths).argmax(1).dataSync();
        batch.forEach((i, k) => {
          const [p, y] = [Number(predicted[k]), split.labels[i]!];
          correct += p === y ? 1 : 0;
          tp += p === 1 && y === 1 ? 1 : 0;
          fp += p === 1 && y === 0 ? 1 : 0;
          fn += p === 0 && y === 1 ? 1 : 0;
        });
      }
    });
    const [precision, recall] = [tp / (tp + fp || 1), tp / (tp + fn || 1)];
    return { accuracy: correct / split.labels.length, precision, recall, f1: (2 * precision * recall) / (precision + recall || 1) };
  } finally {
    model.train(was);
  }
}

/**
 * The embedding rows of `vocab` from Word2Vec vectors (trained on the training mails, or read
 * back from the run folder when resuming); tokens without a vector (specials, rare words) get
 * N(0, σ²) rows with σ the vectors' own spread, and the padding row is zero.
 */
function word2vecEmbedding(run: Run, mails: readonly MailMessage[], vocab: Vocabulary, dim: number, seed: number): { weight: Tensor; covered: number } {
  const path = run.file('vectors.bin');
  let w2v: Word2Vec;
  if (existsSync(path)) {
    w2v = Word2Vec.fromBinary(new Uint8Array(readFileSync(path)));
    run.say('word2vec: vectors read back from vectors.bin');
  } else {
    const t0 = Date.now();
    w2v = Word2Vec.train(mails.map((m) => wordTokenize(m.text)), { vectorSize: dim, sg: true, minCount: 2, epochs: 5, seed });
    writeFileSync(path, w2v.toBinary());
    run.say(`word2vec: ${w2v.size.toLocaleString('en-US')} vectors from the training mails in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const sigma = Math.sqrt(w2v.vectors.reduce((s, v) => s + v * v, 0) / w2v.vectors.length);
  const g = new Generator(seed + 1);
  const weight = new Float32Array(vocab.size * dim);
  let covered = 0;
  for (let id = 0; id < vocab.size; id++) {
    const token = vocab.decode([id])[0]!;
    if (token === '<pad>') continue;
    const row = w2v.has(token) ? w2v.vector(token) : null;
    covered += row ? 1 : 0;
    for (let d = 0; d < dim; d++) weight[id * dim + d] = row ? row[d]! : sigma * g.normal();
  }
  return { weight: tensor(weight).reshape([vocab.size, dim]), covered };
}

export const rnnClassify: Recipe = {
  name: 'rnn-classify',
  description: 'spam vs. ham: a GRU over word vectors of SpamAssassin mails, embedding from word2vec vs. random; reports test accuracy and F1',
  defaults: { epochs: 6, batchSize: 32, lr: 2e-3 },
  options: [
    { flags: '--rnn <kind>', description: RECURRENT_KINDS.join('|'), default: 'gru', parse: oneOf('--rnn', RECURRENT_KINDS) },
    { flags: '--hidden <n>', description: 'hidden units of the recurrent layer', default: 64 },
    { flags: '--embed <n>', description: 'word-vector width', default: 100 },
    { flags: '--max-tokens <n>', description: 'tokens read from the start of each mail', default: 200 },
    { flags: '--min-freq <n>', description: 'vocabulary: training-mail tokens seen at least n times', default: 2 },
    { flags: '--clip <norm>', description: 'gradient-norm clipping', default: 1 },
    { flags: '--max-train <n>', description: 'train on n of the training mails, evenly spread (0: all)', default: 0 },
  ],
  run(run, o) {
    const [allTrain, valMails, testMails] = (['train', 'validation', 'test'] as const).map((s) => loadSpamAssassin(s));
    // The file holds the groups one after another, so a subset takes every k-th mail to keep both labels.
    const step = Number(o.maxTrain) > 0 ? Math.max(1, Math.floor(allTrain!.length / Number(o.maxTrain))) : 1;
    const trainMails = allTrain!.filter((_, i) => i % step === 0).slice(0, Number(o.maxTrain) || undefined);
    const maxTokens = Number(o.maxTokens);
    const vocab = Vocabulary.build(trainMails.flatMap((m) => wordTokenize(m.text).slice(0, maxTokens)), { minFreq: Number(o.minFreq), maxSize: 30000 });
    const padId = vocab.encode(['<pad>'])[0]!;
    const [train, val, test] = [trainMails, valMails!, testMails!].map((m) => encode(m, vocab, maxTokens)) as [Encoded, Encoded, Encoded];
    const spamShare = train.labels.filter((y) => y === 1).length / train.labels.length;
    run.say(`SpamAssassin: ${train.labels.length} / ${val.labels.length} / ${test.labels.length} train / validation / test mails (${(100 * spamShare).toFixed(1)} % spam), vocabulary ${vocab.size.toLocaleString('en-US')}, ${maxTokens} tokens at most`);
    const dim = Number(o.embed);
    const pretrained = word2vecEmbedding(run, trainMails, vocab, dim, o.seed + 1);
    run.say(`word2vec covers ${pretrained.covered.toLocaleString('en-US')} of the ${vocab.size.toLocaleString('en-US')} vocabulary tokens`);
    const figures: Record<string, number> = { vocabularySize: vocab.size, word2vecCoverage: pretrained.covered / vocab.size };
    for (const [key, embeddings] of [['', pretrained.weight], ['RandomInit', null]] as const) {
      const stage = key === '' ? 'word2vec-init' : 'random-init';
      const make = (): RecurrentClassifier =>
        new RecurrentClassifier({ vocabSize: vocab.size, kind: o.rnn as 'gru', embedDim: dim, hiddenSize: Number(o.hidden), dropout: 0.3, embeddings });
      const model = run.register(`${stage}/model`, make());
      // The epoch with the best validation accuracy is the one tested (kept in the checkpoint as `best`).
      const best = run.register(`${stage}/best`, make());
      let bestVal = -1;
      const optimizer = new Adam(model.parameters(), { lr: o.lr });
      const lengths = train.ids.map((x) => x.length);
      const result = run.stage(stage, {
        epochs: o.epochs, optimizer, batchesPerEpoch: Math.ceil(lengths.length / o.batchSize),
        epoch(_, bar) {
          if (bestVal < 0) bestVal = evaluate(best, val, padId).accuracy;
          let [total, count] = [0, 0];
          for (const batch of lengthBatches(lengths, o.batchSize, defaultGenerator)) {
            const b = batchTensors(train, batch, padId);
            optimizer.zeroGrad();
            const loss = crossEntropy(model.forward(b.tokens, b.lengths), b.labels);
            loss.backward();
            clipGradNorm_(model.parameters(), Number(o.clip));
            optimizer.step();
            total += (loss.item() as number) * batch.length;
            count += batch.length;
            bar.tick({ loss: total / count });
          }
          const valAccuracy = evaluate(model, val, padId).accuracy;
          if (valAccuracy > bestVal) {
            bestVal = valAccuracy;
            best.loadStateDict(model.stateDict());
          }
          return { trainLoss: total / count, valAccuracy };
        },
        finish: () => evaluate(best, test, padId),
      });
      Object.assign(figures, { [`testAccuracy${key}`]: result.accuracy, [`testF1${key}`]: result.f1, [`testPrecision${key}`]: result.precision, [`testRecall${key}`]: result.recall });
    }
    return { ...figures, majorityBaseline: test.labels.filter((y) => y === 0).length / test.labels.length };
  },
};
