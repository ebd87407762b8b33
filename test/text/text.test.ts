import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { text } = s;

test('wordTokenize lower-cases, keeps inner apostrophes and splits off punctuation', () => {
  assert.deepEqual(text.wordTokenize("Don't panic, Arthur! It's 42."), ["don't", 'panic', ',', 'arthur', '!', "it's", '42', '.']);
  assert.deepEqual(text.wordTokenize('U.S. café', { lowercase: false }), ['U', '.', 'S', '.', 'café']);
  assert.deepEqual(text.wordTokenize('  '), []);
  assert.deepEqual(text.charTokenize('añ😀'), ['a', 'ñ', '😀']);
});

test('Vocabulary.build: specials first, then by count (ties alphabetical), minFreq and maxSize cut-offs, unknowns → <unk>', () => {
  const tokens = text.wordTokenize('the cat and the dog and the bird saw a cat');
  const vocab = text.Vocabulary.build(tokens, { minFreq: 2 });
  assert.deepEqual(vocab.tokens, ['<pad>', '<unk>', '<bos>', '<eos>', 'the', 'and', 'cat']);
  assert.deepEqual(vocab.encode(['the', 'dog', 'cat']), [4, 1, 6]);
  assert.deepEqual(vocab.decode([6, 5, 0]), ['cat', 'and', '<pad>']);
  assert.equal(text.Vocabulary.build(tokens, { maxSize: 5 }).size, 5);
  const strict = text.Vocabulary.build(tokens, { specials: [], unk: null });
  assert.throws(() => strict.indexOf('zebra'), /unknown token 'zebra'/);
  assert.throws(() => vocab.decode([99]), /outside \[0, 7\)/);
  assert.throws(() => text.Vocabulary.build(tokens, { specials: ['<pad>'] }), /unknown token '<unk>' is not in the vocabulary/);
  const again = text.Vocabulary.fromJSON(JSON.stringify(vocab));
  assert.deepEqual(again.tokens, vocab.tokens);
  assert.equal(again.indexOf('zebra'), 1);
  assert.throws(() => text.Vocabulary.fromJSON('{"tokens": 3}'), s.ValueError);
});

test('batchify makes contiguous columns and bpttBlocks yields inputs with next-token targets', () => {
  const stream = text.batchify(Array.from({ length: 11 }, (_, i) => i), 2);
  assert.deepEqual(stream.toArray(), [[0, 5], [1, 6], [2, 7], [3, 8], [4, 9]]);
  const blocks = [...text.bpttBlocks(stream, 3)];
  assert.deepEqual(blocks.map(([x]) => x.shape), [[3, 2], [1, 2]]);
  assert.deepEqual(blocks[0]![1].toArray(), [[1, 6], [2, 7], [3, 8]]);
  assert.deepEqual(blocks[1]![0].toArray(), [[3, 8]]);
  assert.deepEqual(blocks[1]![1].toArray(), [[4, 9]]);
  assert.throws(() => text.batchify([1, 2, 3], 2), /fewer than 2 rows/);
  assert.throws(() => [...text.bpttBlocks(s.zeros([4]), 2)], s.ShapeError);
});

test('truncated BPTT: the state carried from block to block, detached, equals one pass over the whole stream', () => {
  s.manualSeed(2);
  const gru = new s.nn.GRU(2, 3);
  const x = s.randn([7, 2, 2]);
  const [whole] = gru.forward(x);
  let h: s.Tensor | null = null;
  const parts: s.Tensor[] = [];
  for (let i = 0; i < 7; i += 3) {
    const [out, next]: [s.Tensor, s.Tensor] = gru.forward(x.narrow(0, i, Math.min(3, 7 - i)), h);
    parts.push(out);
    h = next.detach();
  }
  assert.ok(Number(s.cat(parts).sub(whole).abs().amax().item()) < 1e-6);
  assert.equal(h!.requiresGrad, false);
});

test('the shipped corpora load with fixed document splits and enough words for Word2Vec', () => {
  let words = 0;
  for (const name of text.CORPORA) {
    const all = text.loadCorpus(name);
    const parts = (['train', 'validation', 'test'] as const).map((split) => text.loadCorpus(name, split));
    assert.equal(parts.reduce((n, p) => n + p.length, 0), all.length, `${name}: every document in one split`);
    assert.ok(parts.every((p) => p.length > 0), `${name}: no split is empty`);
    assert.equal(new Set(all.map((d) => d.id)).size, all.length);
    words += all.reduce((n, d) => n + text.wordTokenize(d.text).filter((t) => /\p{L}/u.test(t)).length, 0);
  }
  assert.equal(text.loadCorpus('sotu').length, 233);
  assert.match(text.loadCorpus('moby-dick').find((d) => d.id === 'chapter_1')!.text, /^Call me Ishmael/);
  assert.ok(words >= 2_000_000, `${words} words`);
  assert.throws(() => text.loadCorpus('austen' as 'sotu'), /corpus must be one of sotu, moby-dick/);
});

test('wordSentences cuts at sentence ends and keeps the words', () => {
  assert.deepEqual(text.wordSentences('Call me Ishmael. Some years ago, 1851 — never mind! How long?'), [['call', 'me', 'ishmael'], ['some', 'years', 'ago', 'never', 'mind'], ['how', 'long']]);
});

test('the shipped SpamAssassin corpus: 6,046 mails, a fixed split stratified by label, headers left out', () => {
  const all = text.loadSpamAssassin();
  assert.equal(all.length, 6046);
  assert.equal(all.filter((m) => m.label === 1).length, 1896);
  const counts = Object.fromEntries((['train', 'validation', 'test'] as const).map((split) => {
    const part = text.loadSpamAssassin(split);
    return [split, [part.length, part.filter((m) => m.label === 1).length]];
  }));
  assert.deepEqual(counts, { train: [4232, 1327], validation: [605, 190], test: [1209, 379] });
  assert.equal(new Set(all.map((m) => m.id)).size, all.length);
  assert.ok(all.every((m) => m.label === (m.group.startsWith('spam') ? 1 : 0)));
  assert.ok(all.filter((m) => /^(Received|Return-Path|X-Spam-[\w-]+): /m.test(m.text)).length < 20, 'header lines are not part of the text');
  assert.throws(() => text.loadSpamAssassin('dev' as never), /split must be 'train', 'validation' or 'test'/);
});

test('bucketBatches uses every index once, keeps batches within a pool length-sorted, and is deterministic per generator', () => {
  const lengths = Array.from({ length: 203 }, (_, i) => (i * 37) % 50);
  const batches = text.bucketBatches(lengths, 8, new s.Generator(1), 5);
  assert.deepEqual(batches.flat().sort((a, b) => a - b), lengths.map((_, i) => i));
  assert.equal(batches.length, Math.ceil(203 / 40) * 5 - 4, 'each pool of 40 indices gives 5 batches, the last pool of 3 one');
  for (const b of batches) assert.ok(b.every((i, k) => k === 0 || lengths[b[k - 1]!]! <= lengths[i]!), 'sorted inside a batch');
  assert.deepEqual(text.bucketBatches(lengths, 8, new s.Generator(1), 5), batches);
  const inOrder = text.bucketBatches([3, 1, 2], 2);
  assert.deepEqual(inOrder, [[1, 2], [0]], 'without a generator: one sorted pass');
  assert.throws(() => text.bucketBatches([1], 0), { name: 'ValueError', message: /batchSize must be a positive integer/ });
});

test('padTokenRows pads to the longest row with the padding id', () => {
  const t = text.padTokenRows([[5, 6, 7], [8]], 0);
  assert.equal(t.dtype, 'int32');
  assert.deepEqual(t.shape, [2, 3]);
  assert.deepEqual([...t.dataSync()], [5, 6, 7, 8, 0, 0]);
  assert.throws(() => text.padTokenRows([], 0), { name: 'ValueError', message: /at least one row/ });
});
