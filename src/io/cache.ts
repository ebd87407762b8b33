/** @file Where shinsou keeps what it makes once and reuses (generated data sets, judge classifiers). */
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The cache folder: `$SHINSOU_CACHE`, else `~/.cache/shinsou`.
 * @example join(cacheDirectory(), 'spoken-digits-v1-seed0-takes4.pcm')
 */
export function cacheDirectory(): string {
  return process.env.SHINSOU_CACHE ?? join(homedir(), '.cache', 'shinsou');
}
