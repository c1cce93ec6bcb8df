import type { DrawingView, Shape, Vec, ViewDimension, ViewShape } from "./model.ts";
import { ISO_SCALES, type IsoScale, scaleDenominator } from "./scale.ts";

/** A detail's circle on its parent view (real mm, the parent's coordinates) and what the detail shows. */
export interface DetailMark {
  /** The detail's reference letter, e.g. "C". */
  letter: string;
  /** What it shows, after the letter in its title. */
  caption: string;
  centre: Vec;
  radius: number;
  /** Dimensions drawn on the enlarged detail, in the parent's coordinates. */
  dimensions: ViewDimension[];
}

/** Paper diameter a detail is enlarged to at most. */
const DETAIL_PAPER = 80;

/**
 * The detail's scale (ISO 5455): the largest standard scale at which its
 * circle stays within DETAIL_PAPER on paper; always larger than the parent's,
 * which must show the whole object.
 */
export const detailScale = (radius: number): IsoScale =>
  ISO_SCALES.find((s) => (2 * radius) / scaleDenominator(s) <= DETAIL_PAPER) ?? ISO_SCALES[ISO_SCALES.length - 1];

/** The parent view with each detail's circle (narrow line); its letter is set beside it on the sheet, clear of dimensions. */
export function withDetailMarks(parent: DrawingView, marks: DetailMark[]): DrawingView {
  const shapes: ViewShape[] = [...parent.shapes, ...marks.map((m): ViewShape => ({ layer: "THIN", shape: { kind: "circle", c: m.centre, r: m.radius } }))];
  return { ...parent, shapes, marks: [...(parent.marks ?? []), ...marks.map(({ letter, centre, radius }) => ({ letter, centre, radius }))] };
}

/**
 * The detail itself: the parent's shapes inside the circle (lines clipped to
 * it; filled sections, circles and arcs kept when wholly inside; the
 * parent's lettering left out), bounded by the circle, at its own scale.
 */
export function detailView(parent: DrawingView, mark: DetailMark): DrawingView {
  const { centre: c, radius: r } = mark;
  const inside = (p: Vec) => Math.hypot(p[0] - c[0], p[1] - c[1]) <= r + 1e-9;
  const shapes: ViewShape[] = [];
  for (const { layer, shape } of parent.shapes) {
    for (const s of clip(shape, c, r, inside)) shapes.push({ layer, shape: s });
  }
  shapes.push({ layer: "THIN", shape: { kind: "circle", c, r } });
  return {
    code: `DET-${mark.letter}`,
    title: `Detail ${mark.letter}: ${mark.caption}`,
    shapes,
    dimensions: mark.dimensions,
    bounds: { min: [c[0] - r, c[1] - r], max: [c[0] + r, c[1] + r] },
    scale: detailScale(r),
  };
}

function clip(s: Shape, c: Vec, r: number, inside: (p: Vec) => boolean): Shape[] {
  switch (s.kind) {
    case "line":
      return clipSegment(s.a, s.b, c, r);
    case "polyline": {
      const pts = s.closed ? [...s.points, s.points[0]] : s.points;
      return pts.slice(1).flatMap((p, i) => clipSegment(pts[i], p, c, r));
    }
    case "fill":
      return s.points.every(inside) ? [s] : [];
    case "circle":
    case "arc":
      return Math.hypot(s.c[0] - c[0], s.c[1] - c[1]) + s.r <= r ? [s] : [];
    case "text":
      return [];
  }
}

/** The part of segment ab inside the circle, as a line, or nothing. */
function clipSegment(a: Vec, b: Vec, c: Vec, r: number): Shape[] {
  const d: Vec = [b[0] - a[0], b[1] - a[1]];
  const f: Vec = [a[0] - c[0], a[1] - c[1]];
  const A = d[0] * d[0] + d[1] * d[1];
  if (A === 0) return [];
  const B = 2 * (f[0] * d[0] + f[1] * d[1]);
  const C = f[0] * f[0] + f[1] * f[1] - r * r;
  const disc = B * B - 4 * A * C;
  if (disc <= 0) return [];
  const t0 = Math.max(0, (-B - Math.sqrt(disc)) / (2 * A));
  const t1 = Math.min(1, (-B + Math.sqrt(disc)) / (2 * A));
  if (t1 - t0 < 1e-9) return [];
  const at = (t: number): Vec => [a[0] + t * d[0], a[1] + t * d[1]];
  return [{ kind: "line", a: at(t0), b: at(t1) }];
}
