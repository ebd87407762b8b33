/**
 * @file The shipped English corpora (Node): State of the Union addresses 1790–2021 and Moby-Dick,
 * public domain, built by tools/data/text.js with fixed train/validation/test splits by document.
 */
import { ValueError } from '../errors.js';
import { checkSplit, shippedJsonLines, shippedText, type CorpusSplit } from './shipped.js';

export type { CorpusSplit };

/** The corpora `loadCorpus` knows. */
export const CORPORA = ['sotu', 'moby-dick'] as const;
/** The names of the text corpora shipped with the package. */
export type CorpusName = (typeof CORPORA)[number];

/** One document of a corpus. */
export interface CorpusDocument {
  /** Unique within the corpus, e.g. '1790_george_washington_n' or 'chapter_1'. */
  id: string;
  title: string;
  split: CorpusSplit;
  text: string;
}

const cache = new Map<CorpusName, CorpusDocument[]>();

/**
 * The documents of `name` in their order: 'sotu' (233 State of the Union addresses, 1.79 M
 * words) or 'moby-dick' (139 chapters and front matter, 0.21 M words); only those of `split`
 * when given. Each document is in one split, fixed by a hash of its id (about 80/10/10).
 * PyTorch: none (torchtext's datasets are the nearest).
 * @example const train = loadCorpus('sotu', 'train').map((d) => d.text).join('\n');
 */
export function loadCorpus(name: CorpusName, split?: CorpusSplit): CorpusDocument[] {
  if (!CORPORA.includes(name)) throw new ValueError(`loadCorpus: corpus must be one of ${CORPORA.join(', ')}, got '${String(name)}'`);
  checkSplit(split, 'loadCorpus');
  let docs = cache.get(name);
  if (!docs) {
    docs = shippedJsonLines<CorpusDocument>(`data/text/${name}.jsonl.br`, 'loadCorpus', (d) => typeof d.id === 'string' && typeof d.text === 'string',
      '{id, title, split, text} document');
    cache.set(name, docs);
  }
  return split ? docs.filter((d) => d.split === split) : [...docs];
}

/**
 * The shipped word-analogy questions (data/text/analogies.txt, gensim's questions-words format),
 * built by tools/data/analogies.py from WordNet 3.0: irregular and regular plurals, irregular
 * past tenses and participles, comparatives, superlatives and antonyms.
 * @example text.parseAnalogies(text.loadAnalogyQuestions()).length
 */
export function loadAnalogyQuestions(): string {
  return shippedText('data/text/analogies.txt', 'loadAnalogyQuestions');
}

/**
 * The shipped word-similarity pairs (data/text/similarity.tsv, WordSim-353's tab-separated
 * format), built by tools/data/similarity.py from WordNet 3.0: 1,158 noun pairs scored by the
 * Wu-Palmer similarity of their first senses. For evaluateSimilarity.
 * gensim: the WordSim-353 format of `test/test_data/wordsim353.tsv`.
 * @example text.parseWordPairs(text.loadSimilarityPairs()) // [word, word, human score]
 */
export function loadSimilarityPairs(): string {
  return shippedText('data/text/similarity.tsv', 'loadSimilarityPairs');
}
