/**
 * @file Threads for the wasm kernels: workers that instantiate the threaded build on one shared
 * memory, each with its own stack and packing buffers, and compute a band of C's rows when woken
 * through a shared control block. Waiting blocks (Atomics.wait), which Node and workers allow and
 * a page's main thread does not, so a page's main thread keeps to one thread.
 */

/** What the pool needs of a worker once it has been started. */
export interface WorkerHandle {
  postMessage(message: unknown): void;
}

/** Starts a worker running `source` (a classic script): worker_threads in Node, a Blob-URL Worker in browsers. */
export type SpawnWorker = (source: string) => WorkerHandle;

/** The threaded build's exports. */
export interface ThreadedKernels {
  __heap_base: WebAssembly.Global;
  __stack_pointer: WebAssembly.Global;
  sgemm_work_floats(): number;
  sgemm_rows(a: number, b: number, c: number, m: number, k: number, n: number, transA: number, transB: number, row0: number, row1: number, work: number): void;
}

// Control block slots: a generation counter the workers wait on, the workers still busy, the
// workers ready, a flag a failing worker raises, then the product's arguments.
const GENERATION = 0;
const PENDING = 1;
const READY = 2;
const FAILED = 3;
const ARGS = 4;
const STACK_BYTES = 1 << 16;
/** Rows of the kernel's microtile (MR in wasm/src/sgemm.c): bands are multiples of it. */
export const MR = 4;

// Runs in each worker: instantiate, move the stack pointer to this worker's stack, report ready,
// then compute this worker's band of every product announced by a new generation.
const WORKER_SOURCE = `
const start = ({ module, memory, control, index, threads, stackTop, work }) => {
  const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
  k.__stack_pointer.value = stackTop;
  const ctl = new Int32Array(control);
  Atomics.add(ctl, ${READY}, 1);
  Atomics.notify(ctl, ${READY});
  let seen = 0;
  for (;;) {
    Atomics.wait(ctl, ${GENERATION}, seen);
    seen = Atomics.load(ctl, ${GENERATION});
    const [a, b, c, m, kk, n, ta, tb] = ctl.subarray(${ARGS}, ${ARGS + 8});
    const band = Math.ceil(m / threads / ${MR}) * ${MR};
    const row0 = Math.min(m, index * band);
    const row1 = Math.min(m, row0 + band);
    try {
      if (row1 > row0) k.sgemm_rows(a, b, c, m, kk, n, ta, tb, row0, row1, work);
    } catch {
      Atomics.store(ctl, ${FAILED}, 1);
    }
    if (Atomics.sub(ctl, ${PENDING}, 1) === 1) Atomics.notify(ctl, ${PENDING});
  }
};
if (typeof require === 'function') require('node:worker_threads').parentPort.once('message', start);
else self.onmessage = (event) => start(event.data);
`;

/** `threads` − 1 workers plus the calling thread, splitting each product's rows into bands. */
export class KernelThreads {
  /** First byte above the workers' stacks and buffers: where operands may be placed. */
  readonly heapStart: number;
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * (ARGS + 8)));
  private readonly mainWork: number;

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, private readonly kernels: ThreadedKernels,
    readonly threads: number, spawn: SpawnWorker) {
    const workBytes = kernels.sgemm_work_floats() * 4;
    let at = Math.ceil(Number(kernels.__heap_base.value) / 16) * 16;
    this.mainWork = at;
    at += workBytes;
    const workers = [];
    for (let index = 1; index < threads; index++) {
      const stackTop = at + STACK_BYTES;
      workers.push({ index, stackTop, work: stackTop });
      at = stackTop + workBytes;
    }
    this.heapStart = at;
    if (at > memory.buffer.byteLength) memory.grow(Math.ceil((at - memory.buffer.byteLength) / 65536));
    for (const w of workers) spawn(WORKER_SOURCE).postMessage({ module, memory, control: this.control.buffer, threads, ...w });
  }

  private get workersReady(): number {
    return Atomics.load(this.control, READY);
  }

  /**
   * Blocks until every worker has started (Node starts them on their own; a browser only once the
   * spawning thread returns to its event loop, so browsers await {@link started} instead).
   */
  waitUntilStarted(): void {
    const deadline = Date.now() + 20_000;
    for (let ready; (ready = this.workersReady) < this.threads - 1;) {
      if (Date.now() > deadline) throw new Error(`wasm threads: only ${ready} of ${this.threads - 1} workers started`);
      Atomics.wait(this.control, READY, ready, 100);
    }
  }

  /** Resolves once every worker has started, without blocking. */
  async started(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (this.workersReady < this.threads - 1) {
      if (Date.now() > deadline) throw new Error(`wasm threads: only ${this.workersReady} of ${this.threads - 1} workers started`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** C = op(A)·op(B) (byte offsets in the shared memory), each thread computing a band of rows. */
  sgemm(a: number, b: number, c: number, m: number, k: number, n: number, transA: number, transB: number): void {
    this.waitUntilStarted();
    const ctl = this.control;
    ctl.set([a, b, c, m, k, n, transA, transB], ARGS);
    Atomics.store(ctl, PENDING, this.threads - 1);
    Atomics.add(ctl, GENERATION, 1);
    Atomics.notify(ctl, GENERATION);
    const band = Math.ceil(m / this.threads / MR) * MR;
    let failure: unknown = null;
    try {
      this.kernels.sgemm_rows(a, b, c, m, k, n, transA, transB, 0, Math.min(m, band), this.mainWork);
    } catch (error) {
      failure = error; // still wait for the workers, so the next product starts from a clean block
    }
    for (let pending; (pending = Atomics.load(ctl, PENDING)) !== 0;) Atomics.wait(ctl, PENDING, pending);
    if (Atomics.exchange(ctl, FAILED, 0) !== 0) failure ??= new Error('wasm threads: a worker failed while computing its band of a product');
    if (failure !== null) throw failure;
  }
}
