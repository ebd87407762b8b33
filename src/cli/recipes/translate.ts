/**
 * @file `translate`: English→German with an encoder-decoder Transformer (SPEC §12.6) on the
 * everyday sentence pairs of the Ding dictionary (Debian `trans-de-en`, read where it is
 * installed) or a tab-separated pairs file: lower-cased word tokens, label-smoothed teacher
 * forcing under the Noam schedule, then test BLEU of greedy and beam-search translations,
 * sample translations and a cross-attention heat map.
 */
import { writeFileSync } from 'node:fs';
import { noGrad } from '../../autograd/grad_mode.js';
import { heatmap } from '../../io/heatmap.js';
import { TransformerSeq2Seq } from '../../models/transformer_seq2seq.js';
import { crossEntropy } from '../../nn/functional/loss.js';
import { clipGradNorm_ } from '../../nn/utils/clip_grad.js';
import { Adam } from '../../optim/adam.js';
import { NoamLR } from '../../optim/lr_scheduler.js';
import { defaultGenerator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bucketBatches, padTokenRows } from '../../text/batching.js';
import { corpusBleu } from '../../text/bleu.js';
import { beamSearch, greedyDecode } from '../../text/decoding.js';
import { DING_PATH, loadSentencePairs, type SentencePair } from '../../text/sentence_pairs.js';
import { wordTokenize } from '../../text/tokenizer.js';
import { Vocabulary } from '../../text/vocabulary.js';
import type { Recipe } from '../recipe.js';

/** A split as source ids (ending in `<eos>`) and target ids (without `<bos>`/`<eos>`), with the raw German references. */
interface Split {
  source: number[][];
  target: number[][];
  references: string[];
  english: string[];
}

const [PAD, BOS, EOS] = [0, 2, 3]; // The default specials: <pad> <unk> <bos> <eos>.

function encodeSplit(pairs: readonly SentencePair[], src: Vocabulary, tgt: Vocabulary): Split {
  return {
    source: pairs.map((p) => [...src.encode(wordTokenize(p.english)), EOS]),
    target: pairs.map((p) => tgt.encode(wordTokenize(p.german))),
    references: pairs.map((p) => p.german),
    english: pairs.map((p) => p.english),
  };
}

/** Teacher-forced logits and targets of a batch: decoder input `<bos>` y, target y `<eos>`. */
function teacherForced(model: TransformerSeq2Seq, split: Split, batch: readonly number[]): { logits: Tensor; targets: Tensor } {
  const src = padTokenRows(batch.map((i) => split.source[i]!), PAD);
  const tgtIn = padTokenRows(batch.map((i) => [BOS, ...split.target[i]!]), PAD);
  const targets = padTokenRows(batch.map((i) => [...split.target[i]!, EOS]), PAD);
  const logits = model.forward(src, tgtIn);
  return { logits: logits.reshape([-1, logits.shape[2]!]), targets: targets.reshape([-1]) };
}

/** Mean token cross-entropy (nats, no smoothing) of the split under teacher forcing. */
function validationLoss(model: TransformerSeq2Seq, split: Split): number {
  const was = model.training;
  model.eval();
  try {
    let [nats, tokens] = [0, 0];
    noGrad(() => {
      for (let b = 0; b < split.source.length; b += 128) {
        const batch = Array.from({ length: Math.min(128, split.source.length - b) }, (_, k) => b + k);
        const { logits, targets } = teacherForced(model, split, batch);
        nats += (crossEntropy(logits, targets, { ignoreIndex: PAD, reduction: 'sum' }).item() as number);
        tokens += batch.reduce((n, i) => n + split.target[i]!.length + 1, 0);
      }
    });
    return nats / tokens;
  } finally {
    model.train(was);
  }
}

/** Words joined by spaces, with the hyphens the tokenizer split off joined back ("e - mail" → "e-mail"). */
function detokenize(words: readonly string[]): string {
  return words.join(' ').replace(/(\S) - (?=\S)/g, '$1-');
}

/** Greedy (batched, for `beamSize` 1) or beam-search translations of the split's sources `indices`, as target ids. */
function translateAll(model: TransformerSeq2Seq, split: Split, indices: readonly number[], beamSize: number, lengthPenalty: number): number[][] {
  const was = model.training;
  model.eval();
  try {
    return noGrad(() => {
      const out: number[][] = [];
      for (let b = 0; b < indices.length; b += beamSize > 1 ? 1 : 128) {
        const batch = indices.slice(b, b + (beamSize > 1 ? 1 : 128));
        const src = padTokenRows(batch.map((i) => split.source[i]!), PAD);
        const maxLength = src.shape[1]! + 10;
        const decoded = beamSize > 1
          ? [beamSearch(model.stepDecoder(src), { bos: BOS, eos: EOS, maxLength, beamSize, lengthPenalty })[0]!.tokens]
          : greedyDecode(model.stepDecoder(src), batch.length, { bos: BOS, eos: EOS, maxLength });
        out.push(...decoded);
      }
      return out;
    });
  } finally {
    model.train(was);
  }
}

/** The last decoder layer's cross-attention (mean over heads) of the translation `german` of `english`, as a heat map. */
function attentionMap(run: { file(name: string): string }, model: TransformerSeq2Seq, english: number[], german: number[], src: Vocabulary, tgt: Vocabulary): void {
  const weights: Tensor[] = [];
  const was = model.training;
  model.eval();
  noGrad(() => model.decode(padTokenRows([[BOS, ...german]], PAD), model.encode(padTokenRows([english], PAD)), 0, null, weights));
  model.train(was);
  const last = weights.at(-1)!; // [1, heads, T, S] averaged over the heads
  const map = last.ndim === 4 ? last.mean(1).select(0, 0) : last.select(0, 0);
  const [T, S] = map.shape as [number, number];
  const data = map.dataSync();
  const rows = Array.from({ length: T }, (_, i) => Array.from({ length: S }, (_, j) => Number(data[i * S + j])));
  heatmap(run.file('attention.png'), rows, {
    rowLabels: [...tgt.decode(german), '<eos>'], columnLabels: src.decode(english), title: 'cross-attention of each output word, last decoder layer',
  });
}

export const translate: Recipe = {
  name: 'translate',
  description: "English→German: an encoder-decoder Transformer on the sentence pairs of Debian's trans-de-en dictionary; reports test BLEU of greedy and beam search",
  defaults: { epochs: 10, batchSize: 64, lr: 1e-3 },
  options: [
    { flags: '--dictionary <path>', description: "the Ding dictionary of Debian's trans-de-en (GPL, read where installed)", default: DING_PATH },
    { flags: '--pairs <path>', description: "tab-separated 'English<TAB>German' pairs to use instead of the dictionary", default: '' },
    { flags: '--max-train <n>', description: 'train on the first n training pairs (0: all)', default: 0 },
    { flags: '--d-model <n>', description: 'model width', default: 128 },
    { flags: '--heads <n>', description: 'attention heads', default: 4 },
    { flags: '--layers <n>', description: 'encoder and decoder layers each', default: 2 },
    { flags: '--ff <n>', description: 'feed-forward width', default: 512 },
    { flags: '--dropout <p>', description: 'dropout', default: 0.1 },
    { flags: '--label-smoothing <e>', description: 'label smoothing of the training loss', default: 0.1 },
    { flags: '--warmup <steps>', description: 'Noam warmup steps (--lr is the peak learning rate, reached there)', default: 400 },
    { flags: '--min-freq <n>', description: 'vocabularies: training tokens seen at least n times', default: 2 },
    { flags: '--beam <n>', description: 'beam size', default: 4 },
    { flags: '--length-penalty <a>', description: "GNMT length penalty α of the beam search", default: 0.6 },
    { flags: '--clip <norm>', description: 'gradient-norm clipping', default: 1 },
  ],
  run(run, o) {
    const pairs = loadSentencePairs(o.pairs ? { pairs: String(o.pairs) } : { dictionary: String(o.dictionary) });
    const bySplit = (s: string): SentencePair[] => pairs.filter((p) => p.split === s);
    const trainPairs = Number(o.maxTrain) > 0 ? bySplit('train').slice(0, Number(o.maxTrain)) : bySplit('train');
    const minFreq = Number(o.minFreq);
    const srcVocab = Vocabulary.build(trainPairs.flatMap((p) => wordTokenize(p.english)), { minFreq });
    const tgtVocab = Vocabulary.build(trainPairs.flatMap((p) => wordTokenize(p.german)), { minFreq });
    const [train, val, test] = [trainPairs, bySplit('validation'), bySplit('test')].map((p) => encodeSplit(p, srcVocab, tgtVocab)) as [Split, Split, Split];
    const longest = Math.max(...[train, val, test].flatMap((s) => [...s.source, ...s.target].map((ids) => ids.length))) + 12;
    const dModel = Number(o.dModel);
    const model = run.register('model', new TransformerSeq2Seq({
      srcVocabSize: srcVocab.size, tgtVocabSize: tgtVocab.size, padId: PAD, dModel, nhead: Number(o.heads), numEncoderLayers: Number(o.layers), numDecoderLayers: Number(o.layers),
      dimFeedforward: Number(o.ff), dropout: Number(o.dropout), maxLen: longest, normFirst: true,
    }));
    const parameters = [...model.parameters()].reduce((n, p) => n + p.numel, 0);
    run.say(`${train.source.length} / ${val.source.length} / ${test.source.length} train / validation / test pairs, vocabularies ${srcVocab.size} English and ${tgtVocab.size} German words, ${parameters.toLocaleString('en-US')} parameters`);
    const warmup = Number(o.warmup);
    // Noam's d^-0.5·min(s^-0.5, s·w^-1.5) peaks at (d·w)^-0.5 at step w: scaled so the peak is --lr.
    const optimizer = new Adam(model.parameters(), { lr: o.lr * Math.sqrt(dModel * warmup), betas: [0.9, 0.98], eps: 1e-9 });
    const scheduler = new NoamLR(optimizer, { dModel, warmupSteps: warmup });
    const testIndices = test.source.map((_, i) => i);
    const [beamSize, lengthPenalty] = [Number(o.beam), Number(o.lengthPenalty)];
    const result = run.stage('transformer', {
      epochs: o.epochs, optimizer, scheduler, batchesPerEpoch: Math.ceil(train.source.length / o.batchSize),
      epoch(_, bar) {
        let [total, count] = [0, 0];
        for (const batch of bucketBatches(train.source.map((ids) => ids.length), o.batchSize, defaultGenerator)) {
          optimizer.zeroGrad();
          const { logits, targets } = teacherForced(model, train, batch);
          const loss = crossEntropy(logits, targets, { ignoreIndex: PAD, labelSmoothing: Number(o.labelSmoothing) });
          loss.backward();
          clipGradNorm_(model.parameters(), Number(o.clip));
          optimizer.step();
          scheduler.step();
          total += (loss.item() as number) * batch.length;
          count += batch.length;
          bar.tick({ loss: total / count });
        }
        return { trainLoss: total / count, valLoss: validationLoss(model, val) };
      },
      finish() {
        const bleu = (translations: number[][]): number => corpusBleu(translations.map((ids) => detokenize(tgtVocab.decode(ids))), test.references, { lowercase: true }).score;
        const t0 = Date.now();
        const greedy = translateAll(model, test, testIndices, 1, lengthPenalty);
        const greedySeconds = (Date.now() - t0) / 1000;
        const beam = translateAll(model, test, testIndices, beamSize, lengthPenalty);
        return { testBleuGreedy: bleu(greedy), testBleuBeam: bleu(beam), testLoss: validationLoss(model, test), greedySeconds, beamSeconds: (Date.now() - t0) / 1000 - greedySeconds };
      },
    });
    const shown = testIndices.slice(0, 12);
    const [greedy, beam] = [1, beamSize].map((k) => translateAll(model, test, shown, k, lengthPenalty)) as [number[][], number[][]];
    const text = (ids: number[]): string => detokenize(tgtVocab.decode(ids));
    writeFileSync(run.file('samples.txt'), shown.map((i, k) => `EN     ${test.english[i]}\nDE     ${test.references[i]}\ngreedy ${text(greedy[k]!)}\nbeam   ${text(beam[k]!)}\n`).join('\n'));
    const example = shown.reduce((best, i) => (test.source[i]!.length > test.source[best]!.length && test.source[i]!.length <= 14 ? i : best), shown[0]!);
    attentionMap(run, model, test.source[example]!, beam[shown.indexOf(example)]!, srcVocab, tgtVocab);
    return { ...result, parameters, trainPairs: train.source.length, testPairs: test.source.length, sourceVocabulary: srcVocab.size, targetVocabulary: tgtVocab.size };
  },
};
