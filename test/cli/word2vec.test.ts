import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { text } from '../../src/index.js';

const cli = new URL('../../../dist/cli/main.js', import.meta.url).pathname;

test('word2vec trains on the shipped corpora and writes vectors gensim can read, neighbours, a PCA plot and analogy figures', () => {
  const out = mkdtempSync(join(tmpdir(), 'shinsou-word2vec-'));
  const r = spawnSync(process.execPath, [cli, 'train', 'word2vec', '--max-sentences', '3000', '--epochs', '1', '--size', '20', '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, number>;
  for (const k of ['analogyAccuracy', 'randomBaseline', 'similarityCorrelation', 'randomSimilarityCorrelation', 'wordsPerSecond', 'vocabularySize', 'corpusWords']) assert.ok(Number.isFinite(summary[k]), k);
  assert.ok(summary.similarityPairs! > 0);
  assert.ok(summary.analogyQuestions! > 0);
  const vectors = text.Word2Vec.fromBinary(new Uint8Array(readFileSync(join(out, 'vectors.bin'))));
  assert.equal(vectors.size, summary.vocabularySize);
  assert.equal(vectors.vectorSize, 20);
  assert.match(readFileSync(join(out, 'neighbours.txt'), 'utf8'), /^\w+: \w+ \(/m);
  assert.ok(existsSync(join(out, 'embedding-pca.png')));
});
