/**
 * Milling features read from the welded mesh: round holes along X, Y or Z, and the
 * internal corners and fillets of walls parallel to Z (where an end mill cutting from
 * the top leaves its radius). For each axis it looks at the faces parallel to it:
 * adjacent coplanar faces are joined into facets (a facet of a tessellated cylinder
 * is often cut into many triangles where another feature crosses it), and each
 * concave edge along the axis between two facets is classified by how far the wall
 * turns there: a little is a joint of a round surface, whose circle passes through the
 * edge and the far ends of its two facets; a lot is a sharp corner. Round edges are
 * grouped by circle; a group going all the way round is a hole.
 * Linear in the triangles: one pass over the faces per axis, a counting sort of the
 * half-edges by vertex, a union-find and hash lookups. Thresholds and their sources:
 * docs/decisions/0029-cnc-feature-checks.md.
 */
import type { CncFeatures, MeshFillet, MeshHole } from "./types.ts";

/** A face is parallel to an axis when the normal's component along it is below this fraction of its length. */
const PARALLEL = 1e-3;
/** Concave edges turning less than this join facets of a round surface (an 8-sided circle turns 45°); more is a corner. */
const ROUND_TURN = (50 * Math.PI) / 180;
/** Faces turning less than this at an edge are one flat facet. */
const FLAT_TURN = (0.5 * Math.PI) / 180;
/** Facets on either side of a round edge are within this length ratio (a long wall meeting a fillet is not part of its circle). */
const EVEN_CHORDS = 0.5;
/** Angular bins around a circle; a group covering this many is a whole hole. */
const BINS = 64;
const FULL_BINS = 60;
/** Circles are grouped on a grid: radius in steps of 2 %, centre in cells of 5 % of the radius. */
const RADIUS_STEP = Math.log(1.02);
const CENTRE_CELL = 0.05;
/** Circles smaller than this fraction of the part's diagonal are not looked for (it bounds the grid's keys). */
const MIN_RADIUS = 3e-4;
/** Stretches of one hole further apart than this many diameters are separate holes (two flanges on one axis). */
const HOLE_GAP = 2;
/** Faces whose normal has at least this component along the axis can close a hole's end (a flat bottom or a drill point). */
const CAP_NORMAL = 0.3;
/** Distinct holes and fillets kept in the analysis (identical ones are counted, not repeated). */
const MAX_KINDS = 256;
/**
 * Meshes above this are not checked: the stage's memory (24 bytes a face and 16 a vertex, plus 40 a face parallel
 * to the axis being looked at and the concave edges' records: under 40 MB at this size) must fit beside the
 * kernel's in a Worker's 128 MB.
 */
export const FEATURE_MAX_TRIANGLES = 500_000;

const AXES = ["x", "y", "z"] as const;

interface Run {
  r: number;
  lo: number;
  hi: number;
  blind: boolean;
}

interface AxisFeatures {
  holes: Run[];
  fillets: Run[];
  corners: { count: number; depth: number };
}

/** Features of the welded mesh (positions in the file's units, `scale` to mm); callers skip meshes above FEATURE_MAX_TRIANGLES. */
export function cncFeatures(positions: Float32Array, indices: Uint32Array, triangles: number, slots: number, scale: number): CncFeatures {
  let x0 = Infinity,
    y0 = Infinity,
    z0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity,
    z1 = -Infinity;
  for (let i = 0; i < 3 * slots; i += 3) {
    const x = positions[i],
      y = positions[i + 1],
      z = positions[i + 2];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    if (z < z0) z0 = z;
    if (z > z1) z1 = z;
  }
  const lo = [x0, y0, z0];
  const diagonal = Math.sqrt((x1 - x0) ** 2 + (y1 - y0) ** 2 + (z1 - z0) ** 2);
  const holes = new Map<string, MeshHole>();
  const fillets = new Map<string, MeshFillet>();
  let corners = { count: 0, depth_mm: 0 };
  if (diagonal > 0 && Number.isFinite(diagonal)) {
    const scratch = new Scratch(triangles, slots);
    for (let a = 0; a < 3; a++) {
      const found = axisFeatures(positions, indices, triangles, a, lo, diagonal, scratch);
      for (const h of found.holes) {
        count(holes, { axis: AXES[a], diameter_mm: round3(2 * h.r * scale), depth_mm: round3((h.hi - h.lo) * scale), blind: h.blind, count: 1 });
      }
      if (a !== 2) continue;
      for (const f of found.fillets) count(fillets, { radius_mm: round3(f.r * scale), depth_mm: round3((f.hi - f.lo) * scale), count: 1 });
      corners = { count: found.corners.count, depth_mm: round3(found.corners.depth * scale) };
    }
  }
  const ratio = (h: MeshHole) => h.depth_mm / h.diameter_mm;
  return {
    holes: [...holes.values()].sort((x, y) => ratio(y) - ratio(x) || x.diameter_mm - y.diameter_mm).slice(0, MAX_KINDS),
    fillets: [...fillets.values()].sort((x, y) => x.radius_mm - y.radius_mm || y.depth_mm - x.depth_mm).slice(0, MAX_KINDS),
    sharp_corners: corners,
  };
}

function count<T extends { count: number }>(kinds: Map<string, T>, item: T): void {
  const key = JSON.stringify(item);
  const seen = kinds.get(key);
  if (seen) seen.count++;
  else kinds.set(key, item);
}

/** Arrays sized by the mesh, reused by the three axes. */
class Scratch {
  /** Face → its index among the faces parallel to the axis, or -1; and by that index the face and its unit normal across the axis. */
  readonly face: Int32Array;
  readonly faces: Uint32Array;
  readonly nx: Float64Array;
  readonly ny: Float64Array;
  /** CSR offsets of half-edges by lowest vertex. */
  readonly offsets: Uint32Array;
  /** Vertex → 2 × hole + end (0 low, 1 high) while looking for holes' closed ends; -1 otherwise. */
  readonly marks: Int32Array;
  /** Upper vertex → the first and second half-edge to it from the bucket's vertex (-1 none, -2 more than two). */
  readonly first: Int32Array;
  readonly second: Int32Array;

  constructor(triangles: number, slots: number) {
    this.face = new Int32Array(triangles);
    this.faces = new Uint32Array(triangles);
    this.nx = new Float64Array(triangles);
    this.ny = new Float64Array(triangles);
    this.offsets = new Uint32Array(slots + 1);
    this.marks = new Int32Array(slots).fill(-1);
    this.first = new Int32Array(slots).fill(-1);
    this.second = new Int32Array(slots).fill(-1);
  }
}

function axisFeatures(P: Float32Array, I: Uint32Array, triangles: number, a: number, origin: number[], diagonal: number, s: Scratch): AxisFeatures {
  const p = (a + 1) % 3,
    q = (a + 2) % 3;
  const tol = 1e-4 * diagonal;
  const x = (v: number) => P[3 * v + p],
    y = (v: number) => P[3 * v + q],
    h = (v: number) => P[3 * v + a];

  // Faces parallel to the axis, with their unit normals in the plane across it.
  const { faces, nx, ny } = s;
  let n = 0;
  for (let f = 0; f < triangles; f++) {
    if (!parallelNormal(P, I, f, a)) {
      s.face[f] = -1;
      continue;
    }
    const l = Math.sqrt(scratchNormal[p] ** 2 + scratchNormal[q] ** 2);
    faces[n] = f;
    nx[n] = scratchNormal[p] / l;
    ny[n] = scratchNormal[q] / l;
    s.face[f] = n++;
  }

  // Their half-edges bucketed by lowest vertex (a counting sort).
  const off = s.offsets;
  off.fill(0);
  const head = (e: number) => I[e - (e % 3) + (((e % 3) + 1) % 3)];
  for (let c = 0; c < n; c++) for (let k = 0; k < 3; k++) off[Math.min(I[3 * faces[c] + k], head(3 * faces[c] + k)) + 1]++;
  for (let v = 1; v < off.length; v++) off[v] += off[v - 1];
  const sorted = new Uint32Array(3 * n);
  const next = off.slice(0, off.length - 1);
  for (let c = 0; c < n; c++) {
    for (let k = 0; k < 3; k++) {
      const e = 3 * faces[c] + k;
      sorted[next[Math.min(I[e], head(e))]++] = e;
    }
  }

  // Pair each manifold edge's two half-edges: flat joints merge facets; concave edges along the axis are kept.
  const parent = new Int32Array(n);
  for (let c = 0; c < n; c++) parent[c] = c;
  const find = (c: number): number => {
    while (parent[c] !== c) c = parent[c] = parent[parent[c]];
    return c;
  };
  const axial: number[] = []; // triples: a half-edge, its mate, the turn (radians)
  const first = s.first,
    second = s.second;
  const upper = (e: number) => Math.max(I[e], head(e));
  for (let v = 0; v + 1 < off.length; v++) {
    const start = off[v],
      end = off[v + 1];
    if (end - start < 2) continue;
    // Inside the bucket, half-edges with the same upper vertex are one edge: the first two, or -2 when more (non-manifold).
    for (let i = start; i < end; i++) {
      const e = sorted[i],
        hi = upper(e);
      if (first[hi] < 0) first[hi] = e;
      else second[hi] = second[hi] === -1 ? e : -2;
    }
    for (let i = start; i < end; i++) {
      const e1 = sorted[i],
        hi = upper(e1);
      const mate = second[hi];
      if (first[hi] !== e1) continue;
      first[hi] = second[hi] = -1;
      if (mate < 0 || I[mate] !== head(e1)) continue;
      const c1 = s.face[(e1 / 3) | 0],
        c2 = s.face[(mate / 3) | 0];
      const turn = Math.atan2(Math.abs(nx[c1] * ny[c2] - ny[c1] * nx[c2]), nx[c1] * nx[c2] + ny[c1] * ny[c2]);
      if (turn < FLAT_TURN) {
        const r1 = find(c1),
          r2 = find(c2);
        if (r1 !== r2) parent[Math.max(r1, r2)] = Math.min(r1, r2);
        continue;
      }
      const u = I[e1],
        w = head(e1);
      const dh = Math.abs(h(w) - h(u));
      if (dh === 0 || Math.abs(x(w) - x(u)) + Math.abs(y(w) - y(u)) > PARALLEL * dh) continue;
      // Concave when the second face rises in front of the first (normals point out of the material).
      const far = I[mate - (mate % 3) + (((mate % 3) + 2) % 3)];
      const dx = x(far) - x(u),
        dy = y(far) - y(u);
      if (dx * nx[c1] + dy * ny[c1] > 1e-6 * Math.sqrt(dx * dx + dy * dy)) axial.push(e1, mate, turn);
    }
  }

  // Each facet's extent along its line, as its two extreme vertices.
  const minT = new Float64Array(n).fill(Infinity),
    maxT = new Float64Array(n).fill(-Infinity);
  const minV = new Uint32Array(n),
    maxV = new Uint32Array(n);
  for (let c = 0; c < n; c++) {
    const r = find(c);
    for (let k = 0; k < 3; k++) {
      const v = I[3 * faces[c] + k];
      const t = ny[r] * x(v) - nx[r] * y(v);
      if (t < minT[r]) {
        minT[r] = t;
        minV[r] = v;
      }
      if (t > maxT[r]) {
        maxT[r] = t;
        maxV[r] = v;
      }
    }
  }
  const farEnd = (r: number, v: number) => {
    const t = ny[r] * x(v) - nx[r] * y(v);
    return maxT[r] - t > t - minT[r] ? maxV[r] : minV[r];
  };

  const circles = new Circles(diagonal);
  const corners = new Map<string, number[]>();
  for (let i = 0; i < axial.length; i += 3) {
    const e1 = axial[i],
      mate = axial[i + 1],
      turn = axial[i + 2];
    const u = I[e1],
      w = head(e1);
    const h0 = Math.min(h(u), h(w)),
      h1 = Math.max(h(u), h(w));
    const ex = x(u) - origin[p],
      ey = y(u) - origin[q];
    if (turn >= ROUND_TURN) {
      if (a !== 2) continue;
      const key = `${Math.round(ex / tol)} ${Math.round(ey / tol)}`;
      const span = corners.get(key);
      if (span) {
        span[0] = Math.min(span[0], h0);
        span[1] = Math.max(span[1], h1);
      } else corners.set(key, [h0, h1]);
      continue;
    }
    // The circle through the edge and the far ends of its two facets, relative to the edge.
    const f1 = farEnd(find(s.face[(e1 / 3) | 0]), u),
      f2 = farEnd(find(s.face[(mate / 3) | 0]), u);
    const bx = x(f1) - x(u),
      by = y(f1) - y(u),
      cx = x(f2) - x(u),
      cy = y(f2) - y(u);
    const chord1 = Math.sqrt(bx * bx + by * by),
      chord2 = Math.sqrt(cx * cx + cy * cy);
    if (Math.min(chord1, chord2) < EVEN_CHORDS * Math.max(chord1, chord2)) continue;
    const d = 2 * (bx * cy - by * cx);
    if (d === 0) continue;
    const b2 = bx * bx + by * by,
      c2 = cx * cx + cy * cy;
    const ux = (cy * b2 - by * c2) / d,
      uy = (bx * c2 - cx * b2) / d;
    circles.add(ex + ux, ey + uy, Math.sqrt(ux * ux + uy * uy), Math.atan2(-uy, -ux), turn, h0, h1, u, w);
  }

  let depth = 0;
  for (const [h0, h1] of corners.values()) depth = Math.max(depth, h1 - h0);
  const holes: Run[] = [],
    holeEdges: number[][] = [],
    fillets: Run[] = [];
  for (const g of circles.groups()) {
    for (const run of g.runs) {
      if (!g.full) fillets.push(run.run);
      else {
        holes.push(run.run);
        holeEdges.push(run.edges);
      }
    }
  }
  if (holes.length > 0) closedEnds(P, I, triangles, a, tol, circles, holes, holeEdges, s.marks);
  return { holes, fillets, corners: { count: corners.size, depth } };
}

const scratchNormal = [0, 0, 0];
/** Whether face f is non-degenerate and parallel to axis a; leaves its normal in `scratchNormal`. */
function parallelNormal(P: Float32Array, I: Uint32Array, f: number, a: number): boolean {
  const A = I[3 * f],
    B = I[3 * f + 1],
    C = I[3 * f + 2];
  if (A === B || B === C || A === C) return false;
  const l = normalOf(P, A, B, C);
  return l > 0 && Math.abs(scratchNormal[a]) <= PARALLEL * l;
}

/** Leaves face ABC's normal (not unit) in `scratchNormal` and returns its length. */
function normalOf(P: Float32Array, A: number, B: number, C: number): number {
  const ax = P[3 * A],
    ay = P[3 * A + 1],
    az = P[3 * A + 2];
  const ux = P[3 * B] - ax,
    uy = P[3 * B + 1] - ay,
    uz = P[3 * B + 2] - az;
  const wx = P[3 * C] - ax,
    wy = P[3 * C + 1] - ay,
    wz = P[3 * C + 2] - az;
  scratchNormal[0] = uy * wz - uz * wy;
  scratchNormal[1] = uz * wx - ux * wz;
  scratchNormal[2] = ux * wy - uy * wx;
  // Math.sqrt, not Math.hypot: hypot is several times slower in V8, and this runs for every face.
  return Math.sqrt(scratchNormal[0] ** 2 + scratchNormal[1] ** 2 + scratchNormal[2] ** 2);
}

/** Round edges grouped by circle on a grid scaled to the radius. */
class Circles {
  private readonly rMin: number;
  private readonly rMax: number;
  private readonly cell = new Map<number, number>();
  private readonly members: number[][] = [];
  /** Per edge: centre x, y, radius, polar angle, turn, low and high end along the axis, its two vertices. */
  readonly edges: number[] = [];

  constructor(diagonal: number) {
    this.rMin = MIN_RADIUS * diagonal;
    this.rMax = diagonal;
  }

  add(cx: number, cy: number, r: number, theta: number, turn: number, h0: number, h1: number, u: number, w: number): void {
    if (!(r >= this.rMin && r < this.rMax)) return;
    const kr = Math.round(Math.log(r / this.rMin) / RADIUS_STEP);
    let g = this.cell.get(this.key(cx, cy, kr, 0, 0));
    // Values within the grid's noise of a cell boundary land next door: join that group.
    for (let dr = -1; dr <= 1 && g === undefined; dr++)
      for (let dx = -1; dx <= 1 && g === undefined; dx++)
        for (let dy = -1; dy <= 1 && g === undefined; dy++) g = this.cell.get(this.key(cx, cy, kr + dr, dx, dy));
    if (g === undefined) {
      g = this.members.length;
      this.members.push([]);
    }
    this.cell.set(this.key(cx, cy, kr, 0, 0), g);
    this.members[g].push(this.edges.length / 9);
    this.edges.push(cx, cy, r, theta, turn, h0, h1, u, w);
  }

  /** Centre cells are 5 % of the radius step's radius; centres lie within 3 diagonals of the box's corner, radii above rMin. */
  private key(cx: number, cy: number, kr: number, dx: number, dy: number): number {
    const size = CENTRE_CELL * this.rMin * Math.exp(kr * RADIUS_STEP);
    const kx = Math.round(cx / size) + dx,
      ky = Math.round(cy / size) + dy;
    return ((kr + 1) * 2 ** 19 + (kx + 2 ** 18)) * 2 ** 19 + (ky + 2 ** 18);
  }

  /** Each group: whether it goes all the way round, and its stretches along the axis with their radius. */
  groups(): { full: boolean; runs: { run: Run; edges: number[] }[] }[] {
    const E = this.edges;
    return this.members.map((edges) => {
      let r = 0;
      const bins = new Uint8Array(BINS);
      for (const i of edges) {
        r += E[9 * i + 2];
        const theta = E[9 * i + 3],
          turn = E[9 * i + 4];
        const from = Math.floor(((theta - turn / 2) / (2 * Math.PI)) * BINS),
          to = Math.floor(((theta + turn / 2) / (2 * Math.PI)) * BINS);
        for (let b = from; b <= to; b++) bins[((b % BINS) + BINS) % BINS] = 1;
      }
      r /= edges.length;
      let covered = 0;
      for (let b = 0; b < BINS; b++) covered += bins[b];
      const runs: { run: Run; edges: number[] }[] = [];
      for (const i of edges.slice().sort((m, o) => E[9 * m + 5] - E[9 * o + 5])) {
        const last = runs[runs.length - 1];
        if (last && E[9 * i + 5] <= last.run.hi + HOLE_GAP * 2 * r) {
          last.run.hi = Math.max(last.run.hi, E[9 * i + 6]);
          last.edges.push(i);
        } else runs.push({ run: { r, lo: E[9 * i + 5], hi: E[9 * i + 6], blind: false }, edges: [i] });
      }
      return { full: covered >= FULL_BINS, runs };
    });
  }
}

/**
 * A hole is blind when a face at one of its ends faces back into it (a flat bottom or
 * a drill point); a through hole's ends meet faces that look away from it.
 */
function closedEnds(
  P: Float32Array,
  I: Uint32Array,
  triangles: number,
  a: number,
  tol: number,
  circles: Circles,
  holes: Run[],
  holeEdges: number[][],
  marks: Int32Array,
): void {
  const marked: number[] = [];
  holeEdges.forEach((edges, hole) => {
    for (const i of edges) {
      for (const v of [circles.edges[9 * i + 7], circles.edges[9 * i + 8]]) {
        const at = P[3 * v + a];
        const end = Math.abs(at - holes[hole].lo) <= tol ? 0 : Math.abs(at - holes[hole].hi) <= tol ? 1 : -1;
        if (end >= 0 && marks[v] < 0) {
          marks[v] = 2 * hole + end;
          marked.push(v);
        }
      }
    }
  });
  for (let f = 0; f < triangles; f++) {
    const A = I[3 * f],
      B = I[3 * f + 1],
      C = I[3 * f + 2];
    if (marks[A] < 0 && marks[B] < 0 && marks[C] < 0) continue;
    const l = normalOf(P, A, B, C);
    const na = scratchNormal[a];
    if (!(Math.abs(na) >= CAP_NORMAL * l)) continue;
    for (let k = 0; k < 3; k++) {
      const m = marks[I[3 * f + k]];
      if (m >= 0 && ((m & 1) === 0 ? na > 0 : na < 0)) holes[m >> 1].blind = true;
    }
  }
  for (const v of marked) marks[v] = -1;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
