/**
 * Cross-check against admesh (Debian package `admesh`, installed by .ci/run): volume,
 * parts (shells) and disconnected facets (open edges) of generated binary STLs.
 * admesh 0.98 prints no surface area; areas are checked against closed forms in
 * analysis.test.ts. Solids are moved off the origin: admesh hangs on some tiny meshes
 * touching it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeMesh } from "../../../engine/mesh/index.ts";
import { binaryStl, cube, cylinder, invert, newKernel, sphere, torus, translate, type Tri } from "./solids.ts";

const kernel = newKernel();
const dir = mkdtempSync(join(tmpdir(), "fabquote-admesh-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function admesh(stl: Uint8Array, ...flags: string[]): string {
  const file = join(dir, `part-${Math.random().toString(36).slice(2)}.stl`);
  writeFileSync(file, stl);
  const run = spawnSync("admesh", [...flags, file], { encoding: "utf8", timeout: 20_000 });
  if (run.error) throw new Error(`admesh is required for this test (apt-get install admesh): ${run.error.message}`);
  return run.stdout;
}

const figure = (out: string, label: RegExp) => Number(out.match(label)?.[1]);

const closed: [string, Tri[]][] = [
  ["cube", cube(10)],
  ["cube with a cavity", [...cube(10), ...invert(cube(4, [3, 3, 3]))]],
  ["sphere", sphere(12.5, 64, 32)],
  ["cylinder", cylinder(6, 30, 72)],
  ["torus", torus(20, 5, 60, 30)],
  ["two separate cubes", [...cube(5), ...cube(3, [8, 8, 8])]],
];

describe("against admesh", () => {
  for (const [name, tris] of closed) {
    it(`${name}: volume and shells agree`, async () => {
      const stl = binaryStl(translate(tris, [1.5, 2.5, 3.5]));
      const { analysis: a } = await analyzeMesh(stl, { kernel });
      const out = admesh(stl);
      expect(figure(out, /Number of parts\s*:\s*(\d+)/)).toBe(a.shells);
      // admesh sums in single precision.
      expect(a.volume_mm3 / figure(out, /Volume\s*:\s*([-\d.]+)/)).toBeCloseTo(1, 5);
      expect(figure(out, /Total disconnected facets\s*:\s*(\d+)/)).toBe(0);
      expect(a.watertight).toBe(true);
    });
  }

  it("a torus with faces removed: admesh finds as many open edges and disconnected facets as we flag", async () => {
    const stl = binaryStl(
      translate(
        torus(20, 5, 40, 20).filter((_, i) => i % 97 !== 0),
        [1.5, 2.5, 3.5],
      ),
    );
    const { analysis: a, faceFlags } = await analyzeMesh(stl, { kernel });
    const out = admesh(stl, "--exact");
    const one = figure(out, /Facets with 1 disconnected edge\s*:\s*(\d+)/);
    const two = figure(out, /Facets with 2 disconnected edges\s*:\s*(\d+)/);
    const three = figure(out, /Facets with 3 disconnected edges\s*:\s*(\d+)/);
    expect(one + 2 * two + 3 * three).toBe(a.open_edges);
    expect(figure(out, /Total disconnected facets\s*:\s*(\d+)/)).toBe(faceFlags.filter((f) => f & 1).length);
    expect(a.watertight).toBe(false);
  });
});
