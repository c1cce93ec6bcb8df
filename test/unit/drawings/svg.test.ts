import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { drawProduct, LAYER_NAMES, LAYERS } from "../../../engine/drawings/index.ts";
import { SEED_EXAMPLE_DOOR } from "../../../engine/products/door/example.ts";
import { sheetToSvg } from "../../../engine/drawings/writers/svg.ts";
import { CASES, countsByLayer, TITLE } from "./fixtures.ts";

/** Parse the SVG with a real XML parser (Python's ElementTree) and report what it holds. */
const READ_SVG = `
import json, sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
groups = []
for g in root.findall("s:g", ns):
    groups.append({"id": g.get("id"), "stroke_width": float(g.get("stroke-width")), "dash": g.get("stroke-dasharray"), "children": len(list(g)),
                   "texts": [{"text": t.text, "x": float(t.get("x")), "y": float(t.get("y")), "rotate": t.get("transform")} for t in g.findall("s:text", ns)]})
views = [{"code": r.get("data-view"), "title": r.get("data-title"), "x": float(r.get("x")), "y": float(r.get("y")), "width": float(r.get("width")), "height": float(r.get("height"))}
         for r in root.findall("s:rect", ns) if r.get("data-view")]
print(json.dumps({"width": root.get("width"), "height": root.get("height"), "viewBox": root.get("viewBox"), "groups": groups, "views": views}))
`;

const dir = mkdtempSync(join(tmpdir(), "drawings-svg-"));

describe("SVG writer", () => {
  it.each(CASES)("$name: parses back with the sheet size in mm, one group per layer and every shape and text", ({ sheet: make }) => {
    const sheet = make();
    const path = join(dir, `${sheet.title_block.drawing_number}-${sheet.format}.svg`);
    writeFileSync(path, sheetToSvg(sheet));
    const svg = JSON.parse(execFileSync("/usr/bin/python3", ["-c", READ_SVG, path], { encoding: "utf8" }));
    expect(svg.width).toBe(`${sheet.width}mm`);
    expect(svg.height).toBe(`${sheet.height}mm`);
    expect(svg.viewBox).toBe(`0 0 ${sheet.width} ${sheet.height}`);
    expect(svg.groups.map((g: { id: string }) => g.id)).toEqual(LAYER_NAMES.map((l) => `layer-${l}`));
    const counts = countsByLayer(sheet);
    for (const g of svg.groups) {
      const layer = g.id.slice("layer-".length) as keyof typeof LAYERS;
      expect(g.children, layer).toBe(counts[layer]);
      expect(g.stroke_width).toBe(LAYERS[layer].weight);
      expect(g.dash === null).toBe(LAYERS[layer].dash === null);
    }
    // Each view's place on the paper, y flipped, at the sheet's scale.
    expect(svg.views.map((v: { code: string }) => v.code)).toEqual(sheet.views.map((v) => v.code));
    for (const [i, v] of sheet.views.entries()) {
      const n = Number(v.scale.split(":")[1]);
      const h = (v.bounds.max[1] - v.bounds.min[1]) / n;
      expect(svg.views[i].title).toBe(v.title);
      expect(svg.views[i].x).toBeCloseTo(v.origin[0], 3);
      expect(svg.views[i].y).toBeCloseTo(sheet.height - v.origin[1] - h, 3);
      expect(svg.views[i].width).toBeCloseTo((v.bounds.max[0] - v.bounds.min[0]) / n, 3);
      expect(svg.views[i].height).toBeCloseTo(h, 3);
    }
    // Dimension values are text, at the model's place (y flipped), vertical ones turned to read from the right.
    const dims = svg.groups.find((g: { id: string }) => g.id === "layer-DIMENSIONS").texts;
    expect(dims).toHaveLength(sheet.dimensions.length);
    for (const d of sheet.dimensions) {
      const hit = dims.find(
        (t: { text: string; x: number; y: number }) =>
          t.text === d.text.text && Math.abs(t.x - d.text.at[0]) < 1e-3 && Math.abs(t.y - (sheet.height - d.text.at[1])) < 1e-3,
      );
      expect(hit, d.text.text).toBeDefined();
      expect(hit.rotate === null).toBe(d.text.rotation === 0);
    }
  });

  it("escapes text so a tenant's name cannot break the document", () => {
    const sheet = drawProduct("spw600e-door", SEED_EXAMPLE_DOOR, {
      drawing_type: "elevation",
      scale: "auto",
      sheet: "A3",
      title_block: { ...TITLE, legal_owner: 'Smith & Sons <"Doors">' },
      revisions: [],
    });
    const svg = sheetToSvg(sheet);
    expect(svg).not.toContain('<"Doors">');
    expect(svg).toContain("Smith &amp; Sons &lt;&quot;Doors&quot;&gt;");
  });
});
