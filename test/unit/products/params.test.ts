import { describe, expect, it } from "vitest";
import { cabinetFamily, doorFamily, parseProductParams, PRODUCT_FAMILIES, type CabinetConfig, type DoorConfig } from "../../../engine/products/index.ts";

const door: DoorConfig = {
  door_type: "double",
  opening_direction: "inward",
  frame_width: 1600,
  frame_height: 2100,
  glazing_type: "double",
  glazing_thickness: 28,
  glazing_u_value: 1.1,
  threshold: "standard",
  finish: "powder_coating",
  color: "RAL 7016",
  hardware: { hinges: "standard", lock: "multipoint_3_point", handles: "lever_stainless_steel", closer: "overhead_size_4" },
};

const cabinet: CabinetConfig = {
  width: 600,
  height: 720,
  depth: 560,
  carcass_material: "melamine_white",
  board_thickness: 18,
  doors: 1,
  drawers: 1,
  shelves: 1,
  front_finish: "matt_lacquer",
  front_color: "RAL 9010",
  plinth_height: 150,
  handles: "bar",
};

/** Every value of every enum in a family's schema, one field at a time. */
function* variants<C>(base: C, schema: Record<string, unknown>, at: string[] = []): Generator<C> {
  for (const [key, prop] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    if (prop.properties) yield* variants(base, prop, [...at, key]);
    for (const value of (prop.enum ?? []) as unknown[]) {
      const config = structuredClone(base) as Record<string, unknown>;
      const parent = at.reduce((o, k) => o[k] as Record<string, unknown>, config);
      parent[key] = value;
      yield config as C;
    }
  }
}

describe("product parameters", () => {
  it.each(Object.values(PRODUCT_FAMILIES).map((f) => [f.key, f] as const))("%s: the starter parameters pass the family's own check", (_key, family) => {
    expect(parseProductParams(family.paramsSchema, family.starterParams)).toEqual(family.starterParams);
  });

  it("the door's starter table prices every choice the schema offers", () => {
    let priced = 0;
    for (const config of variants(door, doorFamily.schema)) {
      if (config.finish === "mill") delete config.color;
      if (config.finish === "anodised") config.color = "natural";
      if (doorFamily.validate(config).length > 0) continue;
      expect(doorFamily.engineering(config, doorFamily.starterParams).price!.total).toBeGreaterThan(0);
      priced++;
    }
    expect(priced).toBeGreaterThan(15);
  });

  it("the cabinet's starter table prices every choice the schema offers", () => {
    for (const config of variants(cabinet, cabinetFamily.schema)) {
      if (config.front_finish === "oak_veneer") delete config.front_color;
      if (cabinetFamily.validate(config).length > 0) continue;
      expect(cabinetFamily.engineering(config, cabinetFamily.starterParams).price!.total).toBeGreaterThan(0);
    }
  });

  it("names each field at fault, dotted", () => {
    const prices = structuredClone(doorFamily.starterParams.prices!) as unknown as Record<string, Record<string, unknown>>;
    prices.items["FIXING-SS-A2"] = -1;
    prices.items["HINGE-GOLD"] = 1;
    delete prices.glass_per_m2.triple;
    expect(() => parseProductParams(doorFamily.paramsSchema, { prices, extra: 1 })).toThrow(
      expect.objectContaining({
        status: 422,
        details: expect.arrayContaining([
          expect.objectContaining({ field: "prices.items.FIXING-SS-A2", message: "must not be negative", value: -1 }),
          expect.objectContaining({ field: "prices.items.HINGE-GOLD", message: "is not a known field" }),
          expect.objectContaining({ field: "prices.glass_per_m2.triple", message: "is required" }),
          expect.objectContaining({ field: "extra", message: "is not a known field" }),
        ]),
      }),
    );
  });
});
