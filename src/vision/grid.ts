/** @file Image grids, as torchvision's `make_grid` and `save_image` build them. */
import { ShapeError, ValueError } from '../errors.js';
import { writePng } from '../io/png.js';
import { cat } from '../ops/shape.js';
import { full } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions, type OptionKeys } from '../options.js';

export interface GridOptions {
  /** Images per row (default 8). */
  nrow?: number;
  /** Pixels between images and around the grid (default 2). */
  padding?: number;
  /** Value of the padding pixels (default 0). */
  padValue?: number;
  /** Rescale each image to [0, 1] by its own min and max (default false). */
  normalize?: boolean;
}

const gridKeys: OptionKeys<GridOptions> = { nrow: true, padding: true, padValue: true, normalize: true };

/**
 * Tiles a batch [N, C, H, W] (C = 1 or 3) into one [C, H', W'] image; gray images are
 * repeated to 3 channels as torchvision does.
 * PyTorch: `torchvision.utils.make_grid(tensor, nrow=8, padding=2, normalize=False, pad_value=0)`.
 */
export function makeGrid(images: Tensor, options?: GridOptions): Tensor {
  const { nrow = 8, padding = 2, padValue = 0, normalize = false } = checkOptions('makeGrid', options, gridKeys);
  if (images.ndim !== 4) throw new ShapeError(`makeGrid: expected [N, C, H, W], got [${images.shape.join(', ')}]`);
  if (!Number.isInteger(nrow) || nrow <= 0) throw new ValueError(`makeGrid: nrow must be a positive integer, got ${nrow}`);
  let x = images.detach().to('float32');
  if (x.shape[1] === 1) x = x.repeat([1, 3, 1, 1]);
  if (normalize) {
    const lo = x.amin([1, 2, 3], true);
    const hi = x.amax([1, 2, 3], true);
    x = x.sub(lo).div(hi.sub(lo).clamp(1e-5));
  }
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const cols = Math.min(nrow, n);
  const rows = Math.ceil(n / cols);
  // Each cell carries the padding above and left of it; the grid adds the bottom/right border.
  const cell = (i: number): Tensor => (i < n ? x.select(0, i) : full([c, h, w], padValue)).pad([padding, 0, padding, 0], 'constant', padValue);
  const rowImages = Array.from({ length: rows }, (_, r) => cat(Array.from({ length: cols }, (_, k) => cell(r * cols + k)), 2));
  return cat(rowImages, 1).pad([0, padding, 0, padding], 'constant', padValue);
}

/** Saves a batch [N, C, H, W] or one image [C, H, W] with values in [0, 1] as a PNG grid. PyTorch: `torchvision.utils.save_image`. */
export function saveImage(path: string, images: Tensor, options?: GridOptions): void {
  checkOptions('saveImage', options, gridKeys);
  writePng(path, images.ndim === 4 ? makeGrid(images, options) : images);
}
