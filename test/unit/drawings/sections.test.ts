import { describe, expect, it } from "vitest";
import { doorElevation } from "../../../engine/drawings/door/elevation.ts";
import { doorHorizontalSection, keptSpans } from "../../../engine/drawings/door/horizontal-section.ts";
import { dimensionValue } from "../../../engine/drawings/dimensions.ts";
import { hatchLines } from "../../../engine/drawings/hatch.ts";
import type { Shape } from "../../../engine/drawings/model.ts";
import { scaleDenominator } from "../../../engine/drawings/scale.ts";
import { SEED_EXAMPLE_DOOR } from "../../../engine/products/door/example.ts";
import { LOCK_HEIGHT } from "../../../engine/products/door/hardware.ts";
import { doorLayout } from "../../../engine/products/door/layout.ts";
import { DOOR_SYSTEM, GLASS_BUILD_UP, PROFILES } from "../../../engine/products/door/profiles.ts";
import { sheetOf, SINGLE_INWARD } from "./fixtures.ts";

const f = PROFILES["SPW600e-FRAME-75"].face_width;
const depth = PROFILES["SPW600e-FRAME-75"].depth;
const xsOf = (s: Shape) => (s.kind === "polyline" || s.kind === "fill" ? s.points.map((p) => p[0]) : s.kind === "line" ? [s.a[0], s.b[0]] : []);

describe("hatching (ISO 128-50)", () => {
  it("45° lines at the pitch, clipped to the cut rectangle", () => {
    const lines = hatchLines(0, 0, 40, 20, 45, 5);
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) {
      if (l.kind !== "line") throw new Error("line expected");
      for (const p of [l.a, l.b]) {
        expect(p[0]).toBeGreaterThanOrEqual(-1e-9);
        expect(p[0]).toBeLessThanOrEqual(40 + 1e-9);
        expect(p[1]).toBeGreaterThanOrEqual(-1e-9);
        expect(p[1]).toBeLessThanOrEqual(20 + 1e-9);
      }
      expect(l.b[1] - l.a[1]).toBeCloseTo(l.b[0] - l.a[0], 9);
    }
    // Neighbouring lines are the pitch apart, measured square to them.
    const c = lines.map((l) => (l.kind === "line" ? l.a[1] - l.a[0] : 0)).sort((a, b) => a - b);
    expect((c[1] - c[0]) / Math.SQRT2).toBeCloseTo(5, 9);
  });
});

describe("section B–B (horizontal, at the lock height)", () => {
  for (const [name, config] of [
    ["seed double outward", SEED_EXAMPLE_DOOR],
    ["single inward", SINGLE_INWARD],
  ] as const) {
    const layout = doorLayout(config);
    const view = doorHorizontalSection(config);
    const W = layout.frame_width;

    it(`${name}: the width dimensions carry the frame's real sizes across the breaks and add up to the overall`, () => {
      const below0 = view.dimensions.filter((d) => d.side === "below" && d.row === 0).map(dimensionValue);
      expect(below0).toEqual([f, W - 2 * f, f]);
      expect(view.dimensions.filter((d) => d.side === "below" && d.row === 1).map(dimensionValue)).toEqual([W]);
      const above = view.dimensions.filter((d) => d.side === "above").map(dimensionValue);
      expect(above).toEqual(layout.leaves.map((l) => l.rect.width));
      const right = view.dimensions.filter((d) => d.side === "right").map(dimensionValue);
      expect(right).toEqual([config.glazing_thickness, depth - 2 * DOOR_SYSTEM.leaf_inset]);
      expect(view.dimensions.find((d) => d.side === "left")).toMatchObject({ axis: "y" });
    });

    it(`${name}: drawn width is the frame width less what the breaks leave out; at the sheet's scale the jambs measure their face width`, () => {
      const kept = keptSpans(config).reduce((s, [a, b]) => s + b - a, 0);
      const gaps = keptSpans(config).length - 1;
      const frame = view.shapes.filter((s) => s.layer === "OUTLINE").flatMap((s) => xsOf(s.shape));
      expect(Math.max(...frame) - Math.min(...frame)).toBeCloseTo(kept + 60 * gaps, 6);
      const sheet = sheetOf("section", config, "A3");
      const n = scaleDenominator(sheet.scale);
      const placed = sheet.views.find((v) => v.code === "SEB");
      expect(placed).toBeDefined();
      // The first outline is the left jamb: its face width on paper is f / n.
      const jamb = sheet.layers.OUTLINE.find(
        (s) => s.kind === "polyline" && Math.abs(s.points[0][0] - (placed?.origin[0] ?? 0) - (0 - view.bounds.min[0]) / n) < 1e-6,
      );
      expect(jamb).toBeDefined();
      const xs = xsOf(jamb as Shape);
      expect(Math.max(...xs) - Math.min(...xs)).toBeCloseTo(f / n, 6);
    });

    it(`${name}: glazing unit pane by pane, gaskets filled, every cut profile hatched per material`, () => {
      const panes = GLASS_BUILD_UP[config.glazing_type].panes_mm.length;
      const g0 = (depth - config.glazing_thickness) / 2;
      const strut = [(depth - DOOR_SYSTEM.thermal_break) / 2, (depth + DOOR_SYSTEM.thermal_break) / 2];
      // Narrow lines across the glazing's depth other than the thermal-break struts are the pane faces.
      const faces = new Set(
        view.shapes.flatMap(({ layer, shape }) =>
          layer === "THIN" &&
          shape.kind === "line" &&
          shape.a[1] === shape.b[1] &&
          shape.a[1] >= g0 - 1e-9 &&
          shape.a[1] <= g0 + config.glazing_thickness + 1e-9 &&
          !strut.includes(shape.a[1])
            ? [shape.a[1].toFixed(3)]
            : [],
        ),
      );
      expect(faces.size).toBe(2 * panes);
      // Two gaskets at each stile of each leaf, and one between the meeting stiles of a double door.
      const fills = view.shapes.filter((s) => s.shape.kind === "fill");
      expect(fills).toHaveLength(4 * layout.leaves.length + (layout.leaves.length - 1));
      expect(fills.every((s) => s.layer === "HATCH")).toBe(true);
      // Aluminium at 45° and the polyamide struts crossed at 45° and 135°.
      const slopes = view.shapes.flatMap(({ layer, shape }) =>
        layer === "HATCH" && shape.kind === "line" ? [Math.sign((shape.b[1] - shape.a[1]) / (shape.b[0] - shape.a[0]))] : [],
      );
      expect(slopes.filter((s) => s > 0).length).toBeGreaterThan(slopes.filter((s) => s < 0).length);
      expect(slopes.filter((s) => s < 0).length).toBeGreaterThan(0);
      const crossed = view.shapes.filter(
        ({ layer, shape }) =>
          layer === "HATCH" &&
          shape.kind === "line" &&
          shape.b[1] < shape.a[1] + 1e-9 &&
          Math.min(shape.a[1], shape.b[1]) >= strut[0] - 1e-9 &&
          Math.max(shape.a[1], shape.b[1]) <= strut[1] + 1e-9,
      );
      expect(crossed.length).toBeGreaterThan(0);
    });

    it(`${name}: the elevation marks the cutting plane B–B at the lock height, across the frame`, () => {
      const elevation = doorElevation(config);
      const letters = elevation.shapes.filter((s) => s.layer === "TEXT" && s.shape.kind === "text" && s.shape.text === "B");
      expect(letters).toHaveLength(2);
      const plane = elevation.shapes.find(
        (s) => s.layer === "CENTRE" && s.shape.kind === "line" && s.shape.a[1] === LOCK_HEIGHT && s.shape.b[1] === LOCK_HEIGHT,
      );
      expect(plane?.shape).toMatchObject({ a: [0, LOCK_HEIGHT], b: [W, LOCK_HEIGHT] });
    });
  }

  it("the section sheet holds A–A and B–B at one scale", () => {
    const sheet = sheetOf("section");
    expect(sheet.views.map((v) => v.title)).toEqual(["Section A–A", "Section B–B"]);
    expect(sheet.scale).toBe("1:5");
  });
});
