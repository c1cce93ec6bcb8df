/**
 * Every mesh reader is linear in its input: reading a file twice the size takes at
 * most about twice as long (a 111 KB PrusaSlicer 3MF once took a minute, quadratic
 * in an attribute lookup). See linearity.ts for how the sizes and times are chosen.
 */
import { describe, expect, it } from "vitest";
import { analyzeMesh } from "../../../engine/mesh/index.ts";
import { readAsciiStl } from "../../../engine/mesh/stl-ascii.ts";
import { readObj } from "../../../engine/mesh/obj.ts";
import { readThreeMf } from "../../../engine/mesh/threemf.ts";
import { scaling } from "./linearity.ts";
import { asciiStl, binaryStl, newKernel, obj, threeMf, torus } from "./solids.ts";

const LIMIT = 50_000_000;
/** A torus of about `n` triangles (rings × 32 segments × 2). */
const mesh = (n: number) => torus(40, 12, Math.max(1, Math.round(n / 64)), 32);

describe("readers are linear in the file size", () => {
  it("binary STL (the whole analysis, streamed into the kernel)", async () => {
    const kernel = newKernel();
    const r = await scaling(
      (n) => binaryStl(mesh(n)),
      (bytes) => analyzeMesh(bytes, { kernel }),
      { start: 4096, max: 1 << 20 },
    );
    expect(r.ratio, JSON.stringify(r)).toBeLessThanOrEqual(3);
  });

  it("ASCII STL", async () => {
    const r = await scaling(
      (n) => asciiStl(mesh(n)),
      (bytes) => readAsciiStl(bytes, LIMIT),
      { start: 4096, max: 1 << 19 },
    );
    expect(r.ratio, JSON.stringify(r)).toBeLessThanOrEqual(3);
  });

  it("OBJ", async () => {
    const r = await scaling(
      (n) => obj(mesh(n)),
      (bytes) => readObj(bytes, LIMIT),
      { start: 4096, max: 1 << 19 },
    );
    expect(r.ratio, JSON.stringify(r)).toBeLessThanOrEqual(3);
  });

  it("3MF (attribute names without a namespace prefix, as every writer uses)", async () => {
    const r = await scaling(
      (n) => threeMf(mesh(n)),
      (bytes) => readThreeMf(bytes, LIMIT, 1 << 30),
      { start: 1024, max: 1 << 19 },
    );
    expect(r.ratio, JSON.stringify(r)).toBeLessThanOrEqual(3);
  });
});
