/** @file Image grids, as torchvision's `make_grid` and `save_image` build them. */
import { ShapeError, ValueError } from '../errors.js';
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { writeFileAtomic } from '../io/atomic.js';
import { writePng } from '../io/png.js';
import { cat } from '../ops/shape.js';
import { full } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions, type OptionKeys } from '../options.js';

/** Options of `makeGrid` (torchvision's `make_grid` keyword arguments). */
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
 * @example io.writePng('fakes.png', vision.makeGrid(fakes, { nrow: 8, padding: 2 }))
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

/** What `saveImage` may write around and on a grid; any of them switches to the labelled rendering. */
export interface ImageLabelOptions {
  /** A heading above the grid. */
  title?: string;
  /** One label per row, left of it (e.g. ['input', 'reconstruction']). */
  rowLabels?: readonly string[];
  /** One caption per image, on its top-left corner (e.g. class names). */
  labels?: readonly string[];
  /** Integer upscaling of the pixels, so small images stay readable next to the text (default 1, or 2 with text). */
  scale?: number;
}

/** Options of `saveImage`: the grid's and the labels'. */
export type SaveImageOptions = GridOptions & ImageLabelOptions;

const labelKeys: OptionKeys<ImageLabelOptions> = { title: true, rowLabels: true, labels: true, scale: true };

/**
 * Saves a batch [N, C, H, W] or one image [C, H, W] with values in [0, 1] as a PNG grid,
 * optionally with a title, row labels and per-image captions.
 * PyTorch: `torchvision.utils.save_image` (the labels have no torchvision counterpart).
 * @example saveImage('recon.png', cat([x, y]), { nrow: 16, rowLabels: ['input', 'output'] })
 */
export function saveImage(path: string, images: Tensor, options?: SaveImageOptions): void {
  const o = checkOptions<SaveImageOptions>('saveImage', options, { ...gridKeys, ...labelKeys });
  const grid = images.ndim === 4 ? makeGrid(images, withoutKeys(o, labelKeys)) : images;
  const labelled = o.title !== undefined || o.rowLabels !== undefined || o.labels !== undefined || o.scale !== undefined;
  if (!labelled) return writePng(path, grid);
  if (images.ndim !== 4 && (o.rowLabels || o.labels)) throw new ValueError('saveImage: rowLabels and labels need a batch [N, C, H, W]');
  writeFileAtomic(path, drawLabelledGrid(grid, images.shape, o).encodeSync('png'));
}

/**
 * A batch [N, C, H, W] in [0, 1] drawn as `saveImage` draws it with labels (`scale`× its pixels,
 * default 2 with text and 1 without), as RGBA pixels: the frames of an animated grid.
 */
export function renderGrid(images: Tensor, options?: SaveImageOptions): { width: number; height: number; rgba: Uint8ClampedArray } {
  const o = checkOptions<SaveImageOptions>('renderGrid', options, { ...gridKeys, ...labelKeys });
  if (images.ndim !== 4) throw new ShapeError(`renderGrid: expected [N, C, H, W], got [${images.shape.join(', ')}]`);
  const text = o.title !== undefined || o.rowLabels !== undefined || o.labels !== undefined;
  const canvas = drawLabelledGrid(makeGrid(images, withoutKeys(o, labelKeys)), images.shape, { scale: text ? 2 : 1, ...o });
  const { width, height } = canvas;
  return { width, height, rgba: canvas.getContext('2d').getImageData(0, 0, width, height).data };
}

function withoutKeys<T extends object>(options: T, keys: object): T {
  return Object.fromEntries(Object.entries(options).filter(([k]) => !(k in keys))) as T;
}

/** The grid's pixels upscaled on a white canvas with the text drawn around and on them. */
function drawLabelledGrid(grid: Tensor, batchShape: readonly number[], o: SaveImageOptions): Canvas {
  const { title, rowLabels, labels, scale = 2, nrow = 8, padding = 2 } = o;
  if (!Number.isInteger(scale) || scale < 1) throw new ValueError(`saveImage: scale must be a positive integer, got ${scale}`);
  const n = batchShape[0]!;
  const cols = Math.min(nrow, n);
  const rows = Math.ceil(n / cols);
  if (labels && labels.length !== n) throw new ValueError(`saveImage: got ${labels.length} labels for ${n} images`);
  if (rowLabels && rowLabels.length !== rows) throw new ValueError(`saveImage: got ${rowLabels.length} row labels for ${rows} rows`);
  const rgb = grid.ndim === 3 && grid.shape[0] === 1 ? grid.repeat([3, 1, 1]) : grid;
  const [, gh, gw] = rgb.shape as [number, number, number];
  const probe = createCanvas(1, 1).getContext('2d');
  probe.font = FONT;
  const left = rowLabels ? Math.ceil(Math.max(...rowLabels.map((t) => probe.measureText(t).width))) + 12 : 0;
  const top = title ? 28 : 0;
  const canvas = createCanvas(left + gw * scale, top + gh * scale);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.putImageData(upscaledPixels(ctx.createImageData(gw * scale, gh * scale), rgb, scale), left, top);
  ctx.font = FONT;
  ctx.fillStyle = '#222222';
  if (title) {
    ctx.textAlign = 'center';
    ctx.fillText(title, canvas.width / 2, 19);
  }
  const [h, w] = [batchShape[2]!, batchShape[3]!];
  const cellY = (r: number): number => top + (padding + r * (h + padding)) * scale;
  const cellX = (k: number): number => left + (padding + k * (w + padding)) * scale;
  ctx.textAlign = 'right';
  rowLabels?.forEach((t, r) => ctx.fillText(t, left - 6, cellY(r) + (h * scale) / 2 + 4));
  ctx.textAlign = 'left';
  labels?.forEach((t, i) => {
    const [x, y] = [cellX(i % cols), cellY(Math.floor(i / cols))];
    ctx.fillStyle = 'rgba(255, 255, 255, 0.8)';
    ctx.fillRect(x, y, probe.measureText(t).width + 4, 14);
    ctx.fillStyle = '#222222';
    ctx.fillText(t, x + 2, y + 11);
  });
  return canvas;
}

const FONT = '12px sans-serif';

/** Writes [3, H, W] values in [0, 1] into `image` (RGBA, `scale`× larger), each pixel a scale×scale block. */
function upscaledPixels<I extends { data: Uint8ClampedArray; width: number }>(image: I, rgb: Tensor, scale: number): I {
  const [, h, w] = rgb.shape as [number, number, number];
  const px = rgb.contiguous().dataSync();
  const stride = image.width;
  for (let y = 0; y < h * scale; y++) {
    for (let x = 0; x < w * scale; x++) {
      const src = Math.floor(y / scale) * w + Math.floor(x / scale);
      const dst = (y * stride + x) * 4;
      for (let c = 0; c < 3; c++) image.data[dst + c] = Math.round(Math.min(1, Math.max(0, px[c * h * w + src]!)) * 255);
      image.data[dst + 3] = 255;
    }
  }
  return image;
}
