import { EngineError } from "../errors.ts";

/** ISO 5455 reduction scales a door or cabinet drawing may use, largest first. */
export const ISO_SCALES = ["1:1", "1:2", "1:5", "1:10", "1:20", "1:50"] as const;
export type IsoScale = (typeof ISO_SCALES)[number];

export const isIsoScale = (s: unknown): s is IsoScale => typeof s === "string" && (ISO_SCALES as readonly string[]).includes(s);

/** The denominator n of 1:n. */
export const scaleDenominator = (s: IsoScale) => Number(s.slice(2));

/** "SCALE 1:20" as the title block states it (ISO 5455). */
export const scaleLabel = (s: IsoScale) => `SCALE ${s}`;

/**
 * The largest standard scale at which a `width` × `height` (real mm) object
 * and `margin` (paper mm on each side, for dimensions) fits a `room` (paper mm), or null.
 */
export function largestFittingScale(width: number, height: number, margin: number, room: { width: number; height: number }): IsoScale | null {
  return ISO_SCALES.find((s) => fitsAt(s, width, height, margin, room)) ?? null;
}

export function fitsAt(s: IsoScale, width: number, height: number, margin: number, room: { width: number; height: number }): boolean {
  const n = scaleDenominator(s);
  return width / n + 2 * margin <= room.width && height / n + 2 * margin <= room.height;
}

/**
 * A view that does not fit the sheet at the requested scale (422). It carries
 * the scale that would fit on this sheet, or null and the smallest sheet on
 * which it fits at the requested or any standard scale.
 */
export class DrawingFitError extends EngineError {
  readonly suggested_scale: IsoScale | null;
  readonly suggested_sheet: string | null;

  constructor(message: string, field: "scale" | "sheet", suggestedScale: IsoScale | null, suggestedSheet: string | null) {
    super("view_does_not_fit", message, 422, [{ field, message }]);
    this.name = "DrawingFitError";
    this.suggested_scale = suggestedScale;
    this.suggested_sheet = suggestedSheet;
  }
}
