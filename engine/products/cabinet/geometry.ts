import { boundsOf, boxesMesh } from "../mesh-builder.ts";
import { STAINLESS_MATERIAL, ralHex, srgbToLinear } from "../materials.ts";
import type { MaterialSpec, ProductGeometry } from "../types.ts";
import { cabinetHandles, cabinetPanels } from "./layout.ts";
import type { CabinetConfig } from "./schema.ts";

const CARCASS_SRGB = { melamine_white: "#EDEDE8", melamine_grey: "#8C8F91", birch_plywood: "#D9C29A" } as const;
const OAK_SRGB = "#B08A5A";

const material = (name: string, hex: string, roughness: number): MaterialSpec => ({ name, base_color: [...srgbToLinear(hex), 1], metallic: 0, roughness });

/** Panels as boxes, mm: X along the width, Y up from the floor, Z out of the front (fronts at z ≥ 0). */
export function cabinetGeometry(c: CabinetConfig): ProductGeometry {
  const panels = cabinetPanels(c);
  const box = (p: (typeof panels)[number]) => ({
    min: p.position,
    max: [p.position[0] + p.size[0], p.position[1] + p.size[1], p.position[2] + p.size[2]] as [number, number, number],
  });
  const meshes = [
    boxesMesh("carcass", "carcass", panels.filter((p) => p.material === "carcass").map(box)),
    boxesMesh("back", "back", panels.filter((p) => p.material === "back").map(box)),
  ];
  const fronts = panels.filter((p) => p.material === "front");
  if (fronts.length > 0) meshes.push(boxesMesh("fronts", "front", fronts.map(box)));
  const handles = cabinetHandles(c, panels);
  if (handles.length > 0) {
    meshes.push(
      boxesMesh(
        "handles",
        STAINLESS_MATERIAL.name,
        handles.map((h) => ({ min: [h.x - h.length / 2, h.y - 6, h.z], max: [h.x + h.length / 2, h.y + 6, h.z + h.projection] })),
      ),
    );
  }
  const front =
    c.front_finish === "oak_veneer"
      ? material("front", OAK_SRGB, 0.6)
      : material("front", ralHex(c.front_color ?? ""), c.front_finish === "gloss_lacquer" ? 0.1 : 0.55);
  return {
    meshes,
    materials: [material("carcass", CARCASS_SRGB[c.carcass_material], 0.5), material("back", "#C9C3B8", 0.8), front, STAINLESS_MATERIAL],
    bbox_mm: boundsOf(meshes),
  };
}
