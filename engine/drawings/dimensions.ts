import type { PlacedDimension, Shape, Vec, ViewDimension } from "./model.ts";

/**
 * ISO 129-1 linear dimensions drawn as explicit narrow lines, filled arrowheads
 * and one text height, values read from the bottom or from the right. Rows of
 * dimensions stand off the view by GAP and from each other by ROW_SPACING (paper mm).
 */
export const DIM_TEXT = 3.5;
export const GAP = 10;
export const ROW_SPACING = 8;
const ARROW = 2.5;
const ARROW_HALF_WIDTH = ARROW * Math.tan((15 * Math.PI) / 180);
/** Extension lines start this far from the feature and run this far past the dimension line. */
const EXT_GAP = 1;
const EXT_OVERRUN = 2;
const TEXT_LIFT = 1;
/** Approximate advance of a digit in the drawing font, as a share of the text height. */
const DIGIT_WIDTH = 0.57;

/** Paper mm a side of a view needs for `rows` rows of dimensions. */
export const dimensionBand = (rows: number) => (rows === 0 ? 0 : GAP + ROW_SPACING * (rows - 1) + DIM_TEXT + TEXT_LIFT + 1);

/** Whole millimetres, or one decimal when the value has a fraction. */
export const formatValue = (v: number) => (Math.abs(v - Math.round(v)) < 0.05 ? String(Math.round(v)) : v.toFixed(1));

/** The measured value of a view dimension, real mm. */
export const dimensionValue = (d: ViewDimension) => d.value ?? Math.abs(d.axis === "x" ? d.p2[0] - d.p1[0] : d.p2[1] - d.p1[1]);

/**
 * A chain of dimensions through `stations` (coordinates along `axis`, ascending),
 * with the extension lines starting at `base` on the other axis.
 */
export function chain(axis: "x" | "y", stations: number[], base: number, side: ViewDimension["side"], row: number): ViewDimension[] {
  const point = (s: number): Vec => (axis === "x" ? [s, base] : [base, s]);
  return stations.slice(1).map((s, i) => ({ axis, p1: point(stations[i]), p2: point(s), side, row }));
}

/**
 * Explode a dimension already mapped to paper mm (`p1`, `p2`) whose dimension
 * line lies at `lineAt` on the other axis. A value too long for its span is
 * set beside it towards the middle of its row (before the span when `last`
 * in its row, after it otherwise), clear of the corners where rows meet.
 */
export function explodeDimension(
  axis: "x" | "y",
  p1: Vec,
  p2: Vec,
  lineAt: number,
  value: number,
  last: boolean,
): { shapes: Shape[]; placed: PlacedDimension } {
  // Work in (u along the measurement, v across it), then map back.
  const toXY = (u: number, v: number): Vec => (axis === "x" ? [u, v] : [v, u]);
  const along = (p: Vec) => (axis === "x" ? p[0] : p[1]);
  const across = (p: Vec) => (axis === "x" ? p[1] : p[0]);
  const u1 = Math.min(along(p1), along(p2));
  const u2 = Math.max(along(p1), along(p2));
  const shapes: Shape[] = [];
  for (const p of [p1, p2]) {
    const d = Math.sign(lineAt - across(p)) || 1;
    shapes.push({ kind: "line", a: toXY(along(p), across(p) + d * EXT_GAP), b: toXY(along(p), lineAt + d * EXT_OVERRUN) });
  }
  const span = u2 - u1;
  const text = formatValue(value);
  const textWidth = text.length * DIGIT_WIDTH * DIM_TEXT;
  const inside = span >= 2 * ARROW + 0.5;
  const arrow = (tip: number, dir: 1 | -1): Shape => ({
    kind: "fill",
    points: [toXY(tip, lineAt), toXY(tip + dir * ARROW, lineAt + ARROW_HALF_WIDTH), toXY(tip + dir * ARROW, lineAt - ARROW_HALF_WIDTH)],
  });
  if (inside) {
    shapes.push({ kind: "line", a: toXY(u1, lineAt), b: toXY(u2, lineAt) }, arrow(u1, 1), arrow(u2, -1));
  } else {
    // Too short for arrows inside: arrows outside pointing in, the line run on past them.
    shapes.push({ kind: "line", a: toXY(u1 - ARROW - 2, lineAt), b: toXY(u2 + ARROW + 2, lineAt) }, arrow(u1, -1), arrow(u2, 1));
  }
  let centre = (u1 + u2) / 2;
  if (textWidth + 1 > span) centre = last ? u1 - ARROW - 1.5 - textWidth / 2 : u2 + ARROW + 1.5 + textWidth / 2;
  // Read from the bottom (horizontal) or from the right (vertical, turned 90° counter-clockwise).
  const at: Vec = axis === "x" ? [centre, lineAt + TEXT_LIFT] : [lineAt - TEXT_LIFT, centre];
  const label: Shape & { kind: "text" } = { kind: "text", at, height: DIM_TEXT, text, align: "center", rotation: axis === "x" ? 0 : 90 };
  shapes.push(label);
  return { shapes, placed: { axis, value, span: [u1, u2], text: label } };
}
