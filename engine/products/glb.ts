import { Document, WebIO } from "@gltf-transform/core";
import type { ProductGeometry } from "./types.ts";

/**
 * A family's geometry as a binary glTF: one node and mesh per geometry mesh,
 * one PBR material per finish/colour. glTF is in metres, our geometry in mm.
 * WebIO's writeBinary is pure (no fetch, no Node), so this runs in the
 * Worker, the browser and Node alike.
 */
export async function geometryToGlb(geometry: ProductGeometry, sceneName = "product"): Promise<Uint8Array> {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const materials = new Map(
    geometry.materials.map((m) => [
      m.name,
      doc
        .createMaterial(m.name)
        .setBaseColorFactor(m.base_color)
        .setMetallicFactor(m.metallic)
        .setRoughnessFactor(m.roughness)
        .setAlphaMode(m.base_color[3] < 1 ? "BLEND" : "OPAQUE"),
    ]),
  );
  const scene = doc.createScene(sceneName);
  for (const mesh of geometry.meshes) {
    const material = materials.get(mesh.material);
    if (!material) throw new Error(`Mesh ${mesh.name} uses undeclared material ${mesh.material}`);
    const metres = mesh.positions.map((v) => v / 1000);
    const vertexCount = mesh.positions.length / 3;
    // Copies: accessors want ArrayBuffer-backed arrays, and 16-bit indices when they suffice.
    const indices = vertexCount <= 0xffff ? Uint16Array.from(mesh.indices) : Uint32Array.from(mesh.indices);
    const normals = Float32Array.from(mesh.normals);
    const primitive = doc
      .createPrimitive()
      .setAttribute("POSITION", doc.createAccessor().setType("VEC3").setArray(metres).setBuffer(buffer))
      .setAttribute("NORMAL", doc.createAccessor().setType("VEC3").setArray(normals).setBuffer(buffer))
      .setIndices(doc.createAccessor().setType("SCALAR").setArray(indices).setBuffer(buffer))
      .setMaterial(material);
    scene.addChild(doc.createNode(mesh.name).setMesh(doc.createMesh(mesh.name).addPrimitive(primitive)));
  }
  doc.getRoot().setDefaultScene(scene);
  return new WebIO().writeBinary(doc);
}
