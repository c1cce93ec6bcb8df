import type { MeshAnalysis } from "../mesh/types.ts";
import type { DfmFinding, DfmSeverity } from "./types.ts";

/**
 * Mesh integrity. Printers need a closed surface to slice (so an open mesh is
 * an error for FFF and SLA); a CNC estimate only loses accuracy (a warning).
 */
export function meshIntegrityFindings(a: MeshAnalysis, openSeverity: DfmSeverity, out: DfmFinding[]): void {
  if (a.triangle_count === 0 || Math.abs(a.volume_mm3) <= 0) {
    out.push({
      severity: "error",
      code: "EMPTY_MESH",
      message: "The model has no volume.",
      fix: "Export the solid body from your CAD program (not a sketch or a surface) and upload it again.",
    });
    return;
  }
  if (!a.watertight || a.open_edges > 0) {
    out.push({
      severity: openSeverity,
      code: "NOT_WATERTIGHT",
      message: `The mesh is not closed (${a.open_edges} open edges); repair it so the volume is well defined.`,
      fix: "Close the holes in the surface (most CAD programs and slicers have a repair command) and upload the file again.",
      faces: "open_edges",
    });
  }
  if (a.non_manifold_edges > 0) {
    out.push({
      severity: "warning",
      code: "NON_MANIFOLD",
      message: `${a.non_manifold_edges} edges are shared by more than two faces; the part may not be made as drawn.`,
      faces: "non_manifold",
    });
  }
  if (a.inverted_shells > 0 || a.volume_mm3 < 0) {
    out.push({
      severity: "warning",
      code: "INVERTED_NORMALS",
      message: "Some faces point inwards; the volume was taken as positive.",
      faces: "inverted",
    });
  }
  if (a.degenerate_faces > 0) {
    out.push({
      severity: "info",
      code: "DEGENERATE_FACES",
      message: `${a.degenerate_faces} faces have no area and were ignored.`,
      faces: "degenerate",
    });
  }
}

/**
 * Sealed cavities: shells with negative volume inside a positive one (the
 * kernel sorts shells by magnitude, so the outer skin comes first).
 */
export function enclosedVoids(a: MeshAnalysis): number {
  const v = a.shell_volumes_mm3;
  if (a.shells < 2 || v.length < 2 || v[0] <= 0) return 0;
  let n = 0;
  for (let i = 1; i < v.length; i++) if (v[i] < 0) n++;
  return n;
}

export const hasEnclosedVoid = (a: MeshAnalysis): boolean => enclosedVoids(a) > 0;

/**
 * Mean wall thickness 2V/A: exact for a thin plate, an upper bound for thin
 * features on a bulky part, so it catches thin parts but not every thin rib.
 */
export const characteristicThicknessMm = (a: MeshAnalysis): number => (a.surface_area_mm2 > 0 ? (2 * Math.abs(a.volume_mm3)) / a.surface_area_mm2 : 0);

export function thinWallFinding(a: MeshAnalysis, minWallMm: number | undefined, out: DfmFinding[]): void {
  if (minWallMm === undefined) return;
  const t = characteristicThicknessMm(a);
  if (t > 0 && t < minWallMm) {
    out.push({
      severity: "warning",
      code: "THIN_WALL",
      message: `Walls average about ${round2(t)} mm, below the material's minimum of ${minWallMm} mm.`,
      faces: "thin_wall",
    });
  }
}

export function overhangFinding(a: MeshAnalysis, out: DfmFinding[]): void {
  if (a.overhang_area_mm2 > 0) {
    out.push({
      severity: "info",
      code: "SUPPORTS_REQUIRED",
      message: `${Math.round(a.overhang_area_mm2)} mm² overhang beyond ${a.overhang_angle_deg}° needs supports (priced in).`,
      faces: "overhang",
    });
  }
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
