import { describe, expect, it } from "vitest";
import { consignmentKg, deliveryDate, partMassKg, totalsWithShipping } from "../../../engine/shipping/consignment.ts";

describe("a checkout's consignment", () => {
  it("weighs a 3D part by volume × density, a laser profile by area × thickness × density, and leaves the unknown out", () => {
    // 100 cm³ of aluminium (2.7 g/cm³) is 270 g; an inside-out mesh has a negative signed volume but the same mass.
    expect(partMassKg({ kind: "mesh", volume_mm3: 100_000 }, undefined, 2.7)).toBeCloseTo(0.27, 6);
    expect(partMassKg({ kind: "mesh", volume_mm3: -100_000 }, undefined, 2.7)).toBeCloseTo(0.27, 6);
    // A 200 × 100 mm plate of 3 mm steel (7.85 g/cm³): 60 cm³, 471 g.
    expect(partMassKg({ kind: "profile", net_area_mm2: 20_000 }, 3, 7.85)).toBeCloseTo(0.471, 6);
    expect(partMassKg({ kind: "profile", net_area_mm2: 20_000 }, undefined, 7.85)).toBeNull();
    expect(partMassKg({ kind: "mesh", volume_mm3: 100_000 }, undefined, undefined)).toBeNull();
    expect(partMassKg(null, undefined, 1.24)).toBeNull();
    expect(
      consignmentKg([
        { unit_kg: 0.27, quantity: 3 },
        { unit_kg: null, quantity: 5 },
        { unit_kg: 41.234, quantity: 2 },
      ]),
    ).toBe(83.28);
  });

  it("taxes shipping with the lines as the quote's totals do: collected, it costs the quote's gross total", () => {
    const base = { items_total: 10_001, minimum_order_surcharge: 0 };
    const tax = { label: "VAT", rate: 0.19, inclusive: false };
    expect(totalsWithShipping(base, 0, tax)).toEqual({ net_total: 10_001, tax: { ...tax, amount: 1900 }, total: 11_901 });
    // Tax on the sum, rounded once: 0.19 × 10 596 = 2013.24.
    expect(totalsWithShipping(base, 595, tax)).toEqual({ net_total: 10_596, tax: { ...tax, amount: 2013 }, total: 12_609 });
  });

  it("delivers after the lead time and the transit, in working days", () => {
    const friday = Date.UTC(2026, 11, 4, 9);
    expect(deliveryDate(friday, 0, 0)).toBe("2026-12-04");
    expect(deliveryDate(friday, 3, 2)).toBe("2026-12-11");
  });
});
