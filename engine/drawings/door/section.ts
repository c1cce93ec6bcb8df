import { GLASS_BUILD_UP, DOOR_SYSTEM, PROFILES } from "../../products/door/profiles.ts";
import { cavityWidth } from "../../products/door/glazing.ts";
import { doorLayout } from "../../products/door/layout.ts";
import type { DoorConfig } from "../../products/door/schema.ts";
import { chain } from "../dimensions.ts";
import type { LayerName } from "../layers.ts";
import type { DrawingView, Shape, Vec, ViewDimension, ViewShape } from "../model.ts";
import { CutShapes, frameProfileCut, leafDepths, leafProfileCut } from "./cut.ts";

/** Height of the sill and head zones kept either side of the break, and the gap drawn for the break, real mm. */
const ZONE = 300;
const BREAK_GAP = 60;

/**
 * Vertical section A–A through the glass of the active (or only) leaf, seen
 * from its hinge side, outside on the left: threshold and head cut, leaf
 * bottom and top rails with their thermal-break struts, and the glazing unit
 * pane by pane (its glass build-up and cavities as the U-value and weight
 * use them). The middle of the door is broken out so the sill and head can
 * be drawn at a useful scale; dimensions carry real values across the break.
 */
export function doorVerticalSection(config: DoorConfig): DrawingView {
  const layout = doorLayout(config);
  const { frame_height: H, threshold_height: t } = layout;
  const f = PROFILES["SPW600e-FRAME-75"].face_width;
  const depth = PROFILES["SPW600e-FRAME-75"].depth;
  const sl = PROFILES["SPW600e-LEAF-75"].face_width;
  const sb = PROFILES["SPW600e-RAIL-120"].face_width;
  const leaf = layout.leaves.find((l) => l.role !== "passive") ?? layout.leaves[0];
  const leafBottom = leaf.rect.y;
  const leafTop = leaf.rect.y + leaf.rect.height;
  // Real height → drawn height: the sill zone as it is, the head zone moved down over the break.
  const breakAt = ZONE;
  const resumeAt = H - ZONE;
  const yv = (y: number) => (y <= breakAt ? y : y - resumeAt + breakAt + BREAK_GAP);
  const shapes: ViewShape[] = [];
  const add = (layer: LayerName, shape: Shape) => shapes.push({ layer, shape });
  const vline = (layer: LayerName, x: number, y0: number, y1: number) => {
    // A vertical line crossing the break is drawn in its two kept parts.
    if (y0 < breakAt) add(layer, { kind: "line", a: [x, yv(y0)], b: [x, yv(Math.min(y1, breakAt))] });
    if (y1 > resumeAt) add(layer, { kind: "line", a: [x, yv(Math.max(y0, resumeAt))], b: [x, yv(y1)] });
  };
  // Cut profiles, hatched, each with its thermal-break struts: threshold and head rebated for the leaf's lap
  // like the jambs in B–B, the leaf's bottom and top rails with upstand, bead and gaskets.
  const cut = new CutShapes();
  const at = (u: number, v: number): Vec => [v, yv(u)];
  const d = leafDepths(config);
  const stop = config.opening_direction === "outward" ? ([d.leaf[1], depth] as const) : ([0, d.leaf[0]] as const);
  const clear = 3;
  frameProfileCut(cut, 0, t, depth, at, { at: t - DOOR_SYSTEM.leaf_lap - clear, stop });
  frameProfileCut(cut, H, H - f, depth, at, { at: H - f + DOOR_SYSTEM.leaf_lap + clear, stop });
  leafProfileCut(cut, config, leafBottom, leafBottom + sb, at);
  leafProfileCut(cut, config, leafTop, leafTop - sl, at);
  shapes.push(...cut.shapes);

  // The glazing unit: panes and cavities from the outside face, over its full height.
  const g0 = (depth - config.glazing_thickness) / 2;
  const unitBottom = leaf.glass_visible.y - DOOR_SYSTEM.glass_bite;
  const unitTop = leaf.glass_visible.y + leaf.glass_visible.height + DOOR_SYSTEM.glass_bite;
  const cavity = cavityWidth(config.glazing_type, config.glazing_thickness);
  let x = g0;
  const faces: number[] = [];
  GLASS_BUILD_UP[config.glazing_type].panes_mm.forEach((pane, i) => {
    if (i > 0) x += cavity;
    faces.push(x, x + pane);
    x += pane;
  });
  for (const face of faces) vline("THIN", face, unitBottom, unitTop);
  for (const y of [unitBottom, unitTop]) add("THIN", { kind: "line", a: [g0, yv(y)], b: [g0 + config.glazing_thickness, yv(y)] });

  // Break lines (narrow zigzag) across the cut.
  for (const y of [breakAt, breakAt + BREAK_GAP]) {
    const m = depth / 2;
    add("THIN", {
      kind: "polyline",
      points: [
        [-10, y],
        [m - 6, y],
        [m - 2, y + 8],
        [m + 2, y - 8],
        [m + 6, y],
        [depth + 10, y],
      ],
      closed: false,
    });
  }

  const dims: ViewDimension[] = [
    ...chain("y", [0, t], 0, "left", 0),
    { axis: "y", p1: [0, yv(t)], p2: [0, yv(H - f)], side: "left", row: 0, value: H - f - t },
    ...chain("y", [yv(H - f), yv(H)], 0, "left", 0),
    { axis: "y", p1: [0, 0], p2: [0, yv(H)], side: "left", row: 1, value: H },
    { axis: "y", p1: [depth, yv(leafBottom)], p2: [depth, yv(leafTop)], side: "right", row: 0, value: leaf.rect.height },
    ...chain("x", [0, depth], 0, "below", 0),
    ...chain("x", [g0, g0 + config.glazing_thickness], yv(H), "above", 0),
  ];
  const bounds = { min: [-10, 0] as Vec, max: [depth + 10, yv(H)] as Vec };
  return { code: "SEC", title: "Section A–A", shapes, dimensions: dims, bounds };
}
