import type { Contour } from "./chain.ts";

/**
 * Even-odd nesting: whether each contour lies inside an odd number of other
 * closed contours (a hole; an island in a hole is even again). One ray to +x
 * from a point on each contour counts crossings with every other closed
 * contour's edges; edges are bucketed in horizontal bands so a ray only meets
 * the edges of its own band. Open contours are never holes.
 */
export function holeFlags(contours: Contour[]): boolean[] {
  const closed = contours.map((c, i) => (c.closed && c.pts.length >= 6 ? i : -1)).filter((i) => i >= 0);
  const holes = contours.map(() => false);
  if (closed.length < 2) return holes;

  let minY = Infinity;
  let maxY = -Infinity;
  let edgeCount = 0;
  for (const i of closed) {
    const pts = contours[i].pts;
    for (let k = 1; k < pts.length; k += 2) {
      minY = Math.min(minY, pts[k]);
      maxY = Math.max(maxY, pts[k]);
    }
    edgeCount += pts.length / 2;
  }
  const bandCount = Math.max(1, Math.min(4096, Math.ceil(Math.sqrt(edgeCount))));
  const bandHeight = (maxY - minY) / bandCount || 1;
  const bandOf = (y: number): number => Math.max(0, Math.min(bandCount - 1, Math.floor((y - minY) / bandHeight)));

  // Edge e of the band lists: owner contour and the flat index of its first point.
  const bands: number[][] = Array.from({ length: bandCount }, () => []);
  for (const i of closed) {
    const pts = contours[i].pts;
    const n = pts.length;
    for (let k = 0; k < n; k += 2) {
      const y0 = pts[k + 1];
      const y1 = pts[(k + 3) % n];
      if (y0 === y1) continue;
      for (let b = bandOf(Math.min(y0, y1)); b <= bandOf(Math.max(y0, y1)); b++) bands[b].push(i, k);
    }
  }

  for (const i of closed) {
    const pts = contours[i].pts;
    // The midpoint of the first edge rather than a vertex: vertices are where contours touch.
    const px = (pts[0] + pts[2]) / 2;
    const py = (pts[1] + pts[3]) / 2;
    let inside = false;
    const band = bands[bandOf(py)];
    for (let e = 0; e < band.length; e += 2) {
      const owner = band[e];
      if (owner === i) continue;
      const q = contours[owner].pts;
      const k = band[e + 1];
      const x0 = q[k];
      const y0 = q[k + 1];
      const x1 = q[(k + 2) % q.length];
      const y1 = q[(k + 3) % q.length];
      if (y0 > py !== y1 > py && x0 + ((py - y0) * (x1 - x0)) / (y1 - y0) > px) inside = !inside;
    }
    holes[i] = inside;
  }
  return holes;
}
