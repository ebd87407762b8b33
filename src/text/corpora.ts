/**
 * @file The shipped English corpora (Node): State of the Union addresses 1790–2021 and Moby-Dick,
 * public domain, built by tools/data/text.js with fixed train/validation/test splits by document.
 */
import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { FormatError, ValueError } from '../errors.js';
import { packageFile } from '../io/package_file.js';

/** The corpora `loadCorpus` knows. */
export const CORPORA = ['sotu', 'moby-dick'] as const;
export type CorpusName = (typeof CORPORA)[number];

export type CorpusSplit = 'train' | 'validation' | 'test';

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
 * @example const train = loadCorpus('sotu', 'train').map((d) => d.text).join('\n');
 */
export function loadCorpus(name: CorpusName, split?: CorpusSplit): CorpusDocument[] {
  if (!CORPORA.includes(name)) throw new ValueError(`loadCorpus: corpus must be one of ${CORPORA.join(', ')}, got '${String(name)}'`);
  if (split !== undefined && split !== 'train' && split !== 'validation' && split !== 'test') {
    throw new ValueError(`loadCorpus: split must be 'train', 'validation' or 'test', got '${String(split)}'`);
  }
  let docs = cache.get(name);
  if (!docs) {
    const path = packageFile(`data/text/${name}.jsonl.br`);
    if (path === null) throw new ValueError(`loadCorpus: the shipped data/text/${name}.jsonl.br is missing from the shinsou package`);
    const lines = brotliDecompressSync(readFileSync(path)).toString('utf8').split('\n').filter(Boolean);
    docs = lines.map((line, i) => {
      const d = JSON.parse(line) as Partial<CorpusDocument>;
      if (typeof d.id !== 'string' || typeof d.text !== 'string' || !['train', 'validation', 'test'].includes(String(d.split))) {
        throw new FormatError(`loadCorpus: line ${i + 1} of ${path} is not a {id, title, split, text} document`);
      }
      return d as CorpusDocument;
    });
    cache.set(name, docs);
  }
  return split ? docs.filter((d) => d.split === split) : [...docs];
}

/**
 * The shipped word-analogy questions (data/text/analogies.txt, gensim's questions-words format),
 * built by tools/data/analogies.py from WordNet 3.0: irregular and regular plurals, irregular
 * past tenses and participles, comparatives, superlatives and antonyms.
 */
export function loadAnalogyQuestions(): string {
  return shippedText('data/text/analogies.txt', 'loadAnalogyQuestions');
}

/**
 * The shipped word-similarity pairs (data/text/similarity.tsv, WordSim-353's tab-separated
 * format), built by tools/data/similarity.py from WordNet 3.0: 1,158 noun pairs scored by the
 * Wu-Palmer similarity of their first senses. For evaluateSimilarity.
 */
export function loadSimilarityPairs(): string {
  return shippedText('data/text/similarity.tsv', 'loadSimilarityPairs');
}

function shippedText(file: string, caller: string): string {
  const path = packageFile(file);
  if (path === null) throw new ValueError(`${caller}: the shipped ${file} is missing from the shinsou package`);
  return readFileSync(path, 'utf8');
}
