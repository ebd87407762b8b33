/**
 * @file What the spam-vs-ham recipes (`rnn-classify`, `transformer-classify`) share: the
 * SpamAssassin splits as token ids, length-pooled batches, the evaluation, and a training stage
 * that tests the epoch of best validation accuracy.
 */
import { noGrad } from '../../autograd/grad_mode.js';
import { crossEntropy } from '../../nn/functional/loss.js';
import type { Module } from '../../nn/module.js';
import { clipGradNorm_ } from '../../nn/utils/clip_grad.js';
import { Adam } from '../../optim/adam.js';
import { tensor } from '../../tensor/creation.js';
import { defaultGenerator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bucketBatches, padTokenRows } from '../../text/batching.js';
import { loadSpamAssassin, type MailMessage } from '../../text/spam_assassin.js';
import { wordTokenize } from '../../text/tokenizer.js';
import { Vocabulary } from '../../text/vocabulary.js';
import type { Run } from '../run.js';

/** A split as token ids (cut at the token budget) with labels. */
export interface Encoded {
  ids: number[][];
  labels: number[];
}

/** A model over padded token batches: `forward(tokens [B, T], lengths)` → logits [B, 2]. */
export interface SequenceClassifier extends Module {
  forward(tokens: Tensor, lengths: readonly number[]): Tensor;
}

/** Test accuracy and the spam class's precision, recall and F1. */
export type ClassifierFigures = { accuracy: number; precision: number; recall: number; f1: number };

/** The mails of SpamAssassin's three splits, the vocabulary of the training mails and every split encoded. */
export interface MailData {
  trainMails: MailMessage[];
  vocab: Vocabulary;
  padId: number;
  train: Encoded;
  val: Encoded;
  test: Encoded;
}

function encode(messages: readonly MailMessage[], vocab: Vocabulary, maxTokens: number): Encoded {
  // An empty mail (an image-only spam) still gets one step: the unknown token.
  return { ids: messages.map((m) => vocab.encode(wordTokenize(m.text).slice(0, maxTokens))).map((ids) => (ids.length ? ids : [vocab.unkId!])), labels: messages.map((m) => m.label) };
}

/**
 * The splits read and encoded: `maxTrain` > 0 keeps that many training mails, every k-th (the
 * file holds the groups one after another, so this keeps both labels); the vocabulary is the
 * training tokens seen `minFreq` times, 30,000 at most. Says what it read.
 */
export function loadMailData(run: Run, options: { maxTokens: number; minFreq: number; maxTrain: number }): MailData {
  const [allTrain, valMails, testMails] = (['train', 'validation', 'test'] as const).map((s) => loadSpamAssassin(s)) as [MailMessage[], MailMessage[], MailMessage[]];
  const step = options.maxTrain > 0 ? Math.max(1, Math.floor(allTrain.length / options.maxTrain)) : 1;
  const trainMails = allTrain.filter((_, i) => i % step === 0).slice(0, options.maxTrain || undefined);
  const vocab = Vocabulary.build(trainMails.flatMap((m) => wordTokenize(m.text).slice(0, options.maxTokens)), { minFreq: options.minFreq, maxSize: 30000 });
  const [train, val, test] = [trainMails, valMails, testMails].map((m) => encode(m, vocab, options.maxTokens)) as [Encoded, Encoded, Encoded];
  const spamShare = train.labels.filter((y) => y === 1).length / train.labels.length;
  run.say(`SpamAssassin: ${train.labels.length} / ${val.labels.length} / ${test.labels.length} train / validation / test mails (${(100 * spamShare).toFixed(1)} % spam), vocabulary ${vocab.size.toLocaleString('en-US')}, ${options.maxTokens} tokens at most`);
  return { trainMails, vocab, padId: vocab.encode(['<pad>'])[0]!, train, val, test };
}

/** Share of the test mails that are ham: the accuracy of always answering "ham". */
export function majorityBaseline(test: Encoded): number {
  return test.labels.filter((y) => y === 0).length / test.labels.length;
}

/** The batch's tokens padded to its longest mail [B, T], their lengths and labels. */
function batchTensors(split: Encoded, batch: readonly number[], padId: number): { tokens: Tensor; lengths: number[]; labels: Tensor } {
  const lengths = batch.map((i) => split.ids[i]!.length);
  const tokens = padTokenRows(batch.map((i) => split.ids[i]!), padId);
  return { tokens, lengths, labels: tensor(batch.map((i) => split.labels[i]!), { dtype: 'int32' }) };
}

/** Accuracy and the spam class's precision, recall and F1 of `model` on a split. */
function evaluate(model: SequenceClassifier, split: Encoded, padId: number): ClassifierFigures {
  const was = model.training;
  model.eval();
  try {
    let [correct, tp, fp, fn] = [0, 0, 0, 0];
    noGrad(() => {
      for (const batch of bucketBatches(split.ids.map((x) => x.length), 128)) {
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
 * Trains `make()`'s model as run stage `stage` with Adam and gradient-norm clipping, keeping the
 * epoch of best validation accuracy (checkpointed as `<stage>/best`), and returns that epoch's
 * test figures.
 */
export function trainMailClassifier(run: Run, stage: string, make: () => SequenceClassifier, data: MailData, o: { epochs: number; batchSize: number; lr: number; clip: number }): ClassifierFigures {
  const model = run.register(`${stage}/model`, make());
  const best = run.register(`${stage}/best`, make());
  let bestVal = -1;
  const optimizer = new Adam(model.parameters(), { lr: o.lr });
  const lengths = data.train.ids.map((x) => x.length);
  return run.stage(stage, {
    epochs: o.epochs, optimizer, batchesPerEpoch: Math.ceil(lengths.length / o.batchSize),
    epoch(_, bar) {
      if (bestVal < 0) bestVal = evaluate(best, data.val, data.padId).accuracy;
      let [total, count] = [0, 0];
      for (const batch of bucketBatches(lengths, o.batchSize, defaultGenerator)) {
        const b = batchTensors(data.train, batch, data.padId);
        optimizer.zeroGrad();
        const loss = crossEntropy(model.forward(b.tokens, b.lengths), b.labels);
        loss.backward();
        clipGradNorm_(model.parameters(), o.clip);
        optimizer.step();
        total += (loss.item() as number) * batch.length;
        count += batch.length;
        bar.tick({ loss: total / count });
      }
      const valAccuracy = evaluate(model, data.val, data.padId).accuracy;
      if (valAccuracy > bestVal) {
        bestVal = valAccuracy;
        best.loadStateDict(model.stateDict());
      }
      return { trainLoss: total / count, valAccuracy };
    },
    finish: () => evaluate(best, data.test, data.padId),
  });
}

/** `testAccuracy<key>`, `testF1<key>`, `testPrecision<key>`, `testRecall<key>` of a result. */
export function classifierSummary(figures: ClassifierFigures, key = ''): Record<string, number> {
  return { [`testAccuracy${key}`]: figures.accuracy, [`testF1${key}`]: figures.f1, [`testPrecision${key}`]: figures.precision, [`testRecall${key}`]: figures.recall };
}
