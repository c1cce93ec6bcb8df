import { describe, expect, it } from "vitest";
import { cabinetFamily, doorFamily, parseProductParams, PRODUCT_FAMILIES } from "../../../engine/products/index.ts";
import { SEED_EXAMPLE_DOOR as door } from "../../../engine/products/door/example.ts";
import { baseCabinet as cabinet } from "./configs.ts";

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
    let priced = 0;
    for (const config of variants(cabinet, cabinetFamily.schema)) {
      if (config.front_finish === "oak_veneer") delete config.front_color;
      if (cabinetFamily.validate(config).length > 0) continue;
      expect(cabinetFamily.engineering(config, cabinetFamily.starterParams).price!.total).toBeGreaterThan(0);
      priced++;
    }
    expect(priced).toBeGreaterThan(10);
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
