/**
 * # 7. Transformers
 *
 * Attention lets every position look at every other; a causal mask keeps a decoder from seeing
 * the future. `models.TransformerLanguageModel` is token embedding (scaled by √d) + sinusoidal
 * positions + `nn.TransformerEncoder` layers under a square subsequent mask + a tied output
 * projection. It learns to continue a sequence; decoding reuses a key/value cache.
 * (`npx shinsou train transformer-lm`, `transformer-classify` and `translate` are the full recipes.)
 */
import { F, models, nn, optim, tensor, manualSeed, noGrad } from 'shinsou';
import { budget } from './budget.js';

manualSeed(0);
// A toy language: counting modulo 10 ("3 4 5 6 …"), so the next token follows from the last.
const vocabSize = 10;
const batch = Array.from({ length: 16 }, (_, b) => Array.from({ length: 12 }, (_, t) => (b + t) % vocabSize));
const tokens = tensor(batch, { dtype: 'int32' });
const model = new models.TransformerLanguageModel({ vocabSize, dModel: 32, nhead: 4, numLayers: 2, dimFeedforward: 64, dropout: 0 });
const optimizer = new optim.Adam(model.parameters(), { lr: 3e-3 });
console.log('causal mask for 4 positions:', nn.Transformer.generateSquareSubsequentMask(4).toString());

for (let step = 1; step <= budget(200, 20); step++) {
  optimizer.zeroGrad();
  const logits = model.forward(tokens.narrow(1, 0, 11));
  const loss = F.crossEntropy(logits.reshape([-1, vocabSize]), tokens.narrow(1, 1, 11).reshape([-1]));
  loss.backward();
  optimizer.step();
  if (step % 50 === 0 || step === 1) console.log(`step ${step}: loss ${loss.item().toFixed(4)}`);
}
model.eval();
const prompt = tensor([[7, 8, 9]], { dtype: 'int32' });
const next = noGrad(() => model.forward(prompt)).narrow(1, 2, 1).argmax(-1).item();
console.log(`after 7 8 9 the model predicts ${next} (counting mod 10 says 0)`);
