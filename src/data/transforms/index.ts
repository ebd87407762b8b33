/**
 * Transforms for batches of images [N, C, H, W] (or single images [C, H, W]): seeded
 * augmentation drawn independently per image, and Normalize. PyTorch: `torchvision.transforms`.
 * @packageDocumentation
 */
export { Compose, RandomApply, type Transform, type RandomOptions } from './transform.js';
export { Normalize } from './normalize.js';
export {
  RandomAffine, RandomRotation, RandomResizedCrop, RandomCrop, RandomHorizontalFlip, RandomVerticalFlip,
  type RandomAffineOptions, type RandomResizedCropOptions, type Interpolation,
} from './geometric.js';
export { Cutout, RandomErasing, type RandomErasingOptions } from './occlusion.js';
export { ColorJitter, GaussianNoise, type ColorJitterOptions } from './color.js';
