/**
 * A CSV writer (RFC 4180): fields joined by commas, records ended by CRLF, a
 * field quoted when it holds a comma, a double quote, CR or LF (its quotes
 * doubled). Text that a spreadsheet would run as a formula (starting with
 * = + - @, or a tab or CR that some spreadsheets skip before one) gets a
 * leading apostrophe; numbers are written as they are. Pure.
 */
export type CsvCell = string | number | null | undefined;

const FORMULA = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const toCsv = (rows: readonly (readonly CsvCell[])[]) => rows.map((row) => `${row.map(csvCell).join(",")}\r\n`).join("");
