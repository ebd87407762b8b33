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
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  class Global {
    readonly value: unknown;
  }
  function instantiate(bytes: Uint8Array, imports?: object): Promise<{ module: Module; instance: Instance }>;
}
