/**
 * # 6. Sequences: embeddings and recurrent networks
 *
 * Text becomes integer ids (`text.Vocabulary`), ids become vectors (`nn.Embedding`), and an LSTM
 * reads them in order, carrying a state from step to step. Here a character-level language model
 * learns a short passage and then writes by sampling one character at a time.
 * (`npx shinsou train char-rnn`, `rnn-classify` and `word2vec` are the full recipes.)
 */
import { F, models, optim, text, tensor, manualSeed, Generator } from 'shinsou';
import { budget } from './budget.js';

manualSeed(0);
const passage = 'the quick brown fox jumps over the lazy dog. the lazy dog sleeps in the sun. '.repeat(4);
const vocab = text.Vocabulary.build(text.charTokenize(passage));
const ids = vocab.encode(text.charTokenize(passage));
const model = new models.RecurrentLanguageModel({ vocabSize: vocab.size, kind: 'lstm', embedDim: 16, hiddenSize: 64 });
const optimizer = new optim.Adam(model.parameters(), { lr: 1e-2 });
// Inputs are [T, B] (time first, as PyTorch's default): one long sequence, predicting each next character.
const input = tensor(ids.slice(0, -1), { dtype: 'int32' }).unsqueeze(1);
const target = tensor(ids.slice(1), { dtype: 'int32' });

for (let step = 1; step <= budget(150, 10); step++) {
  optimizer.zeroGrad();
  const [logits] = model.forward(input);
  const loss = F.crossEntropy(logits.reshape([-1, vocab.size]), target);
  loss.backward();
  optimizer.step();
  if (step % 50 === 0 || step === 1) console.log(`step ${step}: loss ${loss.item().toFixed(3)} nats/char, ${(loss.item() / Math.LN2).toFixed(3)} bits/char`);
}
const sample = models.sampleTokens(model, vocab.encode(['t']), { length: 60, temperature: 0.5, generator: new Generator(1) });
console.log('sample:', JSON.stringify(vocab.decode(sample).join('')));
