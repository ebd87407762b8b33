/**
 * @file One benchmark cell in its own process: `node build/bench/cell.js <engine> <workload>`.
 * Prints one JSON line: { medianMs, rate, unit, cpuMs }.
 */
import { performance } from 'node:perf_hooks';

export interface CellResult {
  medianMs: number;
  rate: number;
  unit: string;
  cpuMs: number;
}

/** Median time of `fn` after warm-up; repeats until `budgetMs` has passed (at least `minRuns`). */
export function timeIt(fn: () => void, budgetMs = 2000, minRuns = 5): number {
  for (let i = 0; i < 2; i++) fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || performance.now() - start < budgetMs) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

type Workload = { kind: 'sgemm'; n: number } | { kind: 'mlp' };

function parse(name: string): Workload {
  if (name === 'mlp-train') return { kind: 'mlp' };
  const m = /^sgemm-(\d+)$/.exec(name);
  if (m) return { kind: 'sgemm', n: Number(m[1]) };
  throw new Error(`unknown workload ${name}`);
}

async function shinsouCell(w: Workload): Promise<Omit<CellResult, 'cpuMs'>> {
  const s = await import('../src/index.js');
  s.manualSeed(0);
  if (w.kind === 'sgemm') {
    const a = s.randn([w.n, w.n]);
    const b = s.randn([w.n, w.n]);
    const ms = timeIt(() => a.matmul(b), w.n >= 1024 ? 4000 : 2000);
    return { medianMs: ms, rate: (2 * w.n ** 3) / (ms * 1e6), unit: 'GFLOP/s' };
  }
  const { nn, optim, F } = s;
  const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 256), new nn.ReLU(), new nn.Linear(256, 10));
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const x = s.randn([128, 784]);
  const y = s.randint(0, 10, [128]);
  const ms = timeIt(() => {
    opt.zeroGrad();
    F.crossEntropy(model.forward(x), y).backward();
    opt.step();
  });
  return { medianMs: ms, rate: 128 / (ms / 1000), unit: 'samples/s' };
}

async function tfjsCell(backend: 'cpu' | 'wasm', w: Workload): Promise<Omit<CellResult, 'cpuMs'>> {
  // The union package registers every gradient (tfjs-core alone has none); the wasm backend is separate.
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(backend);
  await tf.ready();
  if (w.kind === 'sgemm') {
    const a = tf.randomNormal([w.n, w.n]);
    const b = tf.randomNormal([w.n, w.n]);
    const ms = timeIt(() => tf.tidy(() => tf.matMul(a, b).dataSync()), w.n >= 1024 ? 4000 : 2000, w.n >= 1024 && backend === 'cpu' ? 3 : 5);
    return { medianMs: ms, rate: (2 * w.n ** 3) / (ms * 1e6), unit: 'GFLOP/s' };
  }
  // The same MLP as shinsou's: He-uniform-like init, Adam, softmax cross-entropy.
  const dense = (i: number, o: number): [ReturnType<typeof tf.variable>, ReturnType<typeof tf.variable>] =>
    [tf.variable(tf.randomUniform([i, o], -1 / Math.sqrt(i), 1 / Math.sqrt(i))), tf.variable(tf.zeros([o]))];
  const layers = [dense(784, 256), dense(256, 256), dense(256, 10)];
  const opt = tf.train.adam(1e-3);
  const x = tf.randomNormal([128, 784]);
  const y = tf.oneHot(tf.randomUniform([128], 0, 10, 'int32') as never, 10);
  const ms = timeIt(() => {
    const loss = opt.minimize(() => {
      let h: ReturnType<typeof tf.matMul> = x;
      layers.forEach(([w, b], i) => {
        h = tf.add(tf.matMul(h, w), b);
        if (i < layers.length - 1) h = tf.relu(h);
      });
      return tf.losses.softmaxCrossEntropy(y, h) as never;
    }, true);
    loss?.dataSync();
    loss?.dispose();
  });
  return { medianMs: ms, rate: 128 / (ms / 1000), unit: 'samples/s' };
}

async function main(): Promise<void> {
  const [engine, workload] = process.argv.slice(2);
  const w = parse(workload!);
  const cpu0 = process.cpuUsage();
  let r: Omit<CellResult, 'cpuMs'>;
  if (engine!.startsWith('shinsou')) r = await shinsouCell(w);
  else if (engine === 'tfjs-cpu') r = await tfjsCell('cpu', w);
  else if (engine === 'tfjs-wasm') r = await tfjsCell('wasm', w);
  else throw new Error(`unknown engine ${engine}`);
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(`${JSON.stringify({ ...r, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
}

await main();
