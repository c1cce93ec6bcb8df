import type { MeshAnalysis } from "../mesh/types.ts";
import { enclosedVoids } from "./mesh.ts";
import type { DfmFinding } from "./types.ts";

/**
 * What the mesh analysis can tell about milling a part: a sealed cavity (a
 * shell inside the part, wound inwards) has no opening a tool could enter by.
 * Cavities reached through holes, undercuts, internal corner radii and hole
 * depth-to-diameter need the part's features, which the analysis does not
 * find, so the part's notes say the shop checks them.
 */
export function cncFindings(a: MeshAnalysis, out: DfmFinding[]): void {
  const voids = enclosedVoids(a);
  if (voids > 0) {
    out.push({
      severity: "error",
      code: "ENCLOSED_VOID",
      message: `The part has ${voids === 1 ? "a sealed internal cavity" : `${voids} sealed internal cavities`}; no cutting tool can reach inside it.`,
      fix: "Fill the cavity, or split the part along it into pieces that can each be milled and then joined.",
    });
  }
  out.push({
    severity: "info",
    code: "CNC_NOT_CHECKED",
    message:
      "Undercuts, cavities reached only through holes, internal corner radii and hole depth-to-diameter are not checked automatically: the shop reviews them before the part is made.",
  });
}
