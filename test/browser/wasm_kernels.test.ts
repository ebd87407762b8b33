/** The WebAssembly kernels in Chromium: the same odd-shape comparison against js as in Node, on one thread and on three. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { ELEMENTWISE_CASES } from '../backend/elementwise_cases.js';
import { browserMissing, collectErrors, launchChromium } from './chromium.js';

const root = new URL('../../../', import.meta.url).pathname;
type Report = { cases: number; failures: string[]; threads: number };
type Serve = { servePlayground(dir: string, port: number): Promise<{ server: import('node:http').Server; url: string }> };

async function bundle(): Promise<string> {
  const result = await build({ entryPoints: [`${root}test/browser/wasm_page.ts`], bundle: true, format: 'esm', platform: 'browser', write: false, absWorkingDir: root, logLevel: 'silent' });
  return result.outputFiles[0]!.text;
}

test('the wasm sgemm, convolutions, elementwise kernels, softmax, normalisation and optimizers match js in Chromium: one thread in a page, three in a worker of a cross-origin-isolated page', { skip: browserMissing() }, async () => {
  const code = await bundle();
  const dir = mkdtempSync(join(tmpdir(), 'shinsou-kernels-'));
  writeFileSync(join(dir, 'wasm_page.js'), code);
  writeFileSync(join(dir, 'index.html'), `<!doctype html><title>kernels</title><link rel="icon" href="data:,"><script type="module">
    const worker = new Worker('wasm_page.js?threads=3', { type: 'module' });
    worker.onmessage = (event) => { globalThis.kernelReport = event.data; };
  </script>`);
  const { servePlayground } = await import(`${root}tools/playground.js`) as Serve;
  const { server, url } = await servePlayground(dir, 0);
  const browser = await launchChromium();
  try {
    const reportOf = async (page: import('playwright-core').Page): Promise<Report> =>
      await (await page.waitForFunction(() => (globalThis as { kernelReport?: unknown }).kernelReport, undefined, { timeout: 60_000 })).jsonValue() as Report;
    const single = await browser.newPage();
    const errors = collectErrors(single);
    await single.setContent('<!doctype html><title>kernels</title>');
    await single.addScriptTag({ type: 'module', content: code });
    assert.deepEqual(await reportOf(single), { cases: 13 * 4 * 3 + 2 * 3 + ELEMENTWISE_CASES, failures: [], threads: 1 });

    const threaded = await browser.newPage();
    errors.push(...collectErrors(threaded));
    await threaded.goto(url);
    assert.equal(await threaded.evaluate(() => (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated), true);
    assert.deepEqual(await reportOf(threaded), { cases: 13 * 4 * 3 + 2 * 3 + ELEMENTWISE_CASES, failures: [], threads: 3 });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
});
