/** @file `audio` in Node: the browser-safe utilities plus WAV files. */
export * from './index.js';
export { loadWav, saveWav } from './files.js';
