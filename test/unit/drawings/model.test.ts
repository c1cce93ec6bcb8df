import { describe, expect, it } from "vitest";
import { composeSheet, DrawingFitError, LAYERS, type DrawingView } from "../../../engine/drawings/index.ts";
import { doorElevation } from "../../../engine/drawings/door/elevation.ts";
import { doorPlan } from "../../../engine/drawings/door/plan.ts";
import { doorVerticalSection } from "../../../engine/drawings/door/section.ts";
import { dimensionValue } from "../../../engine/drawings/dimensions.ts";
import { gridDivisions, SHEET_FORMATS, sheetFrame } from "../../../engine/drawings/sheet.ts";
import { isEngineError } from "../../../engine/errors.ts";
import { SEED_EXAMPLE_DOOR } from "../../../engine/products/door/example.ts";
import { doorHardware } from "../../../engine/products/door/hardware.ts";
import { doorLayout } from "../../../engine/products/door/layout.ts";
import { sheetOf, SINGLE_INWARD, TITLE } from "./fixtures.ts";

describe("ISO 5457 sheet", () => {
  it.each([
    ["A4", 210, 297, 4, 6],
    ["A3", 420, 297, 8, 6],
    ["A2", 594, 420, 12, 8],
    ["A1", 841, 594, 16, 12],
  ] as const)("%s is %i × %i mm with a 20 mm filing margin, 10 mm elsewhere and %i × %i grid fields", (format, w, h, cols, rows) => {
    expect(SHEET_FORMATS[format]).toEqual({ width: w, height: h });
    const f = sheetFrame(format);
    expect(f.inner).toEqual({ x0: 20, y0: 10, x1: w - 10, y1: h - 10 });
    expect(gridDivisions(w, 20, w - 10).length - 1).toBe(cols);
    expect(gridDivisions(h, 10, h - 10).length - 1).toBe(rows);
    // Centring marks at the middle of each side, from the trimmed edge past the frame.
    const marks = f.frame.filter((s) => s.kind === "line");
    expect(marks).toContainEqual({ kind: "line", a: [w / 2, 0], b: [w / 2, 15] });
    expect(marks).toContainEqual({ kind: "line", a: [0, h / 2], b: [25, h / 2] });
    const labels = f.grid.flatMap((s) => (s.kind === "text" ? [s.text] : []));
    expect(labels.filter((t) => t === String(cols))).toHaveLength(2);
    expect(labels).not.toContain("I");
  });

  it("reference grid fields are 50 mm, counted from the centring marks", () => {
    const xs = gridDivisions(420, 20, 410);
    expect(xs).toEqual([20, 60, 110, 160, 210, 260, 310, 360, 410]);
  });
});

describe("ISO 7200 title block and revision index", () => {
  const sheet = sheetOf("elevation");
  const texts = sheet.layers.TITLE.flatMap((s) => (s.kind === "text" ? [s.text] : []));

  it("carries every mandatory field with its value", () => {
    for (const label of [
      "Legal owner",
      "Identification number",
      "Title",
      "Document type",
      "Date of issue",
      "Sheet",
      "Created by",
      "Approved by",
      "Document status",
      "Rev.",
    ]) {
      expect(texts).toContain(label);
    }
    for (const value of [
      TITLE.legal_owner,
      "SPW600E-ELV-001",
      TITLE.title,
      TITLE.document_type,
      TITLE.creator,
      TITLE.approver,
      TITLE.status,
      "1/1",
      "SCALE 1:20",
    ]) {
      expect(texts).toContain(value);
    }
  });

  it("lists every revision with its date and reason; the current one is the last", () => {
    expect(sheet.revision).toBe("B");
    expect(texts).toEqual(expect.arrayContaining(["A", "2026-12-01", "First issue", "B", "2026-12-05", "Closer added"]));
  });

  it("sits in the frame's bottom-right corner", () => {
    const xs = sheet.layers.TITLE.flatMap((s) => (s.kind === "line" ? [s.a[0], s.b[0]] : s.kind === "polyline" ? s.points.map((p) => p[0]) : []));
    expect(Math.max(...xs)).toBe(410);
    expect(Math.min(...xs)).toBe(230);
  });
});

describe("a sheet revised again and again", () => {
  const plan = doorPlan(SEED_EXAMPLE_DOOR);
  const revisionsUpTo = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ revision: String.fromCharCode(65 + i), date: `2026-12-0${(i % 9) + 1}`, reason: `Change no. ${i + 1}` }));
  // The scale the first issue gets (a revision keeps it).
  const firstIssue = composeSheet([plan], { format: "A3", scale: "auto", title_block: TITLE, revisions: revisionsUpTo(1) });

  it("keeps its scale: the revision table lists the latest revisions that leave the view its room, always the current one", () => {
    const listed = (n: number) => {
      const sheet = composeSheet([plan], { format: "A3", scale: firstIssue.scale, title_block: TITLE, revisions: revisionsUpTo(n) });
      expect(sheet.scale).toBe(firstIssue.scale);
      expect(sheet.revision).toBe(String.fromCharCode(64 + n));
      const texts = new Set(sheet.layers.TITLE.flatMap((s) => (s.kind === "text" ? [s.text] : [])));
      const reasons = revisionsUpTo(n).filter((r) => texts.has(r.reason));
      // The view stays clear of the table as drawn.
      const tableTop = inTitleBlockTop(sheet);
      const inner = sheetFrame(sheet.format).inner;
      for (const s of sheet.layers.OUTLINE)
        for (const [x, y] of s.kind === "line" ? [s.a, s.b] : s.kind === "polyline" ? s.points : []) expect(x <= inner.x1 - 180 || y >= tableTop).toBe(true);
      return reasons.map((r) => r.revision);
    };
    expect(listed(1)).toEqual(["A"]);
    expect(listed(2)).toEqual(["A", "B"]);
    // Twelve revisions do not all fit above the title block beside this view: the latest ones are listed, ending with L.
    const twelve = listed(12);
    expect(twelve.length).toBeGreaterThanOrEqual(1);
    expect(twelve.length).toBeLessThan(12);
    expect(twelve.at(-1)).toBe("L");
    expect(twelve).toEqual(
      revisionsUpTo(12)
        .slice(12 - twelve.length)
        .map((r) => r.revision),
    );
  });
});

/** The top of the title block and revision table as drawn (its highest line). */
function inTitleBlockTop(sheet: ReturnType<typeof composeSheet>) {
  return Math.max(...sheet.layers.TITLE.flatMap((s) => (s.kind === "line" ? [s.a[1], s.b[1]] : s.kind === "polyline" ? s.points.map((p) => p[1]) : [])));
}

describe("ISO 5455 scales and automatic layout", () => {
  it("auto picks the largest standard scale that fits the sheet", () => {
    expect(sheetOf("elevation").scale).toBe("1:20");
    expect(sheetOf("elevation", SEED_EXAMPLE_DOOR, "A2").scale).toBe("1:10");
    expect(sheetOf("elevation", SEED_EXAMPLE_DOOR, "A1").scale).toBe("1:10");
    expect(sheetOf("plan", SEED_EXAMPLE_DOOR, "A1").scale).toBe("1:5");
    expect(sheetOf("elevation", SINGLE_INWARD, "A4").scale).toBe("1:50");
    expect(sheetOf("plan", SINGLE_INWARD, "A4").scale).toBe("1:10");
  });

  it("places the view inside the frame, clear of the title block", () => {
    for (const sheet of [sheetOf("elevation"), sheetOf("plan"), sheetOf("elevation", SINGLE_INWARD, "A4")]) {
      const pts = [...sheet.layers.OUTLINE, ...sheet.layers.DIMENSIONS].flatMap((s) =>
        s.kind === "line" ? [s.a, s.b] : s.kind === "polyline" || s.kind === "fill" ? s.points : s.kind === "text" ? [s.at] : [],
      );
      const inner = sheetFrame(sheet.format).inner;
      for (const [x, y] of pts) {
        expect(x).toBeGreaterThan(inner.x0);
        expect(x).toBeLessThan(inner.x1);
        expect(y).toBeGreaterThan(inner.y0);
        expect(y).toBeLessThan(inner.y1);
        const inTitleBlock = x > inner.x1 - 180 && y < inner.y0 + 27 + 6 * 3;
        expect(inTitleBlock).toBe(false);
      }
    }
  });

  it("a requested scale that does not fit is refused with the scale that would", () => {
    const err = (() => {
      try {
        sheetOf("elevation", SEED_EXAMPLE_DOOR, "A3", "1:10");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DrawingFitError);
    const fit = err as DrawingFitError;
    expect(fit.status).toBe(422);
    expect(fit.suggested_scale).toBe("1:20");
    expect(fit.suggested_sheet).toBe("A2");
    expect(fit.details[0].field).toBe("scale");
    expect(fit.message).toContain("use 1:20");
  });

  it("the seed door's two elevations do not fit A4 at any scale: refused, naming A3 at 1:20", () => {
    try {
      sheetOf("elevation", SEED_EXAMPLE_DOOR, "A4");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DrawingFitError);
      expect((e as DrawingFitError).suggested_sheet).toBe("A3");
      expect((e as DrawingFitError).suggested_scale).toBe("1:20");
      expect((e as DrawingFitError).message).toBe("The view does not fit an A4 sheet even at 1:50: use an A3 sheet at 1:20.");
    }
  });

  it("a view too large for the sheet at every scale names the sheet that holds it", () => {
    const huge: DrawingView = { code: "X", title: "Wall", shapes: [], dimensions: [], bounds: { min: [0, 0], max: [30000, 12000] } };
    const req = { format: "A3" as const, scale: "auto" as const, title_block: TITLE, revisions: [] };
    expect(() => composeSheet([huge], req)).toThrow(DrawingFitError);
    try {
      composeSheet([huge], req);
    } catch (e) {
      expect((e as DrawingFitError).suggested_sheet).toBe("A1");
      expect((e as DrawingFitError).suggested_scale).toBe("1:50");
      expect((e as DrawingFitError).details[0].field).toBe("sheet");
    }
  });

  it.each([
    [{ drawing_type: "isometric" }, "drawing_types"],
    [{ scale: "1:3" }, "scale"],
    [{ sheet: "A0" }, "sheet"],
  ])("unknown input %o is a 422 naming %s", (bad, field) => {
    const run = () =>
      sheetOf(
        ((bad as { drawing_type?: string }).drawing_type ?? "elevation") as "elevation",
        SEED_EXAMPLE_DOOR,
        (bad as { sheet?: string }).sheet ?? "A3",
        (bad as { scale?: string }).scale ?? "auto",
      );
    try {
      run();
      expect.unreachable();
    } catch (e) {
      expect(isEngineError(e)).toBe(true);
      if (isEngineError(e)) {
        expect(e.status).toBe(422);
        expect(e.details[0].field).toBe(field);
      }
    }
  });
});

describe("door views from the door's own layout", () => {
  const layout = doorLayout(SEED_EXAMPLE_DOOR);
  const view = doorElevation(SEED_EXAMPLE_DOOR);
  const row = (side: string, r: number) => view.dimensions.filter((d) => d.side === side && d.row === r);
  const sum = (side: string, r: number) => row(side, r).reduce((s, d) => s + dimensionValue(d), 0);

  it("ISO 129-1: every chain adds up to the overall size it stands beside", () => {
    expect(sum("below", 0)).toBe(layout.frame_width);
    expect(row("below", 1).map(dimensionValue)).toEqual([1870]);
    expect(sum("above", 0)).toBe(layout.frame_width);
    expect(sum("left", 0)).toBe(layout.frame_height);
    expect(row("left", 1).map(dimensionValue)).toEqual([2235]);
    expect(sum("right", 0)).toBe(layout.frame_height);
  });

  it("dimensions the frame, leaf and sight sizes the BOM is cut from", () => {
    const values = view.dimensions.map(dimensionValue);
    for (const leaf of layout.leaves) {
      expect(values).toContain(leaf.rect.width);
      expect(values).toContain(leaf.glass_visible.width);
    }
    expect(values).toContain(layout.leaves[0].rect.height);
    expect(values).toContain(layout.leaves[0].glass_visible.height);
    expect(values).toContain(layout.threshold_height);
  });

  it("draws hinges and locks where the 3D model puts them", () => {
    const hw = doorHardware(SEED_EXAMPLE_DOOR, layout);
    expect(hw.hinges).toHaveLength(2 * 3);
    const boxes = view.shapes.filter((s) => s.layer === "THIN" && s.shape.kind === "polyline");
    for (const h of hw.hinges) {
      expect(boxes.some(({ shape }) => shape.kind === "polyline" && shape.points[0][0] === h.x - 10 && shape.points[0][1] === h.y - 50)).toBe(true);
    }
    const lockDim = view.dimensions.find((d) => d.side === "right" && d.row === 2);
    expect(lockDim && dimensionValue(lockDim)).toBe(hw.locks[0].y);
  });

  it("shows the opening: solid symbol for a door opening towards the viewer, dashed for one opening away", () => {
    expect(view.shapes.filter((s) => s.layer === "SYMBOLS")).toHaveLength(2);
    const inward = doorElevation(SINGLE_INWARD);
    expect(inward.shapes.filter((s) => s.layer === "SYMBOLS")).toHaveLength(0);
    expect(inward.shapes.filter((s) => s.layer === "HIDDEN" && s.shape.kind === "polyline" && !s.shape.closed)).toHaveLength(1);
    // Seen from inside, the seed's outward door opens away.
    const inside = doorElevation(SEED_EXAMPLE_DOOR, "inside");
    expect(inside.shapes.filter((s) => s.layer === "SYMBOLS")).toHaveLength(0);
    expect(inside.shapes.filter((s) => s.layer === "HIDDEN" && s.shape.kind === "polyline" && !s.shape.closed)).toHaveLength(2);
  });

  it("the elevation sheet shows the outside and the mirrored inside face", () => {
    const sheet = sheetOf("elevation");
    expect(sheet.views.map((v) => v.title)).toEqual(["Elevation (outside)", "Elevation (inside)"]);
    const inside = doorElevation(SEED_EXAMPLE_DOOR, "inside");
    const outside = doorElevation(SEED_EXAMPLE_DOOR, "outside");
    // The lock dimension stands on the right outside and on the left inside, over the same height.
    const lock = (v: typeof inside) => v.dimensions.find((d) => d.row === 2 && d.axis === "y");
    expect(lock(outside)?.side).toBe("right");
    expect(lock(inside)?.side).toBe("left");
    expect(lock(inside) && dimensionValue(lock(inside)!)).toBe(1050);
  });

  it("plan: one 90° opening arc per leaf with the leaf's swing radius, frame depth dimensioned", () => {
    const plan = doorPlan(SEED_EXAMPLE_DOOR);
    const arcs = plan.shapes.filter((s) => s.shape.kind === "arc").map((s) => s.shape);
    expect(arcs).toHaveLength(2);
    for (const a of arcs) if (a.kind === "arc") expect((a.end - a.start + 360) % 360).toBe(90);
    expect(plan.dimensions.map(dimensionValue)).toContain(75);
    expect(plan.bounds.min[1]).toBeLessThan(-800);
  });

  it("section A–A: sill and head either side of a break, dimensions with their real values, panes as the glass build-up", () => {
    const sec = doorVerticalSection(SEED_EXAMPLE_DOOR);
    const values = sec.dimensions.map(dimensionValue);
    expect(values).toEqual(
      expect.arrayContaining([layout.threshold_height, 2235 - 52 - layout.threshold_height, 52, 2235, layout.leaves[1].rect.height, 75, 44]),
    );
    // The overall stands beside a chain that adds up to it, across the break.
    const left0 = sec.dimensions.filter((d) => d.side === "left" && d.row === 0).reduce((s, d) => s + dimensionValue(d), 0);
    expect(left0).toBe(2235);
    expect(sec.bounds.max[1] - sec.bounds.min[1]).toBe(2 * 300 + 60);
    // Vertical narrow lines within the glass's depth (15.5 to 59.5 mm): triple glazing's three panes,
    // two faces each, in the sill and the head zone; and the two thermal-break lines of each of the four cut profiles.
    const inGlassDepth = sec.shapes.filter(
      (s) => s.layer === "THIN" && s.shape.kind === "line" && s.shape.a[0] === s.shape.b[0] && s.shape.a[0] > 15 && s.shape.a[0] < 60,
    );
    expect(inGlassDepth.length).toBe(3 * 2 * 2 + 4 * 2);
    // The elevation marks where the section is cut.
    expect(view.shapes.filter((s) => s.layer === "TEXT" && s.shape.kind === "text" && s.shape.text === "A")).toHaveLength(2);
  });

  it("line weights follow ISO 128-2: wide visible edges twice the narrow lines", () => {
    expect(LAYERS.OUTLINE.weight / LAYERS.THIN.weight).toBe(2);
    expect(LAYERS.DIMENSIONS.weight).toBe(LAYERS.THIN.weight);
    expect(LAYERS.FRAME.weight).toBe(0.7);
  });
});
