import { describe, expect, it } from "vitest";
import { EngineError } from "../../../engine/errors.ts";
import { calculateUValue, computeUValue, psiValue } from "../../../engine/thermal/index.ts";

describe("calculateUValue (explicit calculator form)", () => {
  it("computes a hand-worked vector", () => {
    // frame 1.0 m² × 2.4 = 2.4 W/K; glass 3.0 m² × 0.8 = 2.4 W/K; edge 8.0 m × 0.10 = 0.8 W/K
    // U = (2.4 + 2.4 + 0.8) / (1.0 + 3.0) = 5.6 / 4.0 = 1.4
    const r = calculateUValue({ frame_area: 1, frame_u_value: 2.4, glazing_area: 3, glazing_u_value: 0.8, edge_length: 8, psi_value: 0.1 });
    expect(r.overall_u_value_exact).toBeCloseTo(1.4, 12);
    expect(r.overall_u_value).toBe(1.4);
    expect(r.breakdown.frame_contribution).toBeCloseTo(2.4, 12);
    expect(r.breakdown.glazing_contribution).toBeCloseTo(2.4, 12);
    expect(r.breakdown.edge_contribution).toBeCloseTo(0.8, 12);
    expect(r.breakdown.total_area).toBe(4);
    expect(r.limit).toBeNull();
  });

  it("gives 1.13 for the seed's worked example, not the 0.95 it claims", () => {
    // 2.5 × 1.8 = 4.50; 3.8 × 0.6 = 2.28; 8.5 × 0.04 = 0.34 → 7.12 W/K over 6.3 m² = 1.1302 W/m²K
    const r = calculateUValue({ frame_area: 2.5, frame_u_value: 1.8, glazing_area: 3.8, glazing_u_value: 0.6, edge_length: 8.5, psi_value: 0.04 });
    expect(r.breakdown.heat_loss).toBeCloseTo(7.12, 10);
    expect(r.overall_u_value_exact).toBeCloseTo(7.12 / 6.3, 12);
    expect(r.overall_u_value).toBe(1.1);
    expect(r.overall_u_value).not.toBe(0.95);
  });

  it("checks against a limit with the unrounded value", () => {
    // (1 × 2.4 + 3 × 0.8 + 8 × 0.1) / 4 = 1.4 exactly: passes 1.4, fails 1.39
    const input = { frame_area: 1, frame_u_value: 2.4, glazing_area: 3, glazing_u_value: 0.8, edge_length: 8, psi_value: 0.1 };
    expect(calculateUValue(input, 1.4).limit).toMatchObject({ passes: true, max_u_value: 1.4 });
    const fail = calculateUValue(input, 1.39).limit!;
    expect(fail.passes).toBe(false);
    expect(fail.margin).toBeCloseTo(-0.01, 10);
  });

  it("names the caller's field when an input is invalid", () => {
    const call = () => calculateUValue({ frame_area: -1, frame_u_value: 2, glazing_area: 1, glazing_u_value: 1, edge_length: 1, psi_value: 0.04 });
    expect(call).toThrow(EngineError);
    try {
      call();
    } catch (e) {
      expect((e as EngineError).status).toBe(422);
      expect((e as EngineError).details[0].field).toBe("/frame_area");
    }
  });

  it("rejects a zero total area", () => {
    expect(() => calculateUValue({ frame_area: 0, frame_u_value: 2, glazing_area: 0, glazing_u_value: 1, edge_length: 0, psi_value: 0 })).toThrow(
      /greater than zero/,
    );
  });
});

describe("computeUValue (sections)", () => {
  it("sums several frame sections and panes", () => {
    // frames: 0.5 × 2.0 = 1.0, 0.25 × 4.0 = 1.0; panes: 1.0 × 1.0 = 1.0 and 1.25 × 0.8 = 1.0;
    // edges: 4 m × 0.05 = 0.2 and 4.5 m × 0.2 = 0.9 → 5.1 W/K over 3.0 m² = 1.7
    const r = computeUValue({
      frames: [
        { label: "a", area_m2: 0.5, u_value: 2 },
        { label: "b", area_m2: 0.25, u_value: 4 },
      ],
      glazing: [
        { label: "p1", area_m2: 1, u_value: 1, edge_length_m: 4, psi: 0.05 },
        { label: "p2", area_m2: 1.25, u_value: 0.8, edge_length_m: 4.5, psi: 0.2 },
      ],
    });
    expect(r.heat_loss_w_per_k).toBeCloseTo(5.1, 12);
    expect(r.total_area_m2).toBeCloseTo(3, 12);
    expect(r.overall_u_value_exact).toBeCloseTo(1.7, 12);
    expect(r.edge_length_m).toBeCloseTo(8.5, 12);
    expect(r.breakdown.edges.map((e) => e.contribution_w_per_k)).toEqual([expect.closeTo(0.2, 12), expect.closeTo(0.9, 12)]);
  });

  it("reports every invalid field", () => {
    try {
      computeUValue({
        frames: [{ label: "a", area_m2: Number.NaN, u_value: 1 }],
        glazing: [{ label: "g", area_m2: 1, u_value: -1, edge_length_m: 1, psi: 0 }],
        limit: 0,
      });
      expect.unreachable();
    } catch (e) {
      expect((e as EngineError).details.map((d) => d.field)).toEqual(["/frames/0/area_m2", "/glazing/0/u_value", "/limit"]);
    }
  });
});

describe("psiValue (EN ISO 10077-1 Annex E defaults)", () => {
  it("looks up spacer × frame × coating", () => {
    expect(psiValue("aluminium", "metal_thermal_break", true)).toBe(0.11);
    expect(psiValue("warm_edge", "metal_thermal_break", true)).toBe(0.08);
    expect(psiValue("aluminium", "wood_or_pvc", false)).toBe(0.06);
    expect(psiValue("warm_edge", "metal_no_thermal_break", false)).toBe(0.01);
  });
});
