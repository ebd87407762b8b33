/**
 * @file `char-rnn`: character-level language models on a shipped corpus — an Elman RNN, an LSTM
 * and a GRU of the same hidden size and training budget (SPEC §12.2–12.4), truncated BPTT over
 * contiguous streams, judged by bits per character on the test documents beside the unigram
 * baseline; writes a sample of each at a chosen temperature.
 */
import { writeFileSync } from 'node:fs';
import { noGrad } from '../../autograd/grad_mode.js';
import { ValueError } from '../../errors.js';
import { RECURRENT_KINDS, RecurrentLanguageModel, detachState, sampleTokens, type RecurrentKind, type RecurrentState } from '../../models/recurrent_lm.js';
import { crossEntropy } from '../../nn/functional/loss.js';
import { clipGradNorm_ } from '../../nn/utils/clip_grad.js';
import { Adam } from '../../optim/adam.js';
import { CORPORA, type CorpusName } from '../../text/corpora.js';
import { batchify, bpttBlocks } from '../../text/batching.js';
import { Vocabulary } from '../../text/vocabulary.js';
import { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Recipe } from '../recipe.js';
import { oneOf, variantKey } from './common.js';
import { splitText, unigramBits } from './text_common.js';

const LN2 = Math.log(2);

/** Bits per character of `model` on a batchified stream, the state carried across blocks. */
function bitsPerChar(model: RecurrentLanguageModel, stream: Tensor, bptt: number): number {
  const was = model.training;
  model.eval();
  try {
    return noGrad(() => {
      let state: RecurrentState | null = null;
      let [nats, count] = [0, 0];
      for (const [x, y] of bpttBlocks(stream, bptt)) {
        const [logits, next] = model.forward(x, state);
        state = next;
        nats += (crossEntropy(logits.reshape([-1, logits.shape[2]!]), y.reshape([-1]), { reduction: 'sum' }).item() as number);
        count += y.numel;
      }
      return nats / count / LN2;
    });
  } finally {
    model.train(was);
  }
}

export const charRnn: Recipe = {
  name: 'char-rnn',
  description: 'character-level language models (Elman RNN, LSTM, GRU; same size and budget) on a shipped corpus; reports test bits per character',
  defaults: { epochs: 6, batchSize: 32, lr: 2e-3 },
  options: [
    { flags: '--corpus <name>', description: CORPORA.join('|'), default: 'moby-dick', parse: oneOf('--corpus', CORPORA) },
    {
      flags: '--models <kinds>', description: 'comma-separated rnn,lstm,gru', default: 'rnn,lstm,gru',
      parse: (v) => {
        for (const k of v.split(',')) if (!RECURRENT_KINDS.includes(k as RecurrentKind)) throw new ValueError(`--models entries must be rnn, lstm or gru, got '${k}'`);
        return v;
      },
    },
    { flags: '--hidden <n>', description: 'hidden units of the recurrent layer', default: 256 },
    { flags: '--embed <n>', description: 'character embedding width', default: 64 },
    { flags: '--bptt <n>', description: 'steps per truncated-BPTT block', default: 100 },
    { flags: '--clip <norm>', description: 'gradient-norm clipping', default: 1 },
    { flags: '--max-chars <n>', description: 'use the first n training characters (0: all)', default: 0 },
    { flags: '--temperature <t>', description: 'temperature of the written samples', default: 0.8 },
  ],
  run(run, o) {
    const corpus = o.corpus as CorpusName;
    const maxChars = Number(o.maxChars);
    const trainChars = splitText(corpus, 'train');
    const train = maxChars > 0 ? trainChars.slice(0, maxChars) : trainChars;
    const vocab = Vocabulary.build(train, { specials: ['<unk>'] });
    const [trainIds, valIds, testIds] = [train, splitText(corpus, 'validation'), splitText(corpus, 'test')].map((t) => vocab.encode(t));
    const bptt = Number(o.bptt);
    const streams = { train: batchify(trainIds!, o.batchSize), val: batchify(valIds!, 16), test: batchify(testIds!, 16) };
    const blocks = Math.ceil((streams.train.shape[0]! - 1) / bptt);
    run.say(`${corpus}: ${train.length.toLocaleString('en-US')} training characters, vocabulary ${vocab.size}, ${blocks} blocks of ${bptt}×${o.batchSize} per epoch`);
    const summary: Record<string, number> = { bpcUnigram: unigramBits(trainIds!, testIds!, vocab.size), vocabularySize: vocab.size, trainCharacters: train.length };
    const samples: string[] = [];
    for (const kind of String(o.models).split(',') as RecurrentKind[]) {
      const model = run.register(`${kind}/model`, new RecurrentLanguageModel({ vocabSize: vocab.size, kind, embedDim: Number(o.embed), hiddenSize: Number(o.hidden) }));
      const optimizer = new Adam(model.parameters(), { lr: o.lr });
      const result = run.stage(kind, {
        epochs: o.epochs, optimizer, batchesPerEpoch: blocks,
        epoch(_, bar) {
          let state: RecurrentState | null = null;
          let [nats, count] = [0, 0];
          for (const [x, y] of bpttBlocks(streams.train, bptt)) {
            optimizer.zeroGrad();
            const [logits, next] = model.forward(x, state && detachState(state));
            state = next;
            const loss = crossEntropy(logits.reshape([-1, vocab.size]), y.reshape([-1]));
            loss.backward();
            clipGradNorm_(model.parameters(), Number(o.clip));
            optimizer.step();
            nats += (loss.item() as number) * y.numel;
            count += y.numel;
            bar.tick({ bpc: nats / count / LN2 });
          }
          return { trainLoss: nats / count / LN2, valBpc: bitsPerChar(model, streams.val, bptt) };
        },
        finish: () => ({ bpc: bitsPerChar(model, streams.test, bptt) }),
      });
      summary[variantKey('bpc', kind)] = result.bpc;
      const sample = vocab.decode(sampleTokens(model, vocab.encode(['\n']), { length: 600, temperature: Number(o.temperature), generator: new Generator(o.seed + 1) })).join('');
      samples.push(`=== ${kind}, test ${result.bpc.toFixed(3)} bpc, temperature ${o.temperature} ===\n${sample}\n`);
      writeFileSync(run.file('samples.txt'), samples.join('\n'));
    }
    return summary;
  },
};
