import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose } from '../helpers.js';

const { models, text } = s;
const ids = (rows: number[][]): s.Tensor => s.tensor(rows, { dtype: 'int32' });

test('TransformerLanguageModel: causal, tied, and decoding with the KV cache equals decoding without it', () => {
  s.manualSeed(1);
  const lm = new models.TransformerLanguageModel({ vocabSize: 11, dModel: 16, nhead: 2, numLayers: 2, dropout: 0, positional: 'learned' }).eval();
  assert.equal(lm.decoder.weight, lm.embedding.weight);
  assert.equal([...lm.parameters()].filter((p) => p === lm.embedding.weight).length, 1);
  const x = ids([[1, 2, 3, 4, 5, 6]]);
  const changed = ids([[1, 2, 3, 9, 9, 9]]);
  assertClose(lm.forward(changed).narrow(1, 0, 3), lm.forward(x).narrow(1, 0, 3), { atol: 1e-6 });
  const o = { bos: 1, eos: 0, maxLength: 12 };
  const cached = lm.stepDecoder();
  const uncached = lm.stepDecoder({ cache: false });
  for (const dec of [cached, uncached]) dec.reorder([0, 0, 0]);
  const steps = [[1, 1, 1], [4, 5, 6], [7, 8, 9]];
  for (const tokens of steps) assertClose(cached.step(tokens), uncached.step(tokens), { atol: 1e-5 });
  assert.deepEqual(text.greedyDecode(lm.stepDecoder(), 1, o), text.greedyDecode(lm.stepDecoder({ cache: false }), 1, o));
  const beam = (cache: boolean): s.text.Hypothesis[] => text.beamSearch(lm.stepDecoder({ cache }), { ...o, beamSize: 3, nBest: 3 });
  assert.deepEqual(beam(true).map((h) => h.tokens), beam(false).map((h) => h.tokens));
});

test('TransformerLanguageModel decodes past its window: it slides to the newest half window at positions 0…, cached or not', () => {
  s.manualSeed(3);
  const lm = new models.TransformerLanguageModel({ vocabSize: 11, dModel: 16, nhead: 2, numLayers: 1, dropout: 0, positional: 'learned', maxLen: 8 }).eval();
  const [cached, uncached] = [lm.stepDecoder({ window: 8 }), lm.stepDecoder({ cache: false, window: 8 })];
  const stream = Array.from({ length: 30 }, (_, i) => (i * 7) % 11);
  stream.forEach((t, i) => {
    const [a, b] = [cached.step([t]), uncached.step([t])];
    assertClose(a, b, { atol: 1e-5 }, `step ${i}`);
    // The 9th token slides the window to the newest 4; it grows to 8 and slides again every 5 steps.
    const length = i < 8 ? i + 1 : 4 + ((i - 8) % 5);
    const seen = stream.slice(i + 1 - length, i + 1);
    assertClose(a, lm.forward(ids([seen])).select(1, seen.length - 1), { atol: 1e-5 }, `step ${i} sees ${seen.length} tokens`);
  });
  assert.equal(text.sampleDecode(lm.stepDecoder({ window: 8 }), 1, { bos: 1, eos: -1, maxLength: 40 })[0]!.length, 40);
  assert.throws(() => lm.stepDecoder({ window: 9 }), { name: 'ValueError', message: /window must be an integer in \[2, maxLen = 8\]/ });
});

test('TransformerClassifier: padding never changes a result (mean and [CLS] pooling)', () => {
  for (const pooling of ['mean', 'cls'] as const) {
    s.manualSeed(2);
    const model = new models.TransformerClassifier({ vocabSize: 20, dModel: 16, nhead: 2, dropout: 0, pooling }).eval();
    const short = model.forward(ids([[3, 4, 5], [6, 7, 8]]), [3, 2]);
    const padded = model.forward(ids([[3, 4, 5, 0, 0], [6, 7, 19, 13, 0]]), [3, 2]);
    assertClose(padded, short, { atol: 1e-5 }, pooling);
  }
});

test('TransformerSeq2Seq learns to reverse short sequences in seconds (greedy exact match on held-out ones)', () => {
  s.manualSeed(3);
  const [BOS, EOS, V, L] = [1, 2, 10, 5];
  const model = new models.TransformerSeq2Seq({ srcVocabSize: V, tgtVocabSize: V, dModel: 32, nhead: 4, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 64, dropout: 0 });
  const g = new s.Generator(4);
  const draw = (n: number): number[][] => Array.from({ length: n }, () => Array.from({ length: L }, () => g.integer(3, V)));
  const opt = new s.optim.Adam(model.parameters(), { lr: 1, betas: [0.9, 0.98], eps: 1e-9 });
  const sched = new s.optim.NoamLR(opt, { dModel: 32, warmupSteps: 100 });
  for (let step = 0; step < 400; step++) {
    const src = draw(32);
    const tgt = src.map((r) => [...r].reverse());
    const logits = model.forward(ids(src), ids(tgt.map((r) => [BOS, ...r])));
    const loss = s.nn.functional.crossEntropy(logits.reshape([-1, V]), ids(tgt.map((r) => [...r, EOS])).reshape([-1]), { labelSmoothing: 0.1 });
    opt.zeroGrad();
    loss.backward();
    opt.step();
    sched.step();
  }
  model.eval();
  const test = draw(64);
  const out = text.greedyDecode(model.stepDecoder(ids(test)), 64, { bos: BOS, eos: EOS, maxLength: L + 2 });
  const exact = out.filter((o, i) => o.join() === [...test[i]!].reverse().join()).length / test.length;
  assert.ok(exact >= 0.9, `exact match ${exact}`);
  // Cached and uncached decoding agree; beam search is at least as likely as greedy.
  assert.deepEqual(text.greedyDecode(model.stepDecoder(ids(test.slice(0, 8)), { cache: false }), 8, { bos: BOS, eos: EOS, maxLength: L + 2 }), out.slice(0, 8));
  const weights: s.Tensor[] = [];
  const source = model.encode(ids(test.slice(0, 1)));
  model.decode(ids([[BOS, ...out[0]!]]), source, 0, null, weights);
  assert.deepEqual(weights[0]!.shape, [1, out[0]!.length + 1, L]);
});
