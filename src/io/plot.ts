/** @file Line and scatter plots (training curves, labelled embeddings) as PNG, drawn with @napi-rs/canvas. */
import { createCanvas } from '@napi-rs/canvas';
import { ValueError } from '../errors.js';
import { writeFileAtomic } from './atomic.js';
import { checkOptions } from '../options.js';

/** One line of a `linePlot`: its name and (x, y) points. */
export interface Series {
  name: string;
  /** Points as [x, y]; non-finite y values are skipped. */
  points: readonly (readonly [number, number])[];
  /** A text beside each point (e.g. the words of an embedding plot). */
  labels?: readonly string[];
}

/** Options of `linePlot` (PyTorch's keyword arguments, where it has them). */
export interface PlotOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Logarithmic y axis (for losses spanning decades). */
  logY?: boolean;
  /** Join each series' points with lines (default true; false draws a scatter plot). */
  lines?: boolean;
  width?: number;
  height?: number;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

/** ~5 round tick values covering [lo, hi]. */
function ticks(lo: number, hi: number): number[] {
  const span = hi - lo || 1;
  const step = 10 ** Math.floor(Math.log10(span / 5));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => span / s <= 6) ?? step * 10;
  const out: number[] = [];
  for (let v = Math.ceil(lo / nice) * nice; v <= hi + 1e-12 * span; v += nice) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Ticks 1, 2, 5 × 10^k inside [10^lo, 10^hi], as log10 values (falls back to linear ticks). */
function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let k = Math.floor(lo); k <= Math.ceil(hi); k++) {
    for (const m of [1, 2, 5]) {
      const t = Math.log10(m) + k;
      if (t >= lo - 1e-9 && t <= hi + 1e-9) out.push(t);
    }
  }
  return out.length >= 2 ? out : ticks(lo, hi);
}

function label(v: number): string {
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(4)));
}

/**
 * Renders series as a line chart (or, with `lines: false`, a scatter plot; `labels` name the
 * points) with axes, ticks, labels and a legend, and writes a PNG.
 * PyTorch: none; matplotlib: `plt.plot(x, y, label=…); plt.legend(); plt.savefig(path)`.
 * @example linePlot('run/loss.png', [{ name: 'train', points: [[1, 0.5], [2, 0.3]] }], { xLabel: 'epoch', yLabel: 'loss' })
 */
export function linePlot(path: string, series: readonly Series[], options?: PlotOptions): void {
  const { title = '', xLabel = '', yLabel = '', logY = false, lines = true, width = 720, height = 440 } = checkOptions<PlotOptions>('linePlot', options,
    { title: true, xLabel: true, yLabel: true, logY: true, lines: true, width: true, height: true });
  const tf = (y: number): number => (logY ? Math.log10(y) : y);
  const pts = series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(tf(y)));
  if (pts.length === 0) throw new ValueError('linePlot: no finite points to draw');
  const xs = pts.map(([x]) => x);
  const ys = pts.map(([, y]) => tf(y));
  let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  // Room on the right for the labels of the rightmost points.
  if (series.some((s) => s.labels?.length)) x1 += 0.12 * (x1 - x0);
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const margin = { left: 70, right: 20, top: title ? 36 : 16, bottom: 50 };
  const pw = width - margin.left - margin.right;
  const ph = height - margin.top - margin.bottom;
  const px = (x: number): number => margin.left + ((x - x0) / (x1 - x0)) * pw;
  const py = (y: number): number => margin.top + (1 - (y - y0) / (y1 - y0)) * ph;

  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, width, height);
  ctx.font = '12px sans-serif';
  ctx.strokeStyle = '#dddddd';
  ctx.fillStyle = '#333333';
  ctx.lineWidth = 1;
  ctx.textAlign = 'center';
  for (const t of ticks(x0, x1)) {
    ctx.beginPath();
    ctx.moveTo(px(t), margin.top);
    ctx.lineTo(px(t), margin.top + ph);
    ctx.stroke();
    ctx.fillText(label(t), px(t), margin.top + ph + 16);
  }
  ctx.textAlign = 'right';
  for (const t of logY ? logTicks(y0, y1) : ticks(y0, y1)) {
    ctx.beginPath();
    ctx.moveTo(margin.left, py(t));
    ctx.lineTo(margin.left + pw, py(t));
    ctx.stroke();
    ctx.fillText(label(logY ? 10 ** t : t), margin.left - 6, py(t) + 4);
  }
  ctx.strokeStyle = '#333333';
  ctx.strokeRect(margin.left, margin.top, pw, ph);
  ctx.textAlign = 'center';
  ctx.fillText(xLabel, margin.left + pw / 2, height - 12);
  if (title) {
    ctx.font = 'bold 14px sans-serif';
    ctx.fillText(title, width / 2, 22);
    ctx.font = '12px sans-serif';
  }
  ctx.save();
  ctx.translate(16, margin.top + ph / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(yLabel + (logY ? ' (log)' : ''), 0, 0);
  ctx.restore();

  // The legend sits in the top right corner, as wide as its longest name.
  const legendX = margin.left + pw - 36 - Math.max(...series.map((s) => ctx.measureText(s.name).width));
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    if (lines) {
      ctx.beginPath();
      let started = false;
      for (const [x, y] of s.points) {
        if (!Number.isFinite(tf(y))) continue;
        if (started) ctx.lineTo(px(x), py(tf(y)));
        else ctx.moveTo(px(x), py(tf(y)));
        started = true;
      }
      ctx.stroke();
    }
    ctx.fillStyle = color;
    ctx.textAlign = 'left';
    // A dot on every point, so a series of one point (a one-epoch run) still shows.
    s.points.forEach(([x, y], k) => {
      if (!Number.isFinite(tf(y))) return;
      ctx.beginPath();
      ctx.arc(px(x), py(tf(y)), 3, 0, 2 * Math.PI);
      ctx.fill();
      if (s.labels?.[k]) ctx.fillText(s.labels[k]!, px(x) + 5, py(tf(y)) - 4);
    });
    ctx.fillRect(legendX, margin.top + 10 + 18 * i, 14, 3);
    ctx.fillStyle = '#333333';
    ctx.textAlign = 'left';
    ctx.fillText(s.name, legendX + 20, margin.top + 15 + 18 * i);
  });
  writeFileAtomic(path, canvas.toBuffer('image/png'));
}
