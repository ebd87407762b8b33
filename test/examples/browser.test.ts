/**
 * @file The README's browser example: `shinsou/core` bundles for the browser with esbuild (a Node
 * built-in anywhere in it would fail the build), and the bundle loads weights saved in Node and
 * predicts what the Node model predicts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from 'esbuild';
import * as s from '../../src/index.js';

test('the browser example bundles with esbuild for the browser and runs weights trained in Node', async () => {
  const root = new URL('../../../', import.meta.url).pathname;
  const result = await build({ entryPoints: [`${root}examples/browser/app.js`], bundle: true, format: 'esm', platform: 'browser', write: false, absWorkingDir: root, logLevel: 'silent' });
  const code = result.outputFiles[0]!.text;
  assert.doesNotMatch(code, /from\s*["']node:/, 'no Node built-in in the bundle');
  const app = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`) as {
    classify(bytes: Uint8Array, pixels: number[][]): number[];
  };
  s.manualSeed(0);
  const trained = new s.nn.Sequential(new s.nn.Linear(784, 128), new s.nn.ReLU(), new s.nn.Linear(128, 10));
  const bytes = s.io.serializeSafetensors(trained.stateDict());
  const pixels = s.rand([5, 784]);
  const expected = trained.forward(pixels).argmax(1).toArray();
  assert.deepEqual(app.classify(bytes, pixels.toArray() as number[][]), expected);
});
