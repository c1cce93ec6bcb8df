/**
 * Which of the part's surface a cutter can reach along one of the six axis
 * directions (±X, ±Y, ±Z: a 3-axis mill, re-clamped on each side). For each
 * axis the triangles are drawn into a depth grid across it (cell centres, the
 * highest and lowest surface over each cell); a triangle is reached from a
 * side when it does not face away from it and a point just off its surface
 * (along its normal) has no surface beyond it on that side, in its cell or
 * one of the eight around it. A surface reached from no side lies inside a
 * cavity opened only by narrower holes, or under an undercut.
 * Linear: each triangle is drawn row by row (rows plus the cells it covers,
 * which together tile each grid a few times over), then looked up in 9 cells
 * per side. Choices and limits: docs/decisions/0029-cnc-feature-checks.md.
 */

/** Grid cells along the part's longest side: about 3 MB for the two depth grids of an axis. */
export const REACH_CELLS = 512;
/** Faces turned away from a side by less than this (normal component) still count as walls a cutter's flank cuts. */
const WALL = 1e-3;
/** The point tested sits this many cells off the face along its normal (clear of the face's own cells). */
const OFFSET_CELLS = 1.5;
/** A triangle is tested at about one point per this many cells of its area ... */
const SAMPLE_CELLS = 64;
/** ... cut into at most this many pieces along each side (256 points). */
const MAX_CUTS = 16;
/** Surface within this many cells beyond the point does not hide it (rounding of the grid). */
const DEPTH_TOLERANCE_CELLS = 1;

export interface Unreachable {
  /** Surface no cutter reaches along ±X, ±Y or ±Z, in the positions' units squared. */
  area: number;
  /** The grid's cell (positions' units): openings narrower than about 3 cells are not seen. */
  cell: number;
}

/** Area of the surface reached from none of the six axis directions (positions in any unit; `slots` vertices). */
export function unreachableSurface(positions: Float32Array, indices: Uint32Array, triangles: number, slots: number): Unreachable {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < 3 * slots; i += 3) {
    for (let a = 0; a < 3; a++) {
      const v = positions[i + a];
      if (v < lo[a]) lo[a] = v;
      if (v > hi[a]) hi[a] = v;
    }
  }
  const longest = Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
  if (!(longest > 0) || !Number.isFinite(longest)) return { area: 0, cell: 0 };
  const cell = longest / REACH_CELLS;
  // Unit normals, once; and the points tested: a large triangle is cut into m × m similar ones, each tested at its centre.
  const normals = new Float64Array(3 * triangles);
  const cuts = new Uint8Array(triangles);
  let count = 0;
  for (let t = 0; t < triangles; t++) {
    const [nx, ny, nz] = cross(positions, ...corners(indices, t));
    const len = Math.hypot(nx, ny, nz);
    if (len === 0) continue;
    normals[3 * t] = nx / len;
    normals[3 * t + 1] = ny / len;
    normals[3 * t + 2] = nz / len;
    const m = Math.min(MAX_CUTS, Math.ceil(Math.sqrt(len / 2 / (SAMPLE_CELLS * cell * cell))));
    cuts[t] = m;
    count += m * m;
  }
  // Per point: its triangle, position and area.
  const owner = new Uint32Array(count);
  const at = new Float64Array(3 * count);
  const weight = new Float64Array(count);
  let n = 0;
  for (let t = 0; t < triangles; t++) {
    const m = cuts[t];
    if (m === 0) continue;
    const [p, q, r] = corners(indices, t);
    const area = Math.hypot(...cross(positions, p, q, r)) / 2 / (m * m);
    // Sub-triangles of the m × m split: upright (i, j) and, where it fits, inverted; centres in barycentric thirds.
    for (let i = 0; i < m; i++) {
      for (let j = 0; i + j < m; j++) {
        for (const [bi, bj] of i + j + 1 < m
          ? [
              [i + 1 / 3, j + 1 / 3],
              [i + 2 / 3, j + 2 / 3],
            ]
          : [[i + 1 / 3, j + 1 / 3]]) {
          const wq = bi / m,
            wr = bj / m,
            wp = 1 - wq - wr;
          for (let k = 0; k < 3; k++) at[3 * n + k] = wp * positions[p + k] + wq * positions[q + k] + wr * positions[r + k];
          owner[n] = t;
          weight[n++] = area;
        }
      }
    }
  }
  const reached = new Uint8Array(count);
  for (let a = 0; a < 3; a++) {
    const u = (a + 1) % 3,
      v = (a + 2) % 3;
    const nu = Math.floor((hi[u] - lo[u]) / cell) + 1,
      nv = Math.floor((hi[v] - lo[v]) / cell) + 1;
    const top = new Float32Array(nu * nv).fill(-Infinity);
    const bottom = new Float32Array(nu * nv).fill(Infinity);
    for (let t = 0; t < triangles; t++) {
      if (cuts[t] === 0 || Math.abs(normals[3 * t + a]) < WALL) continue;
      draw(positions, indices, t, a, u, v, lo, cell, nu, nv, normals, top, bottom);
    }
    const off = OFFSET_CELLS * cell,
      tol = DEPTH_TOLERANCE_CELLS * cell;
    for (let s = 0; s < count; s++) {
      if (reached[s]) continue;
      const t = owner[s];
      const na = normals[3 * t + a];
      const i = Math.floor((at[3 * s + u] + normals[3 * t + u] * off - lo[u]) / cell),
        j = Math.floor((at[3 * s + v] + normals[3 * t + v] * off - lo[v]) / cell);
      const depth = at[3 * s + a] + na * off;
      // From +axis: nothing above the point; from −axis: nothing below it.
      if (na > -WALL && open(top, nu, nv, i, j, (d) => d <= depth + tol)) reached[s] = 1;
      else if (na < WALL && open(bottom, nu, nv, i, j, (d) => d >= depth - tol)) reached[s] = 1;
    }
  }
  let area = 0;
  for (let s = 0; s < count; s++) if (!reached[s]) area += weight[s];
  return { area, cell };
}

const corners = (indices: Uint32Array, t: number): [number, number, number] => [indices[3 * t] * 3, indices[3 * t + 1] * 3, indices[3 * t + 2] * 3];

function cross(positions: Float32Array, p: number, q: number, r: number): [number, number, number] {
  const ux = positions[q] - positions[p],
    uy = positions[q + 1] - positions[p + 1],
    uz = positions[q + 2] - positions[p + 2];
  const vx = positions[r] - positions[p],
    vy = positions[r + 1] - positions[p + 1],
    vz = positions[r + 2] - positions[p + 2];
  return [uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx];
}

/** Whether any of the 3 × 3 cells around (i, j) is clear (outside the grid is clear). */
function open(grid: Float32Array, nu: number, nv: number, i: number, j: number, clear: (depth: number) => boolean): boolean {
  for (let dj = -1; dj <= 1; dj++) {
    const jj = j + dj;
    if (jj < 0 || jj >= nv) return true;
    for (let di = -1; di <= 1; di++) {
      const ii = i + di;
      if (ii < 0 || ii >= nu || clear(grid[jj * nu + ii])) return true;
    }
  }
  return false;
}

/** Draws triangle t into the grids across axis a: at each cell centre it covers, its plane's height along a. */
function draw(
  positions: Float32Array,
  indices: Uint32Array,
  t: number,
  a: number,
  u: number,
  v: number,
  lo: number[],
  cell: number,
  nu: number,
  nv: number,
  normals: Float64Array,
  top: Float32Array,
  bottom: Float32Array,
): void {
  // Corners in cell units across the axis.
  const c = [indices[3 * t] * 3, indices[3 * t + 1] * 3, indices[3 * t + 2] * 3];
  const pu = c.map((i) => (positions[i + u] - lo[u]) / cell);
  const pv = c.map((i) => (positions[i + v] - lo[v]) / cell);
  // The plane: height = h0 + gu (x − pu0) + gv (y − pv0), x and y in cells.
  const h0 = positions[c[0] + a];
  const na = normals[3 * t + a];
  const gu = (-normals[3 * t + u] / na) * cell,
    gv = (-normals[3 * t + v] / na) * cell;
  const vMin = Math.min(pv[0], pv[1], pv[2]),
    vMax = Math.max(pv[0], pv[1], pv[2]);
  const j0 = Math.max(0, Math.ceil(vMin - 0.5)),
    j1 = Math.min(nv - 1, Math.floor(vMax - 0.5));
  for (let j = j0; j <= j1; j++) {
    const y = j + 0.5;
    // Where the row's centre line crosses the triangle's edges.
    let xMin = Infinity,
      xMax = -Infinity;
    for (let e = 0; e < 3; e++) {
      const f = (e + 1) % 3;
      const y0 = pv[e],
        y1 = pv[f];
      if ((y < y0 && y < y1) || (y > y0 && y > y1)) continue;
      const x = y0 === y1 ? pu[e] : pu[e] + ((y - y0) / (y1 - y0)) * (pu[f] - pu[e]);
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
      if (y0 === y1) {
        if (pu[f] < xMin) xMin = pu[f];
        if (pu[f] > xMax) xMax = pu[f];
      }
    }
    const i0 = Math.max(0, Math.ceil(xMin - 0.5)),
      i1 = Math.min(nu - 1, Math.floor(xMax - 0.5));
    for (let i = i0; i <= i1; i++) {
      const h = h0 + gu * (i + 0.5 - pu[0]) + gv * (y - pv[0]);
      const k = j * nu + i;
      if (h > top[k]) top[k] = h;
      if (h < bottom[k]) bottom[k] = h;
    }
  }
}
