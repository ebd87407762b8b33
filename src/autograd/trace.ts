/**
 * @file Call tracing: while a tracer listens, every outermost call of a traced op is reported
 * with its arguments and result, so an exporter (ONNX) can rebuild the forward as a graph.
 *
 * Ops that call other traced ops report only the outer call: a `layerNorm` is seen as one layer
 * norm, not as the reductions inside it. Without a tracer the cost is one comparison per call.
 */

/** One call a tracer saw: the op's name, its arguments as given, and what it returned. */
export interface TracedCall {
  readonly op: string;
  readonly args: readonly unknown[];
  readonly result: unknown;
}

/** Receives the calls seen while {@link traceCalls} runs. */
export interface Tracer {
  record(call: TracedCall): void;
}

let active: Tracer | null = null;
let depth = 0;

/** Runs `fn` with `tracer` receiving every outermost traced call made inside it. */
export function traceCalls<T>(tracer: Tracer, fn: () => T): T {
  const [previous, previousDepth] = [active, depth];
  active = tracer;
  depth = 0;
  try {
    return fn();
  } finally {
    active = previous;
    depth = previousDepth;
  }
}

/** Whether a tracer listens (it may look at any tensor made meanwhile, so none may be reused). */
export function isTracing(): boolean {
  return active !== null;
}

/**
 * Wraps `fn` so that, while a tracer listens, an outermost call is reported as op `op` (calls
 * made inside it are not). The wrapper behaves exactly like `fn`.
 */
export function traced<A extends unknown[], R>(op: string, fn: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    if (active === null || depth > 0) return fn(...args);
    const tracer = active;
    depth++;
    let result: R;
    try {
      result = fn(...args);
    } finally {
      depth--;
    }
    tracer.record({ op, args, result });
    return result;
  };
}

/**
 * Reports that `result` now stands for `source`'s value (a detached copy, or a tensor written
 * in place), when a tracer listens and no traced op is running.
 */
export function traceAlias(op: string, source: unknown, result: unknown): void {
  if (active !== null && depth === 0) active.record({ op, args: [source], result });
}
