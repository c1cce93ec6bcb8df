import type { Contour, Region } from "./chain.ts";
import { CellBuckets, CellGrid } from "./cell-grid.ts";
import { pointSegmentDistance } from "./distance.ts";

/** Point-to-segment tests the gap search may spend before it gives up as "not cheap". */
const MAX_GAP_TESTS = 8_000_000;

/**
 * Smallest radius of a circular arc whose centre lies in the void: holes and
 * their corner radii, and concave fillets of outer contours. The centre side
 * follows from the arc's turning direction and the contour's orientation and
 * nesting, so no point test is needed. Convex corners of material are not
 * inner radii and are skipped. Elliptical arcs are not measured.
 */
export function minInnerRadius(contours: Contour[], holes: boolean[]): number | null {
  let best: number | null = null;
  contours.forEach((c, i) => {
    if (!c.closed || c.area === 0) return;
    const materialLeft = c.area > 0 !== holes[i];
    for (const arc of c.arcs) {
      if (arc.centerLeft !== materialLeft && (best === null || arc.radius < best)) best = arc.radius;
    }
  });
  return best;
}

/**
 * Smallest distance between two distinct contours (the web between a hole and
 * the edge, or between two holes), or null when there is only one contour or
 * the search would cost more than MAX_GAP_TESTS. Between two polylines that do
 * not cross, the closest pair always includes a vertex of one of them, so
 * testing every vertex against the other contours' segments is exact; crossing
 * contours are not detected (their gap is not reported as 0). Segments are
 * sampled into a grid of cell h; a vertex checks the 5×5 cells around it, which
 * finds every segment within h. Passes grow h until the best gap found is ≤ h.
 * Gaps inside a single contour (a narrow slot) are not measured.
 */
export function minGap(contours: Contour[], region: Region): number | null {
  if (contours.length < 2) return null;
  const segs: number[] = [];
  const owners: number[] = [];
  let perimeter = 0;
  contours.forEach((c, i) => {
    const n = c.pts.length;
    for (let k = 0; k < (c.closed ? n : n - 2); k += 2) {
      const x0 = c.pts[k];
      const y0 = c.pts[k + 1];
      const x1 = c.pts[(k + 2) % n];
      const y1 = c.pts[(k + 3) % n];
      segs.push(x0, y0, x1, y1);
      owners.push(i);
      perimeter += Math.hypot(x1 - x0, y1 - y0);
    }
  });
  const segCount = owners.length;
  // Start with cells about one segment wide, and never more samples than 5 per segment.
  let h = Math.max(region.extent / Math.sqrt(segCount), perimeter / (4 * segCount), region.extent * 1e-9, 1e-9);
  const stamp = new Int32Array(segCount).fill(-1);
  let vertex = 0;
  let tests = 0;
  for (;;) {
    const buckets = new CellBuckets(new CellGrid(region.minX, region.minY, region.extent, h));
    const grid = buckets.grid;
    h = grid.cell;
    for (let s = 0; s < segCount; s++) {
      const x0 = segs[4 * s];
      const y0 = segs[4 * s + 1];
      const x1 = segs[4 * s + 2];
      const y1 = segs[4 * s + 3];
      const samples = Math.ceil(Math.hypot(x1 - x0, y1 - y0) / h);
      let lastKey = -1;
      for (let j = 0; j <= samples; j++) {
        const t = samples === 0 ? 0 : j / samples;
        const ix = grid.ix(x0 + (x1 - x0) * t);
        const iy = grid.iy(y0 + (y1 - y0) * t);
        const key = grid.key(ix, iy);
        if (key !== lastKey) buckets.add(ix, iy, s);
        lastKey = key;
      }
    }
    let best = Infinity;
    for (let i = 0; i < contours.length; i++) {
      const pts = contours[i].pts;
      for (let k = 0; k < pts.length; k += 2, vertex++) {
        const ix = grid.ix(pts[k]);
        const iy = grid.iy(pts[k + 1]);
        for (let dx = -2; dx <= 2; dx++) {
          for (let dy = -2; dy <= 2; dy++) {
            for (const t of buckets.get(ix + dx, iy + dy) ?? []) {
              if (owners[t] === i || stamp[t] === vertex) continue;
              stamp[t] = vertex;
              if (++tests > MAX_GAP_TESTS) return null;
              const d = pointSegmentDistance(pts[k], pts[k + 1], segs[4 * t], segs[4 * t + 1], segs[4 * t + 2], segs[4 * t + 3]);
              if (d < best) best = d;
            }
          }
        }
      }
    }
    if (best <= h || h >= 2 * region.extent) return Number.isFinite(best) ? best : null;
    h *= 4;
  }
}
