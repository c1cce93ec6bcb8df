/**
 * The slice of the WebAssembly JS API the kernel wrapper uses. engine/ compiles with
 * lib ES2023 only (no DOM, no Workers types), so these are declared here as module
 * types rather than globals, which would clash with the DOM and Workers declarations
 * the rest of the project sees. A real `WebAssembly.Module` or `Instance` satisfies them.
 */

/** A compiled module: in a Cloudflare Worker, the default export of `import kernel from "…/kernel.wasm"`. */
// biome-ignore lint/suspicious/noEmptyInterface: an opaque handle; only the platform looks inside
export interface WasmModule {}

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

export interface WasmInstance {
  readonly exports: object;
}

export interface WasmApi {
  Instance: new (module: WasmModule, imports: object) => WasmInstance;
  instantiate(module: WasmModule, imports: object): Promise<WasmInstance>;
  RuntimeError: new (message?: string) => Error;
}

/** What `ReadableStream<Uint8Array>` offers that the streaming reader needs. */
export interface ByteStream {
  getReader(): ByteStreamReader;
}

export interface ByteStreamReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock(): void;
}
