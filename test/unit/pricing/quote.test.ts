import { describe, expect, it } from "vitest";
import { price } from "../../../engine/pricing/price.ts";
import { quantityBreakTable } from "../../../engine/pricing/quantity-breaks.ts";
import { evaluateReviewRules, quoteTotals } from "../../../engine/pricing/quote.ts";
import { book, box, editBook, editShop, shop } from "./fixtures.ts";

const fff = { process: "fff", material: "pla", quantity: 1 } as const;
const cube = box(10, 10, 10);

describe("quantity-break table", () => {
  it("prices 1 and every break with the other options kept", () => {
    const rows = quantityBreakTable(cube, book, { ...fff, quantity: 7, lead_time: "express" });
    expect(rows.map((r) => r.quantity)).toEqual([1, 10, 100]);
    expect(rows.map((r) => r.discount)).toEqual([0, 0.1, 0.5]);
    for (const row of rows) {
      const p = price(cube, book, { ...fff, quantity: row.quantity, lead_time: "express" });
      expect(row).toMatchObject({ unit_price: p.unit_price, total: p.total });
    }
    // 100 at −50 % is below the margin floor: the table shows the customer book's price, the server reviews it
    expect(quantityBreakTable(cube, book, fff).map((r) => r.unit_price)).toEqual([281, 152, 79]);
  });

  it("leaves out breaks above the largest quantity allowed", () => {
    const small = editBook((b) => (b.max_quantity = 50));
    expect(quantityBreakTable(cube, small, fff).map((r) => r.quantity)).toEqual([1, 10]);
  });
});

describe("quote totals", () => {
  it("tops up to the minimum order value and adds tax", () => {
    const t = quoteTotals(book, [price(cube, book, fff)]);
    expect(t).toEqual({
      currency: "EUR",
      items_total: 281,
      minimum_order_surcharge: 719,
      discount: null,
      net_total: 1000,
      tax: { label: "VAT", rate: 0.2, inclusive: false, amount: 200 },
      gross_total: 1200,
      lead_time_days: 5,
      orderable: true,
    });
  });

  it("takes the slowest item's lead time and blocks ordering on any DFM error", () => {
    const t = quoteTotals(book, [price(cube, book, { ...fff, quantity: 10 }), price(box(600, 50, 50), book, { ...fff, lead_time: "economy" })]);
    expect(t.minimum_order_surcharge).toBe(0);
    expect(t.lead_time_days).toBe(10);
    expect(t.orderable).toBe(false);
  });
});

describe("review rules", () => {
  it("lets a small clean quote through", () => {
    expect(evaluateReviewRules(shop, [price(cube, book, fff)])).toEqual({ review_required: false, reasons: [] });
  });

  it("sends large values, large quantities and DFM findings to review", () => {
    const items = [
      price(box(10, 10, 10), book, { ...fff, quantity: 600 }),
      price(box(100, 100, 1), book, fff), // thin wall warning
      price(box(150, 150, 90), book, { ...fff, quantity: 20 }),
    ];
    const d = evaluateReviewRules(shop, items);
    expect(d.review_required).toBe(true);
    expect(d.reasons.map((r) => [r.code, r.item_index])).toEqual([
      ["ORDER_VALUE_ABOVE_LIMIT", undefined],
      ["QUANTITY_ABOVE_LIMIT", 0],
      ["DFM_FINDINGS", 1],
    ]);
    expect(d.reasons[2].message).toContain("THIN_WALL");
  });

  it("ignores warnings when only errors need review, and rules that are switched off", () => {
    const lenient = editShop((b) => {
      b.review_rules = { max_order_value: null, max_item_quantity: null, dfm_severity: "error" };
    });
    const items = [price(box(100, 100, 1), lenient.customer, { ...fff, quantity: 900 })];
    expect(evaluateReviewRules(lenient, items).review_required).toBe(false);
    const blocked = [price(box(10, 10, 10, { watertight: false, open_edges: 1 }), lenient.customer, fff)];
    expect(evaluateReviewRules(lenient, blocked).reasons.map((r) => r.code)).toEqual(["DFM_FINDINGS"]);
  });

  it("holds an item priced from a STEP/IGES file for the shop to confirm, whatever the other rules say", () => {
    const items = [price(cube, book, fff), price(cube, book, fff)];
    const d = evaluateReviewRules(shop, items, [], [false, true]);
    expect(d).toEqual({ review_required: true, reasons: [expect.objectContaining({ code: "CAD_FILE_CONFIRMATION", item_index: 1 })] });
    expect(d.reasons[0].message).toMatch(/confirmed after the shop's review/);
  });
});
