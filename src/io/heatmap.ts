/** @file Labelled heat maps (attention weights, confusion matrices) as PNG, drawn with @napi-rs/canvas. */
import { createCanvas } from '@napi-rs/canvas';
import { ValueError } from '../errors.js';
import { checkOptions } from '../options.js';
import { writeFileAtomic } from './atomic.js';

/** Options of `heatmap` (PyTorch's keyword arguments, where it has them). */
export interface HeatmapOptions {
  /** One label per row, drawn on the left. */
  rowLabels?: readonly string[];
  /** One label per column, drawn rotated above the columns. */
  columnLabels?: readonly string[];
  title?: string;
  /** Pixels per cell (default 28). */
  cellSize?: number;
  /** Print each value in its cell (default false). */
  annotate?: boolean;
}

/**
 * Draws `values` (rows × columns, each row as long) as a grid of cells shaded from white
 * (the smallest value) to dark blue (the largest), with row and column labels, and writes a PNG.
 * matplotlib: `plt.imshow(values, cmap='Blues')` with tick labels.
 * @example heatmap('attention.png', weights, { rowLabels: output, columnLabels: input, title: 'cross-attention' })
 */
export function heatmap(path: string, values: readonly (readonly number[])[], options?: HeatmapOptions): void {
  const { rowLabels = [], columnLabels = [], title = '', cellSize = 28, annotate = false } = checkOptions<HeatmapOptions>('heatmap', options,
    { rowLabels: true, columnLabels: true, title: true, cellSize: true, annotate: true });
  const rows = values.length;
  const columns = values[0]?.length ?? 0;
  if (rows === 0 || columns === 0 || values.some((r) => r.length !== columns)) throw new ValueError(`heatmap: expected a non-empty rows × columns matrix with rows of equal length`);
  if (rowLabels.length > 0 && rowLabels.length !== rows) throw new ValueError(`heatmap: ${rows} rows but ${rowLabels.length} row labels`);
  if (columnLabels.length > 0 && columnLabels.length !== columns) throw new ValueError(`heatmap: ${columns} columns but ${columnLabels.length} column labels`);
  const flat = values.flat().filter(Number.isFinite);
  const [lo, hi] = [Math.min(...flat), Math.max(...flat)];
  const measure = createCanvas(1, 1).getContext('2d');
  measure.font = '12px sans-serif';
  const widest = (labels: readonly string[]): number => Math.max(0, ...labels.map((l) => measure.measureText(l).width));
  const left = 12 + widest(rowLabels);
  const top = 12 + widest(columnLabels) + (title ? 28 : 0);
  measure.font = 'bold 14px sans-serif';
  const width = Math.max(left + columns * cellSize + 12, title ? measure.measureText(title).width + 24 : 0);
  const height = top + rows * cellSize + 12;
  const canvas = createCanvas(Math.ceil(width), Math.ceil(height));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.font = '12px sans-serif';
  values.forEach((row, i) => row.forEach((v, j) => {
    const t = Number.isFinite(v) ? (hi > lo ? (v - lo) / (hi - lo) : 1) : 0;
    // White to matplotlib's dark "Blues" end, linearly in RGB.
    ctx.fillStyle = `rgb(${Math.round(255 - t * (255 - 8))}, ${Math.round(255 - t * (255 - 48))}, ${Math.round(255 - t * (255 - 107))})`;
    ctx.fillRect(left + j * cellSize, top + i * cellSize, cellSize, cellSize);
    if (annotate) {
      ctx.fillStyle = t > 0.5 ? 'white' : '#333333';
      ctx.textAlign = 'center';
      ctx.fillText(String(Number(v.toPrecision(2))), left + (j + 0.5) * cellSize, top + (i + 0.5) * cellSize + 4);
    }
  }));
  ctx.strokeStyle = '#333333';
  ctx.strokeRect(left, top, columns * cellSize, rows * cellSize);
  ctx.fillStyle = '#333333';
  ctx.textAlign = 'right';
  rowLabels.forEach((l, i) => ctx.fillText(l, left - 6, top + (i + 0.5) * cellSize + 4));
  columnLabels.forEach((l, j) => {
    ctx.save();
    ctx.translate(left + (j + 0.5) * cellSize + 4, top - 6);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'left';
    ctx.fillText(l, 0, 0);
    ctx.restore();
  });
  if (title) {
    ctx.font = 'bold 14px sans-serif';
    ctx.textAlign = 'left';
    ctx.fillText(title, 12, 22);
  }
  writeFileAtomic(path, canvas.toBuffer('image/png'));
}
