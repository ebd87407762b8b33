/**
 * @file One benchmark cell in a Chromium worker (a module worker of the cross-origin-isolated bench
 * page, bundled by tools/bench-browser.js): `{ engine, workload }` in, the cell's result (or
 * `{ error }`) out. shinsou runs `shinsou/core` on the wasm backend with the page's threads
 * (`shinsou-wasm`) or one (`shinsou-wasm-1t`).
 */
import { jaxCell, parse, shinsouCell, tfjsCell, type Shinsou } from './cells.js';

const worker = globalThis as unknown as { onmessage: (e: { data: { engine: string; workload: string } }) => void; postMessage(m: unknown): void };

worker.onmessage = async ({ data: { engine, workload } }) => {
  try {
    const w = parse(workload);
    if (engine === 'shinsou-wasm' || engine === 'shinsou-wasm-1t') {
      const core = await import('../src/core.js');
      if (!(await core.initWasm(engine === 'shinsou-wasm-1t' ? { threads: 1 } : undefined))) throw new Error('no WebAssembly SIMD');
      core.setBackend('wasm');
      const result = await shinsouCell(w, core as unknown as Shinsou);
      worker.postMessage({ ...result, threads: core.getBackend().threads });
    } else if (engine === 'tfjs-wasm') {
      worker.postMessage(await tfjsCell('wasm', w, './'));
    } else if (engine === 'jax-js') {
      worker.postMessage(await jaxCell(w));
    } else {
      throw new Error(`unknown engine ${engine}`);
    }
  } catch (error) {
    worker.postMessage({ error: (error as Error).message });
  }
};
