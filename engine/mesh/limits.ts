import { EngineError } from "../errors.ts";

export const DEFAULT_MAX_TRIANGLES = 5_000_000;
/** Beyond this the kernel's 32-bit memory could not hold the welding tables anyway. */
export const HARD_MAX_TRIANGLES = 50_000_000;
/**
 * 3MF: bytes the archive may inflate to. What the XML becomes (vertex and index lists,
 * then the triangle soup beside the kernel's memory) must fit the Worker's 128 MB
 * isolate with the inflated XML: measured in docs/decisions/0007-reader-memory.md.
 */
export const DEFAULT_MAX_INFLATED_BYTES = 32 * 1024 * 1024;

/** Thousands separators in messages: "50,084 bytes". */
export const fmt = (n: number): string => n.toLocaleString("en-US");

export function tooManyTriangles(what: string, count: number | undefined, limit: number): EngineError {
  const found = count === undefined ? `more than ${fmt(limit)} triangles` : `${fmt(count)} triangles`;
  return new EngineError("TOO_MANY_TRIANGLES", `${what} has ${found}; the limit is ${fmt(limit)}`, 413, [
    { field: "triangles", message: `at most ${fmt(limit)}`, value: count ?? limit + 1 },
  ]);
}
