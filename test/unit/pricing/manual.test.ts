import { describe, expect, it } from "vitest";
import { applyBlockers, isBlocked, manualPrice, type PriceResult } from "../../../engine/pricing/index.ts";
import { toMinor } from "../../../app/format/money.ts";

const calculated: PriceResult = {
  process: "fff",
  machine: { code: "mk4", name: "Prusa MK4" },
  material: "pla",
  finish: null,
  colour: null,
  quantity: 3,
  currency: "EUR",
  unit_price: 1000,
  total: 3000,
  lead_time: { code: "standard", label: "Standard", days: 5, factor: 1 },
  breakdown: [{ code: "material", label: "Material", amount: 3000, basis: {} }],
  dfm: [{ severity: "error", code: "PART_TOO_LARGE", message: "The part does not fit any FFF printer." }],
  orderable: false,
  tax: { label: "VAT", rate: 0.2, inclusive: false, amount: 600, total_with_tax: 3600 },
  price_book_version: "1",
};

describe("a price set by hand", () => {
  it("replaces the blocked figures with the shop's, keeps the findings, and is not blocked", () => {
    const blocked = applyBlockers(calculated);
    expect(isBlocked(blocked)).toBe(true);
    const manual = manualPrice(
      blocked,
      { unit_price: 4_250, lead_time_days: 12, customer_note: "  In two halves.  " },
      { label: "VAT", rate: 0.2, inclusive: false },
      new Date("2026-12-06T00:00:00Z"),
    );
    expect(manual).toMatchObject({
      unit_price: 4_250,
      total: 12_750,
      lead_time: { code: "manual", days: 12, factor: 1 },
      breakdown: [],
      orderable: true,
      tax: { amount: 2_550, total_with_tax: 15_300 },
      blocked: false,
      blockers: [],
      dfm: calculated.dfm,
      manual: { by: "shop", customer_note: "In two halves.", set_at: "2026-12-06T00:00:00.000Z" },
    });
    expect(isBlocked(manual)).toBe(false);
    // Tax included in the price: the total is what the customer pays.
    expect(manualPrice(blocked, { unit_price: 100, lead_time_days: 1 }, { label: "VAT", rate: 0.2, inclusive: true }, new Date()).tax.total_with_tax).toBe(300);
  });
});

describe("amounts typed in currency units", () => {
  it("become minor units by the currency's decimals; anything else is refused", () => {
    expect(toMinor("42.5", "EUR")).toBe(4_250);
    expect(toMinor("1,250.00", "EUR")).toBe(125_000);
    expect(toMinor(" 7 ", "EUR")).toBe(700);
    expect(toMinor("1500", "JPY")).toBe(1_500);
    expect(toMinor("1.5", "JPY")).toBeNull();
    expect(toMinor("4.255", "EUR")).toBeNull();
    expect(toMinor("-3", "EUR")).toBeNull();
    expect(toMinor("12,5.x", "EUR")).toBeNull();
    expect(toMinor("", "EUR")).toBeNull();
  });
});
