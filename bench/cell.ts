/**
 * @file One benchmark cell in its own process: `node build/bench/cell.js <engine> <workload>`.
 * Prints one JSON line: { medianMs, rate, unit, cpuMs, maxRssMB }.
 */
import { jaxCell, parse, shinsouCell, tfjsCell, type CellResult } from './cells.js';

async function main(): Promise<void> {
  const [engine, workload] = process.argv.slice(2);
  const w = parse(workload!);
  const cpu0 = process.cpuUsage();
  let r: Omit<CellResult, 'cpuMs' | 'maxRssMB'>;
  if (engine!.startsWith('shinsou')) r = await shinsouCell(w, await import('../src/index.js'));
  else if (engine === 'tfjs-cpu') r = await tfjsCell('cpu', w);
  else if (engine === 'tfjs-wasm') r = await tfjsCell('wasm', w);
  else if (engine === 'jax-js') r = await jaxCell(w);
  else throw new Error(`unknown engine ${engine}`);
  const cpu = process.cpuUsage(cpu0);
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...r, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB })}\n`);
}

await main();
