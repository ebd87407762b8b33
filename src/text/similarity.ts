/**
 * @file Word-similarity evaluation in the WordSim-353 format that gensim's `evaluate_word_pairs`
 * reads: "word1 TAB word2 TAB score" lines, '#' comments; the cosine of each pair's vectors is
 * compared with the human (or WordNet) score by rank correlation.
 */
import { ValueError } from '../errors.js';
import type { Word2Vec } from './word2vec.js';

/** The rank correlation between model similarities and human judgements, and the pairs it covered. */
export interface SimilarityResult {
  /** Spearman's rank correlation between cosine similarity and the given scores (average ranks for ties). */
  spearman: number;
  /** Pearson's correlation of the same. */
  pearson: number;
  /** Pairs whose two words are in the vocabulary. */
  pairs: number;
  /** Pairs left out because a word is missing from the vocabulary. */
  skipped: number;
}

/**
 * The pairs of a word-similarity file: [word1, word2, score], lower-cased.
 * gensim: the WordSim-353 format read by `KeyedVectors.evaluate_word_pairs`.
 * @example text.parseWordPairs('tiger\tcat\t7.35') // [['tiger', 'cat', 7.35]]
 */
export function parseWordPairs(tsv: string): [string, string, number][] {
  const out: [string, string, number][] = [];
  tsv.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split('\t');
    const score = Number(fields[2]);
    if (fields.length !== 3 || fields[2]!.trim() === '' || !Number.isFinite(score)) {
      throw new ValueError(`parseWordPairs: line ${i + 1} is not "word1<TAB>word2<TAB>score": ${JSON.stringify(line)}`);
    }
    out.push([fields[0]!.toLowerCase(), fields[1]!.toLowerCase(), score]);
  });
  return out;
}

/**
 * Pearson's correlation of two equally long lists.
 * PyTorch: `torch.corrcoef(torch.stack([x, y]))[0, 1]`; scipy: `pearsonr`.
 * @example text.pearsonCorrelation([1, 2, 3], [2, 4, 7])
 */
export function pearsonCorrelation(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new ValueError(`pearsonCorrelation: lists of ${x.length} and ${y.length} values`);
  const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(x), mean(y)];
  let [sxy, sxx, syy] = [0, 0, 0];
  x.forEach((xi, i) => {
    const [dx, dy] = [xi - mx, y[i]! - my];
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  });
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * 1-based ranks, ties sharing their average rank (scipy.stats.rankdata's 'average').
 * PyTorch: none; scipy: `scipy.stats.rankdata(values, method='average')`.
 * @example text.averageRanks([10, 20, 20, 30]) // [1, 2.5, 2.5, 4]
 */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && order[end]![0] === order[start]![0]) end++;
    for (let k = start; k < end; k++) ranks[order[k]![1]] = (start + end + 1) / 2;
    start = end;
  }
  return ranks;
}

/**
 * Spearman's rank correlation: Pearson's on average ranks (scipy.stats.spearmanr).
 * PyTorch: none; scipy: `scipy.stats.spearmanr(x, y).correlation`.
 * @example text.spearmanCorrelation(humanScores, modelScores) // ρ for WordSim-353
 */
export function spearmanCorrelation(x: readonly number[], y: readonly number[]): number {
  return pearsonCorrelation(averageRanks(x), averageRanks(y));
}

/**
 * How well the cosine similarities of `w2v` order the word pairs of `tsv` (case-insensitive),
 * over the pairs whose words are both in the vocabulary.
 * gensim: `wv.evaluate_word_pairs(path, case_insensitive=True)` (its Spearman and Pearson figures).
 * @example evaluateSimilarity(w2v, loadSimilarityPairs()).spearman
 */
export function evaluateSimilarity(w2v: Word2Vec, tsv: string): SimilarityResult {
  const parsed = parseWordPairs(tsv);
  const usable = parsed.filter(([a, b]) => w2v.has(a) && w2v.has(b));
  const cosines = usable.map(([a, b]) => w2v.similarity(a, b));
  const scores = usable.map(([, , s]) => s);
  return { spearman: spearmanCorrelation(cosines, scores), pearson: pearsonCorrelation(cosines, scores), pairs: usable.length, skipped: parsed.length - usable.length };
}
