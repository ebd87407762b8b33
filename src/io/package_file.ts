/** @file Locating files shipped with the package (data/, native/build/) from the compiled code. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The absolute path of `relative` (e.g. 'data/mnist') in the shinsou package, found by walking up
 * from this module (the same code runs from dist/ and from build/src/); null if it is missing.
 */
export function packageFile(relative: string): string | null {
  let dir = new URL('.', import.meta.url);
  for (let i = 0; i < 8; i++) {
    const candidate = new URL(relative, dir);
    if (existsSync(new URL('package.json', dir)) && existsSync(candidate)) return fileURLToPath(candidate);
    dir = new URL('..', dir);
  }
  return null;
}
