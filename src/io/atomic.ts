/** @file Atomic file writes: a crash leaves either the old file or the new one, never half of one. */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

/**
 * Writes `data` to a temporary file beside `path`, flushes it to disk, then renames it over `path`.
 * PyTorch: none (`torch.save` writes in place); Python: write a temporary file, then `os.replace`.
 * @example io.writeFileAtomic('summary.json', JSON.stringify(summary)) // old file or new one, never half
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
