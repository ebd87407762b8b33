/** @file Helpers shared by the character language-model recipes (`char-rnn`, `transformer-lm`). */
import { loadCorpus, type CorpusName, type CorpusSplit } from '../../text/corpora.js';
import { charTokenize } from '../../text/tokenizer.js';

/** The documents of a split joined by blank lines, as characters. */
export function splitText(corpus: CorpusName, split: CorpusSplit): string[] {
  return charTokenize(loadCorpus(corpus, split).map((d) => d.text).join('\n\n'));
}

/** Bits per character of the training characters' frequencies (add-one smoothed) on `ids`. */
export function unigramBits(trainIds: readonly number[], ids: readonly number[], vocabSize: number): number {
  const counts = new Float64Array(vocabSize).fill(1);
  for (const id of trainIds) counts[id]! += 1;
  const total = trainIds.length + vocabSize;
  return ids.reduce((bits, id) => bits - Math.log2(counts[id]! / total), 0) / ids.length;
}
