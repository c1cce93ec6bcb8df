import type { Shape, TextShape, Vec } from "./model.ts";

/** A box on the paper, mm. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Approximate advance of a capital in the drawing font, as a share of the text height (digits are narrower). */
export const CAPITAL_WIDTH = 0.68;
/** Height of a detail circle's reference letter, paper mm. */
export const DETAIL_LETTER = 5;
/** Clearance kept between a detail letter and its circle, and around what it must not touch. */
const CLEAR = 1;

/** The box a text covers on the paper, from its baseline to its cap height (turned with it). */
export function textBox(t: TextShape): Box {
  const width = t.text.length * CAPITAL_WIDTH * t.height;
  const start = t.align === "left" ? 0 : t.align === "center" ? -width / 2 : -width;
  // Turned 90° counter-clockwise, the text runs up and its letters stand towards -x.
  return t.rotation === 0
    ? { x0: t.at[0] + start, y0: t.at[1], x1: t.at[0] + start + width, y1: t.at[1] + t.height }
    : { x0: t.at[0] - t.height, y0: t.at[1] + start, x1: t.at[0], y1: t.at[1] + start + width };
}

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const grow = (b: Box, d: number): Box => ({ x0: b.x0 - d, y0: b.y0 - d, x1: b.x1 + d, y1: b.y1 + d });

/** What a letter must stay clear of: a text by its box, a line or an arrowhead by the box around its points; null for others. */
export function obstacleOf(s: Shape): Box | null {
  if (s.kind === "text") return textBox(s);
  const points = s.kind === "line" ? [s.a, s.b] : s.kind === "fill" ? s.points : null;
  if (!points) return null;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/** Directions tried in turn: the four diagonals (the usual place), then the sides. */
const DIRECTIONS = [45, 135, -45, -135, 0, 180, 90, -90].map((deg) => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)] as const);

/**
 * A detail circle's letter (paper mm: the circle's centre `c` and radius `r`), set just outside the circle in the first
 * direction where, grown by CLEAR, it touches no text (dimension values, titles, other letters) and no dimension line or
 * arrowhead, and stays inside `within`; each direction is tried at the circle, then a little further out. When nothing
 * clears the lines too, the first place clear of every text.
 */
export function placeDetailLetter(letter: string, c: Vec, r: number, within: Box, lines: Box[], texts: Box[]): TextShape {
  const width = letter.length * CAPITAL_WIDTH * DETAIL_LETTER;
  const candidates: TextShape[] = [];
  for (const out of [CLEAR, CLEAR + 4, CLEAR + 8, CLEAR + 14]) {
    for (const [dx, dy] of DIRECTIONS) {
      const p: Vec = [c[0] + (r + out) * dx, c[1] + (r + out) * dy];
      // The box's corner (or side) nearest the circle touches p.
      const x0 = Math.abs(dx) < 1e-9 ? p[0] - width / 2 : dx > 0 ? p[0] : p[0] - width;
      const y0 = Math.abs(dy) < 1e-9 ? p[1] - DETAIL_LETTER / 2 : dy > 0 ? p[1] : p[1] - DETAIL_LETTER;
      candidates.push({ kind: "text", at: [x0, y0], height: DETAIL_LETTER, text: letter, align: "left", rotation: 0 });
    }
  }
  const inside = (b: Box) => b.x0 >= within.x0 && b.y0 >= within.y0 && b.x1 <= within.x1 && b.y1 <= within.y1;
  const clear = (t: TextShape, of: Box[]) => {
    const b = textBox(t);
    return inside(b) && !of.some((o) => overlaps(grow(b, CLEAR), o));
  };
  return candidates.find((t) => clear(t, [...lines, ...texts])) ?? candidates.find((t) => clear(t, texts)) ?? candidates[0];
}

/** True when the circle's line runs through the box (a box wholly inside or outside it is not crossed). */
export function circleCrosses(c: Vec, r: number, b: Box) {
  const near = Math.hypot(Math.max(b.x0 - c[0], 0, c[0] - b.x1), Math.max(b.y0 - c[1], 0, c[1] - b.y1));
  const far = Math.max(Math.abs(b.x0 - c[0]), Math.abs(b.x1 - c[0])) ** 2 + Math.max(Math.abs(b.y0 - c[1]), Math.abs(b.y1 - c[1])) ** 2;
  return near < r && Math.sqrt(far) > r;
}

/**
 * A dimension's value moved along its dimension line out of the way of detail circles (paper mm), to whichever side of
 * the circle is nearer and still within the dimension's span; the text as it was when no side is.
 */
export function clearOfCircles(text: TextShape, axis: "x" | "y", span: readonly [number, number], circles: { c: Vec; r: number }[]): TextShape {
  const crossed = (t: TextShape) => circles.some(({ c, r }) => circleCrosses(c, r, grow(textBox(t), CLEAR)));
  if (!crossed(text)) return text;
  const i = axis === "x" ? 0 : 1;
  const half = (text.text.length * CAPITAL_WIDTH * text.height) / 2;
  const moved = circles
    .flatMap(({ c, r }) => [c[i] - r - CLEAR - half - 0.5, c[i] + r + CLEAR + half + 0.5])
    .filter((at) => at - half >= span[0] && at + half <= span[1])
    .sort((a, b) => Math.abs(a - text.at[i]) - Math.abs(b - text.at[i]))
    .map((at): TextShape => ({ ...text, at: i === 0 ? [at, text.at[1]] : [text.at[0], at] }))
    .find((t) => !crossed(t));
  return moved ?? text;
}
