/** The WebAssembly kernels in Chromium: the same odd-shape comparison against js as in Node. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from 'esbuild';
import { browserMissing, collectErrors, launchChromium } from './chromium.js';

const root = new URL('../../../', import.meta.url).pathname;

test('the wasm sgemm matches js in Chromium on odd sizes, transposes and batches', { skip: browserMissing() }, async () => {
  const bundle = await build({ entryPoints: [`${root}test/browser/wasm_page.ts`], bundle: true, format: 'esm', platform: 'browser', write: false, absWorkingDir: root, logLevel: 'silent' });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.setContent('<!doctype html><title>kernels</title>');
    await page.addScriptTag({ type: 'module', content: bundle.outputFiles[0]!.text });
    const report = await (await page.waitForFunction(() => (globalThis as { kernelReport?: unknown }).kernelReport, undefined, { timeout: 60_000 })).jsonValue() as { cases: number; failures: string[] };
    assert.deepEqual(report.failures, []);
    assert.equal(report.cases, 11 * 4 * 3);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
