/** Builders for DXF and SVG test files: each test generates exactly the drawing it checks. */

export type Point = [number, number];

export function dxf(entities: string, options: { insunits?: number; blocks?: string } = {}): string {
  const header = options.insunits === undefined ? "" : `0\nSECTION\n2\nHEADER\n9\n$ACADVER\n1\nAC1015\n9\n$INSUNITS\n70\n${options.insunits}\n0\nENDSEC\n`;
  const blocks = options.blocks === undefined ? "" : `0\nSECTION\n2\nBLOCKS\n${options.blocks}0\nENDSEC\n`;
  return `${header}${blocks}0\nSECTION\n2\nENTITIES\n${entities}0\nENDSEC\n0\nEOF\n`;
}

export const line = (a: Point, b: Point): string => `0\nLINE\n8\n0\n10\n${a[0]}\n20\n${a[1]}\n30\n0\n11\n${b[0]}\n21\n${b[1]}\n31\n0\n`;

export const circle = (c: Point, r: number, extra = ""): string => `0\nCIRCLE\n8\n0\n10\n${c[0]}\n20\n${c[1]}\n40\n${r}\n${extra}`;

export const arc = (c: Point, r: number, startDeg: number, endDeg: number, extra = ""): string =>
  `0\nARC\n10\n${c[0]}\n20\n${c[1]}\n40\n${r}\n${extra}50\n${startDeg}\n51\n${endDeg}\n`;

/** LWPOLYLINE; a third number on a vertex is its bulge. */
export function lwpolyline(vertices: Array<Point | [number, number, number]>, closed: boolean): string {
  const body = vertices.map((v) => `10\n${v[0]}\n20\n${v[1]}\n${v[2] === undefined ? "" : `42\n${v[2]}\n`}`).join("");
  return `0\nLWPOLYLINE\n8\n0\n90\n${vertices.length}\n70\n${closed ? 1 : 0}\n${body}`;
}

/** Old-style POLYLINE with VERTEX records and SEQEND. */
export function polyline(vertices: Array<Point | [number, number, number]>, closed: boolean): string {
  const body = vertices.map((v) => `0\nVERTEX\n8\n0\n10\n${v[0]}\n20\n${v[1]}\n30\n0\n${v[2] === undefined ? "" : `42\n${v[2]}\n`}`).join("");
  return `0\nPOLYLINE\n8\n0\n66\n1\n70\n${closed ? 1 : 0}\n${body}0\nSEQEND\n`;
}

export function spline(degree: number, knots: number[], control: Point[], weights: number[] = []): string {
  const k = knots.map((v) => `40\n${v}\n`).join("");
  const w = weights.map((v) => `41\n${v}\n`).join("");
  const c = control.map((p) => `10\n${p[0]}\n20\n${p[1]}\n30\n0\n`).join("");
  return `0\nSPLINE\n70\n${weights.length > 0 ? 12 : 8}\n71\n${degree}\n72\n${knots.length}\n73\n${control.length}\n74\n0\n${k}${w}${c}`;
}

export const ellipse = (c: Point, major: Point, ratio: number, t0 = 0, t1 = 2 * Math.PI): string =>
  `0\nELLIPSE\n10\n${c[0]}\n20\n${c[1]}\n30\n0\n11\n${major[0]}\n21\n${major[1]}\n31\n0\n40\n${ratio}\n41\n${t0}\n42\n${t1}\n`;

export function insert(
  name: string,
  at: Point,
  options: { sx?: number; sy?: number; rotation?: number; columns?: number; rows?: number; dx?: number; dy?: number } = {},
): string {
  const o = { sx: 1, sy: 1, rotation: 0, columns: 1, rows: 1, dx: 0, dy: 0, ...options };
  return `0\nINSERT\n2\n${name}\n10\n${at[0]}\n20\n${at[1]}\n41\n${o.sx}\n42\n${o.sy}\n50\n${o.rotation}\n70\n${o.columns}\n71\n${o.rows}\n44\n${o.dx}\n45\n${o.dy}\n`;
}

export const block = (name: string, base: Point, entities: string): string =>
  `0\nBLOCK\n2\n${name}\n70\n0\n10\n${base[0]}\n20\n${base[1]}\n30\n0\n${entities}0\nENDBLK\n`;

export const text = (at: Point, value: string): string => `0\nTEXT\n10\n${at[0]}\n20\n${at[1]}\n40\n2.5\n1\n${value}\n`;

/** Axis-aligned rectangle as a closed LWPOLYLINE. */
export const rectangle = (x: number, y: number, w: number, h: number): string =>
  lwpolyline(
    [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
    ],
    true,
  );

export const svg = (attrs: string, body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" ${attrs}>\n${body}\n</svg>\n`;

/** Distance from p to the closed or open polyline given as flat pairs. */
export function distanceToPolyline(px: number, py: number, pts: ArrayLike<number>, closed: boolean): number {
  let best = Infinity;
  const n = pts.length / 2;
  for (let i = 0; i < (closed ? n : n - 1); i++) {
    const ax = pts[2 * i];
    const ay = pts[2 * i + 1];
    const bx = pts[(2 * i + 2) % pts.length];
    const by = pts[(2 * i + 3) % pts.length];
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
    best = Math.min(best, Math.hypot(px - ax - t * dx, py - ay - t * dy));
  }
  return best;
}

/** Seeded PRNG (mulberry32), so fuzz failures reproduce. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
