/** @file `vision`: image utilities (grids of image batches). */
export { makeGrid, saveImage, type GridOptions } from './grid.js';
