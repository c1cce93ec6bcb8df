import { describe, expect, it } from "vitest";
import { EngineError } from "../../../engine/errors.ts";
import { analyzeMesh } from "../../../engine/mesh/index.ts";
import { asciiStl, binaryStl, cube, invert, newKernel, obj, sphere, threeMf } from "./solids.ts";

const kernel = newKernel();
const MUTANTS = 1000;
const SLOW_MS = 250;

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const INTERESTING = [0, 0xff, 0x7f, 0x80, 0x2d, 0x2e, 0x30, 0x39, 0x20, 0x0a, 0x3c, 0x3e, 0x22, 0x2f, 0x65];

/** One of: flip bytes, overwrite with interesting bytes, delete, duplicate, or truncate a range. */
function mutate(input: Uint8Array, rnd: () => number): Uint8Array {
  const bytes = input.slice();
  const at = () => Math.floor(rnd() * bytes.length);
  const kind = Math.floor(rnd() * 6);
  const n = 1 + Math.floor(rnd() * 8);
  if (kind === 0) for (let i = 0; i < n; i++) bytes[at()] ^= 1 << Math.floor(rnd() * 8);
  if (kind === 1) for (let i = 0; i < n; i++) bytes[at()] = INTERESTING[Math.floor(rnd() * INTERESTING.length)];
  if (kind === 2) {
    const a = at();
    return new Uint8Array([...bytes.subarray(0, a), ...bytes.subarray(a + n * 8)]);
  }
  if (kind === 3) {
    const a = at(),
      b = Math.min(bytes.length, a + n * 16);
    return new Uint8Array([...bytes.subarray(0, b), ...bytes.subarray(a, b), ...bytes.subarray(b)]);
  }
  if (kind === 4) return bytes.subarray(0, at());
  if (kind === 5) {
    // A random 32-bit value at a random aligned place: counts, coordinates, zip sizes.
    const view = new DataView(bytes.buffer);
    const a = Math.floor(rnd() * (bytes.length / 4 - 1)) * 4;
    view.setUint32(a, (rnd() * 2 ** 32) >>> 0, true);
  }
  return bytes;
}

const solid = [...sphere(5, 12, 6, [1, 2, 3]), ...invert(cube(1, [0.5, 1.5, 2.5]))];
const formats = {
  "binary STL": binaryStl(solid),
  "ASCII STL": asciiStl(solid),
  OBJ: obj(solid),
  "3MF": threeMf(solid),
};

describe("fuzz: mutated files only ever fail with a typed error, quickly", () => {
  for (const [name, original] of Object.entries(formats)) {
    it(`${MUTANTS} mutants of ${name}`, async () => {
      const rnd = random(name.length * 7919);
      let failures = 0,
        slowest = 0;
      for (let i = 0; i < MUTANTS; i++) {
        const bytes = mutate(original, rnd);
        const started = performance.now();
        try {
          const { analysis } = await analyzeMesh(bytes, {
            kernel,
            filename: `part.${name === "OBJ" ? "obj" : name === "3MF" ? "3mf" : "stl"}`,
            maxTriangles: 20_000,
            maxInflatedBytes: 2 ** 20,
          });
          expect(analysis.triangle_count).toBeGreaterThan(0);
        } catch (e) {
          if (!(e instanceof EngineError)) throw new Error(`mutant ${i} of ${name} threw ${String(e)}`, { cause: e });
          expect(e.status).toBeGreaterThanOrEqual(400);
          expect(e.status).toBeLessThan(500);
          failures++;
        }
        slowest = Math.max(slowest, performance.now() - started);
      }
      expect(slowest).toBeLessThan(SLOW_MS);
      expect(failures).toBeGreaterThan(0);
    });
  }
});
