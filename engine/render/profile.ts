import { renderThumbnail, type Picture, type Rgba } from "./thumbnail.ts";

/** A flattened 2D path in mm, y up (what the profile readers produce). */
export interface OutlinePath {
  closed: boolean;
  /** Flat x, y pairs; a closed path does not repeat its first point. */
  points: ArrayLike<number>;
}

export interface ProfileThumbnailOptions {
  size?: number;
  color?: Rgba;
  /** Paths that do not close (a laser error) are drawn in this colour. */
  openColor?: Rgba;
}

const OPEN = 1;
/** Stroke width as a share of the drawing's larger side: visible at 64 px without merging nearby holes. */
const STROKE = 0.018;

/**
 * A laser part's outline seen from above: every path stroked as thin quads
 * (with a square at each vertex to close the joins) and drawn by the same
 * rasteriser as the 3D thumbnails, so 2D and 3D lines of a quote look alike.
 */
export function renderProfileThumbnail(paths: readonly OutlinePath[], options: ProfileThumbnailOptions = {}): Picture {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const p of paths) {
    for (let i = 0; i + 1 < p.points.length; i += 2) {
      minX = Math.min(minX, p.points[i]);
      maxX = Math.max(maxX, p.points[i]);
      minY = Math.min(minY, p.points[i + 1]);
      maxY = Math.max(maxY, p.points[i + 1]);
    }
  }
  const half = (Math.max(maxX - minX, maxY - minY, 1e-6) * STROKE) / 2;
  const positions: number[] = [];
  const flags: number[] = [];
  const quad = (a: [number, number], b: [number, number], c: [number, number], d: [number, number], flag: number) => {
    positions.push(a[0], a[1], 0, b[0], b[1], 0, c[0], c[1], 0, a[0], a[1], 0, c[0], c[1], 0, d[0], d[1], 0);
    flags.push(flag, flag);
  };
  for (const p of paths) {
    const flag = p.closed ? 0 : OPEN;
    const n = Math.floor(p.points.length / 2);
    const segments = p.closed ? n : n - 1;
    for (let i = 0; i < n; i++) {
      const x = p.points[2 * i],
        y = p.points[2 * i + 1];
      quad([x - half, y - half], [x + half, y - half], [x + half, y + half], [x - half, y + half], flag);
    }
    for (let i = 0; i < segments; i++) {
      const j = (i + 1) % n;
      const x0 = p.points[2 * i],
        y0 = p.points[2 * i + 1],
        x1 = p.points[2 * j],
        y1 = p.points[2 * j + 1];
      const len = Math.hypot(x1 - x0, y1 - y0);
      if (len === 0) continue;
      const nx = (-(y1 - y0) / len) * half,
        ny = ((x1 - x0) / len) * half;
      quad([x0 + nx, y0 + ny], [x0 - nx, y0 - ny], [x1 - nx, y1 - ny], [x1 + nx, y1 + ny], flag);
    }
  }
  return renderThumbnail([{ positions, flags, color: options.color ?? [0.16, 0.24, 0.38, 1] }], {
    size: options.size,
    up: "z",
    view: "top",
    highlight: OPEN,
    highlightColor: options.openColor ?? [0.85, 0.12, 0.1, 1],
  });
}
