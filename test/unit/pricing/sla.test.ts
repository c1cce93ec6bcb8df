import { describe, expect, it } from "vitest";
import { priceSla } from "../../../engine/pricing/sla.ts";
import { amounts, book, box } from "./fixtures.ts";

const opts = { process: "sla", material: "resin", quantity: 1 } as const;

describe("SLA calculator", () => {
  it("prices resin per litre and a footprint share of the platform run", () => {
    // resin 1000 mm³ = 0.001 L × 100000 = 100
    // run 100 layers × 10 s = 1000 s; share 100 mm² / (10000 × 0.5) = 0.02 → 20 s → 20
    // cost 100 + 20 + 200 = 320; the customer book charges each × 1.25 → 400
    const r = priceSla(box(10, 10, 10), book, opts);
    expect(amounts(r.breakdown)).toEqual({ material: 125, machine_time: 25, setup: 250 });
    expect(r.breakdown[1].basis).toMatchObject({ run_time_s: 1000, layers: 100, platform_share: 0.02 });
    expect(r).toMatchObject({ total: 400, colour: null, orderable: true, machine: { code: "sla-a" } });
  });

  it("adds support resin from the overhang area", () => {
    // 100 mm² × (10 × 0.5) mm × 0.5 = 250 mm³ → 25; cost 345 → 431.25
    const r = priceSla(box(10, 10, 10, { overhang_area_mm2: 100 }), book, opts);
    expect(amounts(r.breakdown)).toEqual({ material: 125, machine_time: 25, supports: 31, setup: 250 });
    expect(r.total).toBe(431);
  });

  it("charges at most one whole run to a part that fills the platform", () => {
    // 8100 mm² footprint > 5000 usable → share 1 → 1000 s; resin 81000 mm³ → 8100; cost 9300 → 11625
    const r = priceSla(box(90, 90, 10), book, opts);
    expect(r.breakdown[1].basis.platform_share).toBe(1);
    expect(amounts(r.breakdown)).toEqual({ material: 10_125, machine_time: 1250, setup: 250 });
  });

  it("charges every part of a batch its own share of the platform", () => {
    const r = priceSla(box(10, 10, 10), book, { ...opts, quantity: 10 });
    expect(amounts(r.breakdown)).toMatchObject({ material: 1250, machine_time: 250, setup: 250 });
  });

  it("flags an oversize part, an open mesh and a sealed cavity", () => {
    expect(priceSla(box(150, 150, 150), book, opts).dfm[0]).toMatchObject({ severity: "error", code: "PART_TOO_LARGE" });
    const open = priceSla(box(10, 10, 10, { watertight: false, open_edges: 3 }), book, opts);
    expect(open.dfm[0]).toMatchObject({ severity: "error", code: "NOT_WATERTIGHT", faces: "open_edges" });
    expect(open.orderable).toBe(false);
    const hollow = priceSla(box(10, 10, 10, { shells: 2, shell_volumes_mm3: [1000, -200] }), book, opts);
    expect(hollow.dfm).toEqual([expect.objectContaining({ severity: "warning", code: "ENCLOSED_VOID" })]);
  });
});
