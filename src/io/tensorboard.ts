/**
 * @file TensorBoard event files: a `SummaryWriter` like torch.utils.tensorboard's, writing
 * scalars, images, histograms and text as records TensorBoard reads (`tensorboard --logdir`).
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ShapeError, ValueError } from '../errors.js';
import { checkOptions } from '../options.js';
import { Tensor } from '../tensor/tensor.js';
import { encodePng } from './png.js';
import { decodeEvent, DT_STRING, encodeEvent, eventRecords, frameRecord } from './tensorboard_proto.js';

let filesMade = 0;

/** Options of `SummaryWriter` (PyTorch's keyword arguments, where it has them). */
export interface SummaryWriterOptions {
  /** Appended to the event file's name (torch's `filename_suffix`). */
  filenameSuffix?: string;
}

/**
 * Writes one event file in `logDir` (created if needed), named as TensorFlow names them
 * (`events.out.tfevents.<seconds>.<host>.<pid>.<n>`); every add appends one record at once, so
 * a crash loses nothing written before it.
 * PyTorch: `torch.utils.tensorboard.SummaryWriter(log_dir)`.
 * @example
 * const writer = new io.SummaryWriter('runs/mnist');
 * writer.addScalar('train/loss', 0.25, 100);
 */
export class SummaryWriter {
  /** The event file's path. */
  readonly path: string;

  constructor(readonly logDir: string, options?: SummaryWriterOptions) {
    const o = checkOptions('SummaryWriter', options, { filenameSuffix: true });
    mkdirSync(logDir, { recursive: true });
    const seconds = Math.floor(Date.now() / 1000);
    this.path = join(logDir, `events.out.tfevents.${seconds}.${hostname()}.${process.pid}.${filesMade++}${o.filenameSuffix ?? ''}`);
    this.write({ wallTime: Date.now() / 1000, fileVersion: 'brain.Event:2' });
  }

  /** Appends one event (a plain Event object) as a record. */
  private write(event: Record<string, unknown>): void {
    appendFileSync(this.path, frameRecord(encodeEvent(event)));
  }

  private summary(value: Record<string, unknown>, step: number, wallTime: number | undefined): void {
    if (!Number.isInteger(step)) throw new ValueError(`SummaryWriter: step must be an integer, got ${step}`);
    this.write({ wallTime: wallTime ?? Date.now() / 1000, step, summary: { value: [value] } });
  }

  /** A point of the scalar series `tag`. PyTorch: `add_scalar(tag, scalar_value, global_step, walltime)`. */
  addScalar(tag: string, value: number, step = 0, wallTime?: number): void {
    this.summary({ tag, simpleValue: value }, step, wallTime);
  }

  /**
   * An image [C, H, W] (C = 1, 3 or 4) with values in [0, 1], stored as PNG.
   * PyTorch: `add_image(tag, img_tensor, global_step, walltime, dataformats='CHW')`.
   */
  addImage(tag: string, image: Tensor, step = 0, wallTime?: number): void {
    if (image.ndim !== 3) throw new ShapeError(`SummaryWriter.addImage: expected [C, H, W], got [${image.shape.join(', ')}]`);
    const [c, h, w] = image.shape as [number, number, number];
    this.summary({ tag, image: { height: h, width: w, colorspace: c, encodedImageString: encodePng(image) } }, step, wallTime);
  }

  /**
   * A histogram of `values` in `bins` equal-width buckets between their minimum and maximum
   * (bucket limits are the right edges; the last bucket includes the maximum, as numpy's).
   * PyTorch: `add_histogram(tag, values, global_step, bins)` with an integer `bins`.
   */
  addHistogram(tag: string, values: Tensor | readonly number[], step = 0, bins = 64, wallTime?: number): void {
    const data = Array.from(values instanceof Tensor ? values.detach().to('float64').contiguousData() : values, Number);
    if (data.length === 0) throw new ValueError('SummaryWriter.addHistogram: no values');
    if (!data.every(Number.isFinite)) throw new ValueError('SummaryWriter.addHistogram: values must be finite');
    if (!Number.isInteger(bins) || bins < 1) throw new ValueError(`SummaryWriter.addHistogram: bins must be a positive integer, got ${bins}`);
    const min = data.reduce((a, b) => Math.min(a, b));
    const max = data.reduce((a, b) => Math.max(a, b));
    const width = (max - min) / bins;
    const counts = new Array<number>(bins).fill(0);
    for (const v of data) counts[width === 0 ? bins - 1 : Math.min(bins - 1, Math.floor((v - min) / width))]!++;
    const limits = counts.map((_, i) => (i === bins - 1 ? max : min + (i + 1) * width));
    const histo = { min, max, num: data.length, sum: data.reduce((a, b) => a + b, 0), sumSquares: data.reduce((a, b) => a + b * b, 0), bucketLimit: limits, bucket: counts };
    this.summary({ tag, histo }, step, wallTime);
  }

  /** Text (Markdown) shown by TensorBoard's text dashboard. PyTorch: `add_text(tag, text_string, global_step, walltime)`. */
  addText(tag: string, text: string, step = 0, wallTime?: number): void {
    const tensor = { dtype: DT_STRING, tensorShape: { dim: [{ size: 1 }] }, stringVal: [new TextEncoder().encode(text)] };
    this.summary({ tag, metadata: { pluginData: { pluginName: 'text' } }, tensor }, step, wallTime);
  }

  /** Nothing is buffered; kept for PyTorch users' habit. PyTorch: `flush()`. */
  flush(): void {}

  /** Nothing to release (each record is appended when added). PyTorch: `close()`. */
  close(): void {}
}

/**
 * The events of an event file as plain objects (camelCase fields: wallTime, step, fileVersion,
 * summary.value[].tag/simpleValue/image/histo/tensor). A corrupt file throws a FormatError.
 * PyTorch: none; tensorboard's `EventAccumulator(path).Reload()` reads the same files.
 * @example io.readEvents(writer.path).filter((e) => e.summary)
 */
export function readEvents(path: string): Record<string, unknown>[] {
  return eventRecords(readFileSync(path)).map(decodeEvent);
}
