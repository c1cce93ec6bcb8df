import type { ProfileAnalysis } from "../mesh/types.ts";
import type { DfmFinding } from "./types.ts";

/** Laser checks that depend only on the drawing and the chosen machine and sheet. */
export function profileFindings(a: ProfileAnalysis, kerfMm: number, thicknessMm: number, out: DfmFinding[]): void {
  if (a.closed_contours + a.open_paths === 0 || a.cut_length_mm <= 0) {
    out.push({
      severity: "error",
      code: "EMPTY_PROFILE",
      message: "The drawing has nothing to cut.",
      fix: "Check that the outlines are on a visible layer and export the drawing again.",
    });
    return;
  }
  if (a.open_paths > 0) {
    out.push({
      severity: "error",
      code: "OPEN_CONTOUR",
      message: `${a.open_paths === 1 ? "1 path does" : `${a.open_paths} paths do`} not close; every cut must be a closed contour.`,
      fix: "Join the ends of every outline in your CAD program (for example with a join or close command) and export again.",
    });
  }
  const f = a.min_feature_mm;
  if (f === null) return;
  if (f < kerfMm) {
    out.push({
      severity: "error",
      code: "FEATURE_BELOW_KERF",
      message: `A gap or radius of ${f} mm is narrower than the ${kerfMm} mm kerf and would be burnt away.`,
      fix: `Widen gaps and inner radii to at least ${kerfMm} mm and export the drawing again.`,
    });
  } else if (f < thicknessMm) {
    // Holes and slots narrower than the sheet is thick come out tapered or welded shut.
    out.push({
      severity: "warning",
      code: "FEATURE_BELOW_THICKNESS",
      message: `A feature of ${f} mm is smaller than the ${thicknessMm} mm material thickness; expect poor edges.`,
    });
  }
}
