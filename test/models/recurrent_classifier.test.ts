import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose } from '../helpers.js';

const { models } = s;
const ids = (rows: number[][]): s.Tensor => s.tensor(rows, { dtype: 'int32' });

test('RecurrentClassifier: padding after each length never changes its logits (rnn, lstm, gru; one and two directions)', () => {
  for (const kind of models.RECURRENT_KINDS) {
    for (const bidirectional of [false, true]) {
      s.manualSeed(1);
      const model = new models.RecurrentClassifier({ vocabSize: 10, kind, embedDim: 4, hiddenSize: 5, bidirectional, numClasses: 3 });
      const batch = model.forward(ids([[1, 2, 3, 0, 0, 0], [4, 5, 6, 7, 8, 9], [9, 9, 0, 0, 0, 0]]), [3, 6, 2]);
      assert.deepEqual(batch.shape, [3, 3]);
      const alone = [[[1, 2, 3]], [[4, 5, 6, 7, 8, 9]], [[9, 9]]].map((row) => model.forward(ids(row), [row[0]!.length]));
      const otherPadding = model.forward(ids([[1, 2, 3, 7, 7, 7, 7], [4, 5, 6, 7, 8, 9, 1], [9, 9, 5, 5, 5, 5, 5]]), [3, 6, 2]);
      alone.forEach((logits, i) => assertClose(batch.select(0, i), logits.select(0, 0), { atol: 1e-5 }, `${kind} bi ${bidirectional} row ${i}`));
      assertClose(otherPadding, batch, { atol: 1e-5 }, `${kind} bi ${bidirectional} other padding`);
    }
  }
});

test('RecurrentClassifier learns which of two tokens a sequence starts with, however long it is, and starts from given embeddings', () => {
  s.manualSeed(0);
  const g = new s.Generator(2);
  const rows = Array.from({ length: 64 }, () => [g.integer(1, 3), ...Array.from({ length: g.integer(1, 8) }, () => g.integer(3, 8))]);
  const lengths = rows.map((r) => r.length);
  const tokens = ids(rows.map((r) => [...r, ...new Array<number>(9 - r.length).fill(0)]));
  const labels = s.tensor(rows.map((r) => r[0]! - 1), { dtype: 'int32' });
  const embeddings = s.randn([8, 6]);
  const model = new models.RecurrentClassifier({ vocabSize: 8, kind: 'gru', hiddenSize: 16, embeddings });
  assertClose(model.embedding.weight, embeddings, { atol: 0, rtol: 0 });
  assert.equal(model.embedding.weight.requiresGrad, true, 'fine-tuned');
  const opt = new s.optim.Adam(model.parameters(), { lr: 0.02 });
  for (let step = 0; step < 150; step++) {
    opt.zeroGrad();
    s.F.crossEntropy(model.forward(tokens, lengths), labels).backward();
    opt.step();
  }
  const predicted = model.forward(tokens, lengths).argmax(1);
  assert.equal(predicted.eq(labels).sum().item(), 64);
  assert.throws(() => new models.RecurrentClassifier({ vocabSize: 9, embeddings }), /8 rows for a vocabulary of 9/);
  assert.throws(() => model.forward(tokens, [1, 2]), /expected tokens \[B, T\] and B lengths/);
});
