import type { RevisionEntry, Shape, TitleBlockFields } from "./model.ts";

/**
 * ISO 7200 title block, 180 mm wide, in the bottom-right corner of the
 * drawing space, with the revision table stacked on it (latest revision on top).
 * Field labels 1.8 mm, values 3.5 mm (shrunk to 2.5 mm when long).
 */
export const TITLE_BLOCK_WIDTH = 180;
const ROW = 9;
const REVISION_ROW = 6;
const LABEL = 1.8;
const VALUE = 3.5;
const SMALL_VALUE = 2.5;
/** Approximate advance of the drawing font, as a share of the text height. */
const CHAR_WIDTH = 0.6;

export const titleBlockHeight = (revisions: number) => 3 * ROW + REVISION_ROW * (revisions + 1);

interface Cell {
  x: number;
  row: number;
  width: number;
  label: string;
  value: string;
}

function cells(f: TitleBlockFields, revision: string, scale: string): Cell[] {
  return [
    { row: 2, x: 0, width: 80, label: "Legal owner", value: f.legal_owner },
    { row: 2, x: 80, width: 50, label: "Document type", value: f.document_type },
    { row: 2, x: 130, width: 50, label: "Document status", value: f.status },
    { row: 1, x: 0, width: 110, label: "Title", value: f.title },
    { row: 1, x: 110, width: 35, label: "Created by", value: f.creator },
    { row: 1, x: 145, width: 35, label: "Approved by", value: f.approver },
    { row: 0, x: 0, width: 70, label: "Identification number", value: f.drawing_number },
    { row: 0, x: 70, width: 15, label: "Rev.", value: revision },
    { row: 0, x: 85, width: 30, label: "Date of issue", value: f.date_of_issue },
    { row: 0, x: 115, width: 30, label: "Scale", value: scale },
    { row: 0, x: 145, width: 20, label: "Sheet", value: f.sheet_number },
    { row: 0, x: 165, width: 15, label: "Lang.", value: f.language },
  ];
}

/** The height at which `text` fits `width`: 3.5 mm, else 2.5 mm (then cut short with an ellipsis). */
function fitted(text: string, width: number): { text: string; height: number } {
  if (text.length * CHAR_WIDTH * VALUE <= width) return { text, height: VALUE };
  const max = Math.floor(width / (CHAR_WIDTH * SMALL_VALUE));
  return { text: text.length <= max ? text : `${text.slice(0, max - 1)}…`, height: SMALL_VALUE };
}

/** Shapes of the title block and revision table with the block's bottom-right corner at (`right`, `bottom`). */
export function titleBlock(right: number, bottom: number, fields: TitleBlockFields, revisions: RevisionEntry[], scale: string): Shape[] {
  const x0 = right - TITLE_BLOCK_WIDTH;
  const out: Shape[] = [];
  const line = (ax: number, ay: number, bx: number, by: number) => out.push({ kind: "line", a: [ax, ay], b: [bx, by] });
  const text = (x: number, y: number, height: number, value: string) => out.push({ kind: "text", at: [x, y], height, text: value, align: "left", rotation: 0 });
  const revision = revisions.at(-1)?.revision ?? "A";

  const top = bottom + 3 * ROW;
  out.push({
    kind: "polyline",
    points: [
      [x0, bottom],
      [right, bottom],
      [right, top],
      [x0, top],
    ],
    closed: true,
  });
  for (let r = 1; r < 3; r++) line(x0, bottom + r * ROW, right, bottom + r * ROW);
  for (const c of cells(fields, revision, scale)) {
    const y = bottom + c.row * ROW;
    if (c.x > 0) line(x0 + c.x, y, x0 + c.x, y + ROW);
    text(x0 + c.x + 1.2, y + ROW - LABEL - 0.9, LABEL, c.label);
    const v = fitted(c.value, c.width - 2.4);
    text(x0 + c.x + 1.2, y + 1.6, v.height, v.text);
  }

  // Revision table: a heading row on the title block, entries above it, latest on top.
  const cols = [0, 15, 45, TITLE_BLOCK_WIDTH];
  const rows = revisions.length + 1;
  const tableTop = top + rows * REVISION_ROW;
  for (let r = 1; r <= rows; r++) line(x0, top + r * REVISION_ROW, right, top + r * REVISION_ROW);
  line(x0, top, x0, tableTop);
  line(right, top, right, tableTop);
  for (const c of cols.slice(1, -1)) line(x0 + c, top, x0 + c, tableTop);
  const rowText = (r: number, values: string[], height: number) =>
    values.forEach((v, i) => {
      const f = fitted(v, cols[i + 1] - cols[i] - 2.4);
      text(x0 + cols[i] + 1.2, top + r * REVISION_ROW + (REVISION_ROW - height) / 2, Math.min(height, f.height), f.text);
    });
  rowText(0, ["Rev.", "Date", "Description"], SMALL_VALUE);
  revisions.forEach((rev, i) => rowText(i + 1, [rev.revision, rev.date, rev.reason], SMALL_VALUE));
  return out;
}
