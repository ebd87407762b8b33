/**
 * @file The js Word2Vec epoch: the same loop and the same xorshift32 draws as
 * native/src/word2vec.c with one thread, so either repeats the other's run up to float rounding.
 */
import type { Word2VecEpoch } from '../backend.js';

function xorshift(state: Uint32Array): number {
  let x = state[0]!;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  state[0] = x;
  return state[0]!;
}

function drawNegative(table: Float64Array, u: number): number {
  let [lo, hi] = [0, table.length - 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (table[mid]! <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const sigmoid = (x: number): number => (x > 6 ? 1 : x < -6 ? 0 : 1 / (1 + Math.exp(-x)));

/** Longest sentence trained, after subsampling (gensim's limit too); the rest is dropped. */
const MAX_SENTENCE = 10000;

export function word2vecEpoch(job: Word2VecEpoch, epoch: number): void {
  const { syn0, syn1, corpus, sentenceEnds, keep, table, vectorSize: D, window, negative, sg, cbowMean, alpha, minAlpha, seed, totalWords } = job;
  const rng = Uint32Array.of((Math.imul(seed, 1000003) + Math.imul(epoch, 7919) + 1) >>> 0 || 1);
  const uniform = (): number => xorshift(rng) / 4294967296;
  const neu1 = new Float32Array(D);
  const neu1e = new Float32Array(D);
  const sentence = new Int32Array(MAX_SENTENCE);
  const trainTargets = (hidden: Float32Array, offset: number, target: number, lr: number): void => {
    for (let k = 0; k <= negative; k++) {
      let t = target;
      let label = 1;
      if (k > 0) {
        t = drawNegative(table, uniform());
        if (t === target) continue;
        label = 0;
      }
      const row = t * D;
      let dot = 0;
      for (let d = 0; d < D; d++) dot += hidden[offset + d]! * syn1[row + d]!;
      dot = Math.fround(dot);
      const g = (label - sigmoid(dot)) * lr;
      for (let d = 0; d < D; d++) {
        neu1e[d]! += g * syn1[row + d]!;
        syn1[row + d]! += g * hidden[offset + d]!;
      }
    }
  };
  let done = 0;
  for (let s = 0; s < sentenceEnds.length; s++) {
    const [start, end] = [s === 0 ? 0 : sentenceEnds[s - 1]!, sentenceEnds[s]!];
    const lr = Math.max(minAlpha, alpha - (alpha - minAlpha) * ((done + epoch * corpus.length) / totalWords));
    done += end - start;
    let n = 0;
    for (let i = start; i < end && n < MAX_SENTENCE; i++) {
      const w = corpus[i]!;
      if (keep[w]! >= 1 || uniform() < keep[w]!) sentence[n++] = w;
    }
    for (let pos = 0; pos < n; pos++) {
      const reach = window - (xorshift(rng) % window);
      const [from, to] = [Math.max(0, pos - reach), Math.min(n - 1, pos + reach)];
      const centre = sentence[pos]!;
      if (sg) {
        for (let k = from; k <= to; k++) {
          if (k === pos) continue;
          const context = sentence[k]! * D;
          neu1e.fill(0);
          trainTargets(syn0, context, centre, lr);
          for (let d = 0; d < D; d++) syn0[context + d]! += neu1e[d]!;
        }
        continue;
      }
      neu1.fill(0);
      let count = 0;
      for (let k = from; k <= to; k++) {
        if (k === pos) continue;
        const context = sentence[k]! * D;
        for (let d = 0; d < D; d++) neu1[d]! += syn0[context + d]!;
        count++;
      }
      if (count === 0) continue;
      if (cbowMean) for (let d = 0; d < D; d++) neu1[d]! /= count;
      neu1e.fill(0);
      trainTargets(neu1, 0, centre, lr);
      // As gensim: the error reaches each context word whole after a mean, split after a sum.
      const share = cbowMean ? 1 : 1 / count;
      for (let k = from; k <= to; k++) {
        if (k === pos) continue;
        const context = sentence[k]! * D;
        for (let d = 0; d < D; d++) syn0[context + d]! += neu1e[d]! * share;
      }
    }
  }
}
