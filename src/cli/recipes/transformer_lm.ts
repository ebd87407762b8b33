/**
 * @file `transformer-lm`: a decoder-only Transformer character language model on `char-rnn`'s
 * corpus, split and vocabulary (SPEC §12.6): shuffled windows of the training stream, judged by
 * bits per character on the test documents with every character given at least half a window
 * of context; writes samples drawn with the KV cache.
 */
import { writeFileSync } from 'node:fs';
import { noGrad } from '../../autograd/grad_mode.js';
import { ValueError } from '../../errors.js';
import { TransformerLanguageModel } from '../../models/transformer_lm.js';
import { crossEntropy } from '../../nn/functional/loss.js';
import { clipGradNorm_ } from '../../nn/utils/clip_grad.js';
import { Adam } from '../../optim/adam.js';
import { LambdaLR } from '../../optim/lr_scheduler.js';
import { tensor } from '../../tensor/creation.js';
import { defaultGenerator, Generator } from '../../tensor/random.js';
import { CORPORA, type CorpusName } from '../../text/corpora.js';
import { sampleDecode } from '../../text/decoding.js';
import { bitsPerToken } from '../../text/perplexity.js';
import { Vocabulary } from '../../text/vocabulary.js';
import type { Recipe } from '../recipe.js';
import { oneOf } from './common.js';
import { splitText, unigramBits } from './text_common.js';

/** Start offsets of the training windows of `context + 1` tokens (inputs and shifted targets). */
function windowStarts(length: number, context: number): number[] {
  return Array.from({ length: Math.floor((length - 1) / context) }, (_, k) => k * context);
}

/**
 * Bits per character of `ids`: windows of `context` inputs stepping by half a window, each
 * target scored once, by the first window where it has at least half a window of context (the
 * first window's targets with what precedes them).
 */
function bitsPerChar(model: TransformerLanguageModel, ids: readonly number[], context: number): number {
  const half = Math.max(1, Math.floor(context / 2));
  const windows: { start: number; from: number }[] = [];
  let scored = 0; // targets 1…scored are done
  for (let start = 0; scored < ids.length - 1; start = Math.min(start + half, Math.max(0, ids.length - 1 - context))) {
    windows.push({ start, from: scored - start }); // targets at window positions ≥ from are new
    scored = start + Math.min(context, ids.length - 1 - start);
  }
  const length = Math.min(context, ids.length - 1);
  const was = model.training;
  model.eval();
  try {
    let nats = 0;
    noGrad(() => {
      for (let b = 0; b < windows.length; b += 32) {
        const batch = windows.slice(b, b + 32);
        const x = tensor(batch.map((w) => ids.slice(w.start, w.start + length) as number[]), { dtype: 'int32' });
        const y = tensor(batch.map((w) => ids.slice(w.start + 1, w.start + 1 + length) as number[]), { dtype: 'int32' });
        const logits = model.forward(x);
        const losses = crossEntropy(logits.reshape([-1, logits.shape[2]!]), y.reshape([-1]), { reduction: 'none' }).dataSync();
        batch.forEach((w, r) => {
          for (let j = Math.max(0, w.from); j < length; j++) nats += losses[r * length + j]!;
        });
      }
    });
    return bitsPerToken(nats / (ids.length - 1));
  } finally {
    model.train(was);
  }
}

export const transformerLm: Recipe = {
  name: 'transformer-lm',
  description: "a decoder-only Transformer character language model on char-rnn's corpus and split; reports test bits per character",
  defaults: { epochs: 6, batchSize: 8, lr: 2e-3 },
  options: [
    { flags: '--corpus <name>', description: CORPORA.join('|'), default: 'moby-dick', parse: oneOf('--corpus', CORPORA) },
    { flags: '--d-model <n>', description: 'model width', default: 128 },
    { flags: '--heads <n>', description: 'attention heads', default: 4 },
    { flags: '--layers <n>', description: 'Transformer layers', default: 2 },
    { flags: '--ff <n>', description: 'feed-forward width', default: 512 },
    { flags: '--context <n>', description: 'characters per training window', default: 128 },
    { flags: '--dropout <p>', description: 'dropout', default: 0 },
    { flags: '--positional <kind>', description: 'sinusoidal|learned', default: 'sinusoidal', parse: oneOf('--positional', ['sinusoidal', 'learned']) },
    { flags: '--warmup <steps>', description: 'steps of linear learning-rate warmup (then a cosine decay to lr/10)', default: 100 },
    { flags: '--tie-weights <yes|no>', description: 'share the embedding with the output projection', default: 'no', parse: oneOf('--tie-weights', ['yes', 'no']) },
    { flags: '--clip <norm>', description: 'gradient-norm clipping', default: 1 },
    { flags: '--max-chars <n>', description: 'use the first n training characters (0: all)', default: 0 },
    { flags: '--temperature <t>', description: 'temperature of the written samples', default: 0.8 },
  ],
  run(run, o) {
    const corpus = o.corpus as CorpusName;
    const trainChars = splitText(corpus, 'train');
    const train = Number(o.maxChars) > 0 ? trainChars.slice(0, Number(o.maxChars)) : trainChars;
    const vocab = Vocabulary.build(train, { specials: ['<unk>'] });
    const [trainIds, valIds, testIds] = [train, splitText(corpus, 'validation'), splitText(corpus, 'test')].map((t) => vocab.encode(t)) as [number[], number[], number[]];
    const context = Number(o.context);
    if (!Number.isInteger(context) || context < 2 || trainIds.length <= context) throw new ValueError(`--context must be an integer in [2, ${trainIds.length - 1}], got ${o.context}`);
    const starts = windowStarts(trainIds.length, context);
    const batches = Math.ceil(starts.length / o.batchSize);
    const model = run.register('model', new TransformerLanguageModel({
      vocabSize: vocab.size, dModel: Number(o.dModel), nhead: Number(o.heads), numLayers: Number(o.layers), dimFeedforward: Number(o.ff),
      dropout: Number(o.dropout), maxLen: Math.max(context, 1024), positional: o.positional as 'sinusoidal', tieWeights: o.tieWeights === 'yes',
    }));
    const parameters = [...model.parameters()].reduce((n, p) => n + p.numel, 0);
    run.say(`${corpus}: ${train.length.toLocaleString('en-US')} training characters, vocabulary ${vocab.size}, ${starts.length} windows of ${context} (${batches} batches of ${o.batchSize}) per epoch, ${parameters.toLocaleString('en-US')} parameters`);
    const optimizer = new Adam(model.parameters(), { lr: o.lr, betas: [0.9, 0.98] });
    const warmup = Number(o.warmup);
    const totalSteps = o.epochs * batches;
    // Linear warmup, then a cosine decay to a tenth of the peak by the last step.
    const scheduler = new LambdaLR(optimizer, (step) => Math.min(1, (step + 1) / warmup) * (0.1 + 0.45 * (1 + Math.cos((Math.PI * Math.min(step, totalSteps)) / totalSteps))));
    const result = run.stage('transformer', {
      epochs: o.epochs, optimizer, scheduler, batchesPerEpoch: batches,
      epoch(_, bar) {
        const order = [...starts];
        for (let i = order.length - 1; i > 0; i--) {
          const j = defaultGenerator.integer(0, i + 1);
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        let [nats, count] = [0, 0];
        for (let b = 0; b < order.length; b += o.batchSize) {
          const batch = order.slice(b, b + o.batchSize);
          const x = tensor(batch.map((s) => trainIds.slice(s, s + context)), { dtype: 'int32' });
          const y = tensor(batch.map((s) => trainIds.slice(s + 1, s + 1 + context)), { dtype: 'int32' });
          optimizer.zeroGrad();
          const loss = crossEntropy(model.forward(x).reshape([-1, vocab.size]), y.reshape([-1]));
          loss.backward();
          clipGradNorm_(model.parameters(), Number(o.clip));
          optimizer.step();
          scheduler.step();
          nats += (loss.item() as number) * y.numel;
          count += y.numel;
          bar.tick({ bpc: bitsPerToken(nats / count) });
        }
        return { trainLoss: bitsPerToken(nats / count), valBpc: bitsPerChar(model, valIds, context) };
      },
      finish: () => ({ bpc: bitsPerChar(model, testIds, context) }),
    });
    const newline = vocab.encode(['\n'])[0]!;
    const generated = sampleDecode(model.stepDecoder({ window: context }), 1, { bos: newline, eos: -1, maxLength: 600, temperature: Number(o.temperature), generator: new Generator(o.seed + 1) })[0]!;
    writeFileSync(run.file('samples.txt'), `=== transformer, test ${result.bpc.toFixed(3)} bpc, temperature ${o.temperature} ===\n${vocab.decode(generated).join('')}\n`);
    return { bpc: result.bpc, bpcUnigram: unigramBits(trainIds, testIds, vocab.size), parameters, vocabularySize: vocab.size, trainCharacters: train.length };
  },
};
