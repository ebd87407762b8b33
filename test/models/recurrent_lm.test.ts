import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { models, text } = s;

test('RecurrentLanguageModel (rnn, lstm, gru) learns a repeating text and samples it back at low temperature', () => {
  const vocab = text.Vocabulary.build(text.charTokenize('abcd'), { specials: ['<unk>'] });
  const ids = vocab.encode(text.charTokenize('abcd'.repeat(60)));
  const stream = text.batchify(ids, 4);
  for (const kind of models.RECURRENT_KINDS) {
    s.manualSeed(0);
    const lm = new models.RecurrentLanguageModel({ vocabSize: vocab.size, kind, embedDim: 8, hiddenSize: 16 });
    const opt = new s.optim.Adam(lm.parameters(), { lr: 1e-2 });
    let last = Infinity;
    for (let epoch = 0; epoch < 15; epoch++) {
      let state: s.models.RecurrentState | null = null;
      for (const [x, y] of text.bpttBlocks(stream, 10)) {
        opt.zeroGrad();
        const [logits, next] = lm.forward(x, state && models.detachState(state));
        state = next;
        const loss = s.F.crossEntropy(logits.reshape([-1, vocab.size]), y.reshape([-1]));
        loss.backward();
        opt.step();
        last = loss.item() as number;
      }
    }
    assert.ok(last < 0.05, `${kind}: final loss ${last}`);
    const sampled = vocab.decode(models.sampleTokens(lm, vocab.encode(['a']), { length: 12, temperature: 0.1, generator: new s.Generator(1) })).join('');
    assert.equal(sampled, 'bcdabcdabcda', kind);
  }
  assert.throws(() => new models.RecurrentLanguageModel({ vocabSize: 5, kind: 'transformer' as 'rnn' }), /kind must be one of rnn, lstm, gru/);
  const lm = new models.RecurrentLanguageModel({ vocabSize: 5 });
  assert.throws(() => models.sampleTokens(lm, []), /at least one token/);
  assert.throws(() => models.sampleTokens(lm, [1], { temperature: 0 }), /temperature must be positive/);
});
