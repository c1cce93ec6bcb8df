import { describe, expect, it } from "vitest";
import {
  compilePriceBook,
  customerBook,
  discountLine,
  discountOff,
  manualPrice,
  quoteTotals,
  undiscountLine,
  type PriceResult,
} from "../../../engine/pricing/index.ts";
import { demoCatalog } from "../../../engine/pricing/demo-catalog.ts";

const line = (total: number, quantity = 2): PriceResult => ({
  process: "fff",
  machine: { code: "mk4", name: "Prusa MK4" },
  material: "pla",
  finish: null,
  colour: null,
  quantity,
  currency: "EUR",
  unit_price: total / quantity,
  total,
  lead_time: { code: "standard", label: "Standard", days: 5, factor: 1 },
  breakdown: [],
  dfm: [],
  orderable: true,
  tax: { label: "VAT", rate: 0.19, inclusive: false, amount: Math.round(total * 0.19), total_with_tax: total + Math.round(total * 0.19) },
  price_book_version: "1",
});
const at = "2026-12-07T00:00:00.000Z";
const spec = (percent: number | null, amount: number | null = null) => ({ percent, amount, customer_note: null, set_at: at });

describe("the shop's discounts", () => {
  it("a percentage rounds half away from zero; an amount never takes off more than there is", () => {
    expect(discountOff(spec(10), 12_345)).toBe(1_235);
    expect(discountOff(spec(12.5), 1_000)).toBe(125);
    expect(discountOff(spec(100), 999)).toBe(999);
    expect(discountOff(spec(null, 500), 400)).toBe(400);
  });

  it("a line discount lowers the line's total and tax, keeps its unit price and list total, and comes off again exactly", () => {
    const given = discountLine(line(10_000), spec(10));
    expect(given).toMatchObject({
      unit_price: 5_000,
      total: 9_000,
      tax: { amount: 1_710, total_with_tax: 10_710 },
      discount: { label: "Discount 10 %", off: 1_000, list_total: 10_000, percent: 10, amount: null },
    });
    // Another discount replaces it, from the list total (not discounted twice).
    expect(discountLine(given, spec(null, 2_500))).toMatchObject({ total: 7_500, discount: { label: "Discount", off: 2_500, list_total: 10_000 } });
    expect(undiscountLine(given)).toEqual(line(10_000));
  });

  it("the quote's discount comes off items and minimum-order top-up, and tax is on what is left", () => {
    const book = compilePriceBook(customerBook(demoCatalog));
    const items = [discountLine(line(10_000), spec(10)), line(5_000)];
    const plain = quoteTotals(book, items);
    expect(plain.items_total).toBe(14_000);
    expect(plain.discount).toBeNull();
    const t = quoteTotals(book, items, spec(5));
    const base = t.items_total + t.minimum_order_surcharge;
    expect(t.discount).toMatchObject({ label: "Discount 5 %", off: Math.round(base * 0.05) });
    expect(t.net_total).toBe(base - t.discount!.off);
    expect(t.gross_total).toBe(t.net_total + t.tax.amount);
  });

  it("a price the shop sets by hand starts without the line's discount", () => {
    const priced = manualPrice(
      discountLine(line(10_000), spec(10)),
      { unit_price: 3_000, lead_time_days: 4 },
      { label: "VAT", rate: 0.19, inclusive: false },
      new Date(at),
    );
    expect(priced.total).toBe(6_000);
    expect("discount" in priced).toBe(false);
  });
});
