import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { loadFixture } from '../helpers.js';

const { text } = s;
const fixtureText = (name: string): string => readFileSync(new URL(`../../../test/fixtures/text/${name}`, import.meta.url), 'utf8');
const fixture = loadFixture<{ wordPairs: { pearson: number; spearman: number; oovPercent: number } }>('text/word2vec.json');

test('evaluateSimilarity gives gensim’s evaluate_word_pairs figures on the same vectors and pairs (tied scores, an unknown word)', () => {
  const w2v = text.Word2Vec.fromBinary(new Uint8Array(readFileSync(new URL('../../../test/fixtures/text/gensim.bin', import.meta.url))));
  const result = text.evaluateSimilarity(w2v, fixtureText('pairs.tsv'));
  assert.ok(Math.abs(result.spearman - fixture.wordPairs.spearman) < 1e-6, `spearman ${result.spearman} vs ${fixture.wordPairs.spearman}`);
  assert.ok(Math.abs(result.pearson - fixture.wordPairs.pearson) < 1e-6, `pearson ${result.pearson} vs ${fixture.wordPairs.pearson}`);
  assert.equal((100 * result.skipped) / (result.pairs + result.skipped), fixture.wordPairs.oovPercent);
});

test('rank correlation: average ranks for ties, ±1 for monotone lists whatever their spacing', () => {
  assert.deepEqual(text.averageRanks([10, 20, 20, 5, 20]), [2, 4, 4, 1, 4]);
  assert.equal(text.spearmanCorrelation([1, 2, 3, 4], [1, 10, 100, 1000]), 1);
  assert.equal(text.spearmanCorrelation([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  assert.ok(text.pearsonCorrelation([1, 2, 3, 4], [1, 10, 100, 1000]) < 0.9);
  assert.throws(() => text.pearsonCorrelation([1, 2], [1]), /lists of 2 and 1 values/);
});

test('parseWordPairs reads tab-separated pairs, skips comments and rejects malformed lines', () => {
  assert.deepEqual(text.parseWordPairs('# c\nKing\tqueen\t9\n\n'), [['king', 'queen', 9]]);
  assert.throws(() => text.parseWordPairs('king queen 9\n'), /line 1 is not "word1<TAB>word2<TAB>score"/);
  assert.throws(() => text.parseWordPairs('a\tb\t\n'), s.ValueError);
  const shipped = text.parseWordPairs(text.loadSimilarityPairs());
  assert.ok(shipped.length > 1000);
  assert.ok(shipped.every(([, , score]) => score > 0 && score <= 1));
});
