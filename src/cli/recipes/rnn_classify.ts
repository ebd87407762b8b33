/**
 * @file `rnn-classify`: the seed's "learn sentences from word-vector sequences" — a GRU (or LSTM,
 * Elman RNN) over the word vectors of each mail of the SpamAssassin corpus classifies it as spam
 * or ham; the embedding starts from Word2Vec vectors trained on the training mails, against the
 * same classifier from a random embedding. Each is tested at its epoch of best validation
 * accuracy; judged by test accuracy and the spam class's F1.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { RECURRENT_KINDS } from '../../models/recurrent_lm.js';
import { RecurrentClassifier } from '../../models/recurrent_classifier.js';
import { tensor } from '../../tensor/creation.js';
import { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { MailMessage } from '../../text/spam_assassin.js';
import { wordTokenize } from '../../text/tokenizer.js';
import type { Vocabulary } from '../../text/vocabulary.js';
import { Word2Vec } from '../../text/word2vec.js';
import type { Recipe } from '../recipe.js';
import type { Run } from '../run.js';
import { oneOf } from './common.js';
import { classifierSummary, loadMailData, majorityBaseline, trainMailClassifier } from './mail_classify_common.js';

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
    const data = loadMailData(run, { maxTokens: Number(o.maxTokens), minFreq: Number(o.minFreq), maxTrain: Number(o.maxTrain) });
    const { vocab } = data;
    const dim = Number(o.embed);
    const pretrained = word2vecEmbedding(run, data.trainMails, vocab, dim, o.seed + 1);
    run.say(`word2vec covers ${pretrained.covered.toLocaleString('en-US')} of the ${vocab.size.toLocaleString('en-US')} vocabulary tokens`);
    const figures: Record<string, number> = { vocabularySize: vocab.size, word2vecCoverage: pretrained.covered / vocab.size };
    for (const [key, embeddings] of [['', pretrained.weight], ['RandomInit', null]] as const) {
      const make = (): RecurrentClassifier =>
        new RecurrentClassifier({ vocabSize: vocab.size, kind: o.rnn as 'gru', embedDim: dim, hiddenSize: Number(o.hidden), dropout: 0.3, embeddings });
      const result = trainMailClassifier(run, key === '' ? 'word2vec-init' : 'random-init', make, data, { ...o, clip: Number(o.clip) });
      Object.assign(figures, classifierSummary(result, key));
    }
    return { ...figures, majorityBaseline: majorityBaseline(data.test) };
  },
};
