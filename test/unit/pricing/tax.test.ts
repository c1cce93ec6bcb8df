import { describe, expect, it } from "vitest";
import { belowMarginFloor, costOf, discountLine, manualPrice, quoteTotals, taxed, undiscountLine, type PriceResult } from "../../../engine/pricing/index.ts";
import { price } from "../../../engine/pricing/price.ts";
import { totalsWithShipping } from "../../../engine/shipping/consignment.ts";
import { priceConfiguredItem } from "../../../worker/quotes/configured.ts";
import { box, editBook, editShop, shop } from "./fixtures.ts";

/** Decision 75: an inclusive book's prices contain the tax; nothing is added on top. */
const inclusive = { label: "VAT", rate: 0.19, inclusive: true };
const exclusive = { ...inclusive, inclusive: false };
const incBook = editBook((b) => {
  b.tax = inclusive;
  b.minimum_order_value = 0;
});
const fff = { process: "fff", material: "pla", quantity: 1 } as const;

/** A priced line of `total` (quantity 1) on the inclusive book, as the engine makes it. */
const line = (total: number): PriceResult =>
  priceConfiguredItem(incBook, { id: "p", name: "Cabinet", generator_key: "cabinet" }, { currency: "EUR", total }, { quantity: 1 });

describe("the tax rule", () => {
  it("adds an exclusive rule's tax and finds an inclusive rule's tax inside the amount", () => {
    expect(taxed(10_000, exclusive)).toEqual({ net: 10_000, tax: 1_900, gross: 11_900 });
    expect(taxed(11_900, inclusive)).toEqual({ net: 10_000, tax: 1_900, gross: 11_900 });
    // 100 × 0.19 / 1.19 = 15.97 → 16, rounded once, half away from zero.
    expect(taxed(100, inclusive)).toEqual({ net: 84, tax: 16, gross: 100 });
    expect(taxed(1, inclusive)).toEqual({ net: 1, tax: 0, gross: 1 });
    expect(taxed(5_000, { rate: 0, inclusive: true })).toEqual({ net: 5_000, tax: 0, gross: 5_000 });
  });

  it("keeps gross = net + tax for both kinds, and an inclusive gross is the amount itself", () => {
    for (let amount = 0; amount <= 5_000; amount += 37) {
      for (const rule of [inclusive, exclusive, { rate: 0.2, inclusive: true }, { rate: 0.075, inclusive: true }]) {
        const t = taxed(amount, rule);
        expect(t.net + t.tax).toBe(t.gross);
        if (rule.inclusive) expect(t.gross).toBe(amount);
        else expect(t.net).toBe(amount);
      }
    }
  });
});

describe("lines on an inclusive book", () => {
  it("a calculator's price contains its tax: the same total as on an exclusive book, nothing added", () => {
    const cube = box(10, 10, 10);
    const inc = price(cube, incBook, fff);
    const exc = price(
      cube,
      editBook((b) => (b.tax = exclusive)),
      fff,
    );
    expect(inc.total).toBe(exc.total);
    expect(inc.total).toBe(281);
    // 281 × 0.19 / 1.19 = 44.87 → 45; the exclusive book adds 281 × 0.19 = 53.39 → 53.
    expect(inc.tax).toEqual({ ...inclusive, amount: 45, total_with_tax: 281 });
    expect(exc.tax).toEqual({ ...exclusive, amount: 53, total_with_tax: 334 });
  });

  it("a configured product's line contains its tax", () => {
    expect(line(11_900)).toMatchObject({ total: 11_900, tax: { ...inclusive, amount: 1_900, total_with_tax: 11_900 } });
  });

  it("a price set by hand contains its tax", () => {
    const manual = manualPrice(line(500), { unit_price: 11_900, lead_time_days: 3 }, inclusive, new Date("2026-12-07T00:00:00Z"));
    expect(manual).toMatchObject({ total: 11_900, tax: { ...inclusive, amount: 1_900, total_with_tax: 11_900 } });
  });

  it("a line discount leaves a total that still contains its tax, and taking it away restores the list figures", () => {
    const spec = { percent: 10, amount: null, customer_note: null, set_at: "2026-12-07T00:00:00Z" };
    const discounted = discountLine(line(11_900), spec);
    // 11 900 − 1 190 = 10 710, of which 10 710 × 0.19 / 1.19 = 1 710 is tax.
    expect(discounted).toMatchObject({ total: 10_710, tax: { amount: 1_710, total_with_tax: 10_710 }, discount: { off: 1_190, list_total: 11_900 } });
    expect(undiscountLine(discounted)).toMatchObject({ total: 11_900, tax: { amount: 1_900, total_with_tax: 11_900 } });
  });

  it("the margin floor compares the price without its tax with the cost", () => {
    // The standard cube sells at 281 and costs about 225; the floor (10 %) needs 281 × 0.9 = 252.9 ≥ cost on an exclusive
    // book, but inside an inclusive 20 % only 281 − 47 = 234 is the shop's, and 234 × 0.9 = 210.6 is below the cost.
    const incShop = editShop((b) => (b.tax = { ...inclusive, rate: 0.2 }));
    const cube = box(10, 10, 10);
    const exc = price(cube, shop.customer, fff);
    const inc = price(cube, incShop.customer, fff);
    expect(belowMarginFloor(shop, exc, costOf(cube, shop, fff, exc))).toBe(false);
    expect(belowMarginFloor(incShop, inc, costOf(cube, incShop, fff, inc))).toBe(true);
  });
});

describe("totals on an inclusive book", () => {
  it("the quote's gross is what its lines add up to; tax is the part of it that is tax; net excludes it", () => {
    const t = quoteTotals(incBook, [line(11_900), line(5_950)]);
    // 17 850 / 1.19 = 15 000.
    expect(t).toMatchObject({ items_total: 17_850, minimum_order_surcharge: 0, net_total: 15_000, tax: { ...inclusive, amount: 2_850 }, gross_total: 17_850 });
  });

  it("the quote's discount and the minimum order top-up come before the tax is taken out", () => {
    const spec = { percent: 10, amount: null, customer_note: null, set_at: "2026-12-07T00:00:00Z" };
    const discounted = quoteTotals(incBook, [line(11_900), line(5_950)], spec);
    // 17 850 − 1 785 = 16 065 = 13 500 × 1.19.
    expect(discounted).toMatchObject({ discount: { off: 1_785 }, net_total: 13_500, tax: { amount: 2_565 }, gross_total: 16_065 });
    const topped = quoteTotals(
      editBook((b) => {
        b.tax = inclusive;
        b.minimum_order_value = 20_000;
      }),
      [line(11_900)],
    );
    // 20 000 × 0.19 / 1.19 = 3 193.28 → 3 193.
    expect(topped).toMatchObject({ items_total: 11_900, minimum_order_surcharge: 8_100, net_total: 16_807, tax: { amount: 3_193 }, gross_total: 20_000 });
  });

  it("with shipping, the buyer pays lines + top-up − discount + shipping, the tax contained in it", () => {
    const quote = { items_total: 11_900, minimum_order_surcharge: 0, discount: null };
    // 12 495 = 10 500 × 1.19.
    expect(totalsWithShipping(quote, 595, inclusive)).toEqual({ net_total: 10_500, tax: { ...inclusive, amount: 1_995 }, total: 12_495 });
    // The quote's discount is off the goods: 11 900 − 1 190 + 595 = 11 305 = 9 500 × 1.19.
    expect(totalsWithShipping({ ...quote, discount: { off: 1_190 } }, 595, inclusive)).toEqual({
      net_total: 9_500,
      tax: { ...inclusive, amount: 1_805 },
      total: 11_305,
    });
    // Collected from the shop, the checkout's total is the quote's gross total.
    expect(totalsWithShipping(quoteTotals(incBook, [line(11_900)]), 0, inclusive).total).toBe(quoteTotals(incBook, [line(11_900)]).gross_total);
  });
});
