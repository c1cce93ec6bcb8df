import { rect, type Shape, type Vec } from "./model.ts";

/**
 * ISO 5457 sheets: trimmed sizes (A4 portrait, the others landscape), the
 * frame 20 mm from the left (filing) edge and 10 mm from the others, centring
 * marks, and the reference grid: fields of 50 mm counted from the centring
 * marks, numbers along the top and bottom, letters (without I and O) down the sides.
 */
export const SHEET_FORMATS = {
  A4: { width: 210, height: 297 },
  A3: { width: 420, height: 297 },
  A2: { width: 594, height: 420 },
  A1: { width: 841, height: 594 },
} as const;
export type SheetFormat = keyof typeof SHEET_FORMATS;
export const SHEET_ORDER = Object.keys(SHEET_FORMATS) as SheetFormat[];
export const isSheetFormat = (s: unknown): s is SheetFormat => typeof s === "string" && s in SHEET_FORMATS;

export const FILING_MARGIN = 20;
export const MARGIN = 10;
const FIELD = 50;
/** Centring marks run this far past the frame into the drawing space. */
const MARK_OVERRUN = 5;
const GRID_TEXT = 3.5;
const GRID_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";

export interface SheetFrame {
  /** The drawing space inside the frame, paper mm. */
  inner: { x0: number; y0: number; x1: number; y1: number };
  sheet: Shape[];
  frame: Shape[];
  grid: Shape[];
}

/**
 * Field boundaries along one side: at the centre ± k·50 mm, with round(half / 50)
 * fields on each half (so A3 has 8 × 6 fields, A1 16 × 12); the end fields take what is left.
 */
export function gridDivisions(length: number, lo: number, hi: number): number[] {
  const centre = length / 2;
  const perHalf = Math.round(centre / FIELD);
  const ticks: number[] = [];
  for (let k = -(perHalf - 1); k <= perHalf - 1; k++) ticks.push(centre + k * FIELD);
  return [lo, ...ticks.filter((t) => t > lo && t < hi), hi];
}

export function sheetFrame(format: SheetFormat): SheetFrame {
  const { width: W, height: H } = SHEET_FORMATS[format];
  const inner = { x0: FILING_MARGIN, y0: MARGIN, x1: W - MARGIN, y1: H - MARGIN };
  const frame: Shape[] = [rect(inner.x0, inner.y0, inner.x1, inner.y1)];
  // Centring marks at the middle of each side, from the trimmed edge into the drawing space.
  const cx = W / 2;
  const cy = H / 2;
  frame.push(
    { kind: "line", a: [cx, 0], b: [cx, inner.y0 + MARK_OVERRUN] },
    { kind: "line", a: [cx, H], b: [cx, inner.y1 - MARK_OVERRUN] },
    { kind: "line", a: [0, cy], b: [inner.x0 + MARK_OVERRUN, cy] },
    { kind: "line", a: [W, cy], b: [inner.x1 - MARK_OVERRUN, cy] },
  );

  const grid: Shape[] = [];
  const cols = gridDivisions(W, inner.x0, inner.x1);
  const rows = gridDivisions(H, inner.y0, inner.y1);
  const label = (at: Vec, text: string): Shape => ({ kind: "text", at, height: GRID_TEXT, text, align: "center", rotation: 0 });
  // Grid lines in the border between the frame and the trimmed edge.
  for (const x of cols.slice(1, -1)) {
    if (Math.abs(x - cx) < 1e-6) continue;
    grid.push({ kind: "line", a: [x, 0], b: [x, inner.y0] }, { kind: "line", a: [x, H], b: [x, inner.y1] });
  }
  for (const y of rows.slice(1, -1)) {
    if (Math.abs(y - cy) < 1e-6) continue;
    grid.push({ kind: "line", a: [0, y], b: [inner.x0, y] }, { kind: "line", a: [W, y], b: [inner.x1, y] });
  }
  // Numbers left to right, letters top to bottom, in the middle of each field.
  for (let i = 0; i < cols.length - 1; i++) {
    const x = (cols[i] + cols[i + 1]) / 2;
    grid.push(label([x, inner.y0 / 2 - GRID_TEXT / 2], String(i + 1)), label([x, H - MARGIN / 2 - GRID_TEXT / 2], String(i + 1)));
  }
  const n = rows.length - 1;
  for (let j = 0; j < n; j++) {
    const y = (rows[n - j - 1] + rows[n - j]) / 2 - GRID_TEXT / 2;
    grid.push(label([inner.x0 / 2, y], GRID_LETTERS[j]), label([W - MARGIN / 2, y], GRID_LETTERS[j]));
  }
  return { inner, sheet: [rect(0, 0, W, H)], frame, grid };
}
