/** What CNC DFM can see in a real mesh: a sealed cavity is an error; what it cannot see is said in the part's notes. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeMesh, type MeshAnalysis } from "../../../engine/mesh/index.ts";
import { priceCnc } from "../../../engine/pricing/cnc.ts";
import { applyBlockers } from "../../../engine/pricing/blockers.ts";
import { book } from "../pricing/fixtures.ts";
import { binaryStl, cube, invert, newKernel, sphere, type Tri } from "../mesh/solids.ts";

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
      throw new Error(missing ? "openscad is not installed: this test needs Debian's `openscad` package (apt-get install openscad)" : `openscad failed: ${String((e as { stderr?: Buffer }).stderr ?? e)}`);
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

  it("a cavity reached through a drilled hole is not called clear: the notes say what the shop checks by hand", async () => {
    const a = await analyse(openscadStl("difference(){cube(40,center=true); sphere(10); cylinder(r=2,h=50,center=true,$fn=24);}"));
    expect(a.shells).toBe(1);
    const dfm = priceCnc(a, book, opts).dfm;
    expect(dfm).not.toContainEqual(expect.objectContaining({ severity: "error" }));
    const note = dfm.find((f) => f.code === "CNC_NOT_CHECKED");
    expect(note?.severity).toBe("info");
    expect(note?.message).toMatch(/undercuts.*internal corner radii.*depth-to-diameter.*shop reviews/i);
  });
});
