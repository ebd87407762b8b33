/** The part of the WebAssembly JavaScript API (in no ES lib TypeScript ships) that the wasm backend uses. */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: object);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  class Global {
    value: unknown;
  }
  function compile(bytes: Uint8Array): Promise<Module>;
}

/** The browsers' Worker, which the wasm backend starts its threads with there (Node's are worker_threads). */
declare class Worker {
  constructor(url: string);
  postMessage(message: unknown): void;
}
