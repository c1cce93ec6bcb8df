/**
 * 2D profiles for laser cutting: DXF and SVG read in pure TypeScript into
 * flattened contours (mm, y up) and the numbers pricing and DFM need.
 */
import type { ProfileFormat } from "../types.ts";
import { EngineError } from "../../errors.ts";
import { readDxf } from "./dxf/document.ts";
import { invalidOptions } from "./errors.ts";
import { measureProfile } from "./measure.ts";
import { Budget, PieceSink } from "./pieces.ts";
import { readSvg } from "./svg/render.ts";
import { bytesToText } from "./text.ts";
import type { ProfileAnalysisDetail, ProfileOptions, ProfileReading } from "./types.ts";

export { detectProfileFormat } from "./detect.ts";
export type { ProfileAnalysisDetail, ProfileContour, ProfileOptions, ProfileReading } from "./types.ts";

const DEFAULT_TOLERANCE_MM = 0.01;
const DEFAULT_JOIN_TOLERANCE_MM = 0.01;
const DEFAULT_MAX_SEGMENTS = 200_000;

/** Reads a DXF or SVG into its analysis and the flattened contours (for previews). */
export function readProfile(bytes: Uint8Array | string, options: ProfileOptions): ProfileReading {
  const format: ProfileFormat = options.format;
  if (format !== "dxf" && format !== "svg") {
    throw new EngineError("UNSUPPORTED_FORMAT", `"${String(format)}" is not a 2D profile format (dxf or svg).`, 415);
  }
  const units = options.units ?? "mm";
  if (units !== "mm" && units !== "in") throw invalidOptions(`units must be "mm" or "in", not "${String(units)}".`);
  const tolerance = positive("tolerance", options.tolerance ?? DEFAULT_TOLERANCE_MM, 1e-4, 10);
  const joinTolerance = positive("joinTolerance", options.joinTolerance ?? DEFAULT_JOIN_TOLERANCE_MM, 1e-6, 10);
  const maxSegments = positive("maxSegments", options.maxSegments ?? DEFAULT_MAX_SEGMENTS, 1, 1e8);

  const text = bytesToText(bytes);
  const sink = new PieceSink(tolerance, new Budget(maxSegments));
  const source = format === "dxf" ? readDxf(text, sink, units) : readSvg(text, sink);
  return measureProfile(sink.pieces, source, joinTolerance);
}

/** The analysis of a DXF or SVG; throws EngineError (400, 413, 415, 422) on bad input. */
export function analyzeProfile(bytes: Uint8Array | string, options: ProfileOptions): ProfileAnalysisDetail {
  return readProfile(bytes, options).analysis;
}

function positive(name: string, value: number, min: number, max: number): number {
  if (!(value >= min && value <= max)) throw invalidOptions(`${name} must be between ${min} and ${max}, not ${value}.`);
  return value;
}
