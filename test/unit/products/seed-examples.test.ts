import { describe, expect, it } from "vitest";
import { completeConfiguration, doorEngineering, doorFamily, validateConfiguration, type DoorConfig } from "../../../engine/products/index.ts";

/*
 * The door configurations in seed 001, verbatim. The drawing request (6.3.2)
 * carries the request's own fields (project, drawing types, scale…) beside the
 * door's; its door is the configuration fields picked out below. The
 * U-value request (6.3.3) is a configuration as it stands.
 */
const DRAWING_REQUEST = {
  project_reference: "PRJ-2025-034",
  door_type: "double",
  opening_direction: "outward",
  frame_width: 1870,
  frame_height: 2235,
  leaf_width: 935,
  leaf_height: 2235,
  glazing_thickness: 44,
  glazing_type: "triple",
  finish: "powder_coating",
  color: "RAL 7016",
  drawing_types: ["elevation", "plan", "section"],
  scale: "1:10",
  format: "pdf",
  priority: "high",
  requested_by: "design@sfgaluminium.com",
  notes: "Required for client presentation on 2025-11-12",
};
const U_VALUE_REQUEST = {
  door_type: "double",
  frame_width: 1870,
  frame_height: 2235,
  glazing_type: "triple",
  glazing_thickness: 44,
  glazing_u_value: 0.6,
};

const DOOR_FIELDS = ["door_type", "opening_direction", "frame_width", "frame_height", "glazing_type", "glazing_thickness", "finish", "color"] as const;
const pick = (o: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));

const accept = (given: Record<string, unknown>) => {
  const { config, defaults_applied } = completeConfiguration(doorFamily, given);
  expect(validateConfiguration(doorFamily, config)).toEqual({ valid: true, errors: [] });
  return { config: config as unknown as DoorConfig, defaults_applied };
};

describe("the seed's door examples are accepted as they are", () => {
  it("the drawing request's door takes the product's defaults for what it leaves out, and says which", () => {
    const given = pick(DRAWING_REQUEST, DOOR_FIELDS);
    const { config, defaults_applied } = accept(given);
    // Nothing given is changed.
    expect(config).toMatchObject(given);
    expect(defaults_applied).toEqual([
      "glazing_gas",
      "glazing_coating",
      "spacer",
      "threshold",
      "hardware.hinges",
      "hardware.lock",
      "hardware.handles",
      "hardware.closer",
    ]);
    expect(config).toMatchObject({
      glazing_gas: "argon",
      glazing_coating: "low_e",
      spacer: "warm_edge",
      threshold: "standard",
      hardware: { hinges: "standard", lock: "multipoint_3_point", handles: "lever_stainless_steel", closer: "none" },
    });
    // No U_g was given: it comes from the make-up, 2 × 14.6 mm argon cavities, low-e (the table's 12 mm row and beyond: 0.8).
    const e = doorEngineering(config);
    expect(e.glazing).toEqual({
      glazing_type: "triple",
      glazing_thickness: 44,
      gas: "argon",
      coating: "low_e",
      cavity_mm: 14.6,
      u_g: 0.8,
      u_g_source: "table",
    });
    expect(e.thermal.breakdown.glazing.every((g) => g.u_value === 0.8)).toBe(true);
  });

  it("the U-value request keeps its own U_g over the table", () => {
    const { config, defaults_applied } = accept(U_VALUE_REQUEST);
    expect(defaults_applied).toEqual([
      "opening_direction",
      "glazing_gas",
      "glazing_coating",
      "spacer",
      "threshold",
      "finish",
      "color",
      "hardware.hinges",
      "hardware.lock",
      "hardware.handles",
      "hardware.closer",
    ]);
    expect(config).toMatchObject({ ...U_VALUE_REQUEST, opening_direction: "inward", finish: "powder_coating", color: "RAL 9016" });
    const e = doorEngineering(config);
    expect(e.glazing).toMatchObject({ u_g: 0.6, u_g_source: "customer" });
  });

  it("a default that depends on another field follows it: thickness by glazing type, colour by finish", () => {
    const base = { door_type: "single", frame_width: 1000, frame_height: 2100 };
    expect(accept({ ...base, glazing_type: "triple" }).config.glazing_thickness).toBe(44);
    expect(accept({ ...base }).config).toMatchObject({ glazing_type: "double", glazing_thickness: 28 });
    expect(accept({ ...base, finish: "anodised" }).config.color).toBe("natural");
    const mill = accept({ ...base, finish: "mill" });
    expect(mill.config.color).toBeUndefined();
    expect(mill.defaults_applied).not.toContain("color");
  });

  it("a shop's own schema defaults win over the family's", () => {
    const schema = structuredClone(doorFamily.schema) as { properties: Record<string, Record<string, unknown>> };
    schema.properties.threshold.default = "low";
    const { config } = completeConfiguration(doorFamily, { door_type: "single", frame_width: 1000, frame_height: 2100 }, schema);
    expect(config.threshold).toBe("low");
  });

  it.each([
    ["door_type", "quadruple", "single, double"],
    ["opening_direction", "sideways", "inward, outward"],
    ["glazing_type", "quadruple", "double, triple"],
    ["glazing_gas", "xenon", "air, argon, krypton"],
    ["finish", "chrome", "powder_coating, anodised, mill"],
  ])("an unknown %s is refused naming the field and the choices", (field, value, choices) => {
    const { config } = completeConfiguration(doorFamily, { ...U_VALUE_REQUEST, [field]: value });
    expect(validateConfiguration(doorFamily, config).errors).toEqual([{ field: `/${field}`, message: `must be one of ${choices}`, value }]);
  });
});
