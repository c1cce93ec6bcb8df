import { sheetToSvg } from "../../engine/drawings/writers/svg.ts";
import { type Drawing, documentsOfRevision, revisionsOfDrawing } from "../db/drawings.ts";
import type { Scope } from "../db/scope.ts";
import type { Env } from "../env.ts";
import { loadConfigured } from "../products/configured-product.ts";
import { drawable, letteringFont } from "./render.ts";
import { shopName, sheetOf, titleOf } from "./run.ts";
import { storeDocument } from "./store.ts";

/** Preview width in pixels: an A3 sheet at about 100 dpi, enough to read the title block; lists scale it down. */
export const PREVIEW_PX = 1400;
/** Previews are versions in the document store of their own kind, so they never show among a drawing's downloads. */
export const PREVIEW_KIND = "drawing-preview";

type Rasteriser = typeof import("@resvg/resvg-wasm");
let rasteriser: Promise<Rasteriser> | undefined;

/**
 * resvg compiled to WebAssembly, instantiated once per isolate from the
 * bundled module (Workers cannot compile wasm bytes at run time). Imported
 * when first needed, so Node scripts that load the API never meet the .wasm.
 */
function resvg(): Promise<Rasteriser> {
  rasteriser ??= (async () => {
    const [lib, wasm] = await Promise.all([import("@resvg/resvg-wasm"), import("@resvg/resvg-wasm/index_bg.wasm")]);
    await lib.initWasm(wasm.default);
    return lib;
  })().catch((e) => {
    rasteriser = undefined;
    throw e;
  });
  return rasteriser;
}

/** An SVG sheet as a PNG `width` pixels wide on white, lettered in the drawings' own font. */
export async function rasterise(svg: string, width = PREVIEW_PX): Promise<Uint8Array> {
  const { Resvg } = await resvg();
  const font = await letteringFont();
  const renderer = new Resvg(svg, {
    fitTo: { mode: "width", value: width },
    background: "#fff",
    font: { fontBuffers: [font], defaultFontFamily: "Noto Sans", sansSerifFamily: "Noto Sans" },
  });
  try {
    const image = renderer.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    renderer.free();
  }
}

/**
 * The drawing's sheet at a revision as SVG: the stored file when the
 * request asked for SVG, else drawn again from the configuration as it was
 * issued (the same scale, revision table and date).
 */
async function svgOf(env: Env, scope: Scope, drawing: Drawing, revision: string): Promise<string> {
  const stored = (await documentsOfRevision(scope, "drawing", drawing.drawing_number, revision)).find((d) => d.ext === "svg");
  const object = stored && (await env.FILES.get(stored.r2_key));
  if (object) return object.text();
  const loaded = await loadConfigured(scope, drawing.configuration_id);
  if (!loaded) throw new Error(`the configuration drawing ${drawing.drawing_number} shows is gone`);
  const subject = { configuration_id: drawing.configuration_id, ...drawable(loaded, "id"), title: titleOf(loaded) };
  const all = await revisionsOfDrawing(scope, drawing.id);
  const history = all.slice(0, all.findIndex((r) => r.revision === revision) + 1);
  const issued = new Date(history.at(-1)?.created_at ?? drawing.created_at);
  const sheet = sheetOf(
    subject,
    { drawing_type: drawing.drawing_type, scale: drawing.scale ?? "auto", sheet: drawing.sheet },
    await shopName(scope),
    drawing.drawing_number,
    history.map((r) => ({ revision: r.revision, date: new Date(r.created_at).toISOString().slice(0, 10), reason: r.reason })),
    issued,
  );
  return sheetToSvg(sheet);
}

/**
 * The PNG preview of an issued drawing's revision (its current one unless named; the caller checks a named one exists) with its SHA-256:
 * drawn once per revision and kept in the document store
 * (`documents/drawing-preview/{number}/{rev}.png`), read from there after.
 */
export async function drawingPreview(
  env: Env,
  scope: Scope,
  drawing: Drawing,
  revision = drawing.revision!,
): Promise<{ body: ReadableStream | Uint8Array<ArrayBuffer>; sha256: string }> {
  const cached = (await documentsOfRevision(scope, PREVIEW_KIND, drawing.drawing_number, revision)).find((d) => d.ext === "png");
  const object = cached && (await env.FILES.get(cached.r2_key));
  if (cached && object) return { body: object.body, sha256: cached.sha256 };
  const png = (await rasterise(await svgOf(env, scope, drawing, revision))) as Uint8Array<ArrayBuffer>;
  const stored = await storeDocument(env, scope, {
    kind: PREVIEW_KIND,
    number: drawing.drawing_number,
    rev: revision,
    ext: "png",
    content_type: "image/png",
    bytes: png,
  });
  await stored.statement;
  return { body: png, sha256: stored.sha256 };
}
