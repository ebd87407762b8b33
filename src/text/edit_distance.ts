/** @file Levenshtein distance and the error rates of speech recognition built on it. */
import { ValueError } from '../errors.js';

/**
 * The fewest insertions, deletions and substitutions that turn `a` into `b` (Levenshtein), over
 * characters of strings or elements of arrays.
 * PyTorch: none built in (torchaudio's `functional.edit_distance`).
 * @example editDistance('kitten', 'sitting') // 3
 */
export function editDistance<T>(a: string | readonly T[], b: string | readonly T[]): number {
  const [x, y] = [[...a], [...b]];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[y.length]!;
}

/**
 * Character error rate of `hypotheses` against `references`: the summed edit distances over the
 * summed reference lengths (so long sentences weigh more), as speech-recognition papers report it.
 * PyTorch: none built in (torchmetrics' `CharErrorRate`).
 * @example characterErrorRate(['helo world'], ['hello world']) // 1/11
 */
export function characterErrorRate(hypotheses: readonly string[], references: readonly string[]): number {
  if (hypotheses.length !== references.length) throw new ValueError(`characterErrorRate: ${hypotheses.length} hypotheses for ${references.length} references`);
  const chars = references.reduce((n, r) => n + [...r].length, 0);
  return hypotheses.reduce((n, h, i) => n + editDistance(h, references[i]!), 0) / Math.max(chars, 1);
}
