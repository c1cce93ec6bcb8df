import { describe, expect, it } from "vitest";
import { applyBlockers, blockEngineering, dfmBlockers, isBlocked, ruleBlockers, thermalBlockers } from "../../../engine/pricing/blockers.ts";
import { priceFff } from "../../../engine/pricing/fff.ts";
import { priceLaser } from "../../../engine/pricing/laser.ts";
import { book, box, plate } from "./fixtures.ts";

const fff = { process: "fff", material: "pla", quantity: 3 } as const;

describe("blocking over the calculators", () => {
  it("leaves a part that can be made priced, marked not blocked", () => {
    const priced = priceFff(box(20, 20, 20), book, fff);
    const r = applyBlockers(priced);
    expect(r).toEqual({ ...priced, blocked: false, blockers: [] });
  });

  it("takes price, lead time, tax and breakdown from a part too large for every printer, and says how to fix it", () => {
    const priced = priceFff(box(1095, 60, 40), book, fff);
    expect(priced.total).toBeGreaterThan(0); // the calculator still estimates: the layer decides
    const r = applyBlockers(priced);
    expect(r).toMatchObject({ blocked: true, unit_price: null, total: null, lead_time: null, tax: null, breakdown: [], orderable: false, quantity: 3 });
    expect(r.blockers).toEqual([{ code: "PART_TOO_LARGE", message: expect.stringContaining("1095 × 60 × 40 mm"), fix: expect.stringMatching(/split|scale/i) }]);
    expect(r.dfm).toEqual(priced.dfm);
  });

  it("blocks a drawing with an open contour", () => {
    const r = applyBlockers(priceLaser(plate({ open_paths: 1 }), book, { process: "laser", material: "steel", thickness_mm: 2, quantity: 1 }));
    expect(r.blocked).toBe(true);
    expect(r.blockers.map((b) => b.code)).toContain("OPEN_CONTOUR");
  });

  it("blocks on extra blockers (an engineering limit) even without DFM errors", () => {
    const extra = thermalBlockers({ overall_u_value: 4.2, limit: { max_u_value: 1.8, passes: false, margin: -2.4 } });
    expect(extra).toEqual([
      expect.objectContaining({ code: "U_VALUE_ABOVE_LIMIT", message: expect.stringContaining("4.20 W/m²K is above the shop's limit of 1.80 W/m²K") }),
    ]);
    const r = applyBlockers(priceFff(box(20, 20, 20), book, fff), extra);
    expect(r).toMatchObject({ blocked: true, total: null, blockers: extra });
  });

  it("a passing limit, or none, blocks nothing", () => {
    expect(thermalBlockers({ overall_u_value: 1.2, limit: { max_u_value: 1.8, passes: true, margin: 0.6 } })).toEqual([]);
    expect(thermalBlockers({ overall_u_value: 4.2, limit: null })).toEqual([]);
    expect(thermalBlockers(undefined)).toEqual([]);
  });

  it("only DFM errors block; warnings and tips do not", () => {
    expect(
      dfmBlockers([
        { severity: "warning", code: "THIN_WALL", message: "thin" },
        { severity: "info", code: "X", message: "tip" },
      ]),
    ).toEqual([]);
    expect(dfmBlockers([{ severity: "error", code: "Y", message: "bad" }])[0].fix.length).toBeGreaterThan(10);
  });

  it("configured engineering loses its price when blocked", () => {
    const eng = { price: { total: 100, currency: "EUR" }, thermal: { overall_u_value: 4.2, limit: { max_u_value: 1.8, passes: false, margin: -2.4 } } };
    expect(blockEngineering(eng)).toMatchObject({ price: null, blocked: true, blockers: [expect.objectContaining({ field: "config.glazing_u_value" })] });
    const ok = { ...eng, thermal: { ...eng.thermal, limit: null } };
    expect(blockEngineering(ok)).toMatchObject({ price: { total: 100 }, blocked: false, blockers: [] });
  });

  it("product rule errors are blockers naming the configuration field", () => {
    expect(ruleBlockers([{ field: "/hardware/closer", message: "A double door needs a closer" }])).toEqual([
      { code: "PRODUCT_RULE", message: "A double door needs a closer", fix: expect.any(String), field: "config.hardware.closer" },
    ]);
  });

  it("recognises a stored price with a DFM error as blocked, whether written before or after blocking", () => {
    expect(isBlocked({ total: 100, dfm: [{ severity: "error", code: "X", message: "" }] })).toBe(true);
    expect(isBlocked({ blocked: true, total: null, dfm: [] })).toBe(true);
    expect(isBlocked({ total: 100, dfm: [{ severity: "warning", code: "X", message: "" }] })).toBe(false);
    expect(isBlocked(null)).toBe(false);
  });
});
