import { CellBuckets, CellGrid } from "./cell-grid.ts";
import type { ArcMark, Piece } from "./pieces.ts";

/** A cut path: pieces joined end to end. */
export interface Contour {
  /** Flat x, y pairs in mm; a closed contour does not repeat its first point. */
  pts: number[];
  closed: boolean;
  length: number;
  /** Signed area, positive counter-clockwise; 0 for open paths. */
  area: number;
  arcs: ArcMark[];
}

export interface Region {
  minX: number;
  minY: number;
  extent: number;
}

interface Step {
  piece: Piece;
  reversed: boolean;
}

/**
 * Joins open pieces whose ends lie within joinTol into contours. Ends snap to
 * the first node within reach (not transitively, so a run of tiny segments
 * cannot collapse into one point); each node's edges are then walked like an
 * Euler trail, starting from odd-degree nodes so that a walk that returns to
 * its start is a closed contour and the rest are open paths.
 */
export function chainPieces(pieces: Piece[], joinTol: number, region: Region): Contour[] {
  const contours: Contour[] = [];
  const open: Piece[] = [];
  for (const piece of pieces) {
    if (piece.closed) contours.push(assemble([{ piece, reversed: false }], true));
    else open.push(piece);
  }
  if (open.length === 0) return contours;

  const buckets = new CellBuckets(new CellGrid(region.minX, region.minY, region.extent, joinTol));
  const grid = buckets.grid;
  const nodeX: number[] = [];
  const nodeY: number[] = [];
  const nodeOf = (x: number, y: number): number => {
    const ix = grid.ix(x);
    const iy = grid.iy(y);
    let best = -1;
    let bestD = joinTol;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const id of buckets.get(ix + dx, iy + dy) ?? []) {
          const d = Math.hypot(nodeX[id] - x, nodeY[id] - y);
          if (d <= bestD) {
            bestD = d;
            best = id;
          }
        }
      }
    }
    if (best >= 0) return best;
    nodeX.push(x);
    nodeY.push(y);
    buckets.add(ix, iy, nodeX.length - 1);
    return nodeX.length - 1;
  };

  const from: number[] = [];
  const to: number[] = [];
  const edges: Piece[] = [];
  for (const piece of open) {
    const n = piece.pts.length;
    const a = nodeOf(piece.pts[0], piece.pts[1]);
    const b = nodeOf(piece.pts[n - 2], piece.pts[n - 1]);
    // A piece no longer than the join tolerance that meets itself is a sliver
    // between neighbours; its length still counts, it just joins nothing.
    if (a === b && piece.length <= 4 * joinTol) continue;
    from.push(a);
    to.push(b);
    edges.push(piece);
  }

  const adjacency: number[][] = nodeX.map(() => []);
  for (let e = 0; e < edges.length; e++) {
    adjacency[from[e]].push(e);
    if (to[e] !== from[e]) adjacency[to[e]].push(e);
  }
  const cursor = new Int32Array(nodeX.length);
  const used = new Uint8Array(edges.length);
  const nextEdge = (node: number): number => {
    const list = adjacency[node];
    while (cursor[node] < list.length && used[list[cursor[node]]]) cursor[node]++;
    return cursor[node] < list.length ? list[cursor[node]] : -1;
  };

  const degree = (node: number): number => adjacency[node].reduce((d, e) => d + (from[e] === to[e] ? 2 : 1), 0);
  const starts: number[] = [];
  for (let v = 0; v < nodeX.length; v++) if (degree(v) % 2 === 1) starts.push(v);
  for (let v = 0; v < nodeX.length; v++) starts.push(v);

  for (const start of starts) {
    for (let e = nextEdge(start); e >= 0; e = nextEdge(start)) {
      const steps: Step[] = [];
      let node = start;
      while (e >= 0) {
        used[e] = 1;
        const reversed = from[e] !== node;
        steps.push({ piece: edges[e], reversed });
        node = reversed ? from[e] : to[e];
        if (node === start) break;
        e = nextEdge(node);
      }
      contours.push(assemble(steps, node === start));
    }
  }
  return contours;
}

function assemble(steps: Step[], closed: boolean): Contour {
  const pts: number[] = [];
  const arcs: ArcMark[] = [];
  let length = 0;
  let correction = 0;
  for (const { piece, reversed } of steps) {
    const src = piece.pts;
    const count = src.length / 2;
    for (let i = pts.length === 0 ? 0 : 1; i < count; i++) {
      const j = reversed ? count - 1 - i : i;
      pts.push(src[2 * j], src[2 * j + 1]);
    }
    length += piece.length;
    correction += reversed ? -piece.areaCorrection : piece.areaCorrection;
    for (const arc of piece.arcs) arcs.push(reversed ? { radius: arc.radius, centerLeft: !arc.centerLeft } : arc);
  }
  if (closed && pts.length > 2) pts.length -= 2;
  return { pts, closed, length, area: closed ? shoelace(pts) + correction : 0, arcs };
}

/** Signed polygon area, summed relative to the first vertex to keep precision far from the origin. */
function shoelace(pts: number[]): number {
  const x0 = pts[0];
  const y0 = pts[1];
  let sum = 0;
  for (let i = 2; i + 3 < pts.length; i += 2) {
    sum += (pts[i] - x0) * (pts[i + 3] - y0) - (pts[i + 2] - x0) * (pts[i + 1] - y0);
  }
  return sum / 2;
}
