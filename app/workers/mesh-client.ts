/**
 * The page's side of the analysis workers: a small pool (one file per worker at a
 * time), started on first use (never during server rendering), and an AbortSignal
 * mapped onto the worker's cancel-by-id.
 */
import * as Comlink from "comlink";
import type { MeshWorkerApi } from "./mesh.worker.ts";
import type { PartOutcome } from "./mesh-types.ts";
import { poolSize, WorkerPool } from "./pool.ts";

let pool: WorkerPool<Comlink.Remote<MeshWorkerApi>> | undefined;
let nextJob = 1;

function workers(): WorkerPool<Comlink.Remote<MeshWorkerApi>> {
  pool ??= new WorkerPool(poolSize(navigator.hardwareConcurrency), () =>
    Comlink.wrap<MeshWorkerApi>(new Worker(new URL("./mesh.worker.ts", import.meta.url), { type: "module", name: "mesh-analysis" })),
  );
  return pool;
}

/** Starts the workers and compiles the kernel while the visitor is still choosing files. */
export function warmUp(): void {
  const all = workers();
  for (const api of all.ensureStarted(2)) void api.warm();
}

export interface AnalyzeFileOptions {
  units?: "mm" | "in";
  onProgress?: (bytesRead: number) => void;
  signal?: AbortSignal;
}

export async function analyzeFile(file: File, { units = "mm", onProgress, signal }: AnalyzeFileOptions = {}): Promise<PartOutcome> {
  const job = nextJob++;
  return workers().run(async (api) => {
    const cancel = () => void api.cancel(job);
    signal?.addEventListener("abort", cancel, { once: true });
    try {
      return await api.analyze({ job, file, filename: file.name, units }, Comlink.proxy(onProgress ?? (() => {})));
    } finally {
      signal?.removeEventListener("abort", cancel);
    }
  }, signal);
}
