import type { Box3, Vec3 } from "../mesh/types.ts";
import type { GeometryMesh } from "./types.ts";

/** Axis-aligned box, mm. Products here are assemblies of sawn profiles and boards, so boxes are enough. */
export interface BoxSpec {
  min: Vec3;
  max: Vec3;
}

// Each face: outward normal and its four corners as (x, y, z) picks from min (0) / max (1), counter-clockwise from outside.
const FACES: { n: Vec3; c: [number, number, number][] }[] = [
  {
    n: [1, 0, 0],
    c: [
      [1, 0, 1],
      [1, 0, 0],
      [1, 1, 0],
      [1, 1, 1],
    ],
  },
  {
    n: [-1, 0, 0],
    c: [
      [0, 0, 0],
      [0, 0, 1],
      [0, 1, 1],
      [0, 1, 0],
    ],
  },
  {
    n: [0, 1, 0],
    c: [
      [0, 1, 1],
      [1, 1, 1],
      [1, 1, 0],
      [0, 1, 0],
    ],
  },
  {
    n: [0, -1, 0],
    c: [
      [0, 0, 0],
      [1, 0, 0],
      [1, 0, 1],
      [0, 0, 1],
    ],
  },
  {
    n: [0, 0, 1],
    c: [
      [0, 0, 1],
      [1, 0, 1],
      [1, 1, 1],
      [0, 1, 1],
    ],
  },
  {
    n: [0, 0, -1],
    c: [
      [1, 0, 0],
      [0, 0, 0],
      [0, 1, 0],
      [1, 1, 0],
    ],
  },
];

/** One mesh of flat-shaded boxes (4 vertices per face so normals stay sharp). */
export function boxesMesh(name: string, material: string, boxes: BoxSpec[]): GeometryMesh {
  const positions = new Float32Array(boxes.length * 24 * 3);
  const normals = new Float32Array(boxes.length * 24 * 3);
  const indices = new Uint32Array(boxes.length * 36);
  let v = 0;
  let k = 0;
  for (const { min, max } of boxes) {
    for (const face of FACES) {
      const base = v;
      for (const [sx, sy, sz] of face.c) {
        positions.set([sx ? max[0] : min[0], sy ? max[1] : min[1], sz ? max[2] : min[2]], v * 3);
        normals.set(face.n, v * 3);
        v++;
      }
      indices.set([base, base + 1, base + 2, base, base + 2, base + 3], k);
      k += 6;
    }
  }
  return { name, material, positions, normals, indices };
}

export function boundsOf(meshes: GeometryMesh[]): Box3 {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const m of meshes) {
    for (let i = 0; i < m.positions.length; i += 3) {
      for (let a = 0; a < 3; a++) {
        min[a] = Math.min(min[a], m.positions[i + a]);
        max[a] = Math.max(max[a], m.positions[i + a]);
      }
    }
  }
  return { min, max, size: [max[0] - min[0], max[1] - min[1], max[2] - min[2]] };
}
