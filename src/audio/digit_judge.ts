/**
 * @file The judge of generated spoken digits (the SC09 protocol of the WaveGAN paper): an M5
 * classifier trained on the spoken-digit training voices, deterministically on first use, cached.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataLoader } from '../data/dataloader.js';
import { TensorDataset } from '../data/dataset.js';
import { ValueError } from '../errors.js';
import { cacheDirectory } from '../io/cache.js';
import { loadSafetensors, saveSafetensors } from '../io/safetensors_file.js';
import { waveformCnn } from '../models/spoken_digit_cnn.js';
import type { Sequential } from '../nn/container.js';
import { crossEntropy } from '../nn/functional/loss.js';
import { Adam } from '../optim/adam.js';
import { noGrad } from '../autograd/grad_mode.js';
import { cat } from '../ops/shape.js';
import { checkOptions, type OptionKeys } from '../options.js';
import { withSeed } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { inceptionScore, type InceptionScore } from './inception_score.js';
import { loadSpokenDigits } from './spoken_digits.js';

/** Options of `SpokenDigitJudge.load`. */
export interface SpokenDigitJudgeOptions {
  /** Default `$SHINSOU_CACHE` or `~/.cache/shinsou`, `spoken-digits-m5-takes4.safetensors`. */
  cachePath?: string;
  /** Takes of the spoken-digit set it learns from and is tested on (default 4, the full set). */
  takes?: number;
  /** Training epochs when the cache is missing (default 10). */
  epochs?: number;
  /** Test accuracy on unseen voices the classifier must reach (default 0.95). */
  minAccuracy?: number;
  log?: (line: string) => void;
}

const keys: OptionKeys<SpokenDigitJudgeOptions> = { cachePath: true, takes: true, epochs: true, minAccuracy: true, log: true };

/** Class probabilities of clips [N, 1, L] in batches, in eval mode, without gradients. */
function probabilities(model: Sequential, clips: Tensor): Tensor {
  model.eval();
  return noGrad(() => {
    const parts: Tensor[] = [];
    for (let i = 0; i < clips.shape[0]!; i += 250) parts.push((model.forward(clips.narrow(0, i, Math.min(250, clips.shape[0]! - i))) as Tensor).softmax(1));
    return cat(parts);
  });
}

/**
 * Scores generated spoken digits: `score(clips)` is the inception score (with the class entropy)
 * of clips [N, 1, L] at 16 kHz by the M5 digit classifier.
 * PyTorch: none built in; the WaveGAN paper scores SC09 with a trained digit classifier the same way.
 * @example const judge = await audio.SpokenDigitJudge.load(); judge.score(G.forward(z))
 */
export class SpokenDigitJudge {
  private constructor(readonly model: Sequential, readonly testAccuracy: number) {}

  /** Loads the cached classifier, training and caching it first if it is missing (seed 0, Adam 1e-3, batch 64; the global RNG stream is left as it was). */
  static load(options?: SpokenDigitJudgeOptions): Promise<SpokenDigitJudge> {
    const o = checkOptions('SpokenDigitJudge.load', options, keys); // before anything asynchronous
    const { takes = 4 } = o;
    return SpokenDigitJudge.prepare({ ...o, takes, cachePath: o.cachePath ?? join(cacheDirectory(), `spoken-digits-m5-takes${takes}.safetensors`) });
  }

  private static async prepare(o: SpokenDigitJudgeOptions & { takes: number; cachePath: string }): Promise<SpokenDigitJudge> {
    const { takes, cachePath, epochs = 10, minAccuracy = 0.95, log = () => {} } = o;
    const [train, test] = [await loadSpokenDigits({ split: 'train', takes }), await loadSpokenDigits({ split: 'test', takes })];
    const cached = existsSync(cachePath);
    // Built and trained with seed 0, so the judge does not depend on what ran before, nor shift the caller's random stream.
    const model = withSeed(0, () => {
      const cnn = waveformCnn();
      if (cached) {
        cnn.loadStateDict(loadSafetensors(cachePath).tensors);
        return cnn;
      }
      const optimizer = new Adam(cnn.parameters(), { lr: 1e-3 });
      const batches = new DataLoader(new TensorDataset(train.waveforms.unsqueeze(1), train.labels), { batchSize: 64, shuffle: true });
      for (let epoch = 1; epoch <= epochs; epoch++) {
        cnn.train();
        for (const [x, y] of batches) {
          optimizer.zeroGrad();
          crossEntropy(cnn.forward(x!) as Tensor, y!).backward();
          optimizer.step();
        }
        log(`spoken-digit judge: epoch ${epoch}/${epochs}`);
      }
      return cnn;
    });
    const accuracy = probabilities(model, test.waveforms.unsqueeze(1)).argmax(1).eq(test.labels).float().mean().item();
    if (accuracy < minAccuracy) {
      const remedy = cached ? `delete ${cachePath} to retrain it` : `trained for ${epochs} epochs; give it more`;
      throw new ValueError(`SpokenDigitJudge: the classifier reaches ${accuracy.toFixed(4)} on unseen voices, below ${minAccuracy} (${remedy})`);
    }
    if (!cached) {
      mkdirSync(dirname(cachePath), { recursive: true });
      saveSafetensors(cachePath, model.stateDict());
    }
    log(`spoken-digit judge: test accuracy ${accuracy.toFixed(4)} on unseen voices`);
    return new SpokenDigitJudge(model, accuracy);
  }

  /** The inception score of clips [N, 1, L] (16 kHz). */
  score(clips: Tensor): InceptionScore {
    return inceptionScore(probabilities(this.model, clips));
  }
}
