import { BACK_THICKNESS, cabinetPanels } from "../../products/cabinet/layout.ts";
import type { CabinetConfig } from "../../products/cabinet/schema.ts";
import { chain } from "../dimensions.ts";
import type { DrawingView, ViewShape } from "../model.ts";
import { rect } from "../model.ts";

/**
 * The cabinet seen from above, front at the bottom: the top edges of the
 * sides, top rails, back and fronts (the panels' own footprints), the
 * recessed kick board hidden below them. Real mm: x along the width, y from
 * the carcass front (0) to the back, fronts at negative y.
 */
export function cabinetPlan(c: CabinetConfig): DrawingView {
  const panels = cabinetPanels(c);
  const shapes: ViewShape[] = [];
  // Panel z runs out of the front; the plan's y runs back from it.
  const footprint = (p: (typeof panels)[number]) => rect(p.position[0], -(p.position[2] + p.size[2]), p.position[0] + p.size[0], -p.position[2]);
  for (const p of panels) {
    if (p.role === "side" || p.role === "top_rail" || p.role === "back" || p.role === "door" || p.role === "drawer_front") {
      shapes.push({ layer: "OUTLINE", shape: footprint(p) });
    } else if (p.role === "plinth") shapes.push({ layer: "HIDDEN", shape: footprint(p) });
  }
  const front = Math.max(...panels.filter((p) => p.material === "front").map((p) => p.position[2] + p.size[2]));
  const back = c.depth + BACK_THICKNESS;
  const dims = [
    ...chain("x", [0, c.width], -front, "below", 0),
    ...chain("y", [-front, 0, c.depth, back], 0, "left", 0),
    ...chain("y", [-front, back], 0, "left", 1),
  ];
  return { code: "PLN", title: "Plan (front below)", shapes, dimensions: dims, bounds: { min: [0, -front], max: [c.width, back] } };
}
