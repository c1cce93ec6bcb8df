import { describe, expect, it } from "vitest";
import { zipSync, strToU8 } from "fflate";
import { analyzeMesh, detectFormat } from "../../../engine/mesh/index.ts";
import { asciiStl, binaryStl, cube, invert, modelXml, newKernel, obj, sphere, threeMf, translate } from "./solids.ts";

const kernel = newKernel();

/** A ReadableStream delivering `bytes` in chunks of pseudo-random sizes (1 … max bytes). */
function chunked(bytes: Uint8Array, max: number, seed = 1): ReadableStream<Uint8Array> {
  let at = 0;
  let state = seed;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      state = (state * 1103515245 + 12345) >>> 0;
      const n = 1 + (state % max);
      controller.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
}

describe("detectFormat", () => {
  const solid = cube(10);
  it("tells the formats apart by content", () => {
    const stl = binaryStl(solid);
    expect(detectFormat(stl, { size: stl.length })).toBe("stl-binary");
    expect(detectFormat(asciiStl(solid))).toBe("stl-ascii");
    expect(detectFormat(obj(solid))).toBe("obj");
    expect(detectFormat(threeMf(solid))).toBe("3mf");
    expect(detectFormat(strToU8("  0\nSECTION\n  2\nHEADER\n"))).toBe("dxf");
    expect(detectFormat(strToU8('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'))).toBe("svg");
  });

  it("reads a binary STL whose header starts with 'solid' as binary, by its size", () => {
    const stl = binaryStl(solid);
    stl.set(strToU8("solid exported by a CAD tool"), 0);
    expect(detectFormat(stl, { size: stl.length })).toBe("stl-binary");
  });

  it("leaves unknown content unknown", () => {
    expect(detectFormat(strToU8("ISO-10303-21;\nHEADER;"), { filename: "part.step" })).toBeUndefined();
    expect(detectFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), { filename: "a.png" })).toBeUndefined();
  });
});

describe("one solid in every format", () => {
  // Off-grid coordinates: every format must round them to the same f32 values.
  const solid = [...sphere(7.3, 40, 20, [1.1, 2.2, 3.3]), ...invert(cube(2.5, [0, 1, 2]))];

  it("gives identical analyses from binary STL, ASCII STL, OBJ and 3MF", async () => {
    const results = await Promise.all(
      [binaryStl(solid), asciiStl(solid), obj(solid), threeMf(solid)].map((bytes) => analyzeMesh(bytes, { kernel: newKernel() })),
    );
    const [reference, ...others] = results.map(({ analysis: { format, ...rest } }) => rest);
    for (const other of others) expect(other).toEqual(reference);
    expect(results.map((r) => r.analysis.format)).toEqual(["stl", "stl", "obj", "3mf"]);
    for (const r of results.slice(1)) expect(r.faceFlags).toEqual(results[0].faceFlags);
  });

  it("streams binary STL in chunks of any size to the same result, reporting progress", async () => {
    const bytes = binaryStl(solid);
    const whole = await analyzeMesh(bytes, { kernel });
    const progress: number[] = [];
    for (const [max, size] of [
      [7, bytes.length],
      [4093, undefined],
      [1 << 16, bytes.length],
    ] as const) {
      const streamed = await analyzeMesh(chunked(bytes, max), { kernel, size, onProgress: (n) => progress.push(n) });
      expect(streamed.analysis).toEqual(whole.analysis);
    }
    expect(progress.at(-1)).toBe(bytes.length);
  });

  it("streams the text formats and 3MF too", async () => {
    const whole = await analyzeMesh(binaryStl(solid), { kernel });
    for (const bytes of [asciiStl(solid), obj(solid), threeMf(solid)]) {
      const { analysis } = await analyzeMesh(chunked(bytes, 999), { kernel });
      expect(analysis.volume_mm3).toBe(whole.analysis.volume_mm3);
    }
  });

  it("returns the welded geometry for a viewer when asked", async () => {
    const { geometry, analysis } = await analyzeMesh(binaryStl(cube(10)), { kernel, keepGeometry: true, units: "in" });
    expect(geometry!.indices.length).toBe(36);
    expect(Math.max(...geometry!.positions)).toBeCloseTo(254, 4);
    expect(analysis.bbox_mm.max).toEqual([254, 254, 254]);
  });

  it("lends the welded mesh in the file's units, without copying it, to inspectGeometry", async () => {
    const seen: { indices: number; maxIndex: number; maxCoordinate: number; inKernel: boolean }[] = [];
    await analyzeMesh(binaryStl(cube(10)), {
      kernel,
      units: "in",
      inspectGeometry: ({ positions, indices }) =>
        seen.push({
          indices: indices.length,
          maxIndex: Math.max(...indices),
          maxCoordinate: Math.max(...positions),
          inKernel: positions.buffer === indices.buffer,
        }),
    });
    expect(seen).toHaveLength(1);
    expect(seen[0].indices).toBe(36);
    expect(seen[0].maxCoordinate).toBe(10);
    // Both are views of the kernel's one memory, not copies.
    expect(seen[0].inKernel).toBe(true);
    expect(seen[0].maxIndex).toBe(7); // welded: eight corners
  });
});

describe("units", () => {
  it("reads STL in inches when the user says so", async () => {
    const { analysis: a } = await analyzeMesh(binaryStl(cube(1)), { kernel, units: "in" });
    expect(a.source_units).toBe("in");
    expect(a.volume_mm3).toBeCloseTo(25.4 ** 3, 6);
    expect(a.surface_area_mm2).toBeCloseTo(6 * 25.4 ** 2, 6);
    expect(a.bbox_mm.size).toEqual([25.4, 25.4, 25.4]);
    expect(a.obb_mm.volume_mm3).toBeCloseTo(25.4 ** 3, 6);
  });

  it("honours the 3MF unit attribute over the user's choice", async () => {
    const inch = await analyzeMesh(threeMf(cube(1), { unit: "inch" }), { kernel, units: "mm" });
    expect(inch.analysis.source_units).toBe("in");
    expect(inch.analysis.volume_mm3).toBeCloseTo(25.4 ** 3, 6);
    const cm = await analyzeMesh(threeMf(cube(1), { unit: "centimeter" }), { kernel });
    expect(cm.analysis.volume_mm3).toBeCloseTo(1000, 9);
    expect(cm.analysis.source_units).toBe("mm");
  });
});

describe("OBJ", () => {
  it("accepts negative indices, polygons, slashes, groups and comments", async () => {
    const text = [
      "# a unit cube written with quads and relative indices",
      "mtllib part.mtl",
      "v 0 0 0",
      "v 1 0 0",
      "v 1 1 0",
      "v 0 1 0",
      "v 0 0 1",
      "v 1 0 1",
      "v 1 1 1",
      "v 0 1 1",
      "vn 0 0 1",
      "g bottom",
      "f -8/1/1 -5/2/1 -6/3/1 -7/4/1",
      "g rest",
      "f 5//1 6//1 7//1 8//1",
      "f 1 2 6 5",
      "f 2 3 7 6",
      "f 3 4 8 7",
      "f 4 1 5 8",
      "",
    ].join("\n");
    const { analysis: a } = await analyzeMesh(strToU8(text), { kernel });
    expect(a).toMatchObject({ format: "obj", triangle_count: 12, volume_mm3: 1, watertight: true, shells: 1 });
  });
});

describe("3MF structure", () => {
  const model = (body: string, unit = "millimeter") =>
    zipSync({
      "3D/3dmodel.model": strToU8(
        `<?xml version="1.0" encoding="UTF-8"?>\n<model unit="${unit}" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02"><resources>${body}</build></model>`,
      ),
    });
  const cubeObject = (id: number) =>
    modelXml(cube(10))
      .match(/<object[\s\S]*<\/object>/)![0]
      .replace('id="1"', `id="${id}"`);

  it("expands components with transforms and places build items", async () => {
    const body = `${cubeObject(1)}
      <object id="2" type="model"><components>
        <component objectid="1"/>
        <component objectid="1" transform="1 0 0 0 1 0 0 0 1 20 0 0"/>
      </components></object></resources>
      <build><item objectid="2" transform="1 0 0 0 1 0 0 0 1 0 0 5"/>`;
    const { analysis: a } = await analyzeMesh(model(body), { kernel });
    expect(a).toMatchObject({ triangle_count: 24, shells: 2, volume_mm3: 2000, watertight: true, inverted_shells: 0 });
    expect(a.bbox_mm.min).toEqual([0, 0, 5]);
    expect(a.bbox_mm.max).toEqual([30, 10, 15]);
  });

  it("skips a DOCTYPE that names an external DTD (public or system identifier, no internal subset) without fetching it", async () => {
    for (const prologue of [
      '\n<!DOCTYPE model PUBLIC "-//3MF//DTD Model//EN" "http://example.invalid/model.dtd">',
      "\n<!DOCTYPE model SYSTEM 'model.dtd' >",
      "<!DOCTYPE model>",
    ]) {
      const { analysis: a } = await analyzeMesh(threeMf(cube(10), { prologue }), { kernel });
      expect([a.triangle_count, a.volume_mm3], prologue).toEqual([12, 1000]);
    }
  });

  it("keeps a mirrored component outward-facing", async () => {
    const body = `${cubeObject(1)}</resources><build><item objectid="1" transform="-1 0 0 0 1 0 0 0 1 0 0 0"/>`;
    const { analysis: a } = await analyzeMesh(model(body), { kernel });
    expect(a.volume_mm3).toBe(1000);
    expect(a.bbox_mm.min).toEqual([-10, 0, 0]);
  });

  it("finds the model part through the root relationship", async () => {
    const rels = zipSync({
      "_rels/.rels": strToU8(
        `<Relationships><Relationship Target="/3D/part.model" Id="r" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>`,
      ),
      "3D/part.model": strToU8(modelXml(cube(3))),
    });
    expect((await analyzeMesh(rels, { kernel })).analysis.volume_mm3).toBe(27);
  });

  it("places only what the build references", async () => {
    const body = `${cubeObject(1)}${cubeObject(2)}</resources><build><item objectid="2"/>`;
    expect((await analyzeMesh(model(body), { kernel })).analysis.triangle_count).toBe(12);
  });
});

describe("translation", () => {
  it("moving a part through every format leaves volume, area and topology unchanged", async () => {
    const solid = [...cube(10), ...invert(cube(4, [3, 3, 3]))];
    const here = (await analyzeMesh(threeMf(solid), { kernel })).analysis;
    const there = (await analyzeMesh(threeMf(translate(solid, [-2048, 64, 0.25])), { kernel })).analysis;
    for (const key of ["volume_mm3", "surface_area_mm2", "shells", "shell_volumes_mm3", "edge_count", "projected_area_mm2"] as const) {
      expect(there[key]).toEqual(here[key]);
    }
  });
});
