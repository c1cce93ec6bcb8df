/**
 * Parts for the print-time calibration tests, as a shop would make them: modelled
 * in OpenSCAD, exported to STL, sliced by Debian's PrusaSlicer to real G-code, and
 * analysed by our kernel. Slicer settings match the demo book's Prusa MK4S
 * (0.2 mm layers, 2 perimeters, 0.45 mm lines, 20 % infill, no supports).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeMesh, type MeshAnalysis } from "../../../engine/mesh/index.ts";
import { exportWith, scratch } from "../mesh/exporters.ts";
import { newKernel } from "../mesh/solids.ts";

export const PRUSA_SETTINGS = [
  "--layer-height",
  "0.2",
  "--first-layer-height",
  "0.2",
  "--perimeters",
  "2",
  "--nozzle-diameter",
  "0.4",
  "--extrusion-width",
  "0.45",
  "--fill-density",
  "20%",
  "--skirts",
  "0",
  "--brim-width",
  "0",
];

/** OpenSCAD sources: blocks, thin walls, pins on a base, many separate bodies. */
export const PARTS: Record<string, string> = {
  "block-20": "cube([20, 20, 10]);",
  "block-40": "cube([40, 40, 20]);",
  "slab-60": "cube([60, 30, 6]);",
  cylinder: "cylinder(r = 15, h = 25, $fn = 64);",
  "thin-cup": "difference() { cube([40, 40, 30]); translate([1.6, 1.6, 1.6]) cube([36.8, 36.8, 30]); }",
  tube: "difference() { cylinder(r = 12, h = 40, $fn = 64); translate([0, 0, -1]) cylinder(r = 10.5, h = 42, $fn = 64); }",
  tower: "cube([8, 8, 50]);",
  "pins-16": "for (i = [0:3], j = [0:3]) translate([i * 8, j * 8, 0]) cube([3, 3, 20]);",
  "pins-25": "for (i = [0:4], j = [0:4]) translate([i * 7, j * 7, 0]) cylinder(r = 1.5, h = 15, $fn = 16);",
  "blocks-4": "for (i = [0:1], j = [0:1]) translate([i * 30, j * 30, 0]) cube([18, 18, 12]);",
  comb: "cube([48, 8, 2]); for (i = [0:11]) translate([i * 4, 0, 0]) cube([2, 8, 18]);",
  sphere: "translate([0, 0, 15]) sphere(r = 15, $fn = 48);",
  bracket: "difference() { cube([40, 30, 20]); translate([20, 15, -1]) cylinder(r = 8, h = 22, $fn = 48); translate([4, 4, 4]) cube([32, 22, 20]); }",
  "pins-9-tall": "for (i = [0:2], j = [0:2]) translate([i * 12, j * 12, 0]) cube([4, 4, 35]);",
  "column-150": "cube([8, 8, 150]);",
  "column-150-min15": "cube([8, 8, 150]);",
  "cone-60": "cylinder(r1 = 20, r2 = 0.5, h = 60, $fn = 64);",
  "cone-60-min15": "cylinder(r1 = 20, r2 = 0.5, h = 60, $fn = 64);",
};

/** Parts sliced with a longer minimum layer time: the 15 s of PrusaSlicer's own PLA profiles (its built-in default is 5 s). */
const SETTINGS_FOR: Record<string, string[]> = {
  "column-150-min15": ["--slowdown-below-layer-time", "15"],
  "cone-60-min15": ["--slowdown-below-layer-time", "15"],
};

export interface SlicedPart {
  name: string;
  analysis: MeshAnalysis;
  gcode: Uint8Array;
  stl: Uint8Array;
}

/** Every part of `names`, modelled, exported, sliced and analysed afresh. */
export async function slicedParts(names: string[], dir = scratch()): Promise<SlicedPart[]> {
  const kernel = newKernel();
  const out: SlicedPart[] = [];
  for (const name of names) {
    const scad = join(dir, `${name}.scad`);
    const stlPath = join(dir, `${name}.stl`);
    const gcodePath = join(dir, `${name}.gcode`);
    writeFileSync(scad, PARTS[name]);
    const stl = exportWith("openscad", ["-o", stlPath, scad], stlPath);
    const gcode = exportWith("prusa-slicer", ["--export-gcode", ...PRUSA_SETTINGS, ...(SETTINGS_FOR[name] ?? []), "-o", gcodePath, stlPath], gcodePath);
    const { analysis } = await analyzeMesh(stl, { kernel, filename: `${name}.stl` });
    if (analysis.kind !== "mesh") throw new Error(`${name} is not a mesh`);
    out.push({ name, analysis, gcode, stl: new Uint8Array(readFileSync(stlPath)) });
  }
  return out;
}
