import { describe, expect, it } from "vitest";
import { DrawingFitError, ISO_SCALES } from "../../../engine/drawings/index.ts";
import { detailView } from "../../../engine/drawings/detail.ts";
import { dimensionValue } from "../../../engine/drawings/dimensions.ts";
import { doorDetails, sectionADetails, sectionBDetails } from "../../../engine/drawings/door/details.ts";
import { doorHorizontalSection } from "../../../engine/drawings/door/horizontal-section.ts";
import type { Shape } from "../../../engine/drawings/model.ts";
import { scaleDenominator } from "../../../engine/drawings/scale.ts";
import { SEED_EXAMPLE_DOOR } from "../../../engine/products/door/example.ts";
import { doorLayout } from "../../../engine/products/door/layout.ts";
import { DOOR_SYSTEM, PROFILES } from "../../../engine/products/door/profiles.ts";
import { sheetOf, SINGLE_INWARD } from "./fixtures.ts";

const pointsOf = (s: Shape) =>
  s.kind === "line" ? [s.a, s.b] : s.kind === "polyline" || s.kind === "fill" ? s.points : s.kind === "circle" || s.kind === "arc" ? [s.c] : [s.at];

describe("door details (ISO 5455 scales, circled on the section they enlarge)", () => {
  for (const [name, config, captions] of [
    ["seed double outward", SEED_EXAMPLE_DOOR, ["hinge", "meeting stile", "threshold"]],
    ["single inward", SINGLE_INWARD, ["hinge", "lock strike", "threshold"]],
  ] as const) {
    it(`${name}: C, D and E, each at a standard scale larger than its parent section's`, () => {
      const details = sheetOf("detail", config, "A3");
      const sections = sheetOf("section", config, "A3");
      expect(details.views.map((v) => v.title)).toEqual(captions.map((c, i) => `Detail ${"CDE"[i]}: ${c}`));
      for (const v of details.views) {
        expect(ISO_SCALES).toContain(v.scale);
        expect(scaleDenominator(v.scale)).toBeLessThan(scaleDenominator(sections.scale));
      }
      // The title block states the scale the details use; each title states its own.
      expect(details.scale).toBe(details.views[0].scale);
      const titles = details.layers.TEXT.flatMap((s) => (s.kind === "text" ? [s.text] : []));
      for (const v of details.views) expect(titles).toContain(`${v.title.toUpperCase()} (${v.scale})`);
    });

    it(`${name}: each detail's circle and letter stand on its parent section, and the detail holds only what is inside it`, () => {
      const sections = sheetOf("section", config, "A3");
      const letters = sections.layers.TEXT.flatMap((s) => (s.kind === "text" ? [s.text] : []));
      expect(letters).toEqual(expect.arrayContaining(["C", "D", "E"]));
      const marks = [...sectionBDetails(config), ...sectionADetails(config)];
      const n = scaleDenominator(sections.scale);
      const circles = sections.layers.THIN.filter((s) => s.kind === "circle");
      for (const m of marks) expect(circles.some((c) => c.kind === "circle" && Math.abs(c.r - m.radius / n) < 1e-9)).toBe(true);

      for (const [i, v] of doorDetails(config).entries()) {
        const m = marks[i];
        for (const { shape } of v.shapes) {
          for (const p of pointsOf(shape)) expect(Math.hypot(p[0] - m.centre[0], p[1] - m.centre[1])).toBeLessThanOrEqual(m.radius + 1e-6);
        }
        expect(v.shapes.some((s) => s.layer === "HATCH")).toBe(true);
        expect(v.shapes.some((s) => s.layer === "OUTLINE")).toBe(true);
      }
    });
  }

  it("the meeting stile detail dimensions both meeting stiles and their overlap; the threshold detail its height and the leaf's lap", () => {
    const [, meeting, threshold] = doorDetails(SEED_EXAMPLE_DOOR);
    const sm = PROFILES["SPW600e-MEET-64"].face_width;
    const r = DOOR_SYSTEM.meeting_overlap;
    expect(meeting.dimensions.filter((d) => d.side === "below").map(dimensionValue)).toEqual([sm - r, r, sm - r]);
    const values = threshold.dimensions.map(dimensionValue);
    expect(values).toEqual(expect.arrayContaining([doorLayout(SEED_EXAMPLE_DOOR).threshold_height, DOOR_SYSTEM.leaf_lap, PROFILES["SPW600e-FRAME-75"].depth]));
  });

  it("on the sheet, a detail is drawn at its own scale: the jamb measures its face width at 1:2", () => {
    const sheet = sheetOf("detail");
    const hinge = sheet.views[0];
    expect(hinge.scale).toBe("1:2");
    const f = PROFILES["SPW600e-FRAME-75"].face_width;
    const dim = sheet.dimensions.find((d) => d.text.text === String(f));
    expect(dim).toBeDefined();
    // The jamb's outline in the detail spans its face width (clipped polylines become lines; its full-width face is on the stop side).
    const view = detailView(doorHorizontalSection(SEED_EXAMPLE_DOOR), sectionBDetails(SEED_EXAMPLE_DOOR)[0]);
    const jambEdges = view.shapes.filter((s) => s.layer === "OUTLINE" && s.shape.kind === "line" && s.shape.a[1] === 75 && s.shape.b[1] === 75);
    const lengths = jambEdges.map((s) => (s.shape.kind === "line" ? Math.abs(s.shape.b[0] - s.shape.a[0]) : 0));
    expect(lengths.some((l) => Math.abs(l - f) < 1e-6)).toBe(true);
    const n = scaleDenominator(hinge.scale);
    const w = (hinge.bounds.max[0] - hinge.bounds.min[0]) / n;
    expect(w).toBeCloseTo((2 * sectionBDetails(SEED_EXAMPLE_DOOR)[0].radius) / 2, 9);
  });

  it("details keep their scales whatever scale is asked for; a sheet too small for them names the one that holds them", () => {
    expect(sheetOf("detail", SEED_EXAMPLE_DOOR, "A3", "1:20").views.map((v) => v.scale)).toEqual(["1:2", "1:2", "1:2"]);
    try {
      sheetOf("detail", SEED_EXAMPLE_DOOR, "A4");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DrawingFitError);
      expect((e as DrawingFitError).details[0].field).toBe("sheet");
      expect((e as DrawingFitError).suggested_sheet).toBe("A3");
    }
  });
});
