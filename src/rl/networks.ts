/** @file Small networks for the agents: MLPs with Stable-Baselines3's orthogonal initialisation. */
import { ReLU, Tanh } from '../nn/activation.js';
import { Sequential } from '../nn/container.js';
import { constant_, orthogonal_ } from '../nn/init.js';
import { Linear } from '../nn/linear.js';
import type { Module } from '../nn/module.js';
import { noGrad } from '../autograd/grad_mode.js';
import { checkOptions } from '../options.js';

/** Options of `mlp` (PyTorch's keyword arguments, where it has them). */
export interface MlpOptions {
  activation?: 'relu' | 'tanh';
  /** Orthogonal weights with this gain on the hidden layers (and `outputGain` on the last), zero biases. */
  orthogonal?: { hiddenGain: number; outputGain: number };
}

/**
 * input → hidden… → output, with the activation between layers (none after the last).
 * Stable-Baselines3: `create_mlp(input_dim, output_dim, net_arch, activation_fn)`.
 * @example mlp(4, [256, 256], 2) // DQN's Q-network for CartPole
 */
export function mlp(input: number, hidden: readonly number[], output: number, options?: MlpOptions): Sequential {
  const { activation = 'relu', orthogonal } = checkOptions<MlpOptions>('mlp', options, { activation: true, orthogonal: true });
  const layers: Module[] = [];
  const sizes = [input, ...hidden, output];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const layer = new Linear(sizes[i]!, sizes[i + 1]!);
    if (orthogonal) {
      noGrad(() => {
        orthogonal_(layer.weight, i + 2 < sizes.length ? orthogonal.hiddenGain : orthogonal.outputGain);
        constant_(layer.bias!, 0);
      });
    }
    layers.push(layer);
    if (i + 2 < sizes.length) layers.push(activation === 'relu' ? new ReLU() : new Tanh());
  }
  return new Sequential(...layers);
}
