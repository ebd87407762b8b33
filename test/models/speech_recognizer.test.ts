import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose } from '../helpers.js';

const { models, F } = s;

test('SpeechRecognizer: [B, T, F] → CTC log-probabilities [⌈T/2⌉, B, classes]; a sequence alone gives what it gives in a padded batch', () => {
  s.manualSeed(0);
  const model = new models.SpeechRecognizer(6, 5, { channels: 8, hidden: 4 });
  const x = s.randn([3, 11, 6]);
  const { logProbs, lengths } = model.forward(x, [11, 8, 5]);
  assert.deepEqual(logProbs.shape, [6, 3, 5]);
  assert.deepEqual(lengths, [6, 4, 3]);
  assertClose(logProbs.exp().sum(-1), s.ones([6, 3]), { atol: 1e-5 });
  model.eval();
  const batched = model.forward(x, [11, 8, 5]).logProbs;
  const alone = model.forward(x.narrow(0, 1, 1).narrow(1, 0, 8), [8]).logProbs;
  assertClose(batched.narrow(1, 1, 1).narrow(0, 0, 4), alone, { atol: 1e-5 });
});

test('SpeechRecognizer learns, with F.ctcLoss, to write down label sequences it is shown frame by frame', () => {
  s.manualSeed(1);
  // Each label is shown for 3 frames as a one-hot feature with noise; the recogniser must recover the sequences.
  const sequences = [[1, 2, 3], [3, 3, 1, 2], [2, 1]];
  const frames = sequences.map((seq) => seq.flatMap((c) => [c, c, c]));
  const T = Math.max(...frames.map((f) => f.length));
  const features = s.stack(frames.map((f) => F.pad(F.oneHot(s.tensor(f, { dtype: 'int32' }), 4).float(), [0, 0, 0, T - f.length]))).add(s.randn([3, T, 4]).mul(0.1));
  const lengths = frames.map((f) => f.length);
  const targets = s.tensor(sequences.map((q) => [...q, ...new Array(4 - q.length).fill(1)]), { dtype: 'int32' });
  const model = new models.SpeechRecognizer(4, 4, { channels: 16, hidden: 16, layers: 1 });
  const optimizer = new s.optim.Adam(model.parameters(), { lr: 0.02 });
  const first = F.ctcLoss(model.forward(features, lengths).logProbs, targets, lengths.map((t) => Math.ceil(t / 2)), sequences.map((q) => q.length)).item();
  for (let step = 0; step < 150; step++) {
    optimizer.zeroGrad();
    const { logProbs, lengths: out } = model.forward(features, lengths);
    F.ctcLoss(logProbs, targets, out, sequences.map((q) => q.length)).backward();
    optimizer.step();
  }
  model.eval();
  assert.deepEqual(model.decode(features, lengths), sequences, `CTC loss started at ${first.toFixed(3)}`);
});
