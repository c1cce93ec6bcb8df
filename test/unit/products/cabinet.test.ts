import { describe, expect, it } from "vitest";
import { cabinetFamily, validateConfiguration, type CabinetConfig } from "../../../engine/products/index.ts";
import { baseCabinet as base } from "./configs.ts";

const fields = (change: Partial<CabinetConfig>) => validateConfiguration(cabinetFamily, { ...base, ...change }).errors.map((e) => e.field);

describe("kitchen base cabinet", () => {
  it("accepts a door-and-drawer cabinet", () => {
    expect(validateConfiguration(cabinetFamily, base)).toEqual({ valid: true, errors: [] });
  });

  it.each<[string, Partial<CabinetConfig>, string]>([
    ["width out of range", { width: 1300 }, "/width"],
    ["lacquer without colour", { front_color: undefined }, "/front_color"],
    ["veneer with a colour", { front_finish: "oak_veneer" }, "/front_color"],
    ["one door over 600 mm", { width: 800, doors: 1 }, "/doors"],
    ["two doors under 500 mm", { width: 400, doors: 2 }, "/doors"],
    ["two drawers above doors", { drawers: 2 }, "/drawers"],
    ["shelves behind a drawer stack", { doors: 0, drawers: 3, shelves: 1 }, "/shelves"],
    ["16 mm shelves over 800 mm", { width: 900, doors: 2, board_thickness: 16 }, "/board_thickness"],
  ])("rejects %s", (_name, change, field) => {
    const config: Record<string, unknown> = { ...base, ...change };
    for (const k of Object.keys(config)) if (config[k] === undefined) delete config[k];
    expect(validateConfiguration(cabinetFamily, config).errors.map((e) => e.field)).toContain(field);
  });

  it("rejects drawer fronts under 120 mm, even when a tenant's schema allows more drawers", () => {
    // 4 drawers in 500 mm: (500 − 4 × 3) / 4 = 122 mm fronts — fine
    expect(fields({ height: 500, doors: 0, drawers: 4, shelves: 0 })).toEqual([]);
    // 6 drawers in 720 mm: (720 − 6 × 3) / 6 = 117 mm fronts — too low
    const wider = {
      ...cabinetFamily.schema,
      properties: { ...(cabinetFamily.schema.properties as object), drawers: { type: "integer", minimum: 0, maximum: 6 } },
    };
    const errors = validateConfiguration(cabinetFamily, { ...base, doors: 0, drawers: 6, shelves: 0 }, wider).errors;
    expect(errors).toEqual([expect.objectContaining({ field: "/drawers", message: expect.stringContaining("117 mm") })]);
  });

  it("lists panels with cut sizes and a BOM", () => {
    const { bom } = cabinetFamily.engineering(base, {});
    const panel = (label: string) => bom.panels.find((p) => p.label === label)!;
    // sides full carcass height × depth; bottom between the sides: 600 − 2 × 18 = 564
    expect(panel("Side 1")).toMatchObject({ length: 720, width: 560, thickness: 18 });
    expect(panel("Bottom")).toMatchObject({ length: 564, width: 560 });
    expect(panel("Shelf 1")).toMatchObject({ length: 562, width: 540 });
    // 3 mm gaps, half a gap at the carcass edges: drawer front 140 on top; door 720 − 1.5 − 140 − 3 − 1.5 = 574; widths 600 − 3 = 597
    expect(panel("Drawer front 1")).toMatchObject({ length: 597, width: 140 });
    expect(panel("Door 1")).toMatchObject({ length: 574, width: 597 });
    const qty = (code: string) => bom.lines.find((l) => l.code === code)?.quantity;
    expect(qty("HINGE-CONCEALED-110")).toBe(2);
    expect(qty("RUNNER-PAIR-FULL-EXT")).toBe(1);
    expect(qty("HANDLE-BAR")).toBe(2);
    expect(qty("LEG-ADJUSTABLE")).toBe(4);
    expect(bom.weight_kg).toBeGreaterThan(10);
  });

  it("prices from a unit price table", () => {
    const { bom } = cabinetFamily.engineering(base, {});
    const unit_prices = Object.fromEntries(bom.lines.map((l) => [l.code, 100]));
    const { price } = cabinetFamily.engineering(base, { prices: { currency: "EUR", unit_prices, labour_per_cabinet: 5000 } });
    expect(price!.total).toBe(price!.materials + 5000);
    expect(price!.lines.every((l) => Number.isInteger(l.amount))).toBe(true);
  });

  it("builds geometry the size of the cabinet", () => {
    const g = cabinetFamily.geometry(base);
    expect(g.bbox_mm.min[0]).toBe(0);
    expect(g.bbox_mm.max[0]).toBe(600);
    expect(g.bbox_mm.max[1]).toBe(150 + 720);
    expect(g.meshes.map((m) => m.name)).toEqual(["carcass", "back", "fronts", "handles"]);
    for (const m of g.meshes) expect(g.materials.map((x) => x.name)).toContain(m.material);
  });
});
