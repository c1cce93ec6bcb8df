/**
 * The tolerance weld, run after the exact weld and `buildEdges`. Only vertices on open
 * edges take part (as in admesh, which looks for "nearby" matches only for facets with
 * unconnected edges): a crack in a surface shows as open edges on both sides, while two
 * near-coincident vertices of a closed surface (a sliver, a tiny feature) are part of
 * the shape and stay apart. With no open edge after the exact weld it costs nothing.
 * Each open-edge vertex closer than `tol` (the host passes a fraction of the bounding-box
 * diagonal) to an earlier one is folded into the first such one seen, then the edges
 * are built again. A uniform grid of cells 4·tol wide is hashed into a table of
 * candidates; a vertex looks at its own cell and at a neighbour only along axes
 * where it lies within `tol` of the cell's face, so most vertices probe one or two cells.
 */
import { S, NONE, OPEN_EDGE } from "./state";
import { alloc, arenaTop, arenaRewind, nextPow2 } from "./arena";
import { buildEdges } from "./topology";

let cellInv: f64 = 0;
let cellsPtr: usize = 0;
let nextPtr: usize = 0;
let cellMask: u32 = 0;

@inline function cellOf(v: f64, lo: f32): i32 {
  return <i32>Math.floor((v - <f64>lo) * cellInv);
}

@inline function hashCell(x: i32, y: i32, z: i32): u32 {
  let h = (<u32>x * 0x8da6b343) ^ (<u32>y * 0xd8163841) ^ (<u32>z * 0xcb1ab31f);
  h ^= h >>> 16;
  h *= 0x7feb352d;
  h ^= h >>> 15;
  return h;
}

@inline function px(id: u32): f64 {
  return <f64>load<f32>(S.posPtr + <usize>id * 12);
}
@inline function py(id: u32): f64 {
  return <f64>load<f32>(S.posPtr + <usize>id * 12, 4);
}
@inline function pz(id: u32): f64 {
  return <f64>load<f32>(S.posPtr + <usize>id * 12, 8);
}

/** The table slot of cell (x, y, z): its entry is the head vertex + 1, or 0 if the cell is new. */
function slotOf(x: i32, y: i32, z: i32): usize {
  const mask = cellMask;
  let slot = hashCell(x, y, z) & mask;
  while (true) {
    const at = cellsPtr + (<usize>slot << 2);
    const e = load<u32>(at);
    if (e == 0) return at;
    const h = e - 1;
    if (cellOf(px(h), S.minx) == x && cellOf(py(h), S.miny) == y && cellOf(pz(h), S.minz) == z) return at;
    slot = (slot + 1) & mask;
  }
}

function nearIn(x: i32, y: i32, z: i32, vx: f64, vy: f64, vz: f64, tol2: f64): u32 {
  let e = load<u32>(slotOf(x, y, z));
  if (e == 0) return NONE;
  let id = e - 1;
  while (id != NONE) {
    const dx = px(id) - vx, dy = py(id) - vy, dz = pz(id) - vz;
    if (dx * dx + dy * dy + dz * dz <= tol2) return id;
    id = load<u32>(nextPtr + (<usize>id << 2));
  }
  return NONE;
}

/** Whether no other live half-edge joins a and b (the edge buckets of `buildEdges` are still in place). */
function isOpen(a: u32, b: u32): bool {
  const lo = min(a, b), hi = max(a, b);
  const s = load<u32>(S.offPtr + (<usize>lo << 2)), e = load<u32>(S.offPtr + ((<usize>lo + 1) << 2));
  let n: u32 = 0;
  for (let j = s; j < e; j++) {
    const h = load<u32>(S.entPtr + (<usize>j << 2));
    const u = load<u32>(S.triPtr + (<usize>h << 2));
    const v = load<u32>(S.triPtr + (<usize>(h % 3 == 2 ? h - 2 : h + 1) << 2));
    if ((u == lo ? v : u) == hi) n++;
  }
  return n == 1;
}

/**
 * Marks the vertices of open edges in `mark` (one byte per vertex) and returns how many.
 * Faces with an open edge are flagged OPEN_EDGE by `buildEdges`; their edges are checked.
 */
function markOpenVertices(mark: usize): u32 {
  memory.fill(mark, 0, <usize>S.vertCount);
  let count: u32 = 0;
  for (let f: u32 = 0; f < S.triCount; f++) {
    if (!(load<u8>(S.flagsPtr + <usize>f) & OPEN_EDGE)) continue;
    const t = S.triPtr + <usize>f * 12;
    for (let k: usize = 0; k < 3; k++) {
      const a = load<u32>(t + (k << 2)), b = load<u32>(t + (k == 2 ? 0 : (k + 1) << 2));
      if (!isOpen(a, b)) continue;
      count += <u32>(load<u8>(mark + <usize>a) == 0) + <u32>(load<u8>(mark + <usize>b) == 0);
      store<u8>(mark + <usize>a, 1);
      store<u8>(mark + <usize>b, 1);
    }
  }
  return count;
}

/** Folds near-coincident open-edge vertices and rebuilds the edges; returns how many were folded. */
export function weldTolerance(tol: f64): u32 {
  const n = S.vertCount;
  S.merged = 0;
  if (S.openEdges == 0 || !(tol > 0)) return 0;
  const cell = tol * 4;
  cellInv = 1 / cell;
  const tol2 = tol * tol;
  const mark = arenaTop();
  const open = alloc(<usize>n);
  const candidates = markOpenVertices(open);
  nextPtr = alloc(<usize>n << 2);
  const repPtr = alloc(<usize>n << 2);
  const cells = nextPow2(candidates << 1);
  cellMask = cells - 1;
  cellsPtr = alloc(<usize>cells << 2);
  memory.fill(cellsPtr, 0, <usize>cells << 2);
  let merged: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    store<u32>(repPtr + (<usize>i << 2), i);
    if (!load<u8>(open + <usize>i)) continue;
    const vx = px(i), vy = py(i), vz = pz(i);
    const fx = (vx - <f64>S.minx) * cellInv, fy = (vy - <f64>S.miny) * cellInv, fz = (vz - <f64>S.minz) * cellInv;
    const ix = <i32>Math.floor(fx), iy = <i32>Math.floor(fy), iz = <i32>Math.floor(fz);
    const rx = fx - <f64>ix, ry = fy - <f64>iy, rz = fz - <f64>iz;
    // Neighbour cells worth a look: only where the vertex is within tol (a quarter cell) of a face.
    const x0 = rx < 0.25 ? ix - 1 : ix, x1 = rx > 0.75 ? ix + 1 : ix;
    const y0 = ry < 0.25 ? iy - 1 : iy, y1 = ry > 0.75 ? iy + 1 : iy;
    const z0 = rz < 0.25 ? iz - 1 : iz, z1 = rz > 0.75 ? iz + 1 : iz;
    let found = NONE;
    for (let x = x0; x <= x1 && found == NONE; x++)
      for (let y = y0; y <= y1 && found == NONE; y++)
        for (let z = z0; z <= z1 && found == NONE; z++) found = nearIn(x, y, z, vx, vy, vz, tol2);
    if (found != NONE) {
      store<u32>(repPtr + (<usize>i << 2), found);
      merged++;
    } else {
      const at = slotOf(ix, iy, iz);
      const head = load<u32>(at);
      store<u32>(nextPtr + (<usize>i << 2), head == 0 ? NONE : head - 1);
      store<u32>(at, i + 1);
    }
  }
  if (merged > 0) {
    const end = S.triPtr + <usize>S.triCount * 12;
    for (let t = S.triPtr; t < end; t += 4) store<u32>(t, load<u32>(repPtr + (<usize>load<u32>(t) << 2)));
  }
  arenaRewind(mark);
  S.merged = merged;
  if (merged > 0) {
    arenaRewind(S.flagsPtr); // the first block of buildEdges: its tables are rebuilt
    buildEdges();
  }
  return merged;
}
