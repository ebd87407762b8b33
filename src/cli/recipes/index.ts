/** @file Every recipe `npx shinsou train <recipe>` knows, in the order `shinsou list` shows them. */
import type { Recipe } from '../recipe.js';
import { autoencoder } from './autoencoder.js';
import { mnistMlp } from './mnist_mlp.js';
import { stackedAutoencoder } from './stacked_autoencoder.js';

export const recipes: readonly Recipe[] = [mnistMlp, autoencoder, stackedAutoencoder];
