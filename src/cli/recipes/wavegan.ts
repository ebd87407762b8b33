/**
 * @file `wavegan`: WaveGAN (SPEC §11.6) on the synthetic spoken digits — WGAN-GP (λ 10, five critic
 * steps per generator step, Adam 1e-4 with β 0.5/0.9) on one-second clips padded to 16,384
 * samples; judged by the inception score of the spoken-digit classifier on generated clips (the
 * SC09 protocol), beside the real test clips' score. Writes 20 WAVs and a spectrogram grid.
 */
import { readdirSync, rmSync } from 'node:fs';
import { amplitudeToDb } from '../../audio/decibels.js';
import { SpokenDigitJudge } from '../../audio/digit_judge.js';
import { saveWav } from '../../audio/files.js';
import { melSpectrogram } from '../../audio/mel.js';
import { plotSpectrograms } from '../../audio/plots.js';
import { DIGIT_WORDS, loadSpokenDigits } from '../../audio/spoken_digits.js';
import { noGrad } from '../../autograd/grad_mode.js';
import { discriminatorLoss, generatorLoss } from '../../gan/losses.js';
import { gradientPenalty } from '../../gan/penalties.js';
import { WaveganDiscriminator, WaveganGenerator, WAVEGAN_SAMPLES } from '../../models/wavegan.js';
import { Adam } from '../../optim/adam.js';
import { cat, pad } from '../../ops/shape.js';
import { rand, randint } from '../../tensor/creation.js';
import { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Recipe } from '../recipe.js';
import type { Run } from '../run.js';

/** z ~ U(−1, 1)^100, as the paper. */
const latent = (n: number, generator?: Generator): Tensor => rand([n, 100], { generator }).mul(2).sub(1);

/** `n` clips of G in eval mode, in batches, without gradients. */
function generate(G: WaveganGenerator, z: Tensor): Tensor {
  return noGrad(() => {
    const parts: Tensor[] = [];
    for (let i = 0; i < z.shape[0]!; i += 100) parts.push(G.forward(z.narrow(0, i, Math.min(100, z.shape[0]! - i))));
    return cat(parts);
  });
}

/**
 * Writes 20 clips of G (the same z every time) as WAVs named by what the judge hears, and their
 * log-mel grid `samples.png`; each epoch overwrites the last, so a long run can be heard as it goes.
 */
function writeSamples(run: Run, G: WaveganGenerator, judge: SpokenDigitJudge, inceptionScore: number): void {
  const samples = generate(G, latent(20, new Generator(3)));
  const heard = noGrad(() => judge.model.forward(samples) as Tensor).argmax(1).dataSync();
  for (const old of readdirSync(run.options.out).filter((f) => /^sample-\d+-\w+\.wav$/.test(f))) rmSync(run.file(old));
  const panels = Array.from({ length: 20 }, (_, i) => {
    const clip = samples.select(0, i).select(0, 0);
    saveWav(run.file(`sample-${String(i).padStart(2, '0')}-${DIGIT_WORDS[heard[i]!]}.wav`), clip, 16000);
    return { spectrogram: amplitudeToDb(melSpectrogram(clip, { nFft: 400, hopLength: 160, nMels: 64 }), { topDb: 80 }), label: `${i}: heard "${DIGIT_WORDS[heard[i]!]}"` };
  });
  plotSpectrograms(run.file('samples.png'), panels, { title: `WaveGAN samples (d = ${G.modelSize}), 64-band log-mel; inception score ${inceptionScore.toFixed(2)}`, columns: 5, secondsPerFrame: 0.01 });
}

export const wavegan: Recipe = {
  name: 'wavegan',
  description: 'WaveGAN (WGAN-GP on raw 16,384-sample audio) on the synthetic spoken digits; reports the inception score of generated clips',
  defaults: { epochs: 40, batchSize: 64, lr: 1e-4 },
  options: [
    { flags: '--model-size <d>', description: "d, the generator's and critic's width (the paper's 64 is ~16× the work of 16)", default: 16 },
    { flags: '--iterations <n>', description: 'generator updates per epoch', default: 50 },
    { flags: '--n-critic <n>', description: 'critic updates per generator update', default: 5 },
    { flags: '--phase-shuffle <n>', description: "phase shuffle radius of the critic's layers", default: 2 },
    { flags: '--is-samples <n>', description: 'generated clips per inception-score evaluation', default: 1000 },
    { flags: '--takes <n>', description: 'takes per speaker and digit in the spoken-digit set (84 speakers)', default: 4 },
    { flags: '--judge-epochs <n>', description: 'training epochs of the spoken-digit judge when it is first made (then cached)', default: 10 },
    { flags: '--judge-min-accuracy <a>', description: 'accuracy on unseen voices the spoken-digit judge must reach, else the run stops', default: 0.95 },
  ],
  async run(run, o) {
    const takes = Number(o.takes);
    const judge = await SpokenDigitJudge.load({ takes, epochs: Number(o.judgeEpochs), minAccuracy: Number(o.judgeMinAccuracy), log: (line) => run.say(line) });
    const [train, test] = [await loadSpokenDigits({ split: 'train', takes }), await loadSpokenDigits({ split: 'test', takes })];
    const toClips = (w: Tensor): Tensor => pad(w, [0, WAVEGAN_SAMPLES - w.shape[1]!]).unsqueeze(1);
    const [real, realTest] = [toClips(train.waveforms), toClips(test.waveforms)];
    const realInceptionScore = judge.score(realTest).score;
    const d = Number(o.modelSize);
    const G = run.register('generator', new WaveganGenerator({ modelSize: d }));
    const D = run.register('discriminator', new WaveganDiscriminator({ modelSize: d, phaseShuffle: Number(o.phaseShuffle) }));
    const optG = new Adam(G.parameters(), { lr: o.lr, betas: [0.5, 0.9] });
    const optD = new Adam(D.parameters(), { lr: o.lr, betas: [0.5, 0.9] });
    const [iterations, nCritic, isSamples] = [Number(o.iterations), Number(o.nCritic), Number(o.isSamples)];
    run.say(`${real.shape[0]} training clips; real test clips score ${realInceptionScore.toFixed(3)} (judge accuracy ${judge.testAccuracy.toFixed(4)}); WaveGAN d = ${d}`);
    const score = (generator?: Generator): ReturnType<SpokenDigitJudge['score']> => judge.score(generate(G, latent(isSamples, generator)));
    const result = run.stage('wavegan', {
      epochs: o.epochs, optimizers: { generator: optG, discriminator: optD }, batchesPerEpoch: iterations,
      epoch(epoch, bar) {
        let [lossD, lossG] = [0, 0];
        for (let it = 0; it < iterations; it++) {
          for (let k = 0; k < nCritic; k++) {
            const batch = real.index(randint(0, real.shape[0]!, [o.batchSize]));
            const fake = noGrad(() => G.forward(latent(o.batchSize)));
            optD.zeroGrad();
            const loss = discriminatorLoss('wasserstein', D.forward(batch), D.forward(fake)).add(gradientPenalty((x) => D.forward(x), batch, fake));
            loss.backward();
            optD.step();
            lossD += loss.item() / nCritic;
          }
          optG.zeroGrad();
          const loss = generatorLoss('wasserstein', D.forward(G.forward(latent(o.batchSize))));
          loss.backward();
          optG.step();
          lossG += loss.item();
          bar.tick({ lossD: lossD / (it + 1), lossG: lossG / (it + 1) });
        }
        const s = score(new Generator(1));
        if (epoch < o.epochs) writeSamples(run, G, judge, s.score); // the last epoch's are written after the final score
        return { lossD: lossD / iterations, lossG: lossG / iterations, inceptionScore: s.score, classEntropy: s.classEntropy };
      },
      finish: () => {
        const s = score(new Generator(2));
        return { inceptionScore: s.score, classEntropy: s.classEntropy };
      },
    });
    writeSamples(run, G, judge, result.inceptionScore);
    return { ...result, realInceptionScore, judgeAccuracy: judge.testAccuracy };
  },
};
