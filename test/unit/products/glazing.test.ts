import { describe, expect, it } from "vitest";
import {
  completeConfiguration,
  doorEngineering,
  doorFamily,
  parseProductParams,
  validateConfiguration,
  type DoorConfig,
} from "../../../engine/products/index.ts";
import { cavityWidth, DEFAULT_UG_TABLE, glazingUg, minUnitThickness, ugFromRow } from "../../../engine/products/door/glazing.ts";

const door = (over: Partial<DoorConfig> = {}) =>
  completeConfiguration(doorFamily, { door_type: "double", frame_width: 1870, frame_height: 2235, ...over }).config as unknown as DoorConfig;

describe("U_g from the glazing make-up", () => {
  it("cavities are the unit's thickness less its glass (10.8 mm double, 14.8 mm triple), shared by its cavities", () => {
    expect(cavityWidth("double", 28)).toBeCloseTo(17.2, 9);
    expect(cavityWidth("triple", 44)).toBeCloseTo(14.6, 9);
    expect(cavityWidth("triple", 28)).toBeCloseTo(6.6, 9);
    expect(minUnitThickness("triple")).toBe(31); // 14.8 + 2 × 8 = 30.8 → 31
    expect(minUnitThickness("double")).toBe(19); // 10.8 + 8 = 18.8 → 19
  });

  it.each([
    // type, thickness, gas, coating, cavity, worked out from the rows, U_g
    ["double", 28, "argon", "low_e", 17.2, "16 → 1.2, 20 → 1.2", 1.2],
    ["double", 20, "air", "none", 9.2, "3.1 + (2.8 − 3.1) × 1.2/4 = 3.01", 3.0],
    ["double", 24, "krypton", "low_e", 13.2, "1.1 + (1.2 − 1.1) × 1.2/4 = 1.13", 1.1],
    ["triple", 36, "argon", "low_e", 10.6, "1.0 + (0.8 − 1.0) × 2.6/4 = 0.87", 0.9],
    ["triple", 44, "argon", "low_e", 14.6, "past the 12 mm row: 0.8", 0.8],
    ["triple", 44, "krypton", "low_e", 14.6, "past the 12 mm row: 0.5", 0.5],
    ["triple", 31, "air", "none", 8.1, "2.1 + (1.9 − 2.1) × 0.1/4 = 2.095", 2.1],
  ] as const)("%s %i mm %s %s: cavity %f mm, %s → %f", (type, thickness, gas, coating, cavity, _work, ug) => {
    expect(glazingUg({ glazing_type: type, glazing_thickness: thickness, glazing_gas: gas, glazing_coating: coating })).toEqual({
      glazing_type: type,
      glazing_thickness: thickness,
      gas,
      coating,
      cavity_mm: cavity,
      u_g: ug,
      u_g_source: "table",
    });
  });

  it("interpolates linearly between rows and holds the first and last rows' values outside them", () => {
    const row = DEFAULT_UG_TABLE.double.low_e.argon;
    expect(ugFromRow(row, 8)).toBe(1.7);
    expect(ugFromRow(row, 10)).toBe(1.5);
    expect(ugFromRow(row, 40)).toBe(1.2);
  });

  it("triple glazing lowers the door's U without anyone typing a number", () => {
    const double = doorEngineering(door({ glazing_type: "double" }));
    const triple = doorEngineering(door({ glazing_type: "triple" }));
    expect(double.glazing).toMatchObject({ glazing_thickness: 28, u_g: 1.2, u_g_source: "table" });
    expect(triple.glazing).toMatchObject({ glazing_thickness: 44, u_g: 0.8, u_g_source: "table" });
    // Same frame, same glass area and edge (the glass bite and sight lines do not depend on the unit):
    // ΔU = ΣA_g × (0.8 − 1.2) / A_total.
    expect(triple.thermal.glazing_area_m2).toBeCloseTo(double.thermal.glazing_area_m2, 12);
    const expected = double.thermal.overall_u_value_exact + (double.thermal.glazing_area_m2 * (0.8 - 1.2)) / double.thermal.total_area_m2;
    expect(triple.thermal.overall_u_value_exact).toBeCloseTo(expected, 12);
    expect(triple.thermal.overall_u_value).toBeLessThan(double.thermal.overall_u_value);
  });

  it("gas and coating change U_g; an uncoated unit also takes the uncoated ψ column", () => {
    const argon = doorEngineering(door({ glazing_gas: "argon" }));
    const air = doorEngineering(door({ glazing_gas: "air" }));
    const uncoated = doorEngineering(door({ glazing_coating: "none" }));
    expect(air.glazing.u_g).toBe(1.4); // 17.2 mm between 16 → 1.4 and 20 → 1.5: 1.4 + 0.1 × 1.2/4 = 1.43
    expect(argon.glazing.u_g).toBe(1.2);
    expect(uncoated.glazing.u_g).toBe(2.6);
    expect(argon.thermal.breakdown.edges[0].psi).toBe(0.08);
    expect(uncoated.thermal.breakdown.edges[0].psi).toBe(0.06);
  });

  it("the customer's own U_g overrides the table", () => {
    expect(doorEngineering(door({ glazing_type: "triple", glazing_u_value: 0.6 })).glazing).toMatchObject({ u_g: 0.6, u_g_source: "customer" });
  });

  it("a shop's own table replaces the engine's", () => {
    const table = structuredClone(DEFAULT_UG_TABLE);
    table.triple.low_e.argon = [
      { cavity_mm: 8, u_g: 0.9 },
      { cavity_mm: 16, u_g: 0.5 },
    ];
    const params = parseProductParams(doorFamily.paramsSchema, { glazing_u_values: table });
    // 14.6 mm: 0.9 + (0.5 − 0.9) × 6.6/8 = 0.57 → 0.6
    expect(doorEngineering(door({ glazing_type: "triple" }), params).glazing.u_g).toBe(0.6);
  });

  it("a shop's table must be complete and ascending", () => {
    const table = structuredClone(DEFAULT_UG_TABLE) as unknown as Record<string, unknown>;
    (table.double as Record<string, Record<string, unknown>>).low_e.argon = [
      { cavity_mm: 12, u_g: 1.3 },
      { cavity_mm: 8, u_g: 1.7 },
    ];
    expect(() => parseProductParams(doorFamily.paramsSchema, { glazing_u_values: table })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ field: "glazing_u_values.double.low_e.argon" })] }),
    );
  });

  it("a 28 mm triple unit is refused as not buildable, naming glazing_thickness and the thinnest that is", () => {
    const { errors } = validateConfiguration(doorFamily, door({ glazing_type: "triple", glazing_thickness: 28 }));
    expect(errors).toEqual([
      {
        field: "/glazing_thickness",
        message: "a 28 mm triple unit cannot be built: its glass leaves two 6.6 mm gas cavities, and spacers start at 8 mm — choose at least 31 mm",
        value: 28,
      },
    ]);
    expect(validateConfiguration(doorFamily, door({ glazing_type: "triple", glazing_thickness: 31 })).valid).toBe(true);
    expect(validateConfiguration(doorFamily, door({ glazing_type: "double", glazing_thickness: 28 })).valid).toBe(true);
  });
});
