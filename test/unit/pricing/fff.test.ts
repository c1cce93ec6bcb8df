import { describe, expect, it } from "vitest";
import { priceFff } from "../../../engine/pricing/fff.ts";
import { amounts, book, box, editBook, sumLines } from "./fixtures.ts";

const opts = { process: "fff", material: "pla", quantity: 1 } as const;

describe("FFF calculator", () => {
  it("prices a 10 mm cube from shells, infill, layers and setup", () => {
    // shells min(1000, 600 × 2 × 0.5) = 600 mm³; infill (1000 − 600) × 0.2 = 80 mm³; 680 mm³ = 0.68 g
    // material 0.68 g × 10 /g = 6.8; time 680 / 10 + 50 layers × 1 s = 118 s = 118
    // cost 6.8 + 118 + 100 = 224.8; the customer book's rates are × 1.25 (margin 0.2):
    // material 8.5, machine 147.5, setup 125 → 281; the lines round to 9 + 148 + 125 = 282 → rounding −1
    const r = priceFff(box(10, 10, 10), book, opts);
    expect(amounts(r.breakdown)).toEqual({ material: 9, machine_time: 148, setup: 125, rounding: -1 });
    expect(r.unit_price).toBe(281);
    expect(r.total).toBe(281);
    expect(r.machine).toEqual({ code: "fff-a", name: "Printer A" });
    expect(r.breakdown[0].basis).toMatchObject({ shell_mm3: 600, infill_mm3: 80, infill: 0.2 });
    expect(r.breakdown[1].basis).toMatchObject({ time_s: 118, layers: 50, hourly_rate: 4500 });
    expect(r).toMatchObject({ currency: "EUR", colour: "black", price_book_version: "test-7", orderable: true, dfm: [] });
    expect(r.lead_time).toEqual({ code: "standard", label: "Standard", days: 5, factor: 1 });
    expect(r.tax).toEqual({ label: "VAT", rate: 0.2, inclusive: false, amount: 56, total_with_tax: 337 });
  });

  it("adds supports from the overhang area and a rounding line when the lines fall short", () => {
    // part: shells 2400 + infill 5600 × 0.2 = 3520 mm³ → 35.2; time 352 + 100 layers = 452
    // supports 100 mm² × (20 × 0.5) mm × 0.2 = 200 mm³ → 2 material + 20 s = 22
    // cost 609.2 → price 761.5 → unit 762; lines 44 + 565 + 28 + 125 = 762 (each × 1.25)
    const r = priceFff(box(20, 20, 20, { overhang_area_mm2: 100 }), book, opts);
    expect(amounts(r.breakdown)).toEqual({ material: 44, machine_time: 565, supports: 28, setup: 125 });
    expect(r.total).toBe(762);
    expect(r.dfm).toEqual([expect.objectContaining({ severity: "info", code: "SUPPORTS_REQUIRED", faces: "overhang" })]);
  });

  it("follows the chosen infill", () => {
    // solid: 1000 mm³ → 10 + (100 + 50) s; cost 260 → 325.  hollow: 600 mm³ → 6 + 110; cost 216 → 270
    expect(priceFff(box(10, 10, 10), book, { ...opts, infill: 1 }).total).toBe(325);
    expect(priceFff(box(10, 10, 10), book, { ...opts, infill: 0 }).total).toBe(270);
  });

  it("caps shells at the part's volume and warns about thin walls", () => {
    // 100 × 100 × 1 plate: shells min(10000, 20400) = all 10000 mm³ → 100; 5 layers: 1000 + 5 s
    // cost 1205 → 1506.25 → 1506; mean thickness 2V/A = 0.98 mm < 1 mm minimum
    const r = priceFff(box(100, 100, 1), book, opts);
    expect(amounts(r.breakdown)).toEqual({ material: 125, machine_time: 1256, setup: 125 });
    expect(r.dfm).toEqual([expect.objectContaining({ severity: "warning", code: "THIN_WALL", faces: "thin_wall" })]);
    expect(r.orderable).toBe(true);
  });

  it("turns a tall part to fit the cheaper printer, or builds it upright on the one asked for", () => {
    const tall = box(50, 50, 150);
    const turned = priceFff(tall, book, opts);
    expect(turned.machine.code).toBe("fff-a");
    expect(turned.breakdown[1].basis.layers).toBe(250);
    expect(turned.dfm.map((f) => f.code)).toEqual(["REORIENTED"]);

    const upright = priceFff(tall, book, { ...opts, machine: "fff-big" });
    expect(upright.machine.code).toBe("fff-big");
    expect(upright.breakdown[1].basis.layers).toBe(750);
    expect(upright.dfm).toEqual([]);
  });

  it("prices small loops, small regions and skins layer by layer when the analysis has outlines and islands", () => {
    const basis = (a: ReturnType<typeof box>) => priceFff(a, book, opts).breakdown[1].basis;
    // An 8 × 8 × 40 column: 400 bands of 0.1 mm, 6.4 mm³, 32 mm of outline and one island each.
    const bands = (over: object = {}) => ({ volume_bands_mm3: new Array(400).fill(6.4), ...over });
    const column = box(8, 8, 40, bands({ perimeter_bands_mm: new Array(400).fill(32), section_euler_bands: new Array(400).fill(1) }));
    const flat = box(8, 8, 40, bands());
    // Loops of 32 mm are small (≤ 2π × 6.5 mm) and the 35 mm² inside is filled solid: slower than the totals say.
    expect(basis(column).time_s).toBeGreaterThan(1.5 * (basis(flat).time_s as number));
    // Four such columns side by side: four islands of 32 mm loops. Read as one island, its 128 mm loop is not small.
    const four = (islands: number) =>
      box(28, 28, 40, {
        volume_mm3: 4 * 8 * 8 * 40,
        surface_area_mm2: 4 * (2 * 64 + 4 * 8 * 40),
        shells: 4,
        ...bands({
          volume_bands_mm3: new Array(400).fill(25.6),
          perimeter_bands_mm: new Array(400).fill(128),
          section_euler_bands: new Array(400).fill(islands),
        }),
      });
    expect(basis(four(4)).time_s).toBeGreaterThan(1.5 * (basis(four(1)).time_s as number));
  });

  it("holds every layer to the minimum layer time, by the part's volume in each layer", () => {
    const time = (a: ReturnType<typeof box>, minimum: number, machine?: string) =>
      priceFff(
        a,
        editBook((b) => b.processes.fff!.machines.forEach((m) => (m.min_layer_time_s = minimum))),
        { ...opts, machine },
      ).breakdown[1].basis.time_s as number;
    // 10 mm cube: 68 s of extrusion over 50 layers + 1 s each = 2.36 s a layer; at least 3 s: 50 × 3 = 150 s.
    expect(time(box(10, 10, 10), 0)).toBe(118);
    expect(time(box(10, 10, 10), 3)).toBe(150);
    // All its volume in the lower 5 mm (a profile of 100 bands of 0.1 mm): 25 layers of 1 + 68 / 25 = 3.72 s
    // stay as they are, 25 empty ones of 1 s go up to 3 s: 118 + 25 × 2 = 168 s.
    const lower = box(10, 10, 10, { volume_bands_mm3: [...new Array(50).fill(20), ...new Array(50).fill(0)] });
    expect(time(lower, 3)).toBeCloseTo(168, 9);
    // The same part turned to fit on its side has other layers than its profile's: taken as a prism.
    const tall = box(50, 50, 150);
    const tallLower = box(50, 50, 150, { volume_bands_mm3: [...new Array(750).fill(500), ...new Array(750).fill(0)] });
    expect(time(tallLower, 20)).toBe(time(tall, 20));
    expect(time(tallLower, 20, "fff-big")).toBeGreaterThan(time(tall, 20, "fff-big"));
  });

  it("flags a part larger than every printer as a DFM error and still shows an indication", () => {
    const r = priceFff(box(600, 50, 50), book, opts);
    expect(r.dfm[0]).toMatchObject({ severity: "error", code: "PART_TOO_LARGE" });
    expect(r.orderable).toBe(false);
    expect(r.machine.code).toBe("fff-big");
    expect(r.total).toBe(sumLines(r.breakdown));
  });

  it("flags a part too large for the printer asked for, even when another would take it", () => {
    const r = priceFff(box(300, 50, 50), book, { ...opts, machine: "fff-a" });
    expect(r.dfm[0]).toMatchObject({ severity: "error", code: "PART_TOO_LARGE" });
    expect(r.dfm[0].message).toContain('machine "fff-a"');
    expect(priceFff(box(300, 50, 50), book, opts).orderable).toBe(true);
  });

  it("refuses an open mesh with the open edges highlighted", () => {
    const r = priceFff(box(10, 10, 10, { watertight: false, open_edges: 4 }), book, opts);
    expect(r.dfm).toContainEqual(expect.objectContaining({ severity: "error", code: "NOT_WATERTIGHT", faces: "open_edges" }));
    expect(r.orderable).toBe(false);
  });

  it("reports an empty mesh and inverted normals", () => {
    expect(priceFff(box(10, 10, 10, { volume_mm3: 0 }), book, opts).dfm[0].code).toBe("EMPTY_MESH");
    const inverted = priceFff(box(10, 10, 10, { volume_mm3: -1000, inverted_shells: 1 }), book, opts);
    expect(inverted.dfm.map((f) => f.code)).toEqual(["INVERTED_NORMALS"]);
    expect(inverted.total).toBe(281);
  });

  it("keeps the colour asked for", () => {
    expect(priceFff(box(10, 10, 10), book, { ...opts, colour: "white" }).colour).toBe("white");
  });
});
