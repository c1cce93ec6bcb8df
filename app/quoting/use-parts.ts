/**
 * The instant-quote page's parts: each dropped file is analysed in the worker,
 * priced, and then uploaded while the visitor picks options; a bad file fails alone.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { PriceOptions } from "../../engine/pricing/types.ts";
import type { PartAnalysis } from "../workers/mesh-types.ts";
import { isCadExchangeFile } from "../../engine/mesh/file-problems.ts";
import { ApiFailure } from "../api/client.ts";
import { normalizeOptions, processesFor, type Catalog } from "./catalog.ts";
import { rememberPart } from "./part-cache.ts";
import { uploadCadModel, uploadModel, waitForServerAnalysis, type ServerModel } from "./upload.ts";
import { meshClient } from "../workers/load-mesh-client.ts";

export type AnalysisState =
  | { state: "running"; bytesRead: number }
  | { state: "done"; result: PartAnalysis; ms: number }
  | { state: "failed"; code: string; message: string };

export type UploadState =
  | { state: "waiting" }
  /** Never sent: a STEP/IGES file the browser could not read. */
  | { state: "not-sent" }
  | { state: "uploading"; sent: number }
  | { state: "checking"; modelId: string }
  | { state: "confirmed"; model: ServerModel }
  | { state: "failed"; code: string; message: string; modelId?: string };

export type Units = "mm" | "in";

/** STL and OBJ carry no units: the visitor says which. 3MF, DXF and SVG state their own. */
export const unitsMatter = (file: File) => /\.(stl|obj)$/i.test(file.name);

export interface Part {
  id: string;
  file: File;
  units: Units;
  analysis: AnalysisState;
  upload: UploadState;
  /** Set once the analysis is in: the first choices the catalogue offers for it. */
  options: PriceOptions | null;
}

let nextId = 0;

/**
 * A guest's session cookie comes with their first stored upload. Uploads sent
 * before it exists would each start a session of their own (and lose sight of
 * each other's models), so a guest's uploads go one at a time until one is stored.
 */
function guestSessionGate(signedIn: boolean) {
  let ready = signedIn;
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(upload: () => Promise<T>): Promise<T> => {
    if (ready) return upload();
    const run = queue.then(async () => {
      if (ready) return upload();
      const result = await upload();
      ready = true;
      return result;
    });
    queue = run.catch(() => {});
    return run;
  };
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function useParts(catalog: Catalog, signedIn: boolean) {
  const [parts, setParts] = useState<Part[]>([]);
  // The latest parts, for callbacks that must not be rebuilt on every progress tick.
  const latest = useRef(parts);
  latest.current = parts;
  /** Units asked for per part, ahead of the next render (two quick toggles must not be lost). */
  const unitsAsked = useRef(new Map<string, Units>());
  const controllers = useRef(new Map<string, AbortController>());
  const [gate] = useState(() => guestSessionGate(signedIn));

  const update = useCallback((id: string, change: (p: Part) => Partial<Part>) => {
    setParts((list) => list.map((p) => (p.id === id ? { ...p, ...change(p) } : p)));
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: start() reads only these and refs
  const add = useCallback(
    (files: File[]) => {
      const added = files.map(
        (file): Part => ({
          id: `part-${++nextId}`,
          file,
          units: "mm",
          analysis: { state: "running", bytesRead: 0 },
          upload: { state: "waiting" },
          options: null,
        }),
      );
      setParts((list) => [...list, ...added]);
      for (const part of added) start(part);
    },
    [catalog, update, gate],
  );

  /** Analyses, then uploads, a part in its units; a restart cancels the previous run. */
  function start(part: Part) {
    controllers.current.get(part.id)?.abort();
    const controller = new AbortController();
    controllers.current.set(part.id, controller);
    // Upload once the local analysis is done: on a small machine the two compete for the CPU, and the price comes first.
    void analyse(part, controller.signal).then((next) => (next ? upload(part, next.mesh, controller.signal) : undefined));
  }

  /** The visitor says the file is in other units: measured, priced and stored again in those. */
  // biome-ignore lint/correctness/useExhaustiveDependencies: start() reads only the catalog, update, gate and refs
  const setUnits = useCallback(
    (id: string, units: Units) => {
      const part = latest.current.find((p) => p.id === id);
      if (!part || (unitsAsked.current.get(id) ?? part.units) === units) return;
      unitsAsked.current.set(id, units);
      update(id, () => ({ units, analysis: { state: "running", bytesRead: 0 }, upload: { state: "waiting" } }));
      start({ ...part, units });
    },
    [update],
  );

  /**
   * What to upload: the file, with the mesh tessellated from a STEP/IGES file; null for a
   * STEP/IGES file the browser could not read (the server stores only what the browser
   * tessellated, so nothing is sent).
   */
  async function analyse(part: Part, signal: AbortSignal): Promise<{ mesh?: Uint8Array } | null> {
    const started = performance.now();
    const { analyzeFile } = await meshClient();
    const outcome = await analyzeFile(part.file, {
      units: part.units,
      signal,
      onProgress: (bytesRead) => update(part.id, () => ({ analysis: { state: "running", bytesRead } })),
    }).catch((e): { ok: false; code: string; message: string } => ({ ok: false, code: "WORKER_FAILED", message: messageOf(e) }));
    if (signal.aborted) return {};
    if (!outcome.ok) {
      const sent = !isCadExchangeFile(part.file.name);
      update(part.id, () => ({
        analysis: { state: "failed", code: outcome.code, message: outcome.message },
        ...(sent ? {} : { upload: { state: "not-sent" } }),
      }));
      return sent ? {} : null;
    }
    const process = processesFor(catalog, outcome.analysis.kind)[0];
    update(part.id, (p) => {
      if (p.upload.state === "checking" || p.upload.state === "confirmed") rememberPart(modelIdOf(p.upload)!, part.file.name, outcome);
      return {
        analysis: { state: "done", result: outcome, ms: performance.now() - started },
        // A re-measure in other units keeps the visitor's choices.
        options: p.options ?? (process ? normalizeOptions(catalog, process) : null),
      };
    });
    return { mesh: "tessellated" in outcome ? outcome.tessellated?.stl : undefined };
  }

  async function upload(part: Part, mesh: Uint8Array | undefined, signal: AbortSignal) {
    try {
      const onProgress = (sent: number) => update(part.id, () => ({ upload: { state: "uploading", sent } }));
      const model = await gate(() =>
        mesh ? uploadCadModel(part.file, mesh, { signal, onProgress }) : uploadModel(part.file, { units: part.units, signal, onProgress }),
      );
      // Restarted in other units meanwhile: this model is not the part's any more.
      if (signal.aborted) return;
      update(part.id, (p) => {
        if (p.analysis.state === "done") rememberPart(model.id, part.file.name, p.analysis.result);
        return { upload: model.status === "pending" ? { state: "checking", modelId: model.id } : { state: "confirmed", model } };
      });
      if (model.status !== "pending") return;
      const checked = await waitForServerAnalysis(model.id, signal);
      if (signal.aborted) return;
      update(part.id, () => ({ upload: { state: "confirmed", model: checked } }));
    } catch (e) {
      if (signal.aborted) return;
      const [code, message] = e instanceof ApiFailure ? [e.code, e.message] : ["UPLOAD_FAILED", messageOf(e)];
      update(part.id, (p) => ({ upload: { state: "failed", code, message, modelId: modelIdOf(p.upload) } }));
    }
  }

  const remove = useCallback((id: string) => {
    controllers.current.get(id)?.abort();
    controllers.current.delete(id);
    unitsAsked.current.delete(id);
    setParts((list) => list.filter((p) => p.id !== id));
  }, []);

  const setOptions = useCallback((id: string, options: PriceOptions) => update(id, () => ({ options })), [update]);

  useEffect(() => {
    const all = controllers.current;
    return () => all.forEach((c) => c.abort());
  }, []);

  return { parts, add, remove, setOptions, setUnits };
}

/** The server's model id once the upload has been stored (its analysis may still be running). */
export function modelIdOf(upload: UploadState): string | undefined {
  if (upload.state === "checking") return upload.modelId;
  if (upload.state === "confirmed") return upload.model.id;
  if (upload.state === "failed") return upload.modelId;
  return undefined;
}
