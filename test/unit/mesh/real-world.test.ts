/**
 * Files written by real CAD and slicer software, checked against the truth of the
 * model they were made from. OpenSCAD and PrusaSlicer files are exported in the run
 * (see exporters.ts) and also committed in test/fixtures/real-world/ for the worker
 * and browser tests, which are checked here too; the Cura- and Blender-style files are
 * hand-written in those writers' style.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { analyzeMesh, analyzeProfile, type MeshAnalysis } from "../../../engine/mesh/index.ts";
import { fixture, openscad, prusaSlicer, scratch } from "./exporters.ts";
import { newKernel } from "./solids.ts";

const kernel = newKernel();
/** bracket.scad: a 20 × 30 × 10 block less a 32-sided prism of radius 5. */
const BRACKET_VOLUME = 6000 - 10 * 16 * 25 * Math.sin((2 * Math.PI) / 32);
/** plate.scad: a 40 × 20 plate less a 32-gon of radius 5. */
const PLATE_AREA = 800 - 16 * 25 * Math.sin((2 * Math.PI) / 32);

const analyse = async (bytes: Uint8Array, filename: string) => (await analyzeMesh(bytes, { kernel, filename })).analysis;

/** The facet count admesh finds in an STL (an independent reader). */
function admeshFacets(path: string): number {
  const run = spawnSync("admesh", [path], { encoding: "utf8" });
  if (run.error) throw new Error(`admesh is needed to cross-check STL files (apt-get install admesh): ${run.error.message}`);
  return Number(/Number of facets\s*:\s*(\d+)/.exec(run.stdout)![1]);
}

function expectBracket(a: MeshAnalysis, size: number[] = [20, 30, 10], scale = 1): void {
  expect(a.volume_mm3).toBeCloseTo(BRACKET_VOLUME * scale ** 3, 1);
  expect(a.bbox_mm.size.map((v) => Math.round(v * 1e4) / 1e4)).toEqual(size);
  expect(a).toMatchObject({ shells: 1, watertight: true, inverted_shells: 0 });
}

describe("OpenSCAD exports", () => {
  const dir = scratch();
  const stl = openscad("bracket.scad", "stl", dir);
  const facets = admeshFacets(stl.path);

  it("ASCII STL: the volume of the model and admesh's facet count", async () => {
    const a = await analyse(stl.bytes, "bracket.stl");
    expect(a.format).toBe("stl");
    expect(a.triangle_count).toBe(facets);
    expectBracket(a);
  });

  it("3MF written by lib3mf (namespaced attributes such as p:UUID)", async () => {
    const a = await analyse(openscad("bracket.scad", "3mf", dir).bytes, "bracket.3mf");
    expect([a.format, a.triangle_count]).toEqual(["3mf", facets]);
    expectBracket(a);
  });

  it("SVG with its DOCTYPE, and DXF: the plate's area, outline and hole", () => {
    for (const format of ["svg", "dxf"] as const) {
      const a = analyzeProfile(openscad("plate.scad", format, dir).bytes, { format });
      expect(a.net_area_mm2, format).toBeCloseTo(PLATE_AREA, 2);
      expect(
        a.bbox_mm.size.map((v) => Math.round(v * 1e4) / 1e4),
        format,
      ).toEqual([40, 20]);
      expect([a.closed_contours, a.open_paths], format).toEqual([2, 0]);
    }
  });

  it("PrusaSlicer re-exports it as 3MF (Slic3r_PE metadata and config in the zip) and binary STL", async () => {
    const three = prusaSlicer(stl.path, "3mf", [], dir);
    const a = await analyse(three, "prusa.3mf");
    expect([a.format, a.triangle_count]).toEqual(["3mf", facets]);
    expectBracket(a);
    const binary = prusaSlicer(stl.path, "stl", [], dir);
    expect(binary.length).toBe(84 + 50 * facets);
    expectBracket(await analyse(binary, "prusa.stl"));
  });

  it("PrusaSlicer bakes a rotation and a scale into the 3MF it writes", async () => {
    const a = await analyse(prusaSlicer(stl.path, "3mf", ["--rotate", "90", "--scale", "2"], dir), "prusa.3mf");
    expect(a.triangle_count).toBe(facets);
    expectBracket(a, [60, 40, 20], 2);
  });
});

describe("committed samples (test/fixtures/real-world)", () => {
  it("OpenSCAD and PrusaSlicer files read as their model", async () => {
    for (const name of ["openscad-bracket.stl", "openscad-bracket.3mf", "prusaslicer-bracket.3mf", "prusaslicer-bracket.stl"]) {
      const a = await analyse(fixture(name), name);
      expect(a.triangle_count, name).toBe(144);
      expectBracket(a);
    }
    for (const format of ["svg", "dxf"] as const) {
      const a = analyzeProfile(fixture(`openscad-plate.${format}`), { format });
      expect(a.net_area_mm2, format).toBeCloseTo(PLATE_AREA, 2);
      expect([a.closed_contours, a.open_paths], format).toEqual([2, 0]);
    }
  });

  it("Cura-style 3MF: cura: metadata, a group of components, two build items with transforms, Cura/ settings in the zip", async () => {
    const a = await analyse(fixture("cura-style.3mf"), "cura-style.3mf");
    // Group at (100, 100): a 10 mm cube and a 20 × 10 × 5 plate beside it; a second cube turned 90° about Z at (160, 100).
    expect(a).toMatchObject({ format: "3mf", triangle_count: 36, shells: 3, volume_mm3: 3000, watertight: true, inverted_shells: 0 });
    expect(a.bbox_mm.min).toEqual([100, 100, 0]);
    expect(a.bbox_mm.max).toEqual([160, 110, 10]);
  });

  it("Blender-style OBJ: objects, materials, vt/vn, quads as v/vt/vn, negative indices, v//vn, a line element", async () => {
    const a = await analyse(fixture("blender-style.obj"), "blender-style.obj");
    // Blender's default 2 m cube (as 2 mm here) and a 4 × 2 × 0.5 plate.
    expect(a).toMatchObject({ format: "obj", triangle_count: 24, shells: 2, volume_mm3: 12, watertight: true, inverted_shells: 0 });
    expect(a.bbox_mm.min).toEqual([-1, -1, -1]);
    expect(a.bbox_mm.max).toEqual([7, 1, 1]);
  });
});
