/**
 * Projected (XY shadow) area as a raster union: every face is scan-converted onto a
 * grid over the XY bounding box (a cell is covered when its centre lies in the face,
 * half-open so neighbouring faces tile without double cover), with +1/-1 marks per row
 * and a prefix sum. Exact when the outline follows cell borders (a shadow filling its
 * bounding box, say); otherwise the error is at most the outline's length times a cell
 * diagonal. Cells are nearly square and tile the box, at most `maxSide` per side,
 * and fewer when the faces' total row span would exceed `rowBudget` scanlines, which
 * bounds the time on pathological inputs (millions of tall slivers).
 */
import { S, collapsed } from "./state";
import { alloc, arenaTop, arenaRewind } from "./arena";

let cols: i32 = 0;
let rows: i32 = 0;
let cellW: f64 = 0;
let cellH: f64 = 0;
let diff: usize = 0;

@inline function mark(row: i32, x0: f64, x1: f64): void {
  // Columns whose centres lie in [x0, x1).
  const c0 = <i32>Math.max(0, Math.min(<f64>cols, Math.ceil((x0 - <f64>S.minx) / cellW - 0.5)));
  const c1 = <i32>Math.max(0, Math.min(<f64>cols, Math.ceil((x1 - <f64>S.minx) / cellW - 0.5)));
  if (c1 <= c0) return;
  const base = diff + ((<usize>row * (<usize>cols + 1)) << 2);
  store<i32>(base + (<usize>c0 << 2), load<i32>(base + (<usize>c0 << 2)) + 1);
  store<i32>(base + (<usize>c1 << 2), load<i32>(base + (<usize>c1 << 2)) - 1);
}

@inline function vx(id: u32): f64 {
  return <f64>load<f32>(S.posPtr + <usize>id * 12);
}
@inline function vy(id: u32): f64 {
  return <f64>load<f32>(S.posPtr + <usize>id * 12, 4);
}

export function projectedArea(maxSide: u32, rowBudget: f64): f64 {
  const w = <f64>S.maxx - <f64>S.minx, h = <f64>S.maxy - <f64>S.miny;
  if (!(w > 0) || !(h > 0)) return 0;
  let span: f64 = 0;
  for (let f: u32 = 0; f < S.triCount; f++) {
    const t = S.triPtr + <usize>f * 12;
    const a = vy(load<u32>(t)), b = vy(load<u32>(t, 4)), c = vy(load<u32>(t, 8));
    span += max(a, max(b, c)) - min(a, min(b, c));
  }
  let cell = max(w, h) / <f64>maxSide;
  // Scanlines cost span / cell in total: coarsen the grid until that fits the budget.
  if (span / cell > rowBudget) cell = span / rowBudget;
  // Nearly square cells that tile the box exactly.
  cols = max(1, <i32>Math.round(w / cell));
  rows = max(1, <i32>Math.round(h / cell));
  cellW = w / <f64>cols;
  cellH = h / <f64>rows;
  const mark0 = arenaTop();
  const bytes = (<usize>rows * (<usize>cols + 1)) << 2;
  diff = alloc(bytes);
  memory.fill(diff, 0, bytes);
  const y0 = <f64>S.miny;
  for (let f: u32 = 0; f < S.triCount; f++) {
    const t = S.triPtr + <usize>f * 12;
    if (collapsed(t)) continue;
    let i0 = load<u32>(t), i1 = load<u32>(t, 4), i2 = load<u32>(t, 8);
    // Sort the corners by y.
    if (vy(i1) < vy(i0)) { const s = i0; i0 = i1; i1 = s; }
    if (vy(i2) < vy(i1)) { const s = i1; i1 = i2; i2 = s; }
    if (vy(i1) < vy(i0)) { const s = i0; i0 = i1; i1 = s; }
    const ax = vx(i0), ay = vy(i0), bx = vx(i1), by = vy(i1), cx = vx(i2), cy = vy(i2);
    if ((bx - ax) * (cy - ay) - (by - ay) * (cx - ax) == 0) continue; // edge-on: no shadow of its own
    // Rows whose centres lie in [ay, cy).
    const r0 = <i32>Math.max(0, Math.ceil((ay - y0) / cellH - 0.5));
    const r1 = <i32>Math.min(<f64>rows, Math.ceil((cy - y0) / cellH - 0.5));
    for (let r = r0; r < r1; r++) {
      const y = y0 + (<f64>r + 0.5) * cellH;
      const xl = ax + ((cx - ax) * (y - ay)) / (cy - ay);
      const xs = y < by ? ax + ((bx - ax) * (y - ay)) / (by - ay) : bx + ((cx - bx) * (y - by)) / (cy - by);
      if (xl < xs) mark(r, xl, xs);
      else mark(r, xs, xl);
    }
  }
  let covered: u64 = 0;
  for (let r: i32 = 0; r < rows; r++) {
    const base = diff + ((<usize>r * (<usize>cols + 1)) << 2);
    let run: i32 = 0;
    for (let c: i32 = 0; c < cols; c++) {
      run += load<i32>(base + (<usize>c << 2));
      if (run > 0) covered++;
    }
  }
  arenaRewind(mark0);
  return <f64>covered * cellW * cellH;
}
