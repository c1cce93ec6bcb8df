import type { DrawingFamily } from "./views.ts";

/**
 * Drawing numbers `{PRODUCT}-{VIEW}-{NNN}` (SPW600E-ELV-001) and revision
 * indexes A…Z, AA, AB, … . The sequence number itself is the tenant's gapless
 * counter, taken where the drawing row is written; these are its spellings.
 */
export const PRODUCT_CODES: Record<DrawingFamily, string> = { "spw600e-door": "SPW600E", "kitchen-base-cabinet": "KBC" };
export const VIEW_CODES = { elevation: "ELV", plan: "PLN", section: "SEC", detail: "DET" } as const;

/** `SPW600E-ELV`: the part of the number before the sequence. */
export const drawingNumberPrefix = (family: DrawingFamily, type: keyof typeof VIEW_CODES) => `${PRODUCT_CODES[family]}-${VIEW_CODES[type]}`;

/** `SPW600E-ELV-001`; past 999 the sequence simply grows a digit. */
export const drawingNumber = (prefix: string, sequence: number) => `${prefix}-${String(sequence).padStart(3, "0")}`;

/** The revision index of the n-th issue (0 → A, 25 → Z, 26 → AA, 27 → AB, …), like spreadsheet columns. */
export function revisionIndex(n: number): string {
  let s = "";
  for (let k = n + 1; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** The revision after `rev`: A → B, Z → AA, AZ → BA. */
export function nextRevision(rev: string): string {
  let n = 0;
  for (const ch of rev) n = n * 26 + (ch.charCodeAt(0) - 64);
  return revisionIndex(n);
}
