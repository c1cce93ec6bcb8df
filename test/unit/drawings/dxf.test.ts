import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LAYER_NAMES, LAYERS } from "../../../engine/drawings/index.ts";
import { scaleDenominator } from "../../../engine/drawings/scale.ts";
import { sheetToDxf } from "../../../engine/drawings/writers/dxf.ts";
import { CASES, countsByLayer } from "./fixtures.ts";

/** Read the DXF back with ezdxf (Debian python3-ezdxf), audit it and report layers, entities, extents and texts. */
const READ_DXF = `
import json, sys, collections, ezdxf
from ezdxf import bbox
doc = ezdxf.readfile(sys.argv[1])
auditor = doc.audit()
msp = doc.modelspace()
counts = collections.Counter(e.dxf.layer for e in msp)
types = collections.Counter(e.dxftype() for e in msp)
ext = bbox.extents(msp)
texts = [{"layer": e.dxf.layer, "text": e.dxf.text, "x": e.dxf.align_point[0] if e.dxf.halign else e.dxf.insert[0], "y": e.dxf.align_point[1] if e.dxf.halign else e.dxf.insert[1], "height": e.dxf.height, "rotation": e.dxf.rotation} for e in msp.query("TEXT")]
print(json.dumps({
  "version": doc.dxfversion, "errors": [str(e.message) for e in auditor.errors], "insunits": doc.header["$INSUNITS"],
  "layers": {l.dxf.name: {"lineweight": l.dxf.lineweight, "linetype": l.dxf.linetype} for l in doc.layers},
  "counts": counts, "types": types, "extents": [list(ext.extmin), list(ext.extmax)], "texts": texts}))
`;

const dir = mkdtempSync(join(tmpdir(), "drawings-dxf-"));

describe("DXF writer", () => {
  it.each(CASES)("$name: loads in ezdxf with zero audit errors, mm units, ISO layers and the model's entities and extents", ({ sheet: make }) => {
    const sheet = make();
    const n = scaleDenominator(sheet.scale);
    const path = join(dir, `${sheet.title_block.drawing_number}-${sheet.format}.dxf`);
    writeFileSync(path, sheetToDxf(sheet));
    const dxf = JSON.parse(execFileSync("/usr/bin/python3", ["-c", READ_DXF, path], { encoding: "utf8" }));
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
});
