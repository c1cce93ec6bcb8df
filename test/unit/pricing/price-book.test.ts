import { describe, expect, it } from "vitest";
import { isEngineError } from "../../../engine/errors.ts";
import { compileShopBook } from "../../../engine/pricing/shop-book.ts";
import { demoCatalog } from "../../../engine/pricing/demo-catalog.ts";
import { price } from "../../../engine/pricing/price.ts";
import { parsePriceBook, priceBookSchema } from "../../../engine/pricing/price-book.ts";
import type { PriceBook } from "../../../engine/pricing/price-book.ts";
import { box, plate, sumLines, testBook } from "./fixtures.ts";

/** The paths of the issues a broken copy of the test book raises. */
function issuesOf(edit: (b: PriceBook) => void): string[] {
  const b = structuredClone(testBook);
  edit(b);
  const r = priceBookSchema.safeParse(b);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("price book schema", () => {
  it("accepts the demo catalogue and survives a JSON round trip unchanged", () => {
    const json = JSON.parse(JSON.stringify(demoCatalog));
    expect(parsePriceBook(json)).toEqual(demoCatalog);
  });

  it("prices every demo material on its process, orderable, in EUR", () => {
    const book = compileShopBook(demoCatalog).customer;
    const part = box(60, 40, 25, { overhang_area_mm2: 300 });
    for (const m of demoCatalog.materials) {
      for (const process of m.processes) {
        const r =
          m.price.unit === "sheet"
            ? price(plate(), book, { process, material: m.code, quantity: 5, thickness_mm: m.price.thicknesses[0].thickness_mm })
            : price(part, book, { process, material: m.code, quantity: 5 });
        expect(r.orderable, m.code).toBe(true);
        expect(r.currency).toBe("EUR");
        expect(r.unit_price, m.code).toBeGreaterThan(0);
        expect(sumLines(r.breakdown)).toBe(r.total);
      }
    }
  });

  it.each<[string, (b: PriceBook) => void, string]>([
    ["duplicate material codes", (b) => b.materials.push({ ...b.materials[0] }), "materials.4.code"],
    ["an unknown default lead time", (b) => (b.default_lead_time = "someday"), "default_lead_time"],
    ["a resin priced per kg", (b) => (b.materials[1].price = { unit: "kg", amount: 1 }), "materials.1.price.unit"],
    [
      "a cut rate for a thickness not sold",
      (b) => (b.processes.laser!.machines[0].cut_rates[0].thickness_mm = 4),
      "processes.laser.machines.0.cut_rates.0.thickness_mm",
    ],
    [
      "a removal rate for a material not milled",
      (b) => (b.processes.cnc!.machines[0].removal_rates[0].material = "pla"),
      "processes.cnc.machines.0.removal_rates.0.material",
    ],
    ["a margin floor above the target", (b) => (b.margin.floor = 0.5), "margin.floor"],
    ["quantity breaks out of order", (b) => (b.quantity_breaks[2].min_qty = 5), "quantity_breaks.2.min_qty"],
    ["a lower-case currency", (b) => (b.currency = "eur"), "currency"],
    ["fractional money", (b) => (b.minimum_order_value = 10.5), "minimum_order_value"],
    ["a material for a process not configured", (b) => delete b.processes.sla, "materials.1.processes"],
    ["stock larger than the travel", (b) => (b.processes.cnc!.machines[0].max_stock_mm[2] = 301), "processes.cnc.machines.0.max_stock_mm.2"],
    ["a finish that names no materials", (b) => (b.finishes[0].materials = []), "finishes.0.materials"],
    ["a finish for an unknown material", (b) => (b.finishes[2].materials = ["unobtainium"]), "finishes.2.materials.0"],
    ["a finish for a material of another process", (b) => (b.finishes[2].materials = ["pla"]), "finishes.2.materials.0"],
  ])("rejects %s", (_, edit, path) => {
    expect(issuesOf(edit).some((i) => i.startsWith(`${path}:`))).toBe(true);
  });

  it("reports an invalid book as a 422 EngineError with the fields", () => {
    try {
      parsePriceBook({ ...testBook, currency: "euro" });
      expect.unreachable();
    } catch (e) {
      expect(isEngineError(e) && e.code).toBe("INVALID_PRICE_BOOK");
      expect(isEngineError(e) && e.details.map((d) => d.field)).toEqual(["currency"]);
    }
  });
});
