// The in-browser contest: the bench cells of bench/cells.ts (shinsou on the wasm backend, TF.js
// wasm, jax-js) in Debian's Chromium, driven by playwright-core, one fresh page per cell, in a
// cross-origin-isolated page (so shinsou and TF.js may use threads). Prints a table and writes
// bench/results-browser.json.
// usage: npm run bench:browser [-- sgemm-256 mlp-train]   (Chromium: CHROMIUM_PATH or /usr/bin/chromium)
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { servePlayground } from './playground.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build', 'bench-browser');
const engines = ['shinsou-wasm', 'shinsou-wasm-1t', 'tfjs-wasm', 'jax-js'];
const workloads = process.argv.slice(2).length ? process.argv.slice(2) : ['sgemm-256', 'sgemm-1024', 'mlp-train', 'cnn-train', 'lstm-train', 'transformer-train'];

mkdirSync(out, { recursive: true });
// The DCGAN cell's PyTorch-port models import Node's shinsou; the browser runs no DCGAN cell.
await build({ entryPoints: ['bench/browser.ts'], absWorkingDir: root, outdir: out, bundle: true, format: 'esm', platform: 'browser', target: 'chrome110', logLevel: 'warning', external: ['../examples/*'] });
const tfjsWasm = join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) copyFileSync(join(tfjsWasm, f), join(out, f));
writeFileSync(join(out, 'index.html'), `<!doctype html><title>shinsou bench</title><link rel="icon" href="data:,">
<script type="module">
  const { engine, workload } = Object.fromEntries(new URLSearchParams(location.search));
  const worker = new Worker('browser.js', { type: 'module' });
  worker.onmessage = (event) => { globalThis.cellResult = event.data; };
  worker.postMessage({ engine, workload });
</script>`);

const { server, url } = await servePlayground(out, 0);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const rows = [];
const version = browser.version();
try {
  for (const workload of workloads) {
    for (const engine of engines) {
      const page = await browser.newPage();
      await page.goto(`${url}?engine=${engine}&workload=${workload}`);
      const result = await (await page.waitForFunction(() => globalThis.cellResult, undefined, { timeout: 300_000 })).jsonValue();
      await page.close();
      rows.push({ workload, engine, ...result });
      console.log(`${workload.padEnd(18)} ${engine.padEnd(13)} ${result.error ? `fails (${result.error})` : `${result.rate.toFixed(1)} ${result.unit}${result.threads ? ` (${result.threads} threads)` : ''}`}`);
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log('\nper workload: the best shinsou-wasm setting vs the best of TF.js wasm and jax-js, in Chromium');
for (const workload of workloads) {
  const best = (rows) => rows.sort((a, b) => b.rate - a.rate)[0];
  const ok = rows.filter((r) => r.workload === workload && !r.error);
  const ours = best(ok.filter((r) => r.engine.startsWith('shinsou')));
  const peer = best(ok.filter((r) => !r.engine.startsWith('shinsou')));
  if (ours && peer) console.log(`${workload.padEnd(18)} ${ours.engine} ${(ours.rate / peer.rate).toFixed(2)}x ${peer.engine}`);
}
writeFileSync(join(root, 'bench', 'results-browser.json'), `${JSON.stringify({ date: new Date().toISOString(), chromium: version, rows }, null, 2)}\n`);
