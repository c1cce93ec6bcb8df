import { WebIO } from "@gltf-transform/core";
import { describe, expect, it } from "vitest";
import { cabinetFamily, checkProductSchema, doorFamily, geometryToGlb } from "../../../engine/products/index.ts";
import { boxesMesh } from "../../../engine/products/mesh-builder.ts";
import { RAL_SRGB, srgbToLinear } from "../../../engine/products/materials.ts";
import { SEED_EXAMPLE_DOOR as door } from "../../../engine/products/door/example.ts";

describe("checkProductSchema", () => {
  it("accepts the families' schemas", () => {
    expect(checkProductSchema(doorFamily.schema)).toBe(doorFamily.schema);
    expect(checkProductSchema(cabinetFamily.schema)).toBe(cabinetFamily.schema);
  });

  it.each([
    ["not an object", 42, "/config_schema"],
    ["root not an object type", { type: "array" }, "/config_schema/type"],
    ["unknown type", { type: "object", properties: { a: { type: "nonsense" } } }, "/config_schema/properties/a/type"],
    ["bad pattern", { type: "object", properties: { a: { type: "string", pattern: "(" } } }, "/config_schema/properties/a/pattern"],
    ["required not a list", { type: "object", required: "a" }, "/config_schema/required"],
    ["empty allOf", { type: "object", allOf: [] }, "/config_schema/allOf"],
    ["other draft", { $schema: "http://json-schema.org/draft-04/schema#", type: "object" }, "/config_schema/$schema"],
  ])("rejects %s (422)", (_name, schema, field) => {
    expect(() => checkProductSchema(schema)).toThrow(
      expect.objectContaining({ status: 422, code: "INVALID_PRODUCT_SCHEMA", details: expect.arrayContaining([expect.objectContaining({ field })]) }),
    );
  });
});

describe("mesh builder", () => {
  it("winds every triangle counter-clockwise around its outward normal", () => {
    const m = boxesMesh("b", "m", [{ min: [0, 0, 0], max: [2, 3, 4] }]);
    expect(m.indices.length).toBe(36);
    for (let t = 0; t < m.indices.length; t += 3) {
      const [a, b, c] = [m.indices[t], m.indices[t + 1], m.indices[t + 2]].map((i) => [0, 1, 2].map((k) => m.positions[i * 3 + k]));
      const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
      const v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
      const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
      const stored = [0, 1, 2].map((k) => m.normals[m.indices[t] * 3 + k]);
      expect(n[0] * stored[0] + n[1] * stored[1] + n[2] * stored[2]).toBeGreaterThan(0);
    }
  });
});

describe("geometryToGlb", () => {
  it("writes a door GLB that reads back with its meshes, materials and frame size", async () => {
    const geometry = doorFamily.geometry(door);
    const glb = await geometryToGlb(geometry, "door");
    expect(new TextDecoder().decode(glb.slice(0, 4))).toBe("glTF");
    const doc = await new WebIO().readBinary(glb);
    const root = doc.getRoot();
    // frame, threshold, 2 leaves, 2 glass units, hardware
    expect(root.listMeshes().map((m) => m.getName())).toEqual(["frame", "threshold", "leaf_1", "leaf_2", "glass_1", "glass_2", "hardware"]);
    expect(root.listMaterials().map((m) => m.getName())).toEqual(["finish", "threshold", "glass", "stainless_steel"]);
    const finish = root.listMaterials()[0].getBaseColorFactor();
    srgbToLinear(RAL_SRGB["RAL 7016"]).forEach((c, i) => expect(finish[i]).toBeCloseTo(c, 6));
    expect(root.listMaterials()[2].getAlphaMode()).toBe("BLEND");
    // Bounding box in metres over every POSITION accessor: the frame's 1.870 × 2.235 m.
    const min = [Infinity, Infinity, Infinity];
    const max = [-Infinity, -Infinity, -Infinity];
    for (const mesh of root.listMeshes()) {
      for (const prim of mesh.listPrimitives()) {
        const pos = prim.getAttribute("POSITION")!;
        const lo = pos.getMin([0, 0, 0]);
        const hi = pos.getMax([0, 0, 0]);
        for (let a = 0; a < 3; a++) {
          min[a] = Math.min(min[a], lo[a]);
          max[a] = Math.max(max[a], hi[a]);
        }
      }
    }
    expect(min[0]).toBeCloseTo(0, 6);
    expect(min[1]).toBeCloseTo(0, 6);
    expect(max[0]).toBeCloseTo(1.87, 6);
    expect(max[1]).toBeCloseTo(2.235, 6);
  });

  it("writes a single door and a cabinet with their own mesh counts", async () => {
    const single = await new WebIO().readBinary(await geometryToGlb(doorFamily.geometry({ ...door, door_type: "single", frame_width: 1000 })));
    expect(single.getRoot().listMeshes()).toHaveLength(5);
    const cabinet = cabinetFamily.geometry({
      width: 800,
      height: 720,
      depth: 560,
      carcass_material: "birch_plywood",
      board_thickness: 18,
      doors: 2,
      drawers: 0,
      shelves: 2,
      front_finish: "oak_veneer",
      plinth_height: 100,
      handles: "none",
    });
    const doc = await new WebIO().readBinary(await geometryToGlb(cabinet));
    expect(
      doc
        .getRoot()
        .listMeshes()
        .map((m) => m.getName()),
    ).toEqual(["carcass", "back", "fronts"]);
    expect(doc.getRoot().listMaterials()).toHaveLength(4);
  });
});
