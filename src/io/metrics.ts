/** @file Metrics as JSON Lines: one JSON object per line, appended as training goes. */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { FormatError } from '../errors.js';
import { writeFileAtomic } from './atomic.js';

/** One record, e.g. `{ epoch: 3, trainLoss: 0.21, valAccuracy: 0.97 }`. */
export type MetricRecord = Record<string, number | string | boolean | null>;

/**
 * Appends records to a JSONL file (created on first write).
 * PyTorch: none; Lightning's `CSVLogger` is the nearest.
 * @example new io.MetricsLog('run/metrics.jsonl').append({ epoch: 1, loss: 0.31 })
 */
export class MetricsLog {
  constructor(readonly path: string) {}

  /** Appends one record as a JSON line (flushed at once). */
  append(record: MetricRecord): void {
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
  }

  /** Every record in the file (an empty list when it does not exist yet). */
  read(): MetricRecord[] {
    return readMetrics(this.path);
  }

  /** Rewrites the file (atomically) with only the records `keep` accepts, e.g. to drop epochs a resumed run repeats. */
  retain(keep: (record: MetricRecord) => boolean): void {
    if (!existsSync(this.path)) return;
    writeFileAtomic(this.path, this.read().filter(keep).map((r) => `${JSON.stringify(r)}\n`).join(''));
  }
}

/**
 * Parses a JSONL metrics file; a malformed line throws a FormatError naming it.
 * PyTorch: none; `pandas.read_json(path, lines=True)` reads the same file.
 * @example io.readMetrics('run/metrics.jsonl').map((r) => r.loss)
 */
export function readMetrics(path: string): MetricRecord[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((line, i) => {
    try {
      return JSON.parse(line) as MetricRecord;
    } catch {
      throw new FormatError(`readMetrics: line ${i + 1} of ${path} is not JSON`);
    }
  });
}
