import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FILE_PROBLEMS, fileProblem, isCadExchangeFile } from "../../../engine/mesh/file-problems.ts";

/** Every error code engine/mesh raises, read from its source: `new EngineError("CODE"` and its helpers `invalid("CODE"`. */
function raisedCodes(dir: string): Set<string> {
  const codes = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const source = readFileSync(join(entry.parentPath, entry.name), "utf8");
    for (const m of source.matchAll(/(?:EngineError|invalid)\(\s*"([A-Z0-9_]+)"/g)) codes.add(m[1]);
  }
  return codes;
}

describe("file problems: every file error has words for a buyer", () => {
  const codes = raisedCodes(new URL("../../../engine/mesh", import.meta.url).pathname);

  it("finds the codes engine/mesh raises (the scan itself works)", () => {
    for (const known of ["EMPTY_FILE", "3MF_NOT_ZIP", "STL_SYNTAX", "INVALID_DXF", "ANALYSIS_TIME_LIMIT"]) expect(codes).toContain(known);
  });

  it("has a title and a next step for every code engine/mesh raises, and for the API's upload refusals", () => {
    const missing = [...codes, "UNSUPPORTED_MEDIA_TYPE", "PAYLOAD_TOO_LARGE", "CAD_EXCHANGE_NOT_SUPPORTED"].filter((code) => !FILE_PROBLEMS[code]);
    expect(missing).toEqual([]);
    for (const [code, { title, next }] of Object.entries(FILE_PROBLEMS)) {
      expect(title, code).toMatch(/^[A-Z0-9].*\.$/);
      expect(next, code).toMatch(/^[A-Z].*\.$/);
      // Buyer words: no codes, byte dumps or jargon of the readers.
      expect(`${title} ${next}`, code).not.toMatch(/[A-Z]+_[A-Z]+|bytes? [0-9a-f]{2} |zip archive|DTD|entity|triangle index/i);
    }
  });

  it("answers an unknown code with a general sentence and a next step", () => {
    expect(fileProblem("SOMETHING_NEW")).toEqual({ title: "We could not read this file.", next: expect.stringMatching(/STL or 3MF/) });
  });

  it("knows STEP and IGES by name or by their first bytes", () => {
    for (const name of ["bracket.step", "BRACKET.STP", "part.iges", "part.igs "]) expect(isCadExchangeFile(name)).toBe(true);
    expect(isCadExchangeFile("part.txt", new TextEncoder().encode("ISO-10303-21;\nHEADER;"))).toBe(true);
    expect(isCadExchangeFile("part.stl", new TextEncoder().encode("solid part\n"))).toBe(false);
    expect(fileProblem("CAD_EXCHANGE_NOT_SUPPORTED").title).toMatch(/read in your browser/);
  });
});
