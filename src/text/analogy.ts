/**
 * @file Word-analogy evaluation in gensim's questions-words format: ": section" lines, then
 * "a b c d" questions answered by 3CosAdd (the nearest other word to b − a + c, on unit vectors).
 */
import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { Word2Vec } from './word2vec.js';

/** One section of an analogy file (e.g. capital-common-countries) and its questions. */
export interface AnalogySection {
  correct: number;
  total: number;
}

/** The outcome of an analogy evaluation: accuracy overall and per section. */
export interface AnalogyResult {
  /** Correct answers over the questions whose four words are all in the vocabulary. */
  accuracy: number;
  correct: number;
  total: number;
  /** Questions left out because a word is missing from the vocabulary. */
  skipped: number;
  sections: Record<string, AnalogySection>;
}

/**
 * The questions of a questions-words file: [section, a, b, c, d].
 * gensim: the questions-words format read by `KeyedVectors.evaluate_word_analogies`.
 * @example text.parseAnalogies(': capital\nathens greece berlin germany') // [['capital', 'athens', 'greece', 'berlin', 'germany']]
 */
export function parseAnalogies(questions: string): [string, string, string, string, string][] {
  let section = '';
  const out: [string, string, string, string, string][] = [];
  questions.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    if (line.startsWith(':')) {
      section = line.slice(1).trim();
      return;
    }
    const words = line.toLowerCase().split(/\s+/);
    if (words.length !== 4) throw new ValueError(`parseAnalogies: line ${i + 1} has ${words.length} words, expected 4 ("a b c d")`);
    out.push([section, ...words] as [string, string, string, string, string]);
  });
  return out;
}

/**
 * Accuracy of `w2v` on analogy questions (case-insensitive, as gensim): a question counts when its
 * four words are in the vocabulary, and is right when the nearest word to b − a + c (unit
 * vectors, cosine; a, b and c excluded) is d. Scored in batches with one matrix product each.
 * gensim: `wv.evaluate_word_analogies(path)` (which also restricts the vocabulary to its first 300,000 words).
 * @example text.evaluateAnalogies(w2v, text.loadAnalogyQuestions()).accuracy
 */
export function evaluateAnalogies(w2v: Word2Vec, questions: string): AnalogyResult {
  const parsed = parseAnalogies(questions);
  const usable = parsed.filter((q) => q.slice(1).every((w) => w2v.has(w)));
  const D = w2v.vectorSize;
  const V = w2v.size;
  const unit = new Float32Array(V * D);
  for (let i = 0; i < V; i++) {
    let n = 0;
    for (let d = 0; d < D; d++) n += w2v.vectors[i * D + d]! ** 2;
    const inv = 1 / (Math.sqrt(n) || 1);
    for (let d = 0; d < D; d++) unit[i * D + d] = w2v.vectors[i * D + d]! * inv;
  }
  const matrix = Tensor.fromData(unit, [V, D]);
  const ids = new Map(w2v.words.map((w, i) => [w, i]));
  const sections: Record<string, AnalogySection> = {};
  let correct = 0;
  for (let start = 0; start < usable.length; start += 256) {
    const batch = usable.slice(start, start + 256);
    const query = new Float32Array(batch.length * D);
    batch.forEach(([, a, b, c], q) => {
      const [ia, ib, ic] = [ids.get(a)!, ids.get(b)!, ids.get(c)!];
      for (let d = 0; d < D; d++) query[q * D + d] = unit[ib * D + d]! - unit[ia * D + d]! + unit[ic * D + d]!;
    });
    const scores = Tensor.fromData(query, [batch.length, D]).matmul(matrix.mT).contiguousData();
    batch.forEach(([section, a, b, c, d], q) => {
      const skip = new Set([ids.get(a), ids.get(b), ids.get(c)]);
      let [best, bestScore] = [-1, -Infinity];
      for (let i = 0; i < V; i++) {
        const v = scores[q * V + i]!;
        if (v > bestScore && !skip.has(i)) [best, bestScore] = [i, v];
      }
      const s = (sections[section] ??= { correct: 0, total: 0 });
      s.total++;
      if (best === ids.get(d)) {
        s.correct++;
        correct++;
      }
    });
  }
  return { accuracy: usable.length ? correct / usable.length : NaN, correct, total: usable.length, skipped: parsed.length - usable.length, sections };
}
