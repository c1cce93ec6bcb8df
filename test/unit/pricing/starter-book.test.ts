import { describe, expect, it } from "vitest";
import { demoCatalog } from "../../../engine/pricing/demo-catalog.ts";
import { PROCESSES, type ProcessCode, priceBookSchema } from "../../../engine/pricing/price-book.ts";
import { PROCESS_TEMPLATES, starterBook } from "../../../engine/pricing/starter-book.ts";

/** Every non-empty set of processes a shop can tick at sign-up. */
const subsets = (): ProcessCode[][] => Array.from({ length: 2 ** PROCESSES.length - 1 }, (_, i) => PROCESSES.filter((_, bit) => ((i + 1) >> bit) & 1));

const demoMachines = new Set(PROCESSES.flatMap((p) => demoCatalog.processes[p]?.machines.map((m) => m.name) ?? []));

describe("a new shop's starter book from per-process templates", () => {
  it.each(subsets().map((s) => [s.join(", "), s] as const))("%s: a valid book offering exactly those processes, one template machine each", (_, chosen) => {
    const book = starterBook(chosen, "GBP");
    expect(priceBookSchema.safeParse(book).success).toBe(true);
    expect(book.currency).toBe("GBP");
    expect(Object.keys(book.processes).sort()).toEqual([...chosen].sort());
    for (const p of chosen) {
      expect(book.processes[p]?.machines.map((m) => [m.code, m.name])).toEqual([[PROCESS_TEMPLATES[p].machine.code, PROCESS_TEMPLATES[p].machine.name]]);
    }
    expect(book.materials.length).toBeGreaterThan(0);
    expect(book.materials.every((m) => m.processes.every((p) => chosen.includes(p)))).toBe(true);
    expect(book.finishes.every((f) => f.processes.every((p) => chosen.includes(p)))).toBe(true);
    expect(PROCESSES.flatMap((p): readonly { name: string }[] => book.processes[p]?.machines ?? []).filter((m) => demoMachines.has(m.name))).toEqual([]);
  });

  it("keeps only the materials its template machine takes (PA12 needs an enclosed printer; acrylic a CO₂ laser)", () => {
    const codes = (p: ProcessCode[]) => starterBook(p, "EUR").materials.map((m) => m.code);
    expect(codes(["fff"])).toEqual(["pla", "petg"]);
    expect(codes(["laser"])).toEqual(["s235", "ss-304", "al-5754"]);
    expect(codes(["cnc"])).toEqual(["al-6061", "pom-c"]);
    const laser = starterBook(["laser"], "EUR");
    expect(laser.finishes.map((f) => f.code)).not.toContain("anodized-clear");
    expect(laser.finishes.find((f) => f.code === "as-cut")?.materials).toEqual(["s235", "ss-304", "al-5754"]);
  });

  it("refuses to make a book with no process", () => {
    expect(() => starterBook([], "EUR")).toThrow(/at least one process/);
  });
});
