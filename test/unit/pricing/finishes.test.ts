import { describe, expect, it } from "vitest";
import { isEngineError } from "../../../engine/errors.ts";
import { demoCatalog } from "../../../engine/pricing/demo-catalog.ts";
import { price } from "../../../engine/pricing/price.ts";
import type { PriceBook, ProcessCode } from "../../../engine/pricing/price-book.ts";
import { compileShopBook } from "../../../engine/pricing/shop-book.ts";
import type { PriceOptions } from "../../../engine/pricing/types.ts";
import { book, box, editBook, plate, testBook } from "./fixtures.ts";

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (isEngineError(e)) return e;
    throw e;
  }
  throw new Error("accepted");
};

describe("finishes follow materials", () => {
  it("refuses a finish the material does not take, naming the finish (422)", () => {
    const paintPlaOnly = editBook((b) => (b.finishes[0].materials = ["pla"]));
    expect(price(box(10, 10, 10), paintPlaOnly, { process: "fff", material: "pla", finish: "paint", quantity: 1 }).finish).toBe("paint");
    const e = refusal(() => price(box(10, 10, 10), paintPlaOnly, { process: "sla", material: "resin", finish: "paint", quantity: 1 }));
    expect(e).toMatchObject({ code: "FINISH_NOT_ALLOWED", status: 422, message: "Paint is not offered for Resin." });
    expect(e.details).toEqual([expect.objectContaining({ field: "finish", value: "paint" })]);
  });

  const demo = compileShopBook(demoCatalog).customer;
  const partFor = (process: ProcessCode) => (process === "laser" ? plate() : box(30, 20, 10));
  const optionsFor = (process: ProcessCode, material: string, finish: string): PriceOptions => {
    const m = demoCatalog.materials.find((x) => x.code === material)!;
    return { process, material, finish, quantity: 1, ...(m.price.unit === "sheet" ? { thickness_mm: m.price.thicknesses[0].thickness_mm } : {}) };
  };

  it("in the demo shop prices every finish on the materials it names and refuses it on every other", () => {
    let allowed = 0;
    let refused = 0;
    for (const f of demoCatalog.finishes) {
      for (const m of demoCatalog.materials) {
        for (const process of m.processes.filter((p) => f.processes.includes(p))) {
          const o = optionsFor(process, m.code, f.code);
          if (f.materials.includes(m.code)) {
            expect(price(partFor(process), demo, o).finish).toBe(f.code);
            allowed++;
          } else {
            expect(refusal(() => price(partFor(process), demo, o)).details[0].field).toBe("finish");
            refused++;
          }
        }
      }
    }
    expect(allowed).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(5);
  });

  it("in the demo shop anodising is for aluminium only and every laser part can stay as cut, free", () => {
    expect(demoCatalog.finishes.find((f) => f.code === "anodized-clear")!.materials).toEqual(["al-6061"]);
    const asCut = demoCatalog.finishes.find((f) => f.code === "as-cut")!;
    expect(asCut.materials.sort()).toEqual(
      demoCatalog.materials
        .filter((m) => m.processes.includes("laser"))
        .map((m) => m.code)
        .sort(),
    );
    expect(asCut.pricing).toEqual({ basis: "per_part", amount: 0 });
    const r = price(plate(), demo, optionsFor("laser", "pmma-cast", "as-cut"));
    expect(r.breakdown.find((l) => l.code === "finishing")!.amount).toBe(0);
    expect(refusal(() => price(plate(), demo, optionsFor("laser", "pmma-cast", "powder-coated"))).details[0].field).toBe("finish");
  });

  it("a book published before finishes named materials still prices: each finish applies to its processes' materials", () => {
    const legacy = structuredClone(testBook) as PriceBook;
    for (const f of legacy.finishes) delete (f as Partial<typeof f>).materials;
    const old = compileShopBook(legacy).customer;
    const o: PriceOptions = { process: "sla", material: "resin", finish: "paint", quantity: 2 };
    expect(price(box(10, 10, 10), old, o)).toEqual(price(box(10, 10, 10), book, o));
  });
});
