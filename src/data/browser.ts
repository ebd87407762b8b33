/**
 * The browser-safe part of `data`: datasets, the DataLoader, Normalize and the
 * augmentation transforms (the MNIST and IDX file loaders need Node).
 * @example
 * import { data } from 'shinsou/core';
 * for (const [x, y] of new data.DataLoader(new data.TensorDataset(images, labels), { batchSize: 32 })) { … }
 * @packageDocumentation
 */
export { TensorDataset, Subset, randomSplit, type Dataset } from './dataset.js';
export { DataLoader, defaultCollate, type DataLoaderOptions } from './dataloader.js';
export { Normalize } from './transforms/normalize.js';
export * as transforms from './transforms/index.js';
