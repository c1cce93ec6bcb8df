import { describe, expect, it } from "vitest";
import { EngineError } from "../../../engine/errors.ts";
import { evaluateCheckpoint, limit } from "../../../engine/production/qc.ts";
import {
  assertValidConfiguration,
  doorEngineering,
  doorFamily,
  getProductFamily,
  validateConfiguration,
  type DoorConfig,
} from "../../../engine/products/index.ts";
import { doorLayout } from "../../../engine/products/door/layout.ts";
import { EXAMPLE_DOOR_PRICES } from "../../../engine/products/door/pricing.ts";

const single: DoorConfig = {
  door_type: "single",
  opening_direction: "inward",
  frame_width: 1000,
  frame_height: 2100,
  glazing_type: "double",
  glazing_thickness: 28,
  glazing_u_value: 1.1,
  spacer: "warm_edge",
  threshold: "standard",
  finish: "powder_coating",
  color: "RAL 9016",
  hardware: { hinges: "standard", lock: "multipoint_3_point", handles: "lever_stainless_steel", closer: "none" },
};
// The seed's drawing-request example.
const double: DoorConfig = {
  ...single,
  door_type: "double",
  opening_direction: "outward",
  frame_width: 1870,
  frame_height: 2235,
  glazing_type: "triple",
  glazing_thickness: 44,
  glazing_u_value: 0.6,
  color: "RAL 7016",
  hardware: { hinges: "heavy_duty", lock: "multipoint_5_point", handles: "lever_stainless_steel", closer: "overhead_size_4" },
};

const fieldsOf = (config: unknown) => validateConfiguration(doorFamily, config).errors.map((e) => e.field);

describe("door configuration validation", () => {
  it("accepts the examples", () => {
    expect(validateConfiguration(doorFamily, single)).toEqual({ valid: true, errors: [] });
    expect(validateConfiguration(doorFamily, double)).toEqual({ valid: true, errors: [] });
  });

  it.each([
    ["door_type", { door_type: "triple" }, "/door_type"],
    ["opening_direction", { opening_direction: "sideways" }, "/opening_direction"],
    ["frame width below 600", { frame_width: 599 }, "/frame_width"],
    ["frame width above 2000", { frame_width: 2001 }, "/frame_width"],
    ["frame height below 1800", { frame_height: 1799 }, "/frame_height"],
    ["frame height above 2400", { frame_height: 2401 }, "/frame_height"],
    ["glazing thinner than 28", { glazing_thickness: 27 }, "/glazing_thickness"],
    ["glazing thicker than 56", { glazing_thickness: 57 }, "/glazing_thickness"],
    ["glazing type", { glazing_type: "single" }, "/glazing_type"],
    ["U_g not positive", { glazing_u_value: 0 }, "/glazing_u_value"],
    ["threshold", { threshold: "none" }, "/threshold"],
    ["finish", { finish: "paint" }, "/finish"],
    ["powder coat without colour", { color: "omit" }, "/color"],
    ["powder coat with a non-RAL colour", { color: "blue" }, "/color"],
    ["anodised with a RAL colour", { finish: "anodised", color: "RAL 7016" }, "/color"],
    ["mill with a colour", { finish: "mill" }, "/color"],
    ["unknown field", { extra: 1 }, "/extra"],
    ["unknown closer", { hardware: { ...single.hardware, closer: "size_9" } }, "/hardware/closer"],
    ["missing lock", { hardware: { hinges: "standard", handles: "lever_stainless_steel", closer: "none" } }, "/hardware/lock"],
  ])("rejects %s at its field", (_name, change, field) => {
    const config: Record<string, unknown> = { ...single, ...change };
    if (config.color === "omit") delete config.color;
    expect(fieldsOf(config)).toContain(field);
  });

  it("rejects a single leaf over 1000 mm (leaf = frame − 2 × 52 + 2 × 8 lap): the schema's range for the type, and the rule behind it", () => {
    // 1088 − 104 + 16 = 1000 mm leaf: the widest single door.
    expect(validateConfiguration(doorFamily, { ...single, frame_width: 1088 }).valid).toBe(true);
    expect(validateConfiguration(doorFamily, { ...single, frame_width: 1100 }).errors).toEqual([
      { field: "/frame_width", message: "must be at most 1088", value: 1100 },
    ]);
    // A shop's schema saved before the type's range existed still meets the rule: 1100 − 104 + 16 = 1012 mm leaf.
    const { allOf, ...older } = doorFamily.schema as { allOf: unknown[] };
    const olderSchema = { ...older, allOf: allOf.filter((r) => !JSON.stringify(r).includes('"door_type"')) };
    const errors = validateConfiguration(doorFamily, { ...single, frame_width: 1100 }, olderSchema).errors;
    expect(errors).toEqual([expect.objectContaining({ field: "/frame_width", message: expect.stringContaining("1012 mm") })]);
  });

  it("rejects double-door leaves under 500 mm: (1000 − 104 + 16 + 12) / 2 = 462 mm", () => {
    expect(validateConfiguration(doorFamily, { ...double, frame_width: 1076 }).valid).toBe(true);
    expect(validateConfiguration(doorFamily, { ...double, frame_width: 1000 }).errors).toEqual([
      { field: "/frame_width", message: "must be at least 1076", value: 1000 },
    ]);
    const { allOf, ...older } = doorFamily.schema as { allOf: unknown[] };
    const olderSchema = { ...older, allOf: allOf.filter((r) => !JSON.stringify(r).includes('"door_type"')) };
    expect(validateConfiguration(doorFamily, { ...double, frame_width: 1000 }, olderSchema).errors).toEqual([
      { field: "/frame_width", message: "each leaf would be 462 mm wide; minimum 500 mm — choose a single door or a frame of at least 1076 mm", value: 1000 },
    ]);
  });

  it("derives double-door leaf width from frame width and meeting stile", () => {
    // (1870 − 104 + 16 + 12 overlap) / 2 = 897 mm per leaf; 2000 wide → (1896 + 28) / 2 = 962 ≤ 1000
    expect(doorLayout(double).leaves.map((l) => l.rect.width)).toEqual([897, 897]);
    expect(validateConfiguration(doorFamily, { ...double, frame_width: 2000 }).valid).toBe(true);
  });

  it("rejects a leaf over 75 kg", () => {
    // Leaf 1080 − 104 + 16 = 992 × 2400 − 77 + 16 = 2339 mm; glass unit (992 − 180 + 28) × (2339 − 210 + 28)
    // = 840 × 2157 mm = 1.812 m² × 14.8 mm triple × 2.5 kg/m²/mm = 67.0 kg + ~12 kg profiles > 75 kg.
    const heavy = { ...single, frame_width: 1080, frame_height: 2400, glazing_type: "triple" as const, glazing_thickness: 44 };
    const errors = validateConfiguration(doorFamily, heavy).errors;
    expect(errors).toEqual([expect.objectContaining({ field: "/glazing_type", message: expect.stringMatching(/leaf weight 7\d\.\d kg/) })]);
    // The same leaf with double glazing (10.8 mm of glass) is 48.9 kg of glass: fine.
    expect(validateConfiguration(doorFamily, { ...heavy, glazing_type: "double" }).valid).toBe(true);
  });

  it("requires 3 hinges per leaf above 2100 mm leaf height", () => {
    // frame 2200 → leaf 2200 − 77 + 16 = 2139 mm
    const tall = { ...single, frame_height: 2200, hardware: { ...single.hardware, hinges_per_leaf: 2 } };
    expect(fieldsOf(tall)).toEqual(["/hardware/hinges_per_leaf"]);
    // frame 2150 → leaf 2089 mm: two are enough
    expect(fieldsOf({ ...tall, frame_height: 2150 })).toEqual([]);
  });

  it("matches the closer size to the leaf width (EN 1154)", () => {
    const wide = { ...single, frame_width: 1080, hardware: { ...single.hardware, closer: "overhead_size_3" as const } };
    expect(fieldsOf(wide)).toEqual(["/hardware/closer"]);
  });

  it("enforces the system limits even when a tenant's schema is wider", () => {
    const wider = { ...doorFamily.schema, properties: { ...(doorFamily.schema.properties as object), frame_width: { type: "number" } } };
    expect(validateConfiguration(doorFamily, { ...single, frame_width: 2500 }, wider).errors.map((e) => e.field)).toEqual(["/frame_width"]);
  });

  it("throws VALIDATION_ERROR with every field", () => {
    expect(() => assertValidConfiguration(doorFamily, { ...single, frame_width: 5 })).toThrow(
      expect.objectContaining({ code: "VALIDATION_ERROR", status: 400, details: [expect.objectContaining({ field: "/frame_width" })] }),
    );
    expect(assertValidConfiguration(doorFamily, single)).toBe(single);
  });
});

describe("door engineering", () => {
  it("computes U from the door's own sight lines (worked by hand)", () => {
    // 1000 × 2100 single, frame 52, threshold 25, leaf 90 / bottom rail 120, lap 8:
    // opening 896 × 2023; leaf 912 × 2039; visible glass 732 × 1829 = 1.338828 m², perimeter 5.122 m.
    // frame 52 × (1000 + 2 × 2100 − 104) = 0.264992 m² × 2.2 = 0.5829824 W/K
    // threshold 896 × 25 = 0.0224 m² × 3.0 = 0.0672
    // stiles + top rail 2 × 82 × 2023 + 732 × 82 = 0.391796 m² × 2.3 = 0.9011308
    // bottom rail 732 × 112 = 0.081984 m² × 2.4 = 0.1967616
    // glass 1.338828 × 1.1 = 1.4727108; edge 5.122 × 0.08 (warm edge, thermally broken metal) = 0.40976
    // Σ = 3.6305456 W/K over 2.1 m² → U = 1.728831…
    const { thermal } = doorEngineering(single, { u_value_limit: 1.8 });
    expect(thermal.total_area_m2).toBeCloseTo(2.1, 12);
    expect(thermal.glazing_area_m2).toBeCloseTo(1.338828, 12);
    expect(thermal.edge_length_m).toBeCloseTo(5.122, 12);
    expect(thermal.heat_loss_w_per_k).toBeCloseTo(3.6305456, 10);
    expect(thermal.overall_u_value_exact).toBeCloseTo(3.6305456 / 2.1, 12);
    expect(thermal.overall_u_value).toBe(1.7);
    expect(thermal.limit).toMatchObject({ passes: true });
    // An aluminium spacer raises ψ to 0.11: + 5.122 × 0.03 = 0.15366 W/K.
    const alu = doorEngineering({ ...single, spacer: "aluminium" }).thermal;
    expect(alu.heat_loss_w_per_k - thermal.heat_loss_w_per_k).toBeCloseTo(0.15366, 10);
  });

  it("partitions the whole frame area into profile zones and glass", () => {
    for (const config of [single, double, { ...double, threshold: "low" as const }]) {
      const { thermal } = doorEngineering(config);
      expect(thermal.total_area_m2).toBeCloseTo((config.frame_width * config.frame_height) / 1e6, 10);
    }
    expect(doorEngineering(double).thermal.breakdown.frames.map((f) => f.label)).toContain("Meeting stiles");
  });

  it("builds the BOM with cut lengths, hardware by rule and weights", () => {
    const e = doorEngineering(double, { prices: EXAMPLE_DOOR_PRICES });
    const cut = (label: string) => e.bom.cuts.find((c) => c.label === label)!;
    // head mitred both ends: 1870 + 2 × 1 allowance; jambs mitred at the top: 2235 + 1
    expect(cut("Frame head")).toMatchObject({ nominal_length: 1870, length: 1872, quantity: 1 });
    expect(cut("Frame jamb")).toMatchObject({ nominal_length: 2235, length: 2236, quantity: 2 });
    expect(cut("Threshold")).toMatchObject({ length: 1766 });
    expect(cut("Leaf 1 meeting stile")).toMatchObject({ profile: "SPW600e-MEET-64", length: 2174 });
    const qty = (code: string) => e.bom.lines.find((l) => l.code === code)?.quantity;
    // leaves 2174 mm high > 2100 → 3 hinges each
    expect(qty("HINGE-HEAVY_DUTY")).toBe(6);
    expect(qty("LOCK-MULTIPOINT_5_POINT")).toBe(1);
    expect(qty("FLUSH-BOLT-SET")).toBe(1);
    expect(qty("CLOSER-OVERHEAD_SIZE_4")).toBe(2);
    expect(qty("CLOSER-COORDINATOR")).toBe(1);
    // glass units (897 − 90 − 64 + 28) × (2174 − 210 + 28) = 771 × 1992 mm
    expect(e.bom.glazing_units[0]).toMatchObject({ width: 771, height: 1992, area_m2: 1.5358 });
    expect(e.bom.leaves.every((l) => l.weight_kg < 75)).toBe(true);
    expect(e.bom.total_weight_kg).toBeGreaterThan(e.bom.leaves[0].weight_kg * 2);
    // 2 frame fixings per 600 mm: head ceil(1570/600)+1 = 4, jambs ceil(1935/600)+1 = 5 each, threshold ceil(1466/600)+1 = 4
    expect(qty("FIXING-SS-A2")).toBe(18);
  });

  it("prices the BOM in integer minor units", () => {
    const { price } = doorEngineering(single, { prices: EXAMPLE_DOOR_PRICES });
    expect(price!.currency).toBe("EUR");
    expect(price!.lines.every((l) => Number.isInteger(l.amount))).toBe(true);
    expect(price!.total).toBe(price!.materials + price!.labour);
    // labour (2.5 h per door + 1.5 h per leaf) × 48.00 = 192.00
    expect(price!.labour).toBe(19_200);
    const frame = price!.lines.find((l) => l.code === "SPW600e-FRAME-75")!;
    // (1002 + 2 × 2101) mm × 1.1 waste = 5.7244 → 5.724 m (BOM quantities in whole mm) × (24.50 + 3.80 powder coat) per m
    expect(frame.quantity).toBe(5.724);
    expect(frame.amount).toBe(Math.round(5.724 * (2450 + 380)));
  });

  it("names a missing price", () => {
    const prices = { ...EXAMPLE_DOOR_PRICES, items: { ...EXAMPLE_DOOR_PRICES.items, "FIXING-SS-A2": undefined as unknown as number } };
    expect(() => doorEngineering(single, { prices })).toThrow(
      expect.objectContaining({ status: 422, details: [expect.objectContaining({ field: "/items/FIXING-SS-A2" })] }),
    );
  });

  it("includes an optimal cutting list for the door", () => {
    const { cutting_list, bom } = doorEngineering(double);
    const pieces = bom.cuts.reduce((s, c) => s + c.quantity, 0);
    expect(cutting_list.bars.reduce((s, b) => s + b.cuts.length, 0)).toBe(pieces);
    expect(cutting_list.bars_used).toBeGreaterThanOrEqual(cutting_list.lower_bound);
    expect(cutting_list.optimal).toBe(true);
  });

  it("derives the QC checklist from the configuration", () => {
    const qc = doorEngineering(double).qc_checklist;
    expect(qc.map((s) => s.stage)).toEqual(["Frame Assembly", "Leaf Assembly", "Finishing", "Glazing", "Final Assembly", "Performance Testing"]);
    const ids = qc.flatMap((s) => s.checks.map((c) => c.id));
    expect(ids).toEqual(expect.arrayContaining(["leaf1.weight", "leaf2.weight", "final.coordinator", "final.flush_bolts", "glazing.unit2"]));
    expect(qc[2].checks.find((c) => c.id === "finish.colour")!.description).toContain("RAL 7016");
    const mill = doorEngineering({ ...single, finish: "mill", color: undefined, threshold: "low" }).qc_checklist;
    expect(mill.flatMap((s) => s.checks.map((c) => c.id))).toEqual(expect.arrayContaining(["finish.surface", "final.threshold_upstand"]));
    expect(mill.flatMap((s) => s.checks.map((c) => c.id))).not.toContain("final.coordinator");
  });

  it("gives the measured checks a tolerance the QC evaluation reads, in the unit the description names", () => {
    const checks = [double, { ...single, finish: "anodised" as const, threshold: "low" as const }].flatMap((c) =>
      doorEngineering(c).qc_checklist.flatMap((s) => s.checks),
    );
    const measured = checks.filter((c) => c.tolerance !== undefined);
    expect(new Set(measured.map((c) => c.id))).toEqual(
      new Set([
        "frame.squareness",
        "frame.size",
        "frame.corners",
        "frame.thermal_break",
        "leaf1.squareness",
        "leaf1.weight",
        "leaf2.squareness",
        "leaf2.weight",
        "finish.thickness",
        "glazing.gaskets",
        "final.hang",
        "final.threshold_upstand",
        "final.closer",
      ]),
    );
    for (const check of measured) {
      const allowed = limit(check.tolerance!);
      expect(allowed, check.id).not.toBeNull();
      // The unit is the one the inspector reads in the description (µ and μ alike).
      expect(check.description.replace(/µ/g, "μ"), check.id).toContain(` ${allowed!.unit}`);
      const edge = allowed!.max ?? allowed!.min!;
      expect(evaluateCheckpoint([{ ...check, status: "pass", measurement: `${edge} ${allowed!.unit}` }]).overall_status, check.id).toBe("pass");
    }
  });
});

describe("product registry", () => {
  it("resolves generator keys", () => {
    expect(getProductFamily("spw600e-door")).toBe(doorFamily);
    expect(getProductFamily("kitchen-base-cabinet").name).toBe("Kitchen base cabinet");
  });

  it("rejects an unknown generator key (422)", () => {
    expect(() => getProductFamily("toString")).toThrow(EngineError);
    expect(() => getProductFamily("window")).toThrow(expect.objectContaining({ status: 422, details: [expect.objectContaining({ field: "/generator_key" })] }));
  });
});
