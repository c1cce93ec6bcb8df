/** engine/gcode: what slicers write about their G-code. */
export { durationSeconds, GcodeSummaryReader, readGcodeSummary } from "./summary.ts";
export type { GcodeSummary, Slicer } from "./summary.ts";
