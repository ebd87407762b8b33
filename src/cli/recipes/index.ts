/** @file Every recipe `npx shinsou train <recipe>` knows, in the order `shinsou list` shows them. */
import type { Recipe } from '../recipe.js';
import { autoencoder } from './autoencoder.js';
import { mnistCnn } from './mnist_cnn.js';
import { mnistMlp } from './mnist_mlp.js';
import { mnistResnet } from './mnist_resnet.js';
import { stackedAutoencoder } from './stacked_autoencoder.js';

export const recipes: readonly Recipe[] = [mnistMlp, autoencoder, stackedAutoencoder, mnistCnn, mnistResnet];
