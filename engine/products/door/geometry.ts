import { boundsOf, boxesMesh, type BoxSpec } from "../mesh-builder.ts";
import { GLASS_MATERIAL, STAINLESS_MATERIAL, metalFinishMaterial } from "../materials.ts";
import type { ProductGeometry } from "../types.ts";
import { doorLayout, type Rect } from "./layout.ts";
import { PROFILES } from "./profiles.ts";
import { doorHardware } from "./hardware.ts";
import type { DoorConfig } from "./schema.ts";

/**
 * The door as triangle meshes, mm: X along the width, Y up from the floor,
 * Z outwards (the outside face of the frame at z = 0, the inside at −depth).
 * Meshes: frame, threshold, each leaf, each glass unit, hardware.
 */
export function doorGeometry(config: DoorConfig): ProductGeometry {
  const layout = doorLayout(config);
  const depth = PROFILES["SPW600e-FRAME-75"].depth;
  const f = PROFILES["SPW600e-FRAME-75"].face_width;
  const W = layout.frame_width;
  const H = layout.frame_height;
  const slab = (r: Rect, z0: number, z1: number): BoxSpec => ({ min: [r.x, r.y, z0], max: [r.x + r.width, r.y + r.height, z1] });

  const frame = [
    slab({ x: 0, y: H - f, width: W, height: f }, -depth, 0),
    slab({ x: 0, y: 0, width: f, height: H - f }, -depth, 0),
    slab({ x: W - f, y: 0, width: f, height: H - f }, -depth, 0),
  ];
  const threshold = [slab({ x: f, y: 0, width: layout.opening.width, height: layout.threshold_height }, -depth, 0)];

  // Leaves sit 5 mm inside the frame faces; their laps run behind the frame.
  const leafZ: [number, number] = [-depth + 5, -5];
  const sl = PROFILES["SPW600e-LEAF-75"].face_width;
  const sb = PROFILES["SPW600e-RAIL-120"].face_width;
  const leafMeshes = layout.leaves.map((leaf, i) => {
    const { x, y, width, height } = leaf.rect;
    const g = leaf.glass_visible;
    return boxesMesh(`leaf_${i + 1}`, "finish", [
      slab({ x, y, width: g.x - x, height }, ...leafZ),
      slab({ x: g.x + g.width, y, width: x + width - g.x - g.width, height }, ...leafZ),
      slab({ x: g.x, y: y + height - sl, width: g.width, height: sl }, ...leafZ),
      slab({ x: g.x, y, width: g.width, height: sb }, ...leafZ),
    ]);
  });
  const glassZ: [number, number] = [-depth / 2 - config.glazing_thickness / 2, -depth / 2 + config.glazing_thickness / 2];
  const glassMeshes = layout.leaves.map((leaf, i) => boxesMesh(`glass_${i + 1}`, "glass", [slab(leaf.glass_visible, ...glassZ)]));

  // Hinges show on the face the door opens to; handles on both faces of the lock stile.
  const hingeFace = config.opening_direction === "outward" ? [0, 12] : [-depth - 12, -depth];
  const hardware: BoxSpec[] = [];
  const positions = doorHardware(config, layout);
  for (const { x, y } of positions.hinges) hardware.push({ min: [x - 10, y - 50, hingeFace[0]], max: [x + 10, y + 50, hingeFace[1]] });
  for (const { x, y } of positions.locks) {
    hardware.push({ min: [x - 12, y - 90, -depth - 60], max: [x + 12, y + 90, -depth] });
    hardware.push({ min: [x - 12, y - 90, 0], max: [x + 12, y + 90, 60] });
  }

  const meshes = [
    boxesMesh("frame", "finish", frame),
    boxesMesh("threshold", "threshold", threshold),
    ...leafMeshes,
    ...glassMeshes,
    boxesMesh("hardware", STAINLESS_MATERIAL.name, hardware),
  ];
  return {
    meshes,
    materials: [
      metalFinishMaterial("finish", config.finish, config.color),
      metalFinishMaterial("threshold", "anodised", "natural"),
      GLASS_MATERIAL,
      STAINLESS_MATERIAL,
    ],
    bbox_mm: boundsOf(meshes),
  };
}
