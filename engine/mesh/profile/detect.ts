import type { ProfileFormat } from "../types.ts";

const SNIFF_BYTES = 4096;

/**
 * Which 2D format a file is: its content when recognisable (an <svg> element
 * near the start; a DXF's leading "0 / SECTION" or 999 comment), else its
 * extension, else null so the caller can try other formats or answer 415.
 */
export function detectProfileFormat(bytes: Uint8Array | string, filename = ""): ProfileFormat | null {
  const head = (typeof bytes === "string" ? bytes.slice(0, SNIFF_BYTES) : latin1(bytes.subarray(0, SNIFF_BYTES))).replace(/^\uFEFF|^\xEF\xBB\xBF/, "");
  if (/^\s*</.test(head) && /<(?:svg:)?svg[\s>]/.test(head)) return "svg";
  if (/^\s*(?:0\s*\r?\n\s*SECTION|999\s*\r?\n)/.test(head)) return "dxf";
  const ext = /\.([A-Za-z]+)$/.exec(filename)?.[1].toLowerCase();
  return ext === "dxf" || ext === "svg" ? ext : null;
}

function latin1(bytes: Uint8Array): string {
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}
