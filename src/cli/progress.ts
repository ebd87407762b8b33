/**
 * @file Progress reporting: a live bar on a terminal (cli-progress), plain log lines otherwise
 * (CI logs, pipes), so long runs always show where they are.
 */
import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  /** Advances by one step and shows the given values (e.g. the running loss). */
  tick(values?: Record<string, number>): void;
  stop(): void;
}

function format(values: Record<string, number>): string {
  return Object.entries(values).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`).join('  ');
}

/**
 * A bar for `total` steps labelled `label`. On a non-TTY stream (CI logs, pipes) it prints a
 * line at the end and, for long runs, one every 10 seconds.
 */
export function progress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  let done = 0;
  let last: Record<string, number> = {};
  if (stream.isTTY) {
    const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} ETA {eta_formatted} {info}`, stream, hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
    bar.start(total, 0, { info: '' });
    return {
      tick(values = {}) {
        last = values;
        bar.increment(1, { info: format(values) });
      },
      stop() {
        bar.stop();
      },
    };
  }
  const start = Date.now();
  let printed = start;
  return {
    tick(values = {}) {
      done++;
      last = values;
      const now = Date.now();
      if (done === total || now - printed >= 10_000) {
        printed = now;
        const elapsed = (now - start) / 1000;
        const eta = done < total ? `, ETA ${((elapsed / done) * (total - done)).toFixed(0)} s` : '';
        stream.write(`${label} ${done}/${total} (${elapsed.toFixed(1)} s${eta}) ${format(last)}\n`);
      }
    },
    stop() {},
  };
}
