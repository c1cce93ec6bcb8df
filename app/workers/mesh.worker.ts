/// <reference lib="webworker" />
/**
 * Part analysis off the main thread: the mesh kernel (WebAssembly) for 3D files,
 * the profile reader for DXF/SVG. Exposed through comlink; results travel back
 * with their buffers transferred, never copied.
 */
import * as Comlink from "comlink";
import kernelUrl from "../../wasm/build/kernel.wasm?url";
import { cadExchangeFormat, MAX_CAD_EXCHANGE_BYTES } from "../../engine/mesh/cad-exchange.ts";
import { analyzeMesh, detectFormat, DETECT_BYTES, readProfile, type ByteStream } from "../../engine/mesh/index.ts";
import type { CadExchangeFormat } from "../../engine/mesh/cad-exchange.ts";
import type { PartAnalysis, PartFailure, PartOutcome } from "./mesh-types.ts";

let kernel: Promise<WebAssembly.Module> | undefined;

/** Compiled once per worker; a server that does not send application/wasm still works (compiled from bytes). */
function compiledKernel(): Promise<WebAssembly.Module> {
  kernel ??= WebAssembly.compileStreaming(fetch(kernelUrl)).catch(async () => WebAssembly.compile(await (await fetch(kernelUrl)).arrayBuffer()));
  return kernel;
}

/** Cancel flags by job id: an AbortSignal cannot cross the worker boundary, so the page cancels by id. */
const jobs = new Map<number, { aborted: boolean }>();

/** Progress reports at most this often. */
const PROGRESS_INTERVAL_MS = 40;
/**
 * Bytes handed to the kernel per read. Blob.stream() delivers 64 KiB chunks, and
 * feeding a 50 MB file in 800 small steps costs more than its parsing; slices
 * of a few MB keep reading and analysis overlapped at a fraction of the overhead.
 */
const READ_CHUNK = 4 * 1024 * 1024;

/** A file as the byte stream analyzeMesh reads, in READ_CHUNK slices. */
function sliceStream(file: Blob): ByteStream {
  let offset = 0;
  return {
    getReader: () => ({
      async read() {
        if (offset >= file.size) return { done: true };
        const end = Math.min(file.size, offset + READ_CHUNK);
        const value = new Uint8Array(await file.slice(offset, end).arrayBuffer());
        offset = end;
        return { done: false, value };
      },
      async cancel() {
        offset = file.size;
      },
      releaseLock() {},
    }),
  };
}

export interface AnalyzeRequest {
  job: number;
  file: Blob;
  filename: string;
  units: "mm" | "in";
}

/** `onProgress` is a separate argument: comlink proxies top-level arguments only. */
async function analyze({ job, file, filename, units }: AnalyzeRequest, onProgress: (bytesRead: number) => void): Promise<PartOutcome> {
  const signal = { aborted: false };
  jobs.set(job, signal);
  let lastReport = 0;
  const progress = (bytes: number) => {
    const now = performance.now();
    if (now - lastReport < PROGRESS_INTERVAL_MS && bytes < file.size) return;
    lastReport = now;
    void onProgress(bytes);
  };
  try {
    const head = new Uint8Array(await file.slice(0, DETECT_BYTES).arrayBuffer());
    const cad = cadExchangeFormat(filename, head);
    if (cad) return await analyzeCadExchange(file, filename, cad, progress, signal);
    const kind = detectFormat(head, { size: file.size, filename });
    if (kind === "dxf" || kind === "svg") {
      const bytes = new Uint8Array(await file.arrayBuffer());
      progress(file.size);
      const { analysis, contours } = readProfile(bytes, { format: kind, units });
      const outcome: PartAnalysis = { ok: true, analysis, contours };
      return Comlink.transfer(
        outcome,
        contours.map((c) => c.points.buffer as ArrayBuffer),
      );
    }
    const result = await analyzeMesh(sliceStream(file), {
      kernel: await compiledKernel(),
      filename,
      units,
      size: file.size,
      onProgress: progress,
      signal,
      keepGeometry: true,
    });
    const geometry = result.geometry!;
    const outcome: PartAnalysis = { ok: true, analysis: result.analysis, faceFlags: result.faceFlags, geometry };
    return Comlink.transfer(outcome, [result.faceFlags.buffer, geometry.positions.buffer, geometry.indices.buffer] as ArrayBuffer[]);
  } catch (e) {
    return failure(e);
  } finally {
    jobs.delete(job);
  }
}

/**
 * STEP/IGES: OpenCascade (loaded now, not before) tessellates the file into a binary
 * STL in millimetres, which the kernel analyses like any STL; the STL goes back to the
 * page for the upload. The file's units are its own, so the visitor's choice does not apply.
 */
async function analyzeCadExchange(
  file: Blob,
  filename: string,
  format: CadExchangeFormat,
  progress: (bytes: number) => void,
  signal: { aborted: boolean },
): Promise<PartOutcome> {
  if (file.size > MAX_CAD_EXCHANGE_BYTES)
    throw Object.assign(new Error(`${filename} is ${file.size} bytes; the browser reads STEP/IGES files up to ${MAX_CAD_EXCHANGE_BYTES}`), {
      code: "CAD_EXCHANGE_TOO_LARGE",
    });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const { tessellate } = await import("./cad-reader.ts");
  const stl = await tessellate(bytes, format);
  progress(file.size);
  const result = await analyzeMesh(stl, { kernel: await compiledKernel(), filename: `${filename}.stl`, units: "mm", signal, keepGeometry: true });
  const geometry = result.geometry!;
  const outcome: PartAnalysis = { ok: true, analysis: result.analysis, faceFlags: result.faceFlags, geometry, tessellated: { format, stl } };
  return Comlink.transfer(outcome, [result.faceFlags.buffer, geometry.positions.buffer, geometry.indices.buffer, stl.buffer] as ArrayBuffer[]);
}

/** Engine errors carry a code and a readable message; anything else is reported, not thrown across the boundary. */
function failure(e: unknown): PartFailure {
  const code = typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : "ANALYSIS_FAILED";
  const message = e instanceof Error ? e.message : String(e);
  return { ok: false, code, message };
}

function cancel(job: number): void {
  const signal = jobs.get(job);
  if (signal) signal.aborted = true;
}

/** Compiles the kernel ahead of the first file, so a drop does not wait for it. */
async function warm(): Promise<void> {
  await compiledKernel();
}

const api = { analyze, cancel, warm };
export type MeshWorkerApi = typeof api;

Comlink.expose(api);
