import type { DfmFinding } from "./types.ts";

/** Axis permutations of a box: the six ways to lay it along the machine axes. */
const PERMUTATIONS = [
  [0, 1, 2],
  [1, 0, 2],
  [0, 2, 1],
  [2, 0, 1],
  [1, 2, 0],
  [2, 1, 0],
] as const;

export interface Fit {
  /** Part extents along the machine's X, Y, Z in the chosen orientation. */
  x: number;
  y: number;
  z: number;
  /** False when the part is built as uploaded. */
  reoriented: boolean;
}

/**
 * Fits a part in a machine volume. The uploaded orientation wins when it fits
 * (its overhang figures were measured for it); otherwise every axis-aligned
 * turn of the AABB and of the oriented box is tried and the lowest build
 * height kept, since layer count drives print time.
 */
export function fitBox(aabb: readonly number[], obb: readonly number[], volume: readonly number[]): Fit | null {
  if (aabb[0] <= volume[0] && aabb[1] <= volume[1] && aabb[2] <= volume[2]) {
    return { x: aabb[0], y: aabb[1], z: aabb[2], reoriented: false };
  }
  let best: Fit | null = null;
  for (let s = 0; s < 2; s++) {
    const d = s === 0 ? aabb : obb;
    for (let p = 0; p < PERMUTATIONS.length; p++) {
      const [i, j, k] = PERMUTATIONS[p];
      if (d[i] <= volume[0] && d[j] <= volume[1] && d[k] <= volume[2] && (best === null || d[k] < best.z)) {
        best = { x: d[i], y: d[j], z: d[k], reoriented: true };
      }
    }
  }
  return best;
}

/** Fits a flat part on a sheet, turned by 90° if needed. */
export const fitsSheet = (w: number, h: number, sheetW: number, sheetH: number): boolean => (w <= sheetW && h <= sheetH) || (h <= sheetW && w <= sheetH);

export function oversizeFinding(sizeMm: readonly number[], what: string, out: DfmFinding[]): void {
  out.push({
    severity: "error",
    code: "PART_TOO_LARGE",
    message: `The part (${sizeMm.map((v) => Math.round(v)).join(" × ")} mm) does not fit ${what}.`,
    fix: "Split the part into pieces that fit, scale it down, or choose another process or machine.",
  });
}

export function reorientedFinding(out: DfmFinding[]): void {
  out.push({
    severity: "info",
    code: "REORIENTED",
    message: "The part was turned to fit the machine; support and overhang figures are approximate.",
  });
}
