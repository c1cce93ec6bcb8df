/**
 * Reorders a mesh's triangles into one run per colour so the whole part draws
 * from one index buffer in a handful of draw calls, however many faces are flagged.
 */
import { FACE_CATEGORIES, type FaceCategory } from "./face-categories.ts";

export interface FaceGroups {
  indices: Uint32Array;
  /** Runs in index-buffer units: `plain` first, then each shown category. */
  groups: { key: FaceCategory["key"] | "plain"; start: number; count: number }[];
}

/** `shown`: the categories to colour; faces of other categories are drawn plain. */
export function groupFaces(indices: Uint32Array, faceFlags: Uint8Array, shown: ReadonlySet<FaceCategory["key"]>): FaceGroups {
  const triangles = indices.length / 3;
  const bucketOf = new Uint8Array(triangles);
  const counts = new Uint32Array(FACE_CATEGORIES.length + 1);
  for (let t = 0; t < triangles; t++) {
    const f = faceFlags[t];
    let bucket = 0;
    if (f !== 0) {
      for (let c = 0; c < FACE_CATEGORIES.length; c++) {
        if (f & FACE_CATEGORIES[c].flag && shown.has(FACE_CATEGORIES[c].key)) {
          bucket = c + 1;
          break;
        }
      }
    }
    bucketOf[t] = bucket;
    counts[bucket]++;
  }
  const offsets = new Uint32Array(counts.length);
  for (let b = 1; b < counts.length; b++) offsets[b] = offsets[b - 1] + counts[b - 1];
  const out = new Uint32Array(indices.length);
  const cursor = offsets.slice();
  for (let t = 0; t < triangles; t++) {
    const at = cursor[bucketOf[t]]++ * 3;
    out[at] = indices[t * 3];
    out[at + 1] = indices[t * 3 + 1];
    out[at + 2] = indices[t * 3 + 2];
  }
  const groups: FaceGroups["groups"] = [];
  for (let b = 0; b < counts.length; b++) {
    if (counts[b] === 0) continue;
    groups.push({ key: b === 0 ? "plain" : FACE_CATEGORIES[b - 1].key, start: offsets[b] * 3, count: counts[b] * 3 });
  }
  return { indices: out, groups };
}
