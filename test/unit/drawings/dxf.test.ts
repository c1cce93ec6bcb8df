import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LAYER_NAMES, LAYERS } from "../../../engine/drawings/index.ts";
import { scaleDenominator } from "../../../engine/drawings/scale.ts";
import { sheetToDxf } from "../../../engine/drawings/writers/dxf.ts";
import { doorDetails } from "../../../engine/drawings/door/details.ts";
import { formatValue } from "../../../engine/drawings/dimensions.ts";
import type { DrawingSheet } from "../../../engine/drawings/model.ts";
import { SEED_EXAMPLE_DOOR } from "../../../engine/products/door/example.ts";
import { CASES, countsByLayer, mixedScaleSheet, sheetOf } from "./fixtures.ts";

/**
 * Read the DXF back with ezdxf (Debian python3-ezdxf), audit it and report layers, entities, extents and texts of model
 * space as plotted (a view's block reference expanded into what it shows), and each block reference with the
 * dimension lines and texts of its block as defined.
 */
const READ_DXF = `
import json, sys, collections, ezdxf
from ezdxf import bbox
doc = ezdxf.readfile(sys.argv[1])
auditor = doc.audit()
msp = doc.modelspace()
def text(e):
  return {"layer": e.dxf.layer, "text": e.dxf.text, "x": e.dxf.align_point[0] if e.dxf.halign else e.dxf.insert[0], "y": e.dxf.align_point[1] if e.dxf.halign else e.dxf.insert[1], "height": e.dxf.height, "rotation": e.dxf.rotation}
shown = []
inserts = []
for e in msp:
  if e.dxftype() == "INSERT":
    block = doc.blocks.get(e.dxf.name)
    inserts.append({"name": e.dxf.name, "layer": e.dxf.layer, "at": list(e.dxf.insert)[:2], "scale": [e.dxf.xscale, e.dxf.yscale], "base": list(block.block.dxf.base_point)[:2],
      "lines": [[list(l.dxf.start)[:2], list(l.dxf.end)[:2]] for l in block if l.dxftype() == "LINE" and l.dxf.layer == "DIMENSIONS"],
      "texts": [text(t) for t in block if t.dxftype() == "TEXT" and t.dxf.layer == "DIMENSIONS"]})
    shown.extend(e.virtual_entities())
  else:
    shown.append(e)
counts = collections.Counter(e.dxf.layer for e in shown)
types = collections.Counter(e.dxftype() for e in shown)
ext = bbox.extents(msp)
texts = [text(e) for e in shown if e.dxftype() == "TEXT"]
print(json.dumps({
  "version": doc.dxfversion, "errors": [str(e.message) for e in auditor.errors], "insunits": doc.header["$INSUNITS"],
  "layers": {l.dxf.name: {"lineweight": l.dxf.lineweight, "linetype": l.dxf.linetype} for l in doc.layers},
  "counts": counts, "types": types, "extents": [list(ext.extmin), list(ext.extmax)], "texts": texts, "inserts": inserts}))
`;

const readDxf = (sheet: DrawingSheet, name: string) => {
  const path = join(dir, `${name}.dxf`);
  writeFileSync(path, sheetToDxf(sheet));
  return JSON.parse(execFileSync("/usr/bin/python3", ["-c", READ_DXF, path], { encoding: "utf8" }));
};

const dir = mkdtempSync(join(tmpdir(), "drawings-dxf-"));

describe("DXF writer", () => {
  it.each(CASES)("$name: loads in ezdxf with zero audit errors, mm units, ISO layers and the model's entities and extents", ({ sheet: make }) => {
    const sheet = make();
    const n = scaleDenominator(sheet.scale);
    const dxf = readDxf(sheet, `${sheet.title_block.drawing_number}-${sheet.format}`);
    expect(dxf.errors).toEqual([]);
    expect(dxf.insunits).toBe(4);
    for (const name of LAYER_NAMES) {
      expect(dxf.layers[name], name).toBeDefined();
      expect(dxf.layers[name].lineweight).toBe(Math.round(LAYERS[name].weight * 100));
      expect(dxf.layers[name].linetype === "Continuous").toBe(LAYERS[name].dash === null);
    }
    expect(dxf.counts).toEqual(Object.fromEntries(Object.entries(countsByLayer(sheet)).filter(([, c]) => c > 0)));
    // True 1:1 model units: the sheet at 1:n spans its paper size times n.
    expect(dxf.extents[0][0]).toBeCloseTo(0, 6);
    expect(dxf.extents[0][1]).toBeCloseTo(0, 6);
    expect(dxf.extents[1][0]).toBeCloseTo(sheet.width * n, 6);
    expect(dxf.extents[1][1]).toBeCloseTo(sheet.height * n, 6);
    // Dimensions are explicit lines, solid-filled arrowheads and TEXT on DIMENSIONS, at real size.
    const dimTexts = dxf.texts.filter((t: { layer: string }) => t.layer === "DIMENSIONS");
    expect(dimTexts).toHaveLength(sheet.dimensions.length);
    for (const d of sheet.dimensions) {
      const hit = dimTexts.find(
        (t: { text: string; x: number; y: number }) =>
          t.text === d.text.text && Math.abs(t.x - d.text.at[0] * n) < 1e-3 && Math.abs(t.y - d.text.at[1] * n) < 1e-3,
      );
      expect(hit, d.text.text).toBeDefined();
      expect(hit.rotation).toBe(d.text.rotation);
      expect(hit.height).toBeCloseTo(3.5 * n, 6);
    }
    // Solid-filled HATCHes: two arrowheads per dimension and the model's filled thin sections (gaskets).
    const fills = Object.values(sheet.layers).reduce((k, l) => k + l.filter((s) => s.kind === "fill").length, 0);
    expect(dxf.types.HATCH ?? 0).toBe(fills);
    expect(sheet.layers.DIMENSIONS.filter((s) => s.kind === "fill")).toHaveLength(sheet.dimensions.length * 2);
  });

  it("a door's overall width in the DXF is its real width in mm", () => {
    const sheet = CASES[0].sheet();
    const n = scaleDenominator(sheet.scale);
    const overall = sheet.dimensions.find((d) => d.text.text === "1870");
    expect(overall).toBeDefined();
    const frame = sheet.layers.OUTLINE[0];
    expect(frame.kind).toBe("polyline");
    if (frame.kind === "polyline") expect((frame.points[1][0] - frame.points[0][0]) * n).toBeCloseTo(1870, 6);
  });

  it("a view at its own scale is a block at 1:1, placed enlarged to the sheet's scale: each detail's dimension measures its real size", () => {
    const sheet = mixedScaleSheet();
    const n = scaleDenominator(sheet.scale);
    expect(sheet.scale).toBe("1:5");
    const dxf = readDxf(sheet, "mixed-scales");
    expect(dxf.errors).toEqual([]);
    const details = doorDetails(SEED_EXAMPLE_DOOR);
    type Insert = {
      name: string;
      at: number[];
      scale: number[];
      base: number[];
      lines: number[][][];
      texts: { text: string; x: number; y: number; height: number }[];
    };
    // Only the details differ from the sheet's scale: the sections are drawn straight into model space.
    expect(dxf.inserts.map((i: Insert) => i.name).sort()).toEqual(details.map((d) => `VIEW_${d.code.replace("-", "_")}`).sort());
    for (const detail of details) {
      const placed = sheet.views.find((v) => v.code === detail.code)!;
      const m = scaleDenominator(placed.scale);
      expect(m).toBe(2);
      const insert: Insert = dxf.inserts.find((i: Insert) => i.name === `VIEW_${detail.code.replace("-", "_")}`);
      expect(insert.scale[0]).toBeCloseTo(n / m, 9);
      expect(insert.scale[1]).toBeCloseTo(n / m, 9);
      expect(insert.at[0]).toBeCloseTo(placed.origin[0] * n, 6);
      expect(insert.at[1]).toBeCloseTo(placed.origin[1] * n, 6);
      expect(insert.base).toEqual([detail.bounds.min[0], detail.bounds.min[1]]);
      // In the block, every dimension's extension lines stand at the real points it measures, and its value is their distance.
      for (const d of detail.dimensions) {
        const i = d.axis === "x" ? 0 : 1;
        const across = (line: number[][]) => Math.abs(line[0][i] - line[1][i]) < 1e-9;
        const at = (c: number) => insert.lines.some((l) => across(l) && Math.abs(l[0][i] - c) < 1e-6);
        expect(at(d.p1[i]), `${detail.code} extension line at ${d.p1[i]}`).toBe(true);
        expect(at(d.p2[i]), `${detail.code} extension line at ${d.p2[i]}`).toBe(true);
        const real = Math.abs(d.p2[i] - d.p1[i]);
        expect(insert.texts.map((t) => t.text)).toContain(formatValue(real));
      }
      // Lettered at the same paper height as the rest of the sheet once the block is placed.
      for (const t of insert.texts) expect(t.height * (n / m)).toBeCloseTo(3.5 * n, 9);
    }
  });

  it("a sheet whose views all share its scale (the door's details at 1:2) has no blocks: everything is true size in model space", () => {
    const dxf = readDxf(sheetOf("detail"), "details-one-scale");
    expect(dxf.inserts).toEqual([]);
  });
});
