/**
 * STEP and IGES: exact CAD (B-rep) files, read in the buyer's browser by OpenCascade
 * (occt-import-js) and tessellated there. This module is the pure part: telling the
 * formats apart, the size the browser takes, and turning the tessellation into the
 * binary STL that the mesh kernel analyses and the server stores next to the original.
 */

export type CadExchangeFormat = "step" | "iges";

/**
 * The largest STEP/IGES file the browser reads. OCCT holds the whole B-rep and its
 * triangulation in a 32-bit wasm heap (2 GB at most, often less on phones); 30 MB of
 * STEP text is a large assembly already and stays well inside it.
 */
export const MAX_CAD_EXCHANGE_BYTES = 30 * 1024 * 1024;

const headText = (head: Uint8Array, n: number) => String.fromCharCode(...head.subarray(0, n)).replace(/^\uFEFF|^\xEF\xBB\xBF/, "");

/** What the first bytes say: STEP (ISO 10303-21) or IGES (an 80-column start section); nothing else. */
export function cadExchangeContent(head: Uint8Array): CadExchangeFormat | undefined {
  const start = headText(head, 80);
  if (/^\s*ISO-10303-21;/.test(start)) return "step";
  if (/^.{72}S[ 0]{6}1/.test(start)) return "iges"; // IGES: start section flagged in column 73
  return undefined;
}

/** The file name extensions of STEP and IGES files. */
export const CAD_EXTENSION = /\.(step|stp|iges|igs)$/i;

/** The format by name or, failing that, by content. */
export function cadExchangeFormat(filename: string, head?: Uint8Array): CadExchangeFormat | undefined {
  const ext = CAD_EXTENSION.exec(filename.trim())?.[1].toLowerCase();
  if (ext) return ext.startsWith("st") ? "step" : "iges";
  return head ? cadExchangeContent(head) : undefined;
}

/** One tessellated body as OCCT gives it: xyz triplets and triangle corner indices. */
export interface Tessellation {
  positions: ArrayLike<number>;
  indices: ArrayLike<number>;
}

/** The tessellated bodies as one binary STL (facet normals from the winding, which OCCT keeps outward). */
export function tessellationToStl(bodies: readonly Tessellation[]): Uint8Array {
  const count = bodies.reduce((n, b) => n + Math.floor(b.indices.length / 3), 0);
  const bytes = new Uint8Array(84 + 50 * count);
  const view = new DataView(bytes.buffer);
  const header = "Tessellated from STEP/IGES by Fabquote";
  for (let i = 0; i < header.length; i++) bytes[i] = header.charCodeAt(i);
  view.setUint32(80, count, true);
  let at = 84;
  for (const { positions: p, indices: ix } of bodies) {
    for (let t = 0; t + 2 < ix.length; t += 3) {
      const [a, b, c] = [ix[t] * 3, ix[t + 1] * 3, ix[t + 2] * 3];
      const u = [p[b] - p[a], p[b + 1] - p[a + 1], p[b + 2] - p[a + 2]];
      const v = [p[c] - p[a], p[c + 1] - p[a + 1], p[c + 2] - p[a + 2]];
      const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
      const length = Math.hypot(n[0], n[1], n[2]) || 1;
      for (let k = 0; k < 3; k++) view.setFloat32(at + 4 * k, n[k] / length, true);
      at += 12;
      for (const corner of [a, b, c]) {
        for (let k = 0; k < 3; k++) view.setFloat32(at + 4 * k, p[corner + k], true);
        at += 12;
      }
      at += 2; // attribute byte count: 0
    }
  }
  return bytes;
}
