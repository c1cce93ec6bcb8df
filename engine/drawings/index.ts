import { EngineError } from "../errors.ts";
import { composeSheet } from "./compose.ts";
import type { DrawingSheet, RevisionEntry, TitleBlockFields } from "./model.ts";
import { ISO_SCALES, isIsoScale, type IsoScale } from "./scale.ts";
import { isSheetFormat, SHEET_ORDER, type SheetFormat } from "./sheet.ts";
import { type DrawingFamily, type FAMILY_VIEWS, familyViews } from "./views.ts";

export { composeSheet } from "./compose.ts";
export { LAYER_NAMES, LAYERS, type LayerName } from "./layers.ts";
export type { DrawingSheet, DrawingView, PlacedDimension, RevisionEntry, Shape, TitleBlockFields, Vec } from "./model.ts";
export { DrawingFitError, ISO_SCALES, type IsoScale } from "./scale.ts";
export { SHEET_FORMATS, type SheetFormat } from "./sheet.ts";
export { ALL_DRAWING_TYPES, FAMILY_VIEWS, type DrawingFamily } from "./views.ts";

export interface DrawingRequest {
  drawing_type: string;
  /** "1:10" … or "auto". */
  scale: string;
  sheet: string;
  title_block: TitleBlockFields;
  revisions: RevisionEntry[];
}

/**
 * One drawing sheet of a configured product: the family's views of the
 * requested type, laid out on the requested ISO sheet. Unknown types, scales
 * and sheets are 422s naming the field; a view that does not fit is a
 * DrawingFitError carrying the scale (or sheet) that would.
 */
export function drawProduct<F extends DrawingFamily>(
  family: F,
  config: Parameters<(typeof FAMILY_VIEWS)[F]["elevation"]>[0],
  req: DrawingRequest,
): DrawingSheet {
  if (req.scale !== "auto" && !isIsoScale(req.scale)) {
    throw new EngineError("unknown_scale", `"${req.scale}" is not a drawing scale; use auto or one of ${ISO_SCALES.join(", ")}.`, 422, [
      { field: "scale", message: `must be "auto" or one of ${ISO_SCALES.join(", ")}`, value: req.scale },
    ]);
  }
  if (!isSheetFormat(req.sheet)) {
    throw new EngineError("unknown_sheet", `"${req.sheet}" is not a sheet size; use one of ${SHEET_ORDER.join(", ")}.`, 422, [
      { field: "sheet", message: `must be one of ${SHEET_ORDER.join(", ")}`, value: req.sheet },
    ]);
  }
  const views = familyViews(family, req.drawing_type, config);
  return composeSheet(views, {
    format: req.sheet as SheetFormat,
    scale: req.scale as IsoScale | "auto",
    title_block: req.title_block,
    revisions: req.revisions,
  });
}
export { drawingNumber, drawingNumberPrefix, nextRevision, PRODUCT_CODES, revisionIndex, VIEW_CODES } from "./numbers.ts";
