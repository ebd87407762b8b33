/** @file Spectrogram grids and waveform plots as PNG (Node: drawn with @napi-rs/canvas). */
import { createCanvas } from '@napi-rs/canvas';
import { ShapeError, ValueError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { linePlot } from '../io/plot.js';
import { checkOptions, type OptionKeys } from '../options.js';
import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** One panel of a spectrogram grid. */
export interface SpectrogramPanel {
  /** Values [frequencies, frames], e.g. decibels; low frequencies are drawn at the bottom. */
  spectrogram: Tensor;
  /** Text above the panel. */
  label?: string;
}

/** Options of `plotSpectrograms`. */
export interface SpectrogramPlotOptions {
  title?: string;
  /** Panels per row (default up to 4). */
  columns?: number;
  /** Pixels per frame and per frequency bin (default 2). */
  scale?: number;
  /** Colour range [low, high] shared by the panels (default the panels' own minimum and maximum). */
  range?: readonly [number, number];
  /** Seconds per frame, to label the time axis (default none). */
  secondsPerFrame?: number;
}

const plotKeys: OptionKeys<SpectrogramPlotOptions> = { title: true, columns: true, scale: true, range: true, secondsPerFrame: true };

/** A perceptually ordered dark-to-bright map (black, purple, orange, pale yellow; like matplotlib's magma). */
function magma(t: number): [number, number, number] {
  const stops: [number, number, number][] = [[0, 0, 4], [81, 18, 124], [183, 55, 121], [252, 137, 97], [252, 253, 191]];
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  return stops[i]!.map((c, k) => Math.round(c + f * (stops[i + 1]![k]! - c))) as [number, number, number];
}

/**
 * Draws spectrograms side by side in a grid, one colour scale for all, and writes a PNG.
 * librosa: `librosa.display.specshow` in a matplotlib grid.
 * @example audio.plotSpectrograms('mels.png', clips.map((w, i) => ({ spectrogram: audio.amplitudeToDb(audio.melSpectrogram(w)), label: `${i}` })))
 */
export function plotSpectrograms(path: string, panels: readonly SpectrogramPanel[], options?: SpectrogramPlotOptions): void {
  const o = checkOptions('plotSpectrograms', options, plotKeys);
  if (panels.length === 0) throw new ValueError('plotSpectrograms: expected at least one panel');
  for (const p of panels) if (p.spectrogram.ndim !== 2) throw new ShapeError(`plotSpectrograms: each spectrogram must be [frequencies, frames], got ${shapeStr(p.spectrogram.shape)}`);
  const { title = '', columns = Math.min(4, panels.length), scale = 2, secondsPerFrame } = o;
  const values = panels.map((p) => p.spectrogram.to('float32').contiguous().dataSync());
  let [lo, hi] = o.range ?? [Infinity, -Infinity];
  if (!o.range) {
    for (const v of values) for (const x of v) if (Number.isFinite(x)) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
  }
  const [F, T] = [Math.max(...panels.map((p) => p.spectrogram.shape[0]!)), Math.max(...panels.map((p) => p.spectrogram.shape[1]!))];
  const [cellW, cellH] = [T * scale + 16, F * scale + 34];
  const top = title ? 30 : 6;
  const rows = Math.ceil(panels.length / columns);
  const canvas = createCanvas(columns * cellW + 8, top + rows * cellH + (secondsPerFrame ? 14 : 0));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  panels.forEach((p, n) => {
    const [f, t] = p.spectrogram.shape as [number, number];
    const image = ctx.createImageData(t * scale, f * scale);
    for (let y = 0; y < f * scale; y++) {
      for (let x = 0; x < t * scale; x++) {
        const v = values[n]![(f - 1 - Math.floor(y / scale)) * t + Math.floor(x / scale)]!;
        const [r, g, b] = magma(hi > lo ? (v - lo) / (hi - lo) : 0.5);
        image.data.set([r, g, b, 255], (y * t * scale + x) * 4);
      }
    }
    const [x0, y0] = [8 + (n % columns) * cellW, top + Math.floor(n / columns) * cellH + 18];
    ctx.putImageData(image, x0, y0);
    ctx.fillStyle = '#333333';
    ctx.font = '12px sans-serif';
    if (p.label) ctx.fillText(p.label, x0, y0 - 5);
    if (secondsPerFrame) ctx.fillText(`${(t * secondsPerFrame).toFixed(2)} s`, x0 + t * scale - 34, y0 + f * scale + 13);
  });
  if (title) {
    ctx.font = 'bold 14px sans-serif';
    ctx.fillStyle = '#333333';
    ctx.fillText(title, 8, 20);
  }
  writeFileAtomic(path, canvas.toBuffer('image/png'));
}

/**
 * Plots a mono waveform [samples] against time in seconds and writes a PNG.
 * PyTorch: none; matplotlib: `plt.plot(t, waveform); plt.savefig(path)`.
 * @example audio.plotWaveform('clip.png', wave, 16000, 'seven')
 */
export function plotWaveform(path: string, waveform: Tensor, sampleRate: number, title = ''): void {
  if (waveform.ndim !== 1) throw new ShapeError(`plotWaveform: expected a mono waveform [samples], got ${shapeStr(waveform.shape)}`);
  const samples = waveform.to('float32').contiguous().dataSync();
  // At most ~2,000 points: each keeps the larger-magnitude sample of its stretch, so peaks stay visible.
  const step = Math.max(1, Math.ceil(samples.length / 2000));
  const points: [number, number][] = [];
  for (let i = 0; i < samples.length; i += step) {
    let best = i;
    for (let j = i; j < Math.min(samples.length, i + step); j++) if (Math.abs(samples[j]!) > Math.abs(samples[best]!)) best = j;
    points.push([best / sampleRate, samples[best]!]);
  }
  linePlot(path, [{ name: 'waveform', points }], { title, xLabel: 'seconds', yLabel: 'amplitude' });
}
