import { EngineError } from "../../errors.ts";

const CHUNK = 0x8000;

/**
 * Bytes to text without TextDecoder, which engine/'s ES-only lib does not
 * declare. DXF and SVG geometry is ASCII, so UTF-8 is read byte for byte
 * (Latin-1): multi-byte characters only occur in names and text we never
 * interpret, and ids still match each other because both sides decode alike.
 * UTF-16 files announce themselves with a byte-order mark and are decoded.
 */
export function bytesToText(input: Uint8Array | string): string {
  if (typeof input === "string") return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (input.length === 0) throw new EngineError("EMPTY_FILE", "The file is empty.", 400);
  if (input[0] === 0xff && input[1] === 0xfe) return utf16(input, true);
  if (input[0] === 0xfe && input[1] === 0xff) return utf16(input, false);
  const start = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf ? 3 : 0;
  const parts: string[] = [];
  for (let i = start; i < input.length; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, input.subarray(i, Math.min(i + CHUNK, input.length)) as unknown as number[]));
  }
  return parts.join("");
}

function utf16(bytes: Uint8Array, littleEndian: boolean): string {
  const units = new Uint16Array((bytes.length - 2) >> 1);
  for (let i = 0; i < units.length; i++) {
    const lo = bytes[2 + 2 * i + (littleEndian ? 0 : 1)];
    const hi = bytes[2 + 2 * i + (littleEndian ? 1 : 0)];
    units[i] = lo | (hi << 8);
  }
  const parts: string[] = [];
  for (let i = 0; i < units.length; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, units.subarray(i, i + CHUNK) as unknown as number[]));
  }
  return parts.join("");
}
