import { isEngineError } from "../../engine/errors.ts";
import { type DrawingFamily, type DrawingSheet, drawProduct, FAMILY_VIEWS, type RevisionEntry, type TitleBlockFields } from "../../engine/drawings/index.ts";
import { sheetToDxf } from "../../engine/drawings/writers/dxf.ts";
import { sheetToPdf } from "../../engine/drawings/writers/pdf.ts";
import { sheetToSvg } from "../../engine/drawings/writers/svg.ts";
import { assertValidConfiguration, getProductFamily } from "../../engine/products/index.ts";
import type { DrawingFormat } from "../db/schema/index.ts";
import type { loadConfigured } from "../products/configured-product.ts";
import { unprocessable } from "../api/errors.ts";

type Configured = NonNullable<Awaited<ReturnType<typeof loadConfigured>>>;

export const CONTENT_TYPES: Record<DrawingFormat, string> = { pdf: "application/pdf", svg: "image/svg+xml", dxf: "image/vnd.dxf" };

const isDrawingFamily = (key: string): key is DrawingFamily => Object.hasOwn(FAMILY_VIEWS, key);

/**
 * The drawing family and validated configuration of a configured product, or
 * a 422 on `field` when its product has no drawings.
 */
export function drawable({ configuration, product, schema }: Configured, field: string) {
  const key = product.generator_key;
  if (!isDrawingFamily(key))
    throw unprocessable(field, `${product.name} has no drawings (products with drawings: ${Object.keys(FAMILY_VIEWS).join(", ")})`, configuration.id);
  const config = assertValidConfiguration(getProductFamily(key), configuration.config, schema.config_schema);
  return { family: key, config };
}

export interface SheetInput {
  family: DrawingFamily;
  config: unknown;
  drawing_type: string;
  scale: string;
  sheet: string;
  title_block: TitleBlockFields;
  revisions: RevisionEntry[];
}

export const composeDrawing = (s: SheetInput): DrawingSheet =>
  drawProduct(s.family, s.config as Parameters<typeof drawProduct>[1], {
    drawing_type: s.drawing_type,
    scale: s.scale,
    sheet: s.sheet,
    title_block: s.title_block,
    revisions: s.revisions,
  });

/**
 * The lettering font (engine/drawings/fonts/NotoSans-Regular.ttf), bundled as
 * a `.bin` module, which the Worker's bundlers import as bytes. Imported when
 * first needed, so Node scripts that load the API (npm run api:types) never
 * meet it.
 */
export const letteringFont = async () => new Uint8Array((await import("./NotoSans-Regular.bin")).default);

/** One sheet in each requested format. */
export async function renderSheet(sheet: DrawingSheet, formats: readonly DrawingFormat[]): Promise<Map<DrawingFormat, Uint8Array>> {
  const out = new Map<DrawingFormat, Uint8Array>();
  const enc = new TextEncoder();
  for (const f of formats) {
    if (f === "pdf") out.set(f, await sheetToPdf(sheet, { font: await letteringFont() }));
    else out.set(f, enc.encode(f === "svg" ? sheetToSvg(sheet) : sheetToDxf(sheet)));
  }
  return out;
}

/** The title block of a drawing (ISO 7200 fields): the shop is the legal owner. */
export const titleBlock = (owner: string, drawingNumber: string, title: string, date: Date): TitleBlockFields => ({
  legal_owner: owner,
  drawing_number: drawingNumber,
  title,
  document_type: "Assembly drawing",
  date_of_issue: date.toISOString().slice(0, 10),
  creator: "Fabquote",
  approver: "—",
  status: "Released",
  sheet_number: "1/1",
  language: "en",
});

/** True for the failures a retry cannot mend: the engine refusing the configuration or the sheet. */
export const isPermanent = (e: unknown) => isEngineError(e);
