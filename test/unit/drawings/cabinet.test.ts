import { describe, expect, it } from "vitest";
import { cabinetElevation } from "../../../engine/drawings/cabinet/elevation.ts";
import { SECTION_AT } from "../../../engine/drawings/cabinet/panels.ts";
import { cabinetPlan } from "../../../engine/drawings/cabinet/plan.ts";
import { cabinetSection } from "../../../engine/drawings/cabinet/section.ts";
import { dimensionValue } from "../../../engine/drawings/dimensions.ts";
import { drawingNumberPrefix } from "../../../engine/drawings/index.ts";
import { scaleDenominator } from "../../../engine/drawings/scale.ts";
import { BACK_THICKNESS, cabinetHandles, cabinetPanels } from "../../../engine/products/cabinet/layout.ts";
import { baseCabinet } from "../products/configs.ts";
import { cabinetSheetOf, PAIR_CABINET } from "./fixtures.ts";

const values = (v: { dimensions: Parameters<typeof dimensionValue>[0][] }, side: string, row: number) =>
  v.dimensions.filter((d) => d.side === side && d.row === row).map(dimensionValue);

describe("kitchen base cabinet drawings, from the panels the BOM and GLB use", () => {
  for (const [name, c] of [
    ["one door and a drawer", baseCabinet],
    ["two doors, two shelves", PAIR_CABINET],
  ] as const) {
    const panels = cabinetPanels(c);
    const fronts = panels.filter((p) => p.role === "door" || p.role === "drawer_front");

    it(`${name}: elevation dimensions are the configured width, plinth and carcass heights, and each front's cut size`, () => {
      const v = cabinetElevation(c);
      expect(values(v, "below", 0)).toEqual([c.width]);
      expect(values(v, "left", 0)).toEqual([c.plinth_height, c.height]);
      expect(values(v, "left", 1)).toEqual([c.plinth_height + c.height]);
      expect(values(v, "right", 0)).toEqual(fronts.map((p) => p.size[1]));
      expect(v.dimensions.filter((d) => d.side === "above").map(dimensionValue)).toEqual(fronts.filter((p) => p.role === "door").map((p) => p.width));
      // Handles where the 3D model puts them; one opening symbol per door.
      const handles = cabinetHandles(c, panels);
      for (const h of handles) {
        expect(
          v.shapes.some(
            ({ layer, shape }) => layer === "THIN" && shape.kind === "polyline" && shape.points[0][0] === h.x - h.length / 2 && shape.points[0][1] === h.y - 6,
          ),
        ).toBe(true);
      }
      expect(v.shapes.filter((s) => s.layer === "SYMBOLS")).toHaveLength(c.doors);
      expect(v.shapes.filter((s) => s.layer === "TEXT" && s.shape.kind === "text" && s.shape.text === "A")).toHaveLength(2);
    });

    it(`${name}: plan dimensions the width and the depth with back and fronts`, () => {
      const v = cabinetPlan(c);
      expect(values(v, "below", 0)).toEqual([c.width]);
      expect(values(v, "left", 0)).toEqual([c.board_thickness, c.depth, BACK_THICKNESS]);
      expect(values(v, "left", 1)).toEqual([c.board_thickness + c.depth + BACK_THICKNESS]);
    });

    it(`${name}: section A–A cuts every panel across the plane, hatched as board, the thin back filled solid`, () => {
      const v = cabinetSection(c);
      const cut = panels.filter((p) => p.role !== "side" && p.position[0] <= SECTION_AT(c) && p.position[0] + p.size[0] >= SECTION_AT(c));
      // The cut panels and the far side seen beyond.
      expect(v.shapes.filter((s) => s.layer === "OUTLINE")).toHaveLength(cut.length + 1);
      expect(v.shapes.filter((s) => s.layer === "HATCH" && s.shape.kind === "fill")).toHaveLength(1);
      expect(v.shapes.filter((s) => s.layer === "HATCH" && s.shape.kind === "line").length).toBeGreaterThan(cut.length);
      expect(values(v, "below", 0)).toEqual([BACK_THICKNESS, c.depth, c.board_thickness]);
      expect(values(v, "left", 1)).toEqual([c.plinth_height + c.height]);
      expect(values(v, "right", 0).reduce((a, b) => a + b, 0)).toBe(c.height - 2 * c.board_thickness);
      expect(values(v, "right", 0)).toHaveLength(c.shelves + 1);
    });
  }

  it("on the sheet, the cabinet's width measures its configured size at the sheet's scale", () => {
    const sheet = cabinetSheetOf("elevation", PAIR_CABINET);
    const n = scaleDenominator(sheet.scale);
    const carcass = sheet.layers.OUTLINE[0];
    expect(carcass.kind).toBe("polyline");
    if (carcass.kind === "polyline") expect((carcass.points[1][0] - carcass.points[0][0]) * n).toBeCloseTo(PAIR_CABINET.width, 6);
    expect(sheet.dimensions.map((d) => d.text.text)).toEqual(expect.arrayContaining(["1000", "150", "720", "870"]));
  });

  it("numbers its drawings KBC-ELV, KBC-PLN, KBC-SEC", () => {
    expect(["elevation", "plan", "section"].map((t) => drawingNumberPrefix("kitchen-base-cabinet", t as "plan"))).toEqual(["KBC-ELV", "KBC-PLN", "KBC-SEC"]);
  });
});
