/** @file `data`: datasets, the DataLoader, transforms, and the bundled data sets. PyTorch: `torch.utils.data`. */
export { TensorDataset, Subset, randomSplit, type Dataset } from './dataset.js';
export { DataLoader, defaultCollate, type DataLoaderOptions } from './dataloader.js';
export { Normalize } from './transforms/normalize.js';
export * as transforms from './transforms/index.js';
export { parseIdx, readIdxFile } from './datasets/idx.js';
export { loadMnist, loadFashionMnist, asDataset, FASHION_MNIST_DIR, type ImageSet, type Split } from './datasets/mnist.js';
