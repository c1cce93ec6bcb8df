import { describe, expect, it } from "vitest";
import { analyzeMesh, MAX_VOLUME_BANDS, perimeterBands, sectionEulerBands, volumeBandCount, volumeBands } from "../../../engine/mesh/index.ts";
import type { MeshAnalysis } from "../../../engine/mesh/types.ts";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { exportWith, scratch } from "./exporters.ts";
import { scaling } from "./linearity.ts";
import { binaryStl, box, cube, invert, newKernel, sphere, translate, type Tri } from "./solids.ts";

const kernel = newKernel();

/** OpenSCAD's STL of `source`, analysed. */
async function openscadPart(source: string): Promise<MeshAnalysis> {
  const dir = scratch();
  writeFileSync(join(dir, "part.scad"), source);
  const stl = exportWith("openscad", ["-o", join(dir, "part.stl"), join(dir, "part.scad")], join(dir, "part.stl"));
  return (await analyzeMesh(stl, { kernel })).analysis as MeshAnalysis;
}
const analyze = async (tris: Tri[]) => (await analyzeMesh(binaryStl(tris), { kernel })).analysis;

/** Triangles as the flat positions and indices volumeBands reads. */
function flat(tris: Tri[]) {
  return { positions: Float64Array.from(tris.flat()), indices: Uint32Array.from(tris.flatMap((_, t) => [3 * t, 3 * t + 1, 3 * t + 2])) };
}

/** A cone standing on its base (an n-gon of radius r at z = 0), apex at height h: every side face spans every band. */
function cone(r: number, h: number, n: number): Tri[] {
  const rim = Array.from({ length: n }, (_, i) => [r * Math.cos((2 * Math.PI * i) / n), r * Math.sin((2 * Math.PI * i) / n), 0]);
  return rim.flatMap((p, i) => {
    const q = rim[(i + 1) % n];
    return [
      [...p, ...q, 0, 0, h],
      [0, 0, 0, ...q, ...p],
    ];
  });
}

describe("volume per band of height", () => {
  it("is exact for a cone, whose side faces span every band", () => {
    const [r, h, n, bands] = [10, 30, 64, 300];
    const { positions, indices } = flat(cone(r, h, n));
    const got = volumeBands(positions, indices, 2 * n, 0, h, bands);
    const base = (n / 2) * r * r * Math.sin((2 * Math.PI) / n);
    // Cross-section base × (1 − z/h)², so band [a, b] holds base × h/3 × ((1 − a/h)³ − (1 − b/h)³).
    const want = Array.from({ length: bands }, (_, k) => ((base * h) / 3) * ((1 - k / bands) ** 3 - (1 - (k + 1) / bands) ** 3));
    for (let k = 0; k < bands; k++) expect(got[k]).toBeCloseTo(want[k], 9);
  });

  it("gives a column's cross-section in every band and its whole volume in sum, through the analysis", async () => {
    const a = await analyze(box([8, 8, 150]));
    expect(a.volume_bands_mm3).toHaveLength(1500);
    for (const v of a.volume_bands_mm3!) expect(v).toBeCloseTo(6.4, 9);
  });

  it("follows a step in the cross-section and a cavity, for a mesh anywhere in space", async () => {
    // A 20 mm cube with a 10 mm tower on top, lifted 100 mm: 400 mm² for 20 mm, then 100 mm² for 10 mm.
    const a = await analyze(translate([...cube(20), ...box([10, 10, 10], [5, 5, 20])], [0, 0, 100]));
    const b = a.volume_bands_mm3!;
    expect(b).toHaveLength(300);
    expect(b.slice(0, 200).every((v) => Math.abs(v - 40) < 1e-6)).toBe(true);
    expect(b.slice(200).every((v) => Math.abs(v - 10) < 1e-6)).toBe(true);
    // A 10 mm cube with a 4 mm cavity from 3 to 7 mm: 100 mm² per mm, 84 mm² where the cavity is.
    const hollow = (await analyze([...cube(10), ...invert(cube(4, [3, 3, 3]))])).volume_bands_mm3!;
    expect(hollow[10]).toBeCloseTo(10, 6);
    expect(hollow[50]).toBeCloseTo(8.4, 6);
  });

  it("sums to the volume of a sphere and stays positive for an inside-out mesh", async () => {
    const a = await analyze(sphere(15, 48, 24));
    const sum = a.volume_bands_mm3!.reduce((s, v) => s + v, 0);
    expect(sum).toBeCloseTo(a.volume_mm3, 3);
    // Widest at the equator, thinnest at the poles.
    const b = a.volume_bands_mm3!;
    expect(b[150]).toBeGreaterThan(b[10]);
    expect(b[150]).toBeGreaterThan(b[290]);
    const inverted = await analyze(invert(sphere(15, 48, 24)));
    expect(inverted.volume_mm3).toBeLessThan(0);
    expect(inverted.volume_bands_mm3).toEqual(b);
  });

  it("keeps to at most 2000 bands however tall, and one for a flat part", () => {
    expect(volumeBandCount(150)).toBe(1500);
    expect(volumeBandCount(1000)).toBe(MAX_VOLUME_BANDS);
    expect(volumeBandCount(0)).toBe(1);
    expect(volumeBandCount(0.05)).toBe(1);
  });
});

describe("outline length per band of height", () => {
  it("is exact for a cone, whose side faces span every band", () => {
    const [r, h, n, bands] = [10, 30, 64, 300];
    const { positions, indices } = flat(cone(r, h, n));
    const got = perimeterBands(positions, indices, 2 * n, 0, h, bands);
    // The n-gon's perimeter shrinks linearly to the apex: the band's mean is at its middle.
    const rim = 2 * n * r * Math.sin(Math.PI / n);
    for (let k = 0; k < bands; k++) expect(got[k]).toBeCloseTo(rim * (1 - (k + 0.5) / bands), 9);
  });

  it("gives a column's outline, a hole's loop beside the outside's, and nothing for an empty band", async () => {
    const column = await analyze(box([8, 8, 150]));
    expect(column.perimeter_bands_mm).toHaveLength(1500);
    for (const v of column.perimeter_bands_mm!) expect(v).toBeCloseTo(32, 6);
    // A 10 mm cube with a 4 mm cavity from 3 to 7 mm: 40 mm of outline, 56 where the cavity is.
    const hollow = (await analyze([...cube(10), ...invert(cube(4, [3, 3, 3]))])).perimeter_bands_mm!;
    expect(hollow[10]).toBeCloseTo(40, 6);
    expect(hollow[50]).toBeCloseTo(56, 6);
    // Two cubes, one lifted above the other: no outline between them.
    const apart = (await analyze([...cube(10), ...cube(10, [0, 0, 20])])).perimeter_bands_mm!;
    expect([apart[50], apart[150], apart[250]]).toEqual([40, 0, 40]);
  });

  it("twice the triangles take at most about twice as long", async () => {
    // Spheres of 1,920 triangles side by side: the same height, so the same bands, as the count doubles.
    const inputs = new Map<number, ReturnType<typeof flat>>();
    for (let n = 1 << 14; n <= 1 << 19; n *= 2) {
      const tris: Tri[] = [];
      for (let i = 0; i < n / 2048; i++) tris.push(...sphere(15, 64, 16, [i * 40, 0, 15]));
      inputs.set(n, flat(tris));
    }
    const r = await scaling(
      (n) => inputs.get(n)!,
      (g) => expect(perimeterBands(g.positions, g.indices, g.indices.length / 3, 0, 30, 300)[150]).toBeGreaterThan(0),
      { start: 1 << 14, max: 1 << 18, minMs: 30 },
    );
    console.log("outline bands doubling", JSON.stringify(r));
    expect(r.ratio, JSON.stringify(r)).toBeLessThanOrEqual(3);
    // The islands: one pass over the triangles and one over the (unwelded, here) vertices.
    const islands = await scaling(
      (n) => inputs.get(n)!,
      (g) => expect(sectionEulerBands(g.positions, g.indices, g.indices.length / 3, g.positions.length / 3, 0, 30, 300)[150]).toBeDefined(),
      { start: 1 << 14, max: 1 << 18, minMs: 30 },
    );
    console.log("island bands doubling", JSON.stringify(islands));
    expect(islands.ratio, JSON.stringify(islands)).toBeLessThanOrEqual(3);
  });
});

describe("islands per band of height (the cross-section's Euler characteristic)", () => {
  it("counts separate bodies, teeth growing from one base, and holes through the part against it", async () => {
    const euler = async (tris: Tri[]) => (await analyze(tris)).section_euler_bands!;
    // A comb exported by OpenSCAD: one body, a 48 × 8 × 2 base and 12 teeth on it.
    const comb = await openscadPart("cube([48, 8, 2]); for (i = [0:11]) translate([i * 4, 0, 0]) cube([2, 8, 20]);");
    expect(comb.shells).toBe(1);
    const e = comb.section_euler_bands!;
    expect(e).toHaveLength(200);
    expect([e[5], e[50], e[199]]).toEqual([1, 12, 12]);
    // A plate with five holes through it: 1 − 5.
    const plate = await openscadPart("difference(){cube([50,50,5]); for(i=[0:4]) translate([5+i*10,25,-1]) cylinder(d=3,h=10,$fn=16);}");
    expect(new Set(plate.section_euler_bands)).toEqual(new Set([-4]));
    // Nine separate pins.
    const pins = await euler(Array.from({ length: 9 }, (_, i) => box([3, 3, 10], [(i % 3) * 6, Math.floor(i / 3) * 6, 0])).flat());
    expect(new Set(pins)).toEqual(new Set([9]));
    // A cube with a sealed cavity: 1, then 0 (a region with a hole) where the cavity is.
    const hollow = await euler([...cube(10), ...invert(cube(4, [3, 3, 3]))]);
    expect([hollow[10], hollow[50], hollow[90]]).toEqual([1, 0, 1]);
    // Inside out, the same.
    expect(await euler(invert([...cube(10), ...invert(cube(4, [3, 3, 3]))]))).toEqual(hollow);
  });
});
