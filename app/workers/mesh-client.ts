/**
 * The page's side of the analysis worker: one worker for the tab, started on
 * first use (never during server rendering), and an AbortSignal mapped onto the
 * worker's cancel-by-id.
 */
import * as Comlink from "comlink";
import type { MeshWorkerApi } from "./mesh.worker.ts";
import type { PartOutcome } from "./mesh-types.ts";

let remote: Comlink.Remote<MeshWorkerApi> | undefined;
let nextJob = 1;

function worker(): Comlink.Remote<MeshWorkerApi> {
  remote ??= Comlink.wrap<MeshWorkerApi>(new Worker(new URL("./mesh.worker.ts", import.meta.url), { type: "module", name: "mesh-analysis" }));
  return remote;
}

/** Starts the worker and compiles the kernel while the visitor is still choosing files. */
export function warmUp(): void {
  void worker().warm();
}

export interface AnalyzeFileOptions {
  units?: "mm" | "in";
  onProgress?: (bytesRead: number) => void;
  signal?: AbortSignal;
}

export async function analyzeFile(file: File, { units = "mm", onProgress, signal }: AnalyzeFileOptions = {}): Promise<PartOutcome> {
  const api = worker();
  const job = nextJob++;
  const cancel = () => void api.cancel(job);
  signal?.addEventListener("abort", cancel, { once: true });
  try {
    return await api.analyze({ job, file, filename: file.name, units }, Comlink.proxy(onProgress ?? (() => {})));
  } finally {
    signal?.removeEventListener("abort", cancel);
  }
}
