import { describe, expect, it } from "vitest";
import { drawingNumber, drawingNumberPrefix, nextRevision, revisionIndex } from "../../../engine/drawings/index.ts";

describe("drawing numbers and revision indexes", () => {
  it("spells {PRODUCT}-{VIEW}-{NNN}", () => {
    expect(drawingNumber(drawingNumberPrefix("spw600e-door", "elevation"), 1)).toBe("SPW600E-ELV-001");
    expect(drawingNumber(drawingNumberPrefix("spw600e-door", "section"), 42)).toBe("SPW600E-SEC-042");
    expect(drawingNumber("SPW600E-PLN", 1234)).toBe("SPW600E-PLN-1234");
  });

  it("counts revisions A…Z, AA, AB, …", () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(revisionIndex)).toEqual(["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    expect(["A", "Y", "Z", "AA", "AZ", "ZZ"].map(nextRevision)).toEqual(["B", "Z", "AA", "AB", "BA", "AAA"]);
    for (let n = 0; n < 1000; n++) expect(nextRevision(revisionIndex(n))).toBe(revisionIndex(n + 1));
  });
});
