import { describe, expect, it } from "vitest";
import { estimateSetups, priceCnc } from "../../../engine/pricing/cnc.ts";
import { amounts, book, box, editBook, sumLines } from "./fixtures.ts";

const opts = { process: "cnc", material: "alu", quantity: 1 } as const;

describe("CNC calculator", () => {
  it("prices stock, roughing, finishing, setup and tops up to the minimum charge", () => {
    // stock (10 + 2 × 5)³ = 8000 mm³ × 2.5 g/cm³ = 20 g → 20
    // roughing (8000 − 1000) / 1000 = 7 min; finishing 600 / 100 = 6 min; loading 1 min → 14 min × 100 = 1400
    // setup 1000 + 30 min × 100 = 4000; cost 5420, each line × 1.25 in the customer book → 6775 → minimum 10000
    const r = priceCnc(box(10, 10, 10), book, opts);
    expect(amounts(r.breakdown)).toEqual({ material: 25, machine_time: 1750, setup: 5000, minimum_charge: 3225 });
    expect(r.breakdown[1].basis).toMatchObject({ removal_mm3: 7000, roughing_min: 7, finishing_min: 6, load_min: 1 });
    expect(r.breakdown[2].basis).toMatchObject({ setups: 1, underside: false });
    expect(r).toMatchObject({ unit_price: 10_000, total: 10_000, orderable: true });
  });

  it("spreads the setup over the batch", () => {
    // cost 3 × 1420 + 4000 = 8260 → 10325 → unit 3441.67 → 3442 × 3 = 10326
    const r = priceCnc(box(10, 10, 10), book, { ...opts, quantity: 3 });
    expect(amounts(r.breakdown)).toEqual({ material: 75, machine_time: 5250, setup: 5000, rounding: 1 });
    expect(r.unit_price).toBe(3442);
  });

  it("adds a second setup when the underside needs machining", () => {
    // loading 2 min → 15 min → 1500; setup 1000 + 2 × 30 min × 100 = 7000; cost 8520 → 10650
    const r = priceCnc(box(10, 10, 10, { bottom_area_mm2: 50 }), book, opts);
    expect(amounts(r.breakdown)).toEqual({ material: 25, machine_time: 1875, setup: 8750 });
    expect(r.breakdown[2].basis).toMatchObject({ setups: 2, underside: true });
  });

  it("estimates setups from overhangs and the flat bottom", () => {
    expect(estimateSetups(box(10, 10, 10))).toEqual({ setups: 1, underside: false });
    expect(estimateSetups(box(10, 10, 10, { overhang_area_mm2: 7 }))).toEqual({ setups: 2, underside: true });
    expect(estimateSetups(box(10, 10, 10, { overhang_area_mm2: 5 }))).toEqual({ setups: 1, underside: false });
  });

  it("rounds the unit price up so a split minimum charge is still met", () => {
    // cost 2 × 1420 + 4000 = 6840 → 8550 → minimum 10001 → 5000.5 a part → 5001
    const r = priceCnc(
      box(10, 10, 10),
      editBook((b) => (b.processes.cnc!.minimum_charge = 10_001)),
      { ...opts, quantity: 2 },
    );
    expect(r.unit_price).toBe(5001);
    expect(r.total).toBe(10_002);
    expect(amounts(r.breakdown)).toEqual({ material: 50, machine_time: 3500, setup: 5000, minimum_charge: 1451, rounding: 1 });
  });

  it("flags stock larger than the machine takes", () => {
    const r = priceCnc(box(500, 10, 10), book, opts);
    expect(r.dfm[0]).toMatchObject({ severity: "error", code: "PART_TOO_LARGE" });
    expect(r.orderable).toBe(false);
    expect(r.total).toBe(sumLines(r.breakdown));
  });

  it("only warns about an open mesh, but refuses a sealed cavity", () => {
    const open = priceCnc(box(10, 10, 10, { watertight: false, open_edges: 2 }), book, opts);
    const note = expect.objectContaining({ severity: "info", code: "CNC_NOT_CHECKED" });
    expect(open.dfm).toEqual([expect.objectContaining({ severity: "warning", code: "NOT_WATERTIGHT" }), note]);
    expect(open.orderable).toBe(true);
    const hollow = priceCnc(box(10, 10, 10, { shells: 2, shell_volumes_mm3: [1000, -100] }), book, opts);
    expect(hollow.dfm).toEqual([expect.objectContaining({ severity: "error", code: "ENCLOSED_VOID" }), note]);
  });
});
