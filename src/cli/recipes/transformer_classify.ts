/**
 * @file `transformer-classify`: an encoder-only Transformer reads the first words of each
 * SpamAssassin mail and says spam or ham — `rnn-classify`'s data, split, vocabulary and
 * best-validation-epoch protocol, with the recurrent layer replaced by self-attention over the
 * unpadded tokens, pooled by the mean or a [CLS] token.
 */
import { TransformerClassifier } from '../../models/transformer_classifier.js';
import type { Recipe } from '../recipe.js';
import { oneOf } from './common.js';
import { classifierSummary, loadMailData, majorityBaseline, trainMailClassifier } from './mail_classify_common.js';

export const transformerClassify: Recipe = {
  name: 'transformer-classify',
  description: 'spam vs. ham: a Transformer encoder over the words of SpamAssassin mails, mean- or [CLS]-pooled; reports test accuracy and F1',
  defaults: { epochs: 6, batchSize: 32, lr: 5e-4 },
  options: [
    { flags: '--pooling <kind>', description: 'mean|cls', default: 'mean', parse: oneOf('--pooling', ['mean', 'cls']) },
    { flags: '--d-model <n>', description: 'model width', default: 64 },
    { flags: '--heads <n>', description: 'attention heads', default: 4 },
    { flags: '--layers <n>', description: 'encoder layers', default: 2 },
    { flags: '--ff <n>', description: 'feed-forward width', default: 256 },
    { flags: '--dropout <p>', description: 'dropout', default: 0.1 },
    { flags: '--max-tokens <n>', description: 'tokens read from the start of each mail', default: 200 },
    { flags: '--min-freq <n>', description: 'vocabulary: training-mail tokens seen at least n times', default: 2 },
    { flags: '--clip <norm>', description: 'gradient-norm clipping', default: 1 },
    { flags: '--max-train <n>', description: 'train on n of the training mails, evenly spread (0: all)', default: 0 },
  ],
  run(run, o) {
    const maxTokens = Number(o.maxTokens);
    const data = loadMailData(run, { maxTokens, minFreq: Number(o.minFreq), maxTrain: Number(o.maxTrain) });
    const make = (): TransformerClassifier => new TransformerClassifier({
      vocabSize: data.vocab.size, dModel: Number(o.dModel), nhead: Number(o.heads), numLayers: Number(o.layers), dimFeedforward: Number(o.ff),
      dropout: Number(o.dropout), maxLen: maxTokens, pooling: o.pooling as 'mean',
    });
    const parameters = [...make().parameters()].reduce((n, p) => n + p.numel, 0);
    run.say(`${o.pooling}-pooled Transformer encoder, ${parameters.toLocaleString('en-US')} parameters`);
    const result = trainMailClassifier(run, 'transformer', make, data, { ...o, clip: Number(o.clip) });
    return { ...classifierSummary(result), majorityBaseline: majorityBaseline(data.test), vocabularySize: data.vocab.size, parameters };
  },
};
