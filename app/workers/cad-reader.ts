/**
 * Reads a STEP or IGES file with OpenCascade (occt-import-js) and tessellates it into a
 * binary STL in millimetres. Imported by the analysis worker only when such a file is
 * dropped: the glue and its ~8 MB wasm (LGPL-2.1, a separate static asset) are never
 * part of the worker's own bundle or of the server's.
 */
import occtimportjs, { type Occt } from "occt-import-js";
import occtWasmUrl from "occt-import-js/dist/occt-import-js.wasm?url";
import type { CadExchangeFormat } from "../../engine/mesh/cad-exchange.ts";
import { tessellationToStl } from "../../engine/mesh/cad-exchange.ts";

let occt: Promise<Occt> | undefined;

/** Loaded once per worker. The bytes are fetched here: Emscripten's own loader does not know module workers. */
function loadOcct(): Promise<Occt> {
  occt ??= fetch(occtWasmUrl)
    .then((r) => r.arrayBuffer())
    .then((wasmBinary) => occtimportjs({ wasmBinary }));
  occt.catch(() => {
    occt = undefined;
  });
  return occt;
}

const unreadable = (message: string) => Object.assign(new Error(message), { code: "CAD_EXCHANGE_UNREADABLE" });

export async function tessellate(bytes: Uint8Array, format: CadExchangeFormat): Promise<Uint8Array> {
  const reader = await loadOcct();
  const params = { linearUnit: "millimeter" } as const;
  const result = format === "step" ? reader.ReadStepFile(bytes, params) : reader.ReadIgesFile(bytes, params);
  if (!result.success) throw unreadable(`OpenCascade could not read the ${format.toUpperCase()} file`);
  return tessellationToStl(result.meshes.map((m) => ({ positions: m.attributes.position.array, indices: m.index.array })));
}
