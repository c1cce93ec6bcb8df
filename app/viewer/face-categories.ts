/** The problem-face categories the viewer colours and its legend names, in drawing priority. */
import { FaceFlag } from "../../engine/mesh/types.ts";
import type { DfmFaceHint } from "../../engine/dfm/types.ts";

export interface FaceCategory {
  key: "inverted" | "non_manifold" | "open_edges" | "overhang";
  label: string;
  flag: number;
  colour: string;
}

/** A face with several flags is drawn in the first matching category: the most serious problem shows. */
export const FACE_CATEGORIES: FaceCategory[] = [
  { key: "inverted", label: "Inverted (inside out)", flag: FaceFlag.INVERTED, colour: "#7c3aed" },
  { key: "non_manifold", label: "Non-manifold edges", flag: FaceFlag.NON_MANIFOLD, colour: "#d92d20" },
  { key: "open_edges", label: "Open edges (holes)", flag: FaceFlag.OPEN_EDGE, colour: "#f79009" },
  { key: "overhang", label: "Overhangs (need support)", flag: FaceFlag.OVERHANG, colour: "#0ba5ec" },
];

export const PART_COLOUR = "#c8ced6";

/** The category of a DFM finding's `faces` hint, when the viewer colours it. */
export const categoryOfHint = (hint: DfmFaceHint | undefined): FaceCategory["key"] | undefined => FACE_CATEGORIES.find((c) => c.key === hint)?.key;

/** Face counts per category (each face counted once, in its drawn category). */
export function countCategories(faceFlags: Uint8Array): Record<FaceCategory["key"], number> {
  const counts = { inverted: 0, non_manifold: 0, open_edges: 0, overhang: 0 };
  for (let i = 0; i < faceFlags.length; i++) {
    const f = faceFlags[i];
    if (f === 0) continue;
    const c = FACE_CATEGORIES.find((cat) => f & cat.flag);
    if (c) counts[c.key]++;
  }
  return counts;
}
