/**
 * What CNC DFM can see in a real mesh: a sealed cavity is an error; holes along X, Y
 * and Z are checked for depth and size, vertical internal corners for the radius a
 * cutter leaves; what it cannot see is said in the part's notes.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AnalysisBudget, analyzeMesh, type MeshAnalysis, type MeshGeometry } from "../../../engine/mesh/index.ts";
import { cncFeatures } from "../../../engine/mesh/cnc-features.ts";
import { unreachableSurface } from "../../../engine/mesh/reach.ts";
import { priceCnc } from "../../../engine/pricing/cnc.ts";
import { applyBlockers } from "../../../engine/pricing/blockers.ts";
import { book } from "../pricing/fixtures.ts";
import { binaryStl, cube, cylinder, invert, newKernel, sphere, translate, type Tri } from "../mesh/solids.ts";
import { scaling } from "../mesh/linearity.ts";

const kernel = newKernel();
const opts = { process: "cnc", material: "alu", quantity: 1 } as const;

const analyse = async (bytes: Uint8Array): Promise<MeshAnalysis> => (await analyzeMesh(bytes, { kernel })).analysis as MeshAnalysis;

/** An STL made by OpenSCAD from `source`; a clear failure when OpenSCAD is not installed. */
function openscadStl(source: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "fabquote-scad-"));
  try {
    writeFileSync(join(dir, "part.scad"), source);
    try {
      execFileSync("openscad", ["-o", join(dir, "part.stl"), join(dir, "part.scad")], { stdio: "pipe" });
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
      throw new Error(
        missing
          ? "openscad is not installed: this test needs Debian's `openscad` package (apt-get install openscad)"
          : `openscad failed: ${String((e as { stderr?: Buffer }).stderr ?? e)}`,
      );
    }
    return new Uint8Array(readFileSync(join(dir, "part.stl")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const codes = (a: MeshAnalysis) => priceCnc(a, book, opts).dfm.map((f) => `${f.severity}:${f.code}`);

describe("CNC manufacturability from the mesh", () => {
  it("an OpenSCAD cube with a sealed spherical cavity is blocked: no tool reaches the cavity", async () => {
    const a = await analyse(openscadStl("difference(){cube(40,center=true); sphere(10);}"));
    expect(a.shells).toBe(2);
    expect(codes(a)).toContain("error:ENCLOSED_VOID");
    const priced = applyBlockers(priceCnc(a, book, opts));
    expect(priced.blocked).toBe(true);
    expect(priced.total).toBeNull();
    expect(priced.blockers[0]).toMatchObject({ code: "ENCLOSED_VOID", fix: expect.stringContaining("split") });
  });

  it("a generated mesh with an inward-wound inner sphere is the same sealed cavity", async () => {
    const tris: Tri[] = [...cube(40), ...invert(sphere(10, 32, 16, [20, 20, 20]))];
    const a = await analyse(binaryStl(tris));
    expect(a.shell_volumes_mm3[1]).toBeLessThan(0);
    expect(codes(a)).toContain("error:ENCLOSED_VOID");
  });

  it("two separate solids are not a cavity", async () => {
    const a = await analyse(binaryStl([...cube(10), ...cube(10).map((t) => t.map((v, i) => (i % 3 === 0 ? v + 20 : v)))]));
    expect(codes(a)).not.toContain("error:ENCLOSED_VOID");
  });

  it("a cavity reached only through a drilled hole narrower than it is blocked: no cutter reaches its walls", async () => {
    const a = await analyse(openscadStl("difference(){cube(40,center=true); sphere(10); cylinder(r=2,h=50,center=true,$fn=24);}"));
    expect(a.shells).toBe(1);
    // The sphere's wall, less what the hole looks onto from above and below.
    expect(a.cnc_features?.unreachable?.area_mm2).toBeGreaterThan(0.8 * 4 * Math.PI * 100);
    const priced = applyBlockers(priceCnc(a, book, opts));
    expect(priced.blocked).toBe(true);
    expect(priced.blockers[0]).toMatchObject({
      code: "UNREACHABLE_SURFACE",
      message: expect.stringMatching(/cannot be reached by a cutter from any side: it lies inside a cavity whose opening is narrower/),
      fix: expect.stringContaining("manual quote"),
    });
    const note = priced.dfm.find((f) => f.code === "CNC_NOT_CHECKED");
    expect(note?.severity).toBe("info");
    expect(note?.message).toMatch(
      /^Checked: every face is reachable by a cutter along ±X, ±Y or ±Z.*Not checked automatically: holes that do not run along X, Y or Z/,
    );
    // The hole is seen on both sides of the cavity: two through holes from the faces to the sphere (10.2 mm on the hole's wall).
    expect(a.cnc_features?.holes).toEqual([{ axis: "z", diameter_mm: 4, depth_mm: expect.closeTo(10.2, 0), blind: false, count: 2 }]);
  });
});

describe("surface no cutter reaches along ±X, ±Y or ±Z", () => {
  it("a hollow sphere opened by five Ø4 mm holes is blocked (it was 'No manufacturability problems found')", async () => {
    const a = await analyse(
      openscadStl(
        "difference(){sphere(20,$fn=64); sphere(17,$fn=64); for(a=[0,90,180,270]) rotate([0,0,a]) rotate([0,90,0]) cylinder(d=4,h=30,$fn=24); cylinder(d=4,h=30,$fn=24);}",
      ),
    );
    expect([a.shells, a.inverted_shells]).toEqual([1, 0]);
    // The inner sphere's wall (3,632 mm²) but for the bits the holes look onto.
    const hidden = a.cnc_features!.unreachable!.area_mm2;
    expect(hidden).toBeGreaterThan(0.9 * 4 * Math.PI * 17 ** 2);
    expect(hidden).toBeLessThan(4 * Math.PI * 17 ** 2);
    const priced = applyBlockers(priceCnc(a, book, opts));
    expect(priced.total).toBeNull();
    expect(priced.dfm.filter((f) => f.severity === "error").map((f) => f.code)).toEqual(["UNREACHABLE_SURFACE"]);
    expect(priced.blockers[0].message).toMatch(/^3[45]\d\d mm² of the part's surface \(4\d %\) cannot be reached/);
  });

  it("a T-slot closed at both ends is an undercut no cutter reaches; the same slot run out through the ends is not", async () => {
    const closed = await analyse(openscadStl("difference(){cube([60,40,30]); translate([10,14,10]) cube([40,12,21]); translate([10,8,10]) cube([40,24,8]);}"));
    // The slot's wide part beside the neck: ceiling and floor (2 × 2 × 40 × 6), side walls (2 × 40 × 8), ends (2 × 2 × 6 × 8).
    const hidden = 2 * 2 * 40 * 6 + 2 * 40 * 8 + 2 * 2 * 6 * 8;
    expect(Math.abs(closed.cnc_features!.unreachable!.area_mm2 - hidden)).toBeLessThan(0.03 * hidden);
    expect(finding(closed, "UNREACHABLE_SURFACE")).toMatchObject({ severity: "error", message: expect.stringContaining("undercut") });
    const through = await analyse(openscadStl("difference(){cube([60,40,30]); translate([-1,14,10]) cube([62,12,21]); translate([-1,8,10]) cube([62,24,8]);}"));
    expect(through.cnc_features?.unreachable?.area_mm2).toBe(0);
    expect(finding(through, "UNREACHABLE_SURFACE")).toBeUndefined();
  });

  it("holes, counterbores, crossing holes, pockets and round solids are all reachable", async () => {
    for (const source of [
      "difference(){cube([30,30,20]); translate([15,15,-1]) cylinder(d=6,h=30,$fn=32); translate([15,15,14]) cylinder(d=11,h=30,$fn=32);}",
      "difference(){cube(30,center=true); cylinder(d=6,h=40,center=true,$fn=32); rotate([90,0,0]) cylinder(d=6,h=40,center=true,$fn=32); rotate([0,90,0]) cylinder(d=10,h=40,center=true,$fn=32);}",
      "difference(){cube([80,60,20]); translate([10,10,5]) cube([60,40,16]); for(i=[0:5]) translate([5+i*14,5,-1]) cylinder(d=1,h=30,$fn=16);}",
      "rotate_extrude($fn=64) translate([20,0]) circle(5,$fn=32);",
      "sphere(15,$fn=48);",
      "difference(){cube([500,300,10]); for(i=[0:9]) translate([20+i*45,150,-1]) cylinder(d=3,h=20,$fn=24);}",
    ]) {
      const a = await analyse(openscadStl(source));
      expect(a.cnc_features?.unreachable?.area_mm2, source).toBe(0);
    }
  });

  it("a sealed cavity is reported once, as the cavity", async () => {
    const a = await analyse(openscadStl("difference(){cube(40,center=true); sphere(10);}"));
    expect(a.cnc_features?.unreachable?.area_mm2).toBeGreaterThan(1000);
    expect(
      dfmOf(a)
        .filter((f) => f.severity === "error")
        .map((f) => f.code),
    ).toEqual(["ENCLOSED_VOID"]);
  });

  it("twice the triangles take at most about twice as long", async () => {
    const kernel = newKernel();
    // n/512 sealed spherical cavities (512 triangles each) on a grid in a block; the welded mesh is copied out once.
    const welded = async (n: number): Promise<MeshGeometry & { triangles: number }> => {
      const k = n / 512;
      const side = Math.ceil(Math.sqrt(k));
      const tris: Tri[] = translate(cube(side * 4 + 2), [-3, -3, -3]);
      for (let i = 0; i < k; i++) tris.push(...invert(sphere(1.5, 16, 16, [(i % side) * 4, Math.floor(i / side) * 4, 0])));
      let g: MeshGeometry | undefined;
      await analyzeMesh(binaryStl(tris), { kernel, inspectGeometry: (x) => (g = { positions: x.positions.slice(), indices: x.indices.slice() }) });
      return { ...(g as MeshGeometry), triangles: tris.length };
    };
    const inputs = new Map<number, MeshGeometry & { triangles: number }>();
    for (let n = 4096; n <= 1 << 17; n *= 2) inputs.set(n, await welded(n));
    const r = await scaling(
      (n) => inputs.get(n) as MeshGeometry & { triangles: number },
      (g) => expect(unreachableSurface(g.positions, g.indices, g.triangles, g.positions.length / 3).area).toBeGreaterThan(0),
      { start: 4096, max: 1 << 16, minMs: 30 },
    );
    console.log("reach doubling", JSON.stringify(r));
    expect(r.ratio, JSON.stringify(r)).toBeLessThanOrEqual(3);
  });
});

const dfmOf = (a: MeshAnalysis) => priceCnc(a, book, opts).dfm;
const finding = (a: MeshAnalysis, code: string) => dfmOf(a).find((f) => f.code === code);

describe("holes along X, Y and Z: depth against diameter", () => {
  it("a Ø6 mm hole through 20 mm is found and is fine", async () => {
    const a = await analyse(openscadStl("difference(){cube([30,30,20]); translate([15,15,-1]) cylinder(d=6,h=22,$fn=32);}"));
    expect(a.cnc_features?.holes).toEqual([{ axis: "z", diameter_mm: 6, depth_mm: 20, blind: false, count: 1 }]);
    expect(dfmOf(a).map((f) => f.code)).toEqual(["CNC_NOT_CHECKED"]);
  });

  it("far from the origin and in inches, the hole is the same", async () => {
    const far = openscadStl("translate([5000,-3000,200]) difference(){cube([30,30,20]); translate([15,15,-1]) cylinder(d=6,h=22,$fn=32);}");
    // OpenSCAD writes 6 significant digits: 0.01 mm out here.
    expect((await analyse(far)).cnc_features?.holes).toEqual([{ axis: "z", diameter_mm: expect.closeTo(6, 1), depth_mm: 20, blind: false, count: 1 }]);
    const inches = (
      await analyzeMesh(openscadStl("difference(){cube([3,3,2]); translate([1.5,1.5,-1]) cylinder(d=0.25,h=4,$fn=32);}"), { kernel, units: "in" })
    ).analysis as MeshAnalysis;
    expect(inches.cnc_features?.holes).toEqual([{ axis: "z", diameter_mm: 6.35, depth_mm: 50.8, blind: false, count: 1 }]);
  });

  it("a Ø3 mm hole through 40 mm is a warning (13× its diameter: drilled in steps or from both ends), still priced", async () => {
    const a = await analyse(openscadStl("difference(){cube([20,20,40]); translate([10,10,-1]) cylinder(d=3,h=42,$fn=32);}"));
    expect(a.cnc_features?.holes).toEqual([{ axis: "z", diameter_mm: 3, depth_mm: 40, blind: false, count: 1 }]);
    expect(finding(a, "HOLE_DEEP")).toMatchObject({
      severity: "warning",
      message: expect.stringMatching(/Ø3 mm, through 40 mm \(13× the diameter\).*both ends/),
    });
    expect(applyBlockers(priceCnc(a, book, opts)).blocked).toBe(false);
  });

  it("a blind Ø2 mm hole 40 mm deep cannot be drilled with standard tools: no price", async () => {
    const a = await analyse(openscadStl("difference(){cube([20,20,50]); translate([10,10,10]) cylinder(d=2,h=41,$fn=24);}"));
    expect(a.cnc_features?.holes).toEqual([{ axis: "z", diameter_mm: 2, depth_mm: 40, blind: true, count: 1 }]);
    expect(finding(a, "HOLE_TOO_DEEP")).toMatchObject({
      severity: "error",
      message: expect.stringContaining("Ø2 mm, 40 mm deep (20× the diameter)"),
      fix: expect.stringContaining("manual quote"),
    });
    const priced = applyBlockers(priceCnc(a, book, opts));
    expect(priced.blocked).toBe(true);
    expect(priced.total).toBeNull();
  });

  it("holes along X and Y are measured too; a drill point closes a blind hole's end", async () => {
    const a = await analyse(
      openscadStl(`difference(){
        cube([60,50,20]);
        translate([-1,25,10]) rotate([0,90,0]) cylinder(d=4,h=31,$fn=32);
        translate([20,-1,10]) rotate([-90,0,0]) union(){ cylinder(d=2,h=31,$fn=32); translate([0,0,31]) cylinder(d1=2,d2=0,h=0.6,$fn=32); }
      }`),
    );
    expect(a.cnc_features?.holes).toEqual([
      { axis: "y", diameter_mm: 2, depth_mm: 30, blind: true, count: 1 },
      { axis: "x", diameter_mm: 4, depth_mm: 30, blind: true, count: 1 },
    ]);
    expect(finding(a, "HOLE_TOO_DEEP")).toMatchObject({ severity: "error", message: expect.stringContaining("Ø2 mm, 30 mm deep (15× the diameter)") });
    expect(finding(a, "HOLE_DEEP")).toMatchObject({ severity: "warning", message: expect.stringContaining("Ø4 mm, 30 mm deep (8× the diameter)") });
  });

  it("a blind hole under 1 mm needs a micro drill (a warning); a hole through two plates far apart is two holes", async () => {
    const a = await analyse(
      openscadStl(`difference(){
        union(){ cube([30,30,5]); translate([0,0,45]) cube([30,30,5]); cube([5,30,50]); }
        translate([20,15,2]) cylinder(d=0.8,h=4,$fn=16);
        translate([12,15,-1]) cylinder(d=5,h=52,$fn=32);
      }`),
    );
    expect(a.cnc_features?.holes).toEqual([
      { axis: "z", diameter_mm: 0.8, depth_mm: 3, blind: true, count: 1 },
      { axis: "z", diameter_mm: 5, depth_mm: 5, blind: false, count: 2 },
    ]);
    expect(finding(a, "HOLE_SMALL")).toMatchObject({ severity: "warning", message: expect.stringContaining("Ø0.8 mm, 3 mm deep") });
    expect(finding(a, "HOLE_DEEP")).toBeUndefined();
  });

  it("files exported by PrusaSlicer and OpenSCAD (STL and 3MF) show the same Ø10 mm through hole (test/fixtures/real-world/bracket.scad)", async () => {
    for (const name of ["prusaslicer-bracket.stl", "prusaslicer-bracket.3mf", "openscad-bracket.stl", "openscad-bracket.3mf"]) {
      const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/real-world/${name}`, import.meta.url))));
      const a = (await analyzeMesh(bytes, { kernel, filename: name })).analysis as MeshAnalysis;
      expect(a.cnc_features, name).toEqual({
        holes: [{ axis: "z", diameter_mm: 10, depth_mm: 10, blind: false, count: 1 }],
        fillets: [],
        sharp_corners: { count: 0, depth_mm: 0 },
        unreachable: { area_mm2: 0, cell_mm: expect.any(Number) },
      });
    }
  });
});

describe("internal vertical corners", () => {
  it("a pocket with square corners is milled with the tool's radius: a warning naming it", async () => {
    const a = await analyse(openscadStl("difference(){cube([40,40,20]); translate([10,10,10]) cube([20,20,11]);}"));
    expect(a.cnc_features?.sharp_corners).toEqual({ count: 4, depth_mm: 10 });
    expect(finding(a, "SHARP_INTERNAL_CORNER")).toMatchObject({
      severity: "warning",
      message: expect.stringMatching(
        /^4 internal vertical corners are sharp: they will be milled with the tool's radius \(about 1\.7 mm where the walls are 10 mm tall\)/,
      ),
    });
  });

  it("a pocket with 3 mm corner radii has no corner warning", async () => {
    const a = await analyse(
      openscadStl("difference(){cube([40,40,20]); translate([10,10,10]) linear_extrude(11) offset(r=3,$fn=32) offset(delta=-3) square(20);}"),
    );
    expect(a.cnc_features).toMatchObject({ holes: [], fillets: [{ radius_mm: 3, depth_mm: 10, count: 4 }], sharp_corners: { count: 0 } });
    expect(dfmOf(a).map((f) => f.code)).toEqual(["CNC_NOT_CHECKED"]);
  });

  it("corner radii smaller than a cutter that reaches their depth are a warning", async () => {
    const a = await analyse(
      openscadStl("difference(){cube([40,40,30]); translate([10,10,6]) linear_extrude(25) offset(r=1,$fn=32) offset(delta=-1) square(20);}"),
    );
    expect(a.cnc_features?.fillets).toEqual([{ radius_mm: 1, depth_mm: 24, count: 4 }]);
    expect(finding(a, "SMALL_INTERNAL_RADIUS")).toMatchObject({
      severity: "warning",
      message: expect.stringContaining("1 mm on walls 24 mm tall, where a cutter's radius is about 4 mm"),
    });
  });

  it("a plain block has no holes, corners or radii (its edges are convex)", async () => {
    const a = await analyse(binaryStl(cube(10)));
    expect(a.cnc_features).toEqual({ holes: [], fillets: [], sharp_corners: { count: 0, depth_mm: 0 }, unreachable: { area_mm2: 0, cell_mm: 0.02 } });
  });
});

describe("the feature checks are linear in the triangles", () => {
  it("are charged to the file's analysis budget before they run", async () => {
    // 12 triangles: 12 µs for reading and the kernel, 7.2 µs for the layer outlines, 24 µs for the feature checks, 18 µs for the reach check.
    const over = analyzeMesh(binaryStl(cube(10)), { kernel, budget: new AnalysisBudget(0.03) });
    await expect(over).rejects.toMatchObject({ code: "ANALYSIS_TIME_LIMIT", message: expect.stringContaining("the milling feature checks") });
    const reach = analyzeMesh(binaryStl(cube(10)), { kernel, budget: new AnalysisBudget(0.045) });
    await expect(reach).rejects.toMatchObject({ code: "ANALYSIS_TIME_LIMIT", message: expect.stringContaining("the tool reach check") });
    expect((await analyzeMesh(binaryStl(cube(10)), { kernel, budget: new AnalysisBudget(0.07) })).analysis).toHaveProperty("cnc_features.unreachable");
  });

  it("twice the holes take at most about twice as long", async () => {
    const kernel = newKernel();
    // n blind holes (inward-facing closed cylinders) on a grid; the welded mesh is copied out once.
    const welded = async (n: number): Promise<MeshGeometry & { triangles: number }> => {
      const side = Math.ceil(Math.sqrt(n / 64));
      const tris: Tri[] = [];
      for (let i = 0; i < n / 64; i++) tris.push(...translate(invert(cylinder(1, 10, 16)), [(i % side) * 4, Math.floor(i / side) * 4, 0]));
      let g: MeshGeometry | undefined;
      await analyzeMesh(binaryStl(tris), { kernel, inspectGeometry: (x) => (g = { positions: x.positions.slice(), indices: x.indices.slice() }) });
      return { ...(g as MeshGeometry), triangles: tris.length };
    };
    const inputs = new Map<number, MeshGeometry & { triangles: number }>();
    for (let n = 4096; n <= 1 << 17; n *= 2) inputs.set(n, await welded(n));
    const r = await scaling(
      (n) => inputs.get(n) as MeshGeometry & { triangles: number },
      (g) => {
        const f = cncFeatures(g.positions, g.indices, g.triangles, g.positions.length / 3, 1);
        expect(f.holes[0].count).toBe(g.triangles / 64);
      },
      { start: 4096, max: 1 << 16, minMs: 30 },
    );
    console.log("cnc features doubling", JSON.stringify(r));
    expect(r.ratio, JSON.stringify(r)).toBeLessThanOrEqual(3);
  });
});
