/**
 * `vision`: image utilities (grids of image batches) and the image transforms (as torchvision).
 * @packageDocumentation
 */
export { makeGrid, saveImage, type GridOptions, type ImageLabelOptions, type SaveImageOptions } from './grid.js';
export * as transforms from '../data/transforms/index.js';
