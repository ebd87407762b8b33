import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { loadFixture } from '../helpers.js';

const { text } = s;
const fixtureFile = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../../test/fixtures/text/${name}`, import.meta.url)));

interface Queries {
  mostSimilar: Record<string, [string, number][]>;
  similarity: [string, string, number][];
  analogy: [string, string, string, string][];
}
const fixture = loadFixture<{ gensim: Queries; gensimReadsShinsou: Queries }>('text/word2vec.json');

function checkQueries(w2v: s.text.Word2Vec, q: Queries, label: string): void {
  for (const [word, expected] of Object.entries(q.mostSimilar)) {
    const ours = w2v.mostSimilar(word, expected.length);
    assert.deepEqual(ours.map(([w]) => w), expected.map(([w]) => w), `${label}: neighbours of ${word}`);
    ours.forEach(([, sim], i) => assert.ok(Math.abs(sim - expected[i]![1]) < 1e-5, `${label}: ${word} ${sim} vs ${expected[i]![1]}`));
  }
  for (const [a, b, sim] of q.similarity) assert.ok(Math.abs(w2v.similarity(a, b) - sim) < 1e-5, `${label}: similarity ${a} ${b}`);
  for (const [a, b, c, answer] of q.analogy) assert.equal(w2v.analogy(a, b, c), answer, `${label}: ${a} : ${b} :: ${c} : ?`);
}

test('Word2Vec reads gensim’s text and binary files and answers most_similar, similarity and 3CosAdd as gensim does', () => {
  const fromText = text.Word2Vec.fromText(new TextDecoder().decode(fixtureFile('gensim.txt')));
  const fromBinary = text.Word2Vec.fromBinary(fixtureFile('gensim.bin'));
  assert.deepEqual(fromText.vectors, fromBinary.vectors);
  checkQueries(fromBinary, fixture.gensim, 'gensim file');
});

test('gensim reads the binary file shinsou writes (the fixture records its answers on it), and both formats round-trip', () => {
  const w2v = text.Word2Vec.fromBinary(fixtureFile('gensim.bin'));
  assert.deepEqual(w2v.toBinary(), fixtureFile('shinsou.bin'), 'the fixture holds what toBinary writes');
  checkQueries(text.Word2Vec.fromBinary(fixtureFile('shinsou.bin')), fixture.gensimReadsShinsou, 'gensim on shinsou.bin');
  const again = text.Word2Vec.fromText(w2v.toText());
  assert.deepEqual(again.words, w2v.words);
  assert.deepEqual(again.vectors, w2v.vectors);
  assert.throws(() => text.Word2Vec.fromBinary(fixtureFile('gensim.bin').subarray(0, 100)), /ends inside word/);
  assert.throws(() => text.Word2Vec.fromText('3 2\na 1 2\n'), s.ValueError);
});

test('3CosAdd on a hand-made embedding: king − man + woman = queen', () => {
  const words = ['king', 'queen', 'man', 'woman', 'apple'];
  const w2v = new text.Word2Vec(words, Float32Array.from([0.9, 1, 0, 0.9, 0, 1, 1, 0.1, 0, 1, 0, 0.1, 0, 0, 5]), 3);
  assert.equal(w2v.analogy('man', 'king', 'woman'), 'queen');
  assert.throws(() => w2v.similarity('king', 'pear'), /'pear' is not in the vocabulary/);
});

test('the subsampling keep probability and the negative-sampling table follow word2vec.c', () => {
  // f = 1000 of N = 1e6 at t = 1e-3: (√(1000/1000) + 1)·1000/1000 = 2 → kept always; f = 10,000: (√10 + 1)/10.
  assert.equal(text.keepProbability(1000, 1e6, 1e-3), 1);
  assert.ok(Math.abs(text.keepProbability(10000, 1e6, 1e-3) - (Math.sqrt(10) + 1) / 10) < 1e-12);
  assert.equal(text.keepProbability(10000, 1e6, 0), 1);
  const counts = [1000, 100, 10, 1];
  const table = text.negativeSamplingTable(counts);
  const z = counts.reduce((a, c) => a + c ** 0.75, 0);
  const probabilities = [...table].map((v, i) => v - (i > 0 ? table[i - 1]! : 0));
  probabilities.forEach((p, i) => assert.ok(Math.abs(p - counts[i]! ** 0.75 / z) < 1e-12));
  assert.equal(table[3], 1);
});

test('Word2Vec training puts words of the same topic together, for skip-gram and CBOW, and a seed repeats a one-thread run exactly', () => {
  const g = new s.Generator(3);
  const topics = [['sail', 'ship', 'sea', 'wave', 'harpoon', 'whale'], ['vote', 'law', 'congress', 'senate', 'tax', 'bill']];
  const sentences = Array.from({ length: 800 }, () => {
    const topic = topics[g.integer(0, 2)]!;
    return Array.from({ length: 8 }, () => topic[g.integer(0, topic.length)]!);
  });
  const threads = s.getNumThreads();
  for (const sg of [true, false]) {
    try {
      // Two threads train per-thread copies of the rows and merge them: they must learn what one thread does.
      for (const n of [1, 2]) {
        s.setNumThreads(n);
        const w2v = text.Word2Vec.train(sentences, { sg, vectorSize: 16, window: 3, minCount: 1, epochs: 3, sample: 0 });
        const within = w2v.similarity('ship', 'whale');
        const across = w2v.similarity('ship', 'senate');
        assert.ok(within > across + 0.3, `sg ${sg}, ${n} threads: within ${within} across ${across}`);
        assert.deepEqual(w2v.mostSimilar('law', 5).map(([w]) => w).sort(), ['bill', 'congress', 'senate', 'tax', 'vote']);
      }
      // One thread repeats a run exactly; more run Hogwild, as word2vec.c and gensim, and differ slightly.
      s.setNumThreads(1);
      const once = text.Word2Vec.train(sentences, { sg, vectorSize: 16, window: 3, minCount: 1, epochs: 3 });
      assert.deepEqual(text.Word2Vec.train(sentences, { sg, vectorSize: 16, window: 3, minCount: 1, epochs: 3 }).vectors, once.vectors);
    } finally {
      s.setNumThreads(threads);
    }
  }
  assert.throws(() => text.Word2Vec.train([['a']], { minCount: 2 }), /no word occurs 2 times/);
  assert.throws(() => text.Word2Vec.train([['a']], { window: 0 }), /window must be a positive integer/);
});

test('evaluateAnalogies scores questions-words files by 3CosAdd, per section, skipping unknown words', () => {
  const w2v = new text.Word2Vec(['king', 'queen', 'man', 'woman', 'apple'], Float32Array.from([0.9, 1, 0, 0.9, 0, 1, 1, 0.1, 0, 1, 0, 0.1, 0, 0, 5]), 3);
  const result = text.evaluateAnalogies(w2v, ': royals\nman king woman queen\nMan King Woman Apple\n: fruit\nman king pear queen\n');
  assert.deepEqual(result.sections, { royals: { correct: 1, total: 2 } });
  assert.equal(result.accuracy, 0.5);
  assert.equal(result.skipped, 1);
  assert.throws(() => text.parseAnalogies('a b c\n'), /line 1 has 3 words/);
  const shipped = text.parseAnalogies(text.loadAnalogyQuestions());
  assert.ok(shipped.length > 5000);
  assert.deepEqual([...new Set(shipped.map(([section]) => section))], ['plural-irregular', 'plural-regular', 'verb-past-irregular', 'verb-participle-irregular', 'comparative', 'superlative', 'antonym']);
});
