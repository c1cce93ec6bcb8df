import type { Contour, Region } from "./chain.ts";
import { CellBuckets, CellGrid } from "./cell-grid.ts";
import { pointSegmentDistance } from "./distance.ts";

/** Point-to-segment distances the gap search may compute before it gives up as "not cheap". */
const MAX_WORK = 4_000_000;
/** Rings of cells searched around a vertex (a 7 × 7 window). */
const MAX_RINGS = 3;

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
 * the search would cost more than MAX_WORK. Between two polylines that do not
 * cross, the closest pair always includes a vertex of one of them, so testing
 * every vertex against the other contours' segments is exact (for the
 * flattened curves, so within the chordal tolerance); crossing contours are
 * not detected, and gaps inside one contour (a narrow slot) are not measured.
 *
 * Segments are sampled every h/2 into a grid of cell h. A vertex searches the
 * rings of cells that can hold a segment closer than the best gap so far (at
 * most MAX_RINGS). A pass is conclusive when that bound covers the best gap;
 * otherwise the next pass uses cells wide enough that it will, keeping the
 * best gap found as the bound.
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
  // Start with cells about one segment wide, and never more than a few samples per segment.
  let h = Math.max(region.extent / Math.sqrt(segCount), perimeter / (4 * segCount), region.extent * 1e-9, 1e-9);
  const stamp = new Int32Array(segCount).fill(-1);
  let visit = 0;
  let work = 0;
  let best = Infinity;
  for (;;) {
    const buckets = sampleSegments(segs, region, h);
    const grid = buckets.grid;
    h = grid.cell;
    // Samples every h/2 put a segment's closest point within h/4 of a registered cell.
    const reach = (): number => (Number.isFinite(best) ? Math.min(MAX_RINGS, Math.floor((best + h / 4) / h) + 1) : MAX_RINGS);
    for (let i = 0; i < contours.length; i++) {
      const pts = contours[i].pts;
      for (let k = 0; k < pts.length; k += 2) {
        visit++;
        const px = pts[k];
        const py = pts[k + 1];
        const ix = grid.ix(px);
        const iy = grid.iy(py);
        const rings = reach();
        for (let dx = -rings; dx <= rings; dx++) {
          for (let dy = -rings; dy <= rings; dy++) {
            if (cellDistance(px, py, grid, ix + dx, iy + dy) > best + h / 4) continue;
            for (const t of buckets.get(ix + dx, iy + dy) ?? []) {
              if (owners[t] === i || stamp[t] === visit) continue;
              if (++work > MAX_WORK) return null;
              stamp[t] = visit;
              const d = pointSegmentDistance(px, py, segs[4 * t], segs[4 * t + 1], segs[4 * t + 2], segs[4 * t + 3]);
              if (d < best) best = d;
            }
          }
        }
      }
    }
    const conclusive = Number.isFinite(best) && Math.floor((best + h / 4) / h) + 1 <= MAX_RINGS;
    if (conclusive || h >= 2 * region.extent) return Number.isFinite(best) ? best : null;
    h = Number.isFinite(best) ? best / (MAX_RINGS - 1) : h * 4;
  }
}

function sampleSegments(segs: number[], region: Region, h: number): CellBuckets {
  const buckets = new CellBuckets(new CellGrid(region.minX, region.minY, region.extent, h));
  const grid = buckets.grid;
  for (let s = 0; s < segs.length / 4; s++) {
    const x0 = segs[4 * s];
    const y0 = segs[4 * s + 1];
    const x1 = segs[4 * s + 2];
    const y1 = segs[4 * s + 3];
    const samples = Math.ceil((2 * Math.hypot(x1 - x0, y1 - y0)) / grid.cell);
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
  return buckets;
}

/** Distance from a point to the grid cell (ix, iy). */
function cellDistance(px: number, py: number, grid: CellGrid, ix: number, iy: number): number {
  const x0 = grid.x0(ix);
  const y0 = grid.y0(iy);
  const dx = Math.max(x0 - px, 0, px - (x0 + grid.cell));
  const dy = Math.max(y0 - py, 0, py - (y0 + grid.cell));
  return Math.sqrt(dx * dx + dy * dy);
}
