import { describe, expect, it } from "vitest";
import type { Analysis } from "../../../engine/mesh/types.ts";
import { compilePriceBook } from "../../../engine/pricing/compile.ts";
import { customerBook } from "../../../engine/pricing/customer-book.ts";
import { demoCatalog } from "../../../engine/pricing/demo-catalog.ts";
import { price } from "../../../engine/pricing/price.ts";
import { parsePriceBook, sellBookSchema, type PriceBook, type ProcessCode } from "../../../engine/pricing/price-book.ts";
import { quantityBreakTable } from "../../../engine/pricing/quantity-breaks.ts";
import { compileShopBook, costOf } from "../../../engine/pricing/shop-book.ts";
import type { PriceOptions, PriceResult } from "../../../engine/pricing/types.ts";
import { box, plate } from "./fixtures.ts";

/** The demo book, and one with an awkward margin whose fold gives no round numbers anywhere. */
const awkward: PriceBook = { ...structuredClone(demoCatalog), version: "awkward", margin: { target: 0.3719, floor: 0.2417 } };
const BOOKS: [string, PriceBook][] = [
  ["demo", demoCatalog],
  ["awkward margin", awkward],
];

const meshes: Analysis[] = [
  box(10, 10, 10),
  box(37.3, 21.9, 8.4, { overhang_area_mm2: 117.3 }),
  box(120, 80, 45, { bottom_area_mm2: 4000 }),
  box(3.3, 2.2, 1.1),
  box(180, 160, 150, { overhang_area_mm2: 2100 }),
];
const profiles: Analysis[] = [
  plate(),
  plate({ cut_length_mm: 1733.7, closed_contours: 7, bbox_mm: { min: [0, 0], max: [311.2, 97.4], size: [311.2, 97.4] }, net_area_mm2: 25_003 }),
  plate({ cut_length_mm: 42.1, closed_contours: 1, bbox_mm: { min: [0, 0], max: [12, 9], size: [12, 9] }, net_area_mm2: 98 }),
];
const QUANTITIES = [1, 2, 3, 7, 9, 10, 11, 24, 25, 49, 50, 99, 100, 333, 500, 1000];

/** Every process × material × compatible finish (and none) × thickness × lead time × quantity × part. */
function* cases(book: PriceBook): Generator<[Analysis, PriceOptions]> {
  for (const m of book.materials) {
    for (const process of m.processes as ProcessCode[]) {
      const finishes = [undefined, ...book.finishes.filter((f) => f.processes.includes(process) && f.materials.includes(m.code)).map((f) => f.code)];
      const thicknesses = m.price.unit === "sheet" ? m.price.thicknesses.map((t) => t.thickness_mm) : [undefined];
      const parts = process === "laser" ? profiles : meshes;
      for (const finish of finishes)
        for (const thickness_mm of thicknesses)
          for (const lead of book.lead_times)
            for (const quantity of QUANTITIES)
              for (const part of parts) {
                const o: PriceOptions = { process, material: m.code, quantity, lead_time: lead.code };
                if (finish) o.finish = finish;
                if (thickness_mm !== undefined) o.thickness_mm = thickness_mm;
                yield [part, o];
              }
    }
  }
}

/** What a price is in money: every figure a customer sees, in minor units. */
const money = (r: PriceResult) => ({
  unit_price: r.unit_price,
  total: r.total,
  tax: r.tax,
  lines: r.breakdown.map((l) => [l.code, l.amount]),
});

describe.each(BOOKS)("the customer book (%s)", (_name, privateBook) => {
  // The server: the stored row parsed and compiled as worker/pricing/books.ts does.
  const shop = compileShopBook(parsePriceBook(JSON.parse(JSON.stringify(privateBook))));
  // The browser: GET /catalog's JSON, parsed and compiled as app/routes/instant.tsx does.
  const served = JSON.parse(JSON.stringify({ ...shop.customer.book, price_book_version: "3", valid_from: null }));
  const browser = compilePriceBook(served);

  it("prices every part, process, material, finish, lead time and quantity to the same minor unit in the browser as on the server", () => {
    let n = 0;
    for (const [part, o] of cases(privateBook)) {
      const server = price(part, shop.customer, o);
      expect(money(price(part, browser, o)), JSON.stringify(o)).toEqual(money(server));
      n++;
    }
    expect(n).toBeGreaterThan(5000);
  });

  it("gives the same quantity-break table", () => {
    for (const [part, o] of cases(privateBook)) {
      if (o.quantity !== 1) continue;
      expect(quantityBreakTable(part, browser, o)).toEqual(quantityBreakTable(part, shop.customer, o));
    }
  });

  it("keeps the shop's margin: sell-side amounts are the costs ÷ (1 − target), to the rounding of its rates", () => {
    const k = 1 / (1 - privateBook.margin.target);
    for (const [part, o] of cases(privateBook)) {
      if (o.lead_time !== "standard" || o.quantity > 10) continue;
      const sold = price(part, shop.customer, o);
      const cost = costOf(part, shop, o, sold);
      const sell = sold.breakdown
        .filter((l) => ["material", "machine_time", "supports", "finishing", "setup"].includes(l.code))
        .reduce((s, l) => s + l.amount, 0);
      if (cost < 1000) continue;
      expect(Math.abs(sell / cost - k) / k, JSON.stringify(o)).toBeLessThan(0.01);
    }
  });

  it("is a valid customer book holding neither the margin, the floor, the review rules nor a cost rate", () => {
    expect(sellBookSchema.safeParse({ ...shop.customer.book }).success).toBe(true);
    const json = JSON.stringify(served);
    for (const key of ["margin", "floor", "target", "review_rules", "max_order_value", "max_item_quantity", "dfm_severity"])
      expect(json).not.toContain(`"${key}"`);
    const costRates = privateBook.processes.fff!.machines.map((m) => m.hourly_rate);
    const sellRates = served.processes.fff.machines.map((m: { hourly_rate: number }) => m.hourly_rate);
    sellRates.forEach((r: number, i: number) => expect(r).toBe(Math.round(costRates[i] / (1 - privateBook.margin.target))));
    expect(served.prices).toBe("sell");
  });
});

describe("the shop's private book", () => {
  it("cannot be priced from directly: only a customer or cost book compiles", () => {
    expect(() => compilePriceBook(demoCatalog as never)).toThrow(/customer or cost book/);
    expect(customerBook(demoCatalog).prices).toBe("sell");
  });
});
