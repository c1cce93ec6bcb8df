import { describe, expect, it } from "vitest";
import { zipSync, strToU8 } from "fflate";
import { EngineError } from "../../../engine/errors.ts";
import { analyzeMesh, type AnalyzeMeshOptions, type MeshInput } from "../../../engine/mesh/index.ts";
import { asciiStl, binaryStl, cube, modelXml, newKernel, obj, threeMf } from "./solids.ts";

const kernel = newKernel();

async function failure(input: MeshInput, options: Partial<AnalyzeMeshOptions> = {}): Promise<EngineError> {
  try {
    await analyzeMesh(input, { kernel, ...options });
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    return e as EngineError;
  }
  throw new Error("expected the analysis to fail");
}

const streamOf = (bytes: Uint8Array): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      if (bytes.length) controller.enqueue(bytes);
      controller.close();
    },
  });

describe("bad input is a clear 4xx", () => {
  it("binary STL whose declared count disagrees with its size states both numbers", async () => {
    const stl = new Uint8Array(4096).fill(0x80);
    new DataView(stl.buffer).setUint32(80, 1000, true);
    const e = await failure(stl, { filename: "part.stl" });
    expect([e.code, e.status]).toEqual(["STL_SIZE_MISMATCH", 400]);
    expect(e.message).toBe("binary STL declares 1,000 triangles (50,084 bytes) but the file has 4,096 bytes");
  });

  it("a truncated binary STL stream of unknown size", async () => {
    const stl = binaryStl(cube(10));
    const e = await failure(streamOf(stl.subarray(0, stl.length - 30)));
    expect([e.code, e.status]).toEqual(["STL_SIZE_MISMATCH", 400]);
    expect(e.message).toBe("binary STL declares 12 triangles (684 bytes) but the file has 654 bytes");
  });

  it("trailing bytes after the declared triangles of a stream", async () => {
    const stl = binaryStl(cube(10));
    const longer = new Uint8Array(stl.length + 50);
    longer.set(stl);
    const e = await failure(streamOf(longer));
    expect(e.message).toBe("binary STL declares 12 triangles (684 bytes) but the file has 734 bytes");
  });

  it("NaN coordinates, naming the triangle", async () => {
    const tris = cube(10);
    tris[7][4] = NaN;
    const e = await failure(binaryStl(tris));
    expect([e.code, e.status, e.message]).toEqual(["NON_FINITE_COORDINATE", 400, "triangle 8 has a coordinate that is NaN"]);
  });

  it("infinite coordinates in text", async () => {
    const text = new TextDecoder().decode(asciiStl(cube(10))).replace("vertex 10 0 0", "vertex inf 0 0");
    const e = await failure(strToU8(text));
    expect([e.code, e.status]).toEqual(["NON_FINITE_COORDINATE", 400]);
    expect(e.message).toMatch(/is infinite$/);
  });

  it("an empty file, whole or streamed", async () => {
    for (const input of [new Uint8Array(0), streamOf(new Uint8Array(0))]) {
      const e = await failure(input, { filename: "part.stl" });
      expect([e.code, e.status, e.message]).toEqual(["EMPTY_FILE", 400, "the file is empty (0 bytes)"]);
    }
  });

  it("zero triangles in binary and ASCII STL", async () => {
    const e1 = await failure(binaryStl([]));
    expect([e1.code, e1.status, e1.message]).toEqual(["NO_TRIANGLES", 400, "binary STL declares 0 triangles"]);
    const e2 = await failure(strToU8("solid empty\nendsolid empty\n"));
    expect([e2.code, e2.status]).toEqual(["NO_TRIANGLES", 400]);
  });

  it("garbage ASCII STL, with the line", async () => {
    const e = await failure(strToU8("solid x\n  facet normal 0 0 1\n    outer loop\n      vertex 1 2 banana\n"));
    expect([e.code, e.status]).toEqual(["STL_SYNTAX", 400]);
    expect(e.message).toBe("ASCII STL line 4: expected a number, found 'banana'");
    const e2 = await failure(strToU8("solid x\nthis is not an stl\n"));
    expect(e2.message).toBe("ASCII STL line 2: expected 'facet' or 'endsolid', found 'this'");
  });

  it("OBJ index out of range, and index zero", async () => {
    const e = await failure(strToU8("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 9\n"));
    expect([e.code, e.status, e.message]).toEqual(["OBJ_INDEX_OUT_OF_RANGE", 400, "OBJ line 4: face refers to vertex 9 but 3 vertices are defined"]);
    const e2 = await failure(strToU8("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 1 2\n"));
    expect(e2.code).toBe("OBJ_INDEX_OUT_OF_RANGE");
    const e3 = await failure(strToU8("v 0 0 0\nv 1 0 0\nv 0 1 0\nf -4 -2 -1\n"));
    expect(e3.code).toBe("OBJ_INDEX_OUT_OF_RANGE");
  });

  it("OBJ without faces has no triangles", async () => {
    const e = await failure(strToU8("v 0 0 0\nv 1 0 0\n"));
    expect([e.code, e.status]).toEqual(["NO_TRIANGLES", 400]);
  });

  it("3MF that is not a zip", async () => {
    const e = await failure(strToU8("this is not a zip"), { filename: "part.3mf" });
    expect([e.code, e.status]).toEqual(["3MF_NOT_ZIP", 400]);
  });

  it("3MF without its model part", async () => {
    const e = await failure(zipSync({ "3D/readme.txt": strToU8("hello") }));
    expect([e.code, e.status, e.message]).toEqual(["3MF_NO_MODEL", 400, "3MF archive has no model part 3D/3dmodel.model (model parts found: none)"]);
  });

  it("3MF declaring a DTD or an entity", async () => {
    const dtd = await failure(threeMf(cube(1), { prologue: '<!DOCTYPE model [<!ENTITY lol "lol">]>' }));
    expect([dtd.code, dtd.status]).toEqual(["3MF_DTD", 400]);
    const subset = await failure(threeMf(cube(1), { prologue: '<!DOCTYPE model SYSTEM "model.dtd" [ ]>' }));
    expect([subset.code, subset.status]).toEqual(["3MF_DTD", 400]);
    const entity = await failure(threeMf(cube(1), { prologue: '<!ENTITY lol "lol">' }));
    expect([entity.code, entity.status]).toEqual(["3MF_DTD", 400]);
    const broken = await failure(threeMf(cube(1), { prologue: '<!DOCTYPE model PUBLIC "only-a-public-id">' }));
    expect([broken.code, broken.status]).toEqual(["3MF_INVALID", 400]);
  });

  it("3MF that inflates past the limit stops at the limit (413), fast", async () => {
    // 64 MiB of whitespace inside the model compresses to about 64 KiB.
    const xml = modelXml(cube(1)).replace("<resources>", `<resources>${" ".repeat(64 * 2 ** 20)}`);
    const bomb = zipSync({ "3D/3dmodel.model": strToU8(xml) }, { level: 9 });
    expect(bomb.length).toBeLessThan(2 ** 20);
    const started = performance.now();
    const e = await failure(bomb, { maxInflatedBytes: 4 * 2 ** 20 });
    expect([e.code, e.status]).toEqual(["3MF_TOO_LARGE", 413]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("3MF inflating past the default limit (32 MiB, what fits beside the kernel in a Worker) is refused (413)", async () => {
    const xml = modelXml(cube(1)).replace("<resources>", `<resources>${" ".repeat(32 * 2 ** 20)}`);
    const e = await failure(zipSync({ "3D/3dmodel.model": strToU8(xml) }, { level: 9 }));
    expect([e.code, e.status]).toEqual(["3MF_TOO_LARGE", 413]);
    expect(e.message).toContain("more than 33,554,432 bytes");
  });

  it("triangles above the default limit (5,000,000) are refused before the body is read", async () => {
    const head = new Uint8Array(84);
    new DataView(head.buffer).setUint32(80, 5_000_001, true);
    const e = await failure(streamOf(head), { size: 84 + 50 * 5_000_001 });
    expect([e.code, e.status]).toEqual(["TOO_MANY_TRIANGLES", 413]);
    expect(e.message).toBe("binary STL has 5,000,001 triangles; the limit is 5,000,000");
  });

  it("a per-tenant triangle limit applies to every format", async () => {
    for (const bytes of [binaryStl(cube(1)), asciiStl(cube(1)), obj(cube(1)), threeMf(cube(1))]) {
      const e = await failure(bytes, { maxTriangles: 10 });
      expect([e.code, e.status]).toEqual(["TOO_MANY_TRIANGLES", 413]);
    }
  });

  it("3MF components that multiply past the limit are refused before expansion", async () => {
    const object = modelXml(cube(1)).match(/<object[\s\S]*<\/object>/)![0];
    const many = `<object id="2"><components>${'<component objectid="1"/>'.repeat(1000)}</components></object>`;
    const more = `<object id="3"><components>${'<component objectid="2"/>'.repeat(1000)}</components></object>`;
    const xml = `<?xml version="1.0"?><model unit="millimeter"><resources>${object}${many}${more}</resources><build><item objectid="3"/></build></model>`;
    const e = await failure(zipSync({ "3D/3dmodel.model": strToU8(xml) }));
    expect([e.code, e.status, e.message]).toEqual(["TOO_MANY_TRIANGLES", 413, "3MF model has 12,000,000 triangles; the limit is 5,000,000"]);
  });

  it("an unknown format is 415", async () => {
    const png = new Uint8Array(200).fill(7);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    for (const [bytes, filename] of [
      [png, "photo.png"],
      [strToU8("ISO-10303-21;\nHEADER;\n"), undefined],
    ] as const) {
      const e = await failure(bytes, { filename });
      expect([e.code, e.status]).toEqual(["UNSUPPORTED_FORMAT", 415]);
    }
  });

  it("a 2D profile is not a mesh (415)", async () => {
    const e = await failure(strToU8("  0\nSECTION\n  2\nENTITIES\n  0\nENDSEC\n  0\nEOF\n"));
    expect([e.code, e.status]).toEqual(["UNSUPPORTED_FORMAT", 415]);
  });
});
