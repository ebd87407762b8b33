/**
 * @file `npm run bench`: shinsou's workloads, timed as medians after warm-up, printed as a table
 * and saved as JSON (bench/results.json). Run it alone on an idle machine: timings are only
 * comparable within one run.
 */
import { writeFileSync } from 'node:fs';
import { getBackend, randn, manualSeed, type Tensor } from '../src/index.js';

interface Result {
  workload: string;
  backend: string;
  medianMs: number;
  rate: number;
  unit: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Times `fn` after `warmup` runs until `minMs` has passed (at least `minRuns` runs). */
function time(fn: () => void, { warmup = 2, minRuns = 5, minMs = 1500 } = {}): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function sgemm(n: number): Result {
  manualSeed(0);
  const a = randn([n, n]);
  const b = randn([n, n]);
  let sink: Tensor | undefined;
  const ms = time(() => (sink = a.matmul(b)), n >= 1024 ? { warmup: 1, minRuns: 3, minMs: 0 } : {});
  if (sink === undefined) throw new Error('unreachable');
  return { workload: `sgemm ${n}`, backend: getBackend().name, medianMs: ms, rate: (2 * n ** 3) / (ms * 1e6), unit: 'GFLOP/s' };
}

const results = [sgemm(128), sgemm(256), sgemm(512), sgemm(1024)];
console.log('workload      backend   median ms      rate');
for (const r of results) {
  console.log(`${r.workload.padEnd(13)} ${r.backend.padEnd(8)} ${r.medianMs.toFixed(2).padStart(10)} ${r.rate.toFixed(2).padStart(8)} ${r.unit}`);
}
writeFileSync('bench/results.json', JSON.stringify({ date: new Date().toISOString(), results }, null, 2) + '\n');
