/** @file `models`: the architectures the recipes train. */
export { HourglassAutoencoder } from './autoencoder.js';
export { StackedAutoencoder } from './stacked_autoencoder.js';
