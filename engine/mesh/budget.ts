/**
 * A per-file processing budget for analysis. A Worker's clocks stand still while it
 * computes (they advance only on I/O), so time cannot be read inside a synchronous
 * parse: the budget is charged with an estimate of the CPU each stage will take,
 * before the stage runs, from what is known by then (bytes, then triangles). The
 * readers are linear, so the estimates scale with the real work; a file whose
 * estimate exceeds the budget fails with ANALYSIS_TIME_LIMIT before the stage starts.
 * Figures and their measurement: docs/decisions/0008-analysis-budget.md.
 */
import { EngineError } from "../errors.ts";

/** Estimated nanoseconds of CPU per unit of work (reference machine, with head-room). */
export const WORK_NS = {
  /** Welding, topology, shells, shadow, OBB and a thumbnail, per triangle. */
  triangle: 1_000,
  /** The outline length and the islands per band of height (FFF small perimeters, regions and travel), per triangle. */
  outline: 600,
  /** The milling feature checks (holes, internal corners), per triangle (meshes up to 500,000 triangles). */
  feature: 2_000,
  /** The tool reach check (surface no cutter reaches along ±X, ±Y, ±Z), per triangle, on the same meshes. */
  reach: 1_500,
  /** Parsing ASCII STL, OBJ or zipped 3MF, per byte of the file. */
  textByte: 40,
  /** Reading DXF or SVG into flattened contours, per byte. */
  profileByte: 100,
} as const;

export class AnalysisBudget {
  readonly limitMs: number;
  private spentNs = 0;

  constructor(limitMs: number) {
    this.limitMs = limitMs;
  }

  /** Charges the estimate of a stage about to run; throws ANALYSIS_TIME_LIMIT when it would not fit. */
  charge(ns: number, stage: string): void {
    this.spentNs += ns;
    if (this.spentNs > this.limitMs * 1e6) {
      throw new EngineError(
        "ANALYSIS_TIME_LIMIT",
        `analysing this file would take more than the ${this.limitMs.toLocaleString("en-US")} ms of processing allowed per file (estimated ${Math.ceil(this.spentNs / 1e6).toLocaleString("en-US")} ms by the end of ${stage})`,
        422,
        [{ field: "file", message: `at most ${this.limitMs} ms of processing` }],
      );
    }
  }
}
