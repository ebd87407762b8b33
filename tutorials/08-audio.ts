/**
 * # 8. Audio
 *
 * Sound is a 1-D signal: 16,000 samples a second here. μ-law compresses it to 256 levels (as
 * WaveNet quantizes), the short-time Fourier transform shows how its spectrum moves in time, and
 * a mel spectrogram warps the frequencies the way ears hear them. A 1-D CNN (M5) then learns to
 * tell two kinds of sounds apart straight from the waveform. Everything is differentiable.
 * (`npx shinsou train spoken-digits`, `wavegan` and `tacotron` are the full recipes, on speech.)
 */
import { audio, F, models, optim, rand, randn, manualSeed, arange, stack, tensor, noGrad } from 'shinsou';
import { budget } from './budget.js';

manualSeed(0);
const rate = 16000;
const t = arange(0, 8000).div(rate);
const tone = (hz: number): ReturnType<typeof t.mul> => t.mul(2 * Math.PI * hz).sin().mul(0.5);

const a440 = tone(440);
const roundTrip = audio.muLawDecoding(audio.muLawEncoding(a440, 256), 256);
console.log(`μ-law (256 levels) round trip of a 440 Hz tone: max error ${roundTrip.sub(a440).abs().amax().item().toFixed(4)}`);

const mel = audio.melSpectrogram(a440, { sampleRate: rate, nFft: 512, hopLength: 160, nMels: 40 });
const peak = mel.mean(1).argmax().item();
console.log(`mel spectrogram ${mel.shape.join('×')} (mels × frames); the loudest mel band is ${peak} of 40 (440 Hz sits low)`);
audio.plotSpectrograms('audio-tutorial.png', [{ label: '440 Hz tone, log-mel', spectrogram: audio.amplitudeToDb(mel) }]);
console.log('wrote audio-tutorial.png');

// Two classes: a low hum (100–300 Hz) or a whistle (1–3 kHz), random pitch, phase and noise.
function clips(n: number): [ReturnType<typeof stack>, ReturnType<typeof tensor>] {
  const labels = Array.from({ length: n }, (_, i) => i % 2);
  const waves = labels.map((c) => {
    const hz = c === 0 ? 100 + 200 * rand([1]).item() : 1000 + 2000 * rand([1]).item();
    return t.add(rand([1]).item() / hz).mul(2 * Math.PI * hz).sin().mul(0.3).add(randn([8000]).mul(0.05));
  });
  return [stack(waves).unsqueeze(1), tensor(labels, { dtype: 'int32' })];
}
const model = models.waveformCnn(2, 8);
const optimizer = new optim.Adam(model.parameters(), { lr: 3e-3 });
for (let step = 1; step <= budget(60, 5); step++) {
  const [x, y] = clips(16);
  optimizer.zeroGrad();
  const loss = F.crossEntropy(model.forward(x), y);
  loss.backward();
  optimizer.step();
  if (step % 20 === 0 || step === 1) console.log(`step ${step}: loss ${loss.item().toFixed(4)}`);
}
model.eval();
const [x, y] = clips(64);
console.log(`held-out accuracy: ${noGrad(() => model.forward(x)).argmax(1).eq(y).float().mean().item().toFixed(3)}`);
