/**
 * The host side of the WebAssembly mesh kernel (wasm/assembly). The caller supplies the
 * compiled module, because each host gets it differently: a Cloudflare Worker imports
 * the .wasm file (compiling bytes is forbidden there), Node and the browser compile the
 * bytes they fetched or read. The kernel imports nothing, so it is instantiated with `{}`.
 */
import type { WasmApi, WasmInstance, WasmMemory, WasmModule } from "./webassembly.d.ts";

export interface KernelExports {
  memory: WasmMemory;
  begin(triCap: number, inputBytes: number, sinOverhang: number): number;
  ingest(offset: number, count: number, stride: number): void;
  accumulate(offset: number, count: number, stride: number): void;
  weld(offset: number, count: number, stride: number): void;
  finishWeld(): number;
  weldTolerance(tol: number): number;
  buildEdges(): void;
  facePass(zTol: number, degenerate2: number): number;
  classifyShells(maxProbes: number): number;
  projectedArea(maxSide: number, rowBudget: number): number;
  triangleCount(): number;
  vertexCount(): number;
  vertexSlots(): number;
  positionsPtr(): number;
  trianglesPtr(): number;
  flagsPtr(): number;
  shellVolumesPtr(): number;
  momentsPtr(): number;
  boundsMin(axis: number): number;
  boundsMax(axis: number): number;
  volume6(): number;
  area2(): number;
  overhang2(): number;
  edgeCount(): number;
  openEdges(): number;
  nonManifoldEdges(): number;
  misorientedEdges(): number;
  degenerateFaces(): number;
  bottom2(): number;
  bottomOverhang2(): number;
}

export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * One kernel instance and its linear memory. Views onto memory are made fresh on each
 * access because any kernel call may grow memory, which detaches older views.
 */
export class MeshKernel {
  readonly k: KernelExports;
  /** Address of the input buffer of the current mesh (set by `begin`). */
  input = 0;

  constructor(instance: WasmInstance) {
    this.k = instance.exports as KernelExports;
  }

  bytes(ptr = 0, length?: number): Uint8Array {
    return new Uint8Array(this.k.memory.buffer, ptr, length);
  }

  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, ptr, length);
  }

  u32(ptr: number, length: number): Uint32Array {
    return new Uint32Array(this.k.memory.buffer, ptr, length);
  }

  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.k.memory.buffer, ptr, length);
  }

  get memoryBytes(): number {
    return this.k.memory.buffer.byteLength;
  }
}

/** Synchronous instantiation (Node, Web Workers, Cloudflare Workers), from a module or an existing instance. */
export function createKernel(source: WasmModule | WasmInstance): MeshKernel {
  return new MeshKernel("exports" in source ? (source as WasmInstance) : new wasmApi.Instance(source, {}));
}

/** Asynchronous instantiation, for hosts that refuse large synchronous instantiation (a browser's main thread). */
export async function instantiateKernel(module: WasmModule): Promise<MeshKernel> {
  return new MeshKernel(await wasmApi.instantiate(module, {}));
}
