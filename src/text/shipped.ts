/** @file Reading the text data shipped in data/text (Node): plain files and brotli-compressed JSON lines. */
import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { FormatError, ValueError } from '../errors.js';
import { packageFile } from '../io/package_file.js';

/** A part of a shipped corpus: 'train', 'validation' or 'test'. */
export type CorpusSplit = 'train' | 'validation' | 'test';

function shippedPath(file: string, caller: string): string {
  const path = packageFile(file);
  if (path === null) throw new ValueError(`${caller}: the shipped ${file} is missing from the shinsou package`);
  return path;
}

/** The UTF-8 text of a shipped file. */
export function shippedText(file: string, caller: string): string {
  return readFileSync(shippedPath(file, caller), 'utf8');
}

/** The records of a shipped .jsonl.br file, each checked by `isRecord` (which `shape` describes in the error). */
export function shippedJsonLines<T>(file: string, caller: string, isRecord: (r: Record<string, unknown>) => boolean, shape: string): T[] {
  const path = shippedPath(file, caller);
  const lines = brotliDecompressSync(readFileSync(path)).toString('utf8').split('\n').filter(Boolean);
  return lines.map((line, i) => {
    const r = JSON.parse(line) as Record<string, unknown>;
    if (!isRecord(r) || !['train', 'validation', 'test'].includes(String(r.split))) throw new FormatError(`${caller}: line ${i + 1} of ${path} is not a ${shape} record`);
    return r as T;
  });
}

/** Throws unless `split` is undefined or one of the three splits. */
export function checkSplit(split: unknown, caller: string): void {
  if (split !== undefined && split !== 'train' && split !== 'validation' && split !== 'test') {
    throw new ValueError(`${caller}: split must be 'train', 'validation' or 'test', got '${String(split)}'`);
  }
}
