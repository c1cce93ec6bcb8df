import { describe, expect, it } from "vitest";
import { DrawingFitError, ISO_SCALES } from "../../../engine/drawings/index.ts";
import { detailView } from "../../../engine/drawings/detail.ts";
import { dimensionValue } from "../../../engine/drawings/dimensions.ts";
import { doorDetails, sectionADetails, sectionBDetails } from "../../../engine/drawings/door/details.ts";
import { doorHorizontalSection } from "../../../engine/drawings/door/horizontal-section.ts";
import type { Shape, TextShape } from "../../../engine/drawings/model.ts";
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

    it(`${name}: each detail letter stands just outside its circle, clear of every dimension's text and line; no circle runs through a dimension's text`, () => {
      const sections = sheetOf("section", config, "A3");
      const n = scaleDenominator(sections.scale);
      // Independent of the engine's estimate: a generous 0.75 of the height per character, the full height above the baseline.
      const box = (t: TextShape) => {
        const w = t.text.length * 0.75 * t.height;
        const start = t.align === "left" ? 0 : t.align === "center" ? -w / 2 : -w;
        return t.rotation === 0
          ? { x0: t.at[0] + start, x1: t.at[0] + start + w, y0: t.at[1], y1: t.at[1] + t.height }
          : { x0: t.at[0] - t.height, x1: t.at[0], y0: t.at[1] + start, y1: t.at[1] + start + w };
      };
      const meets = (a: ReturnType<typeof box>, b: ReturnType<typeof box>) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
      const dimensionTexts = sections.dimensions.map((d) => box(d.text));
      const circles = sections.layers.THIN.filter((s) => s.kind === "circle");
      for (const c of circles) {
        if (c.kind !== "circle") continue;
        for (const d of dimensionTexts) {
          const near = Math.hypot(Math.max(d.x0 - c.c[0], 0, c.c[0] - d.x1), Math.max(d.y0 - c.c[1], 0, c.c[1] - d.y1));
          const far = Math.max(...[d.x0, d.x1].flatMap((x) => [d.y0, d.y1].map((y) => Math.hypot(x - c.c[0], y - c.c[1]))));
          expect(near < c.r && far > c.r, `circle r ${c.r} through a dimension value`).toBe(false);
        }
      }
      for (const m of [...sectionBDetails(config), ...sectionADetails(config)]) {
        const letter = sections.layers.TEXT.find((s): s is TextShape => s.kind === "text" && s.text === m.letter);
        expect(letter, m.letter).toBeDefined();
        const b = box(letter!);
        for (const d of dimensionTexts) expect(meets(b, d), `${m.letter} against a dimension value`).toBe(false);
        // Its dimension lines too (extension and dimension lines are the DIMENSIONS layer's lines).
        for (const l of sections.layers.DIMENSIONS) {
          if (l.kind !== "line") continue;
          const line = { x0: Math.min(l.a[0], l.b[0]), x1: Math.max(l.a[0], l.b[0]), y0: Math.min(l.a[1], l.b[1]), y1: Math.max(l.a[1], l.b[1]) };
          expect(meets(b, line), `${m.letter} against a dimension line`).toBe(false);
        }
        // Beside a circle of its size (the nearest one): outside it, within a few millimetres.
        const gap = (c: Shape) =>
          c.kind === "circle" ? Math.hypot(Math.max(b.x0 - c.c[0], 0, c.c[0] - b.x1), Math.max(b.y0 - c.c[1], 0, c.c[1] - b.y1)) - c.r : Infinity;
        const own = circles.filter((c) => c.kind === "circle" && Math.abs(c.r - m.radius / n) < 1e-9).map(gap);
        expect(Math.min(...own)).toBeGreaterThan(0);
        expect(Math.min(...own)).toBeLessThan(16);
      }
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
