/** @file `data`: datasets, the DataLoader, transforms, and the bundled data sets. PyTorch: `torch.utils.data`. */
export * from './browser.js';
export { parseIdx, readIdxFile } from './datasets/idx.js';
export { loadMnist, loadFashionMnist, asDataset, FASHION_MNIST_DIR, type ImageSet, type Split } from './datasets/mnist.js';
export { loadEmojiPairs, type EmojiPairs } from './datasets/emoji.js';
export { MovingDigits, MOTIONS, type MovingDigitsOptions } from '../video/moving_digits.js';
