import { describe, expect, it } from "vitest";
import { price } from "../../../engine/pricing/price.ts";
import { appliedDiscount, quantityBreakTable, setupPerUnit } from "../../../engine/pricing/quantity-breaks.ts";
import { book, box } from "./fixtures.ts";

const fff = { process: "fff", material: "pla", quantity: 1 } as const;
const part = box(40, 30, 20);

describe("quantity-break rows explain the unit price", () => {
  it("split each unit price into the setup's share and the rest, which falls by exactly the discount applied", () => {
    const rows = quantityBreakTable(part, book, fff);
    const [one, ...breaks] = rows;
    expect(one.setup_per_unit).toBeGreaterThan(0);
    for (const row of breaks) {
      // The setup is charged once per line: its share per unit shrinks with the quantity…
      expect(row.setup_per_unit).toBeCloseTo((one.setup_per_unit * (1 - row.applied_discount)) / row.quantity, -0.5);
      // …and what is left of the unit price is the single-part price less the discount (to a cent of rounding).
      expect(Math.abs(row.unit_price - row.setup_per_unit - (one.unit_price - one.setup_per_unit) * (1 - row.applied_discount))).toBeLessThanOrEqual(2);
    }
    expect(breaks.map((r) => r.discount)).toEqual([0.1, 0.5]);
    expect(breaks[0].applied_discount).toBeCloseTo(0.1, 3);
    expect(breaks[1].applied_discount).toBeCloseTo(0.5, 3);
  });

  it("count only what a minimum charge leaves of the discount", () => {
    const line = (code: string, amount: number) => ({ code, label: code, amount, basis: {} }) as never;
    // 1000 before, 500 off, then a minimum charge adds 300 back: the buyer got 20 %, not 50 %.
    expect(
      appliedDiscount({ breakdown: [line("material", 400), line("setup", 600), line("quantity_discount", -500), line("minimum_charge", 300)] }),
    ).toBeCloseTo(0.2, 6);
    expect(appliedDiscount({ breakdown: [line("material", 400), line("setup", 600), line("quantity_discount", -500), line("minimum_charge", 900)] })).toBe(0);
    expect(appliedDiscount({ breakdown: [line("material", 400), line("setup", 600)] })).toBe(0);
  });

  it("is the setup line's share of the unit price of one priced line", () => {
    const p = price(part, book, { ...fff, quantity: 10 });
    const work = p.breakdown.filter((l) => ["material", "machine_time", "supports", "finishing", "setup"].includes(l.code)).reduce((s, l) => s + l.amount, 0);
    const setup = p.breakdown.find((l) => l.code === "setup")!.amount;
    expect(setupPerUnit(p)).toBe(Math.round((p.unit_price * setup) / work));
  });

  it("is zero for a configured product, whose labour is per unit and not a setup", () => {
    expect(setupPerUnit({ process: "configured", unit_price: 1000, breakdown: [{ code: "setup", label: "Fabrication labour", amount: 400, basis: {} }] })).toBe(
      0,
    );
  });
});
