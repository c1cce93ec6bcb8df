import { doorLayout } from "../../products/door/layout.ts";
import { DOOR_SYSTEM, PROFILES } from "../../products/door/profiles.ts";
import type { DoorConfig } from "../../products/door/schema.ts";
import { chain } from "../dimensions.ts";
import type { LayerName } from "../layers.ts";
import { rect, type DrawingView, type Shape, type Vec, type ViewShape } from "../model.ts";

/**
 * The door cut horizontally and seen from above, outside at the bottom: frame
 * jambs and closed leaves cut (wide) with their thermal-break strut zones,
 * glazing units at their thickness, the
 * threshold below the cut, and each leaf swung open 90° with its opening arc.
 * Real mm: x along the width as in the elevation, y from the outside face (0)
 * to the inside face (frame depth).
 */
export function doorPlan(config: DoorConfig): DrawingView {
  const layout = doorLayout(config);
  const { frame_width: W, opening } = layout;
  const f = PROFILES["SPW600e-FRAME-75"].face_width;
  const depth = PROFILES["SPW600e-FRAME-75"].depth;
  const shapes: ViewShape[] = [];
  const add = (layer: LayerName, shape: Shape) => shapes.push({ layer, shape });

  add("OUTLINE", rect(0, 0, f, depth));
  add("OUTLINE", rect(W - f, 0, W, depth));
  // Thermal-break strut zone across every cut profile: jambs and each leaf's two stiles.
  const tb = DOOR_SYSTEM.thermal_break;
  const strut = (x0: number, x1: number) => {
    for (const y of [(depth - tb) / 2, (depth + tb) / 2]) add("THIN", { kind: "line", a: [x0, y], b: [x1, y] });
  };
  strut(0, f);
  strut(W - f, W);
  add("THIN", rect(opening.x, 0, opening.x + opening.width, depth));
  // Leaves sit 5 mm inside the frame faces (as in the 3D model); the glass unit is centred in them.
  const leafY: [number, number] = [DOOR_SYSTEM.leaf_inset, depth - DOOR_SYSTEM.leaf_inset];
  const gt = config.glazing_thickness;
  const outward = config.opening_direction === "outward";
  let reach = 0;
  for (const leaf of layout.leaves) {
    add("OUTLINE", rect(leaf.rect.x, leafY[0], leaf.rect.x + leaf.rect.width, leafY[1]));
    const g = leaf.glass_visible;
    strut(leaf.rect.x, g.x);
    strut(g.x + g.width, leaf.rect.x + leaf.rect.width);
    for (const y of [depth / 2 - gt / 2, depth / 2 + gt / 2]) add("THIN", { kind: "line", a: [g.x, y], b: [g.x + g.width, y] });
    // Open 90°: the leaf turns about its hinge on the face it opens to.
    const left = leaf.hinge_side === "left";
    const hinge: Vec = [left ? opening.x : opening.x + opening.width, outward ? 0 : depth];
    const closedEnd = left ? Math.min(leaf.rect.x + leaf.rect.width, opening.x + opening.width) : Math.max(leaf.rect.x, opening.x);
    const r = Math.abs(closedEnd - hinge[0]);
    reach = Math.max(reach, r);
    const thickness = leafY[1] - leafY[0];
    const s = outward ? -1 : 1;
    const x0 = left ? hinge[0] : hinge[0] - thickness;
    add("THIN", rect(x0, hinge[1], x0 + thickness, hinge[1] + s * r));
    // Counter-clockwise from the closed to the open position (or back).
    const [start, end] = outward ? (left ? [270, 360] : [180, 270]) : left ? [0, 90] : [90, 180];
    add("THIN", { kind: "arc", c: hinge, r, start, end });
  }

  // Widths on the side away from the swing, next to the frame.
  const [base, side] = outward ? [depth, "above" as const] : [0, "below" as const];
  const dims = [...chain("x", [0, f, W - f, W], base, side, 0), ...chain("x", [0, W], base, side, 1), ...chain("y", [0, depth], 0, "left", 0)];
  const bounds = outward ? { min: [0, -reach] as Vec, max: [W, depth] as Vec } : { min: [0, 0] as Vec, max: [W, depth + reach] as Vec };
  return { code: "PLN", title: "Plan (outside below)", shapes, dimensions: dims, bounds };
}
