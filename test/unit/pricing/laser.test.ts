import { describe, expect, it } from "vitest";
import { priceLaser } from "../../../engine/pricing/laser.ts";
import { amounts, book, plate } from "./fixtures.ts";

const opts = { process: "laser", material: "steel", thickness_mm: 2, quantity: 1 } as const;

describe("laser calculator", () => {
  it("prices cut length, pierces and the nested share of a sheet", () => {
    // cut 600 mm / 600 mm/min = 60 s; 2 pierces × 1 s → 62 s = 62
    // sheet (100 × 50) / 0.5 = 10000 mm² of 500000 mm² × 5000 = 100
    // cost 100 + 62 + 500 = 662; customer book × 1.25: 125 + 77.5 + 625 = 827.5 → 828
    const r = priceLaser(plate(), book, opts);
    expect(amounts(r.breakdown)).toEqual({ material: 125, machine_time: 78, setup: 625 });
    expect(r.breakdown[1].basis).toMatchObject({ cut_s: 60, pierces: 2, pierce_s: 1 });
    expect(r).toMatchObject({ total: 828, orderable: true, dfm: [], machine: { code: "laser" } });
  });

  it("adds a per-part finish", () => {
    // tag 50 at cost is 62.5 → 63 in the customer book (its rates are whole minor units); 827.5 + 63 = 890.5
    const r = priceLaser(plate(), book, { ...opts, finish: "tag" });
    expect(amounts(r.breakdown)).toMatchObject({ finishing: 63 });
    expect(r.total).toBe(891);
  });

  it("refuses open contours and features narrower than the kerf", () => {
    const open = priceLaser(plate({ open_paths: 1 }), book, opts);
    expect(open.dfm).toEqual([expect.objectContaining({ severity: "error", code: "OPEN_CONTOUR" })]);
    expect(open.orderable).toBe(false);
    expect(priceLaser(plate({ min_feature_mm: 0.1 }), book, opts).dfm).toEqual([expect.objectContaining({ severity: "error", code: "FEATURE_BELOW_KERF" })]);
    expect(priceLaser(plate({ min_feature_mm: 1 }), book, opts).dfm).toEqual([
      expect.objectContaining({ severity: "warning", code: "FEATURE_BELOW_THICKNESS" }),
    ]);
    expect(priceLaser(plate({ closed_contours: 0, cut_length_mm: 0 }), book, opts).dfm[0].code).toBe("EMPTY_PROFILE");
  });

  it("turns a part to fit the sheet and flags one that fits no sheet", () => {
    const turned = plate({ bbox_mm: { min: [0, 0], max: [400, 900], size: [400, 900] } });
    expect(priceLaser(turned, book, opts).dfm).toEqual([]);
    const huge = plate({ bbox_mm: { min: [0, 0], max: [1200, 100], size: [1200, 100] } });
    const r = priceLaser(huge, book, opts);
    expect(r.dfm[0]).toMatchObject({ severity: "error", code: "PART_TOO_LARGE" });
    expect(r.orderable).toBe(false);
  });
});
