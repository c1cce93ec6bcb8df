import { describe, expect, it } from "vitest";
import { roundMinor } from "../../../engine/pricing/money.ts";
import { price } from "../../../engine/pricing/price.ts";
import type { PriceOptions } from "../../../engine/pricing/types.ts";
import { belowMarginFloor, costOf } from "../../../engine/pricing/shop-book.ts";
import { amounts, book, box, plate, shop, sumLines } from "./fixtures.ts";

const cube = box(10, 10, 10);
const fff = { process: "fff", material: "pla", quantity: 1 } as const;

describe("lead time, quantity discount and rounding", () => {
  it("scales by the lead-time factor and adds its days", () => {
    // price 281 at standard
    const express = price(cube, book, { ...fff, lead_time: "express" });
    expect(amounts(express.breakdown)).toMatchObject({ lead_time: 141 }); // 281 × 0.5 = 140.5
    expect(express.total).toBe(422); // 421.5
    expect(express.lead_time).toEqual({ code: "express", label: "Express", days: 2, factor: 1.5 });

    const economy = price(cube, book, { ...fff, lead_time: "economy" });
    expect(amounts(economy.breakdown)).toMatchObject({ lead_time: -28 }); // 281 × −0.1 = −28.1
    expect(economy.total).toBe(253);
    expect(economy.lead_time.days).toBe(10);
  });

  it("applies an economy factor as it is (the margin floor is the server's check, not the price's)", () => {
    // 281 × 0.5 = 140.5 → 141, below the floor 224.8 / (1 − 0.1) = 249.78: the server sends it to review
    const r = price(cube, book, { ...fff, lead_time: "clearance" });
    expect(r.breakdown.find((l) => l.code === "lead_time")!.amount).toBe(-141);
    expect(r.total).toBe(141);
    expect(belowMarginFloor(shop, r, costOf(cube, shop, { ...fff, lead_time: "clearance" }, r))).toBe(true);
    const standard = price(cube, book, fff);
    expect(belowMarginFloor(shop, standard, costOf(cube, shop, fff, standard))).toBe(false);
  });

  it("applies the quantity break at or below the quantity", () => {
    // 10 × (6.8 + 118) + 100 = 1348 → 1685 → −10 % = 1516.5 → unit 151.65 → 152 × 10
    const r = price(cube, book, { ...fff, quantity: 10 });
    expect(amounts(r.breakdown)).toEqual({
      material: 85,
      machine_time: 1475,
      setup: 125,
      quantity_discount: -169,
      rounding: 4,
    });
    expect(r.unit_price).toBe(152);
    expect(r.total).toBe(1520);
    expect(price(cube, book, { ...fff, quantity: 9 }).breakdown.some((l) => l.code === "quantity_discount")).toBe(false);
  });

  it("gives a quantity discount in full and leaves the margin floor to the server's review", () => {
    // cost 12580 → 15725; −50 % = 7862.5 → unit 79, below the floor 12580 / 0.9 = 13977.78
    const options = { ...fff, quantity: 100 };
    const r = price(cube, book, options);
    const line = r.breakdown.find((l) => l.code === "quantity_discount")!;
    expect(line.amount).toBe(-7863);
    expect(line.basis).toEqual({ min_qty: 100, discount: 0.5 });
    expect(r.unit_price).toBe(79);
    expect(costOf(cube, shop, options, r)).toBe(12580);
    expect(belowMarginFloor(shop, r, 12580)).toBe(true);
  });

  it("prices a per-area finish and adds its days", () => {
    // 2400 mm² × 12500 per m² (10000 at cost) = 30; cost 35.2 + 452 + 24 + 100 = 611.2 → 764
    const r = price(box(20, 20, 20), book, { ...fff, finish: "paint" });
    expect(amounts(r.breakdown)).toEqual({ material: 44, machine_time: 565, finishing: 30, setup: 125 });
    expect(r.breakdown.find((l) => l.code === "finishing")!.basis).toEqual({ area_mm2: 2400, per_m2: 12_500 });
    expect(r).toMatchObject({ total: 764, finish: "paint", lead_time: { days: 7 } });
  });

  it("rounds half away from zero, including amounts that are a hair under .5 in binary", () => {
    expect([roundMinor(2.5), roundMinor(-2.5), roundMinor(2.4999), roundMinor(1.005 * 100), roundMinor(-1.15 * 100)]).toEqual([3, -3, 2, 101, -115]);
  });

  it("makes every breakdown sum to the total and every total a whole number of units", () => {
    const cases: [ReturnType<typeof box> | ReturnType<typeof plate>, PriceOptions][] = [];
    const parts = [box(10, 10, 10), box(33.3, 17.1, 9.7, { overhang_area_mm2: 211.7 }), box(71, 3.3, 44, { bottom_area_mm2: 12 })];
    for (const quantity of [1, 3, 7, 10, 99, 100, 999]) {
      for (const lead_time of ["economy", "standard", "express", "clearance"]) {
        for (const part of parts) {
          cases.push([part, { process: "fff", material: "pla", quantity, lead_time, finish: "paint", infill: 0.37 }]);
          cases.push([part, { process: "sla", material: "resin", quantity, lead_time, finish: "tag" }]);
          cases.push([part, { process: "cnc", material: "alu", quantity, lead_time }]);
        }
        cases.push([plate({ cut_length_mm: 1234.5, net_area_mm2: 3210.9 }), { process: "laser", material: "steel", thickness_mm: 2, quantity, lead_time }]);
      }
    }
    for (const [analysis, options] of cases) {
      const r = price(analysis, book, options);
      expect(sumLines(r.breakdown), JSON.stringify(options)).toBe(r.total);
      expect(r.total).toBe(r.unit_price * r.quantity);
      for (const l of r.breakdown) expect(Number.isInteger(l.amount)).toBe(true);
    }
  });
});
