/**
 * STEP files read by OpenCascade (occt-import-js, which runs in Node as in the
 * browser's analysis worker), tessellated into binary STL by engine/mesh/cad-exchange.ts
 * and analysed by the kernel: a closed solid of the CAD model's volume. The samples in
 * test/fixtures/cad/ (see its README): STEP from occt-import-js's own test files, written by
 * FreeCAD (LGPL-2.1); IGES written by OpenCascade's IGES processor (Debian occt-draw).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { cadExchangeContent, cadExchangeFormat, MAX_CAD_EXCHANGE_BYTES, tessellationToStl } from "../../../engine/mesh/cad-exchange.ts";
import { analyzeMesh, detectFormat } from "../../../engine/mesh/index.ts";
import { newKernel } from "./solids.ts";

type Occt = typeof import("occt-import-js").default;
const occt = await (createRequire(import.meta.url)("occt-import-js") as Occt)();
const kernel = newKernel();
const sample = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/cad/${name}`, import.meta.url)));

async function readStep(name: string) {
  const read = name.endsWith(".igs") ? occt.ReadIgesFile : occt.ReadStepFile;
  const result = read(sample(name), { linearUnit: "millimeter" });
  expect(result.success).toBe(true);
  const stl = tessellationToStl(result.meshes.map((m) => ({ positions: m.attributes.position.array, indices: m.index.array })));
  expect(detectFormat(stl.subarray(0, 1024), { size: stl.length })).toBe("stl-binary");
  return (await analyzeMesh(stl, { kernel, filename: `${name}.stl` })).analysis;
}

describe("STEP and IGES → tessellated STL → kernel", () => {
  it("a 1 m cube written by FreeCAD in millimetres: exactly 1e9 mm³, one closed shell", async () => {
    const a = await readStep("cube-mm.step");
    expect(a.volume_mm3).toBeCloseTo(1e9, 0);
    expect(a.bbox_mm.size).toEqual([1000, 1000, 1000]);
    expect(a).toMatchObject({ triangle_count: 12, shells: 1, watertight: true, inverted_shells: 0 });
  });

  it("a 10 mm cube with one edge rounded to r 5: the B-rep's volume within the tessellation's chord error", async () => {
    const a = await readStep("rounded-cube.step");
    // A quarter of a 10 × 10 × 10 cube's r 5 edge becomes a quarter cylinder: 1000 − (25 − 25π/4)·10.
    const exact = 1000 - (25 - (25 * Math.PI) / 4) * 10;
    expect(a.volume_mm3).toBeLessThan(exact); // chords cut inside the arc
    expect(Math.abs(a.volume_mm3 - exact) / exact).toBeLessThan(0.002);
    expect(a).toMatchObject({ shells: 1, watertight: true, inverted_shells: 0 });
  });

  it("an IGES plate with a hole written by OpenCascade's IGES processor: one closed solid of the B-rep's volume", async () => {
    const a = await readStep("plate-with-hole.igs");
    const exact = 40 * 30 * 10 - Math.PI * 5 ** 2 * 10;
    expect(a.volume_mm3).toBeGreaterThan(exact); // the hole's chords cut inside its arc: less hole, more plate
    expect(Math.abs(a.volume_mm3 - exact) / exact).toBeLessThan(0.002);
    expect(a.bbox_mm.size).toEqual([40, 30, 10]);
    expect(a).toMatchObject({ shells: 1, watertight: true, inverted_shells: 0 });
  });

  it("a file that is not STEP is refused by the reader", () => {
    expect(occt.ReadStepFile(new TextEncoder().encode("solid part\nendsolid part\n"), null).success).toBe(false);
  });
});

describe("telling STEP and IGES apart", () => {
  it("by content, whatever the name", () => {
    expect(cadExchangeContent(sample("cube-mm.step").subarray(0, 80))).toBe("step");
    const iges = `${"Fabquote test".padEnd(72)}S      1\n`;
    expect(cadExchangeContent(new TextEncoder().encode(iges))).toBe("iges");
    expect(cadExchangeContent(new TextEncoder().encode("solid part\n"))).toBeUndefined();
    expect(cadExchangeFormat("part.bin", sample("cube-mm.step").subarray(0, 80))).toBe("step");
    expect(cadExchangeContent(sample("plate-with-hole.igs").subarray(0, 80))).toBe("iges");
  });

  it("by name", () => {
    expect(["a.STEP", "a.stp", "a.iges", "a.IGS", "a.stl"].map((n) => cadExchangeFormat(n))).toEqual(["step", "step", "iges", "iges", undefined]);
    expect(MAX_CAD_EXCHANGE_BYTES).toBe(30 * 1024 * 1024);
  });
});
