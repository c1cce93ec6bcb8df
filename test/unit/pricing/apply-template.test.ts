import { describe, expect, it } from "vitest";
import { applyTemplate } from "../../../engine/pricing/apply-template.ts";
import type { PriceBook } from "../../../engine/pricing/price-book.ts";
import { starterBook } from "../../../engine/pricing/starter-book.ts";

const codes = (entries: { code: string }[]) => entries.map((e) => e.code);

/** An FFF shop's book after the owner edited it: its printer renamed and re-rated, PLA dearer, PETG dropped. */
function editedFffBook(): PriceBook {
  const book = starterBook(["fff"], "GBP");
  const fff = book.processes.fff!;
  return {
    ...book,
    processes: { fff: { ...fff, machines: [{ ...fff.machines[0], name: "Our Prusa", hourly_rate: 777, materials: ["pla"] }] } },
    materials: book.materials.filter((m) => m.code !== "petg").map((m) => (m.code === "pla" ? { ...m, price: { unit: "kg" as const, amount: 3999 } } : m)),
    finishes: book.finishes.map((f) => ({ ...f, materials: f.materials.filter((c) => c !== "petg"), extra_days: 3 })),
  };
}

describe("applying a process template to a draft book", () => {
  it("adds a process the shop lacks whole, and leaves every entry of the shop's as it was", () => {
    const before = editedFffBook();
    const { book, changes, issues } = applyTemplate(before, "laser");
    expect(issues).toEqual([]);
    expect(changes.process).toEqual({ code: "laser", label: "Laser cutting", added: true });
    expect(codes(changes.added.machines)).toEqual(["laser-cutter"]);
    expect(codes(changes.added.materials)).toEqual(["s235", "ss-304", "al-5754"]);
    expect(codes(changes.added.finishes)).toEqual(["as-cut", "bead-blasted", "deburred", "powder-coated"]);
    expect(changes.kept).toEqual({ machines: [], materials: [], finishes: [] });
    expect(book.processes.laser?.machines.map((m) => m.name)).toEqual(["Fibre laser cutter (3 kW)"]);
    expect(book.processes.fff).toEqual(before.processes.fff);
    expect(book.materials.slice(0, before.materials.length)).toEqual(before.materials);
    expect(book.finishes.slice(0, before.finishes.length)).toEqual(before.finishes);
    expect(book.currency).toBe("GBP");
  });

  it("re-applied to a process the shop offers: keeps its edited machine and materials, adds back what was removed", () => {
    const before = editedFffBook();
    const { book, changes, issues } = applyTemplate(before, "fff");
    expect(issues).toEqual([]);
    expect(changes.process.added).toBe(false);
    expect(changes.added.machines).toEqual([]);
    expect(changes.kept.machines).toEqual([{ code: "fff-printer", name: "FFF printer (MK4S class)" }]);
    expect(book.processes.fff?.machines).toEqual(before.processes.fff?.machines);
    expect(codes(changes.kept.materials)).toEqual(["pla"]);
    expect(book.materials.find((m) => m.code === "pla")?.price).toEqual({ unit: "kg", amount: 3999 });
    expect(codes(changes.added.materials)).toEqual(["petg"]);
    // The shop's finishes keep their own figures and are offered for PETG again.
    expect(changes.extended.finishes.map((f) => [f.code, f.materials])).toEqual([
      ["as-printed", ["petg"]],
      ["sanded", ["petg"]],
    ]);
    expect(book.finishes.every((f) => f.extra_days === 3 && f.materials.includes("petg"))).toBe(true);
  });

  it("re-applied to an untouched template changes nothing", () => {
    const before = starterBook(["fff", "cnc"], "EUR");
    const { book, changes } = applyTemplate(before, "cnc");
    expect(book).toEqual(before);
    expect(changes.added).toEqual({ machines: [], materials: [], finishes: [] });
    expect(changes.extended.finishes).toEqual([]);
    expect(codes(changes.kept.finishes)).toEqual(["as-machined", "bead-blasted", "anodized-clear"]);
  });

  it("adds the template's machine next to the shop's own when the shop uses other machine codes", () => {
    const before = starterBook(["cnc"], "EUR");
    const cnc = before.processes.cnc!;
    const own = { ...before, processes: { cnc: { ...cnc, machines: [{ ...cnc.machines[0], code: "our-haas" }] } } };
    const { book, changes } = applyTemplate(own, "cnc");
    expect(book.processes.cnc?.machines.map((m) => m.code)).toEqual(["our-haas", "cnc-mill"]);
    expect(codes(changes.added.machines)).toEqual(["cnc-mill"]);
  });

  it("reports a kept entry that contradicts the template instead of changing it", () => {
    const before = starterBook(["cnc"], "EUR");
    // The shop's own "s235" is a CNC stock; the laser template cuts its own s235.
    const clash = { ...before, materials: [...before.materials, { ...before.materials[0], code: "s235", name: "Our S235 bar" }] };
    const { book, changes, issues } = applyTemplate(clash, "laser");
    expect(codes(changes.kept.materials)).toEqual(["s235"]);
    expect(book).toBe(clash);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.map((i) => i.message).join(" ")).toMatch(/s235/);
  });
});
