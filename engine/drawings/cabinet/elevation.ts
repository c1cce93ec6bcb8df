import { cabinetHandles, cabinetPanels } from "../../products/cabinet/layout.ts";
import type { CabinetConfig } from "../../products/cabinet/schema.ts";
import { chain } from "../dimensions.ts";
import type { DrawingView, ViewDimension, ViewShape } from "../model.ts";
import { rect } from "../model.ts";
import { SECTION_AT } from "./panels.ts";

/**
 * The cabinet from the front, from its panels (the numbers behind the BOM
 * and the GLB): the carcass outline, the overlay fronts with their gaps,
 * the recessed kick board, the handles where the 3D model puts them, the
 * opening symbol of each door (apex on its hinge side) and the cutting plane
 * of section A–A. Real mm: x along the width, y up from the floor.
 */
export function cabinetElevation(c: CabinetConfig): DrawingView {
  const panels = cabinetPanels(c);
  const shapes: ViewShape[] = [];
  const y0 = c.plinth_height;
  const top = y0 + c.height;
  shapes.push({ layer: "OUTLINE", shape: rect(0, y0, c.width, top) });
  const plinth = panels.find((p) => p.role === "plinth");
  if (plinth)
    shapes.push({
      layer: "OUTLINE",
      shape: rect(plinth.position[0], plinth.position[1], plinth.position[0] + plinth.size[0], plinth.position[1] + plinth.size[1]),
    });
  const fronts = panels.filter((p) => p.role === "door" || p.role === "drawer_front");
  for (const p of fronts) shapes.push({ layer: "OUTLINE", shape: rect(p.position[0], p.position[1], p.position[0] + p.size[0], p.position[1] + p.size[1]) });
  // Doors open on their outer side: a pair from the middle, a single door hinged on the left.
  for (const [i, p] of fronts.filter((f) => f.role === "door").entries()) {
    const [x0, x1, b, t] = [p.position[0], p.position[0] + p.size[0], p.position[1], p.position[1] + p.size[1]];
    const [hinge, lock] = i === 0 ? [x0, x1] : [x1, x0];
    shapes.push({
      layer: "SYMBOLS",
      shape: {
        kind: "polyline",
        points: [
          [lock, b],
          [hinge, (b + t) / 2],
          [lock, t],
        ],
        closed: false,
      },
    });
  }
  for (const h of cabinetHandles(c, panels)) {
    shapes.push({
      layer: "THIN",
      shape: c.handles === "knob" ? { kind: "circle", c: [h.x, h.y], r: h.length / 2 } : rect(h.x - h.length / 2, h.y - 6, h.x + h.length / 2, h.y + 6),
    });
  }
  // Cutting plane of section A–A, through the first door (clear of a pair's middle gap), wide at its ends.
  const cx = SECTION_AT(c);
  shapes.push(
    { layer: "CENTRE", shape: { kind: "line", a: [cx, 0], b: [cx, top] } },
    { layer: "OUTLINE", shape: { kind: "line", a: [cx, top - 30], b: [cx, top] } },
    { layer: "OUTLINE", shape: { kind: "line", a: [cx, 0], b: [cx, 30] } },
    { layer: "TEXT", shape: { kind: "text", at: [cx + 20, top - 60], height: 5, text: "A", align: "left", rotation: 0 } },
    { layer: "TEXT", shape: { kind: "text", at: [cx + 20, 40], height: 5, text: "A", align: "left", rotation: 0 } },
  );

  const dims: ViewDimension[] = [...chain("x", [0, c.width], 0, "below", 0), ...chain("y", [0, y0, top], 0, "left", 0), ...chain("y", [0, top], 0, "left", 1)];
  // Each front's height on the right, each door's width above.
  for (const p of fronts) dims.push(...chain("y", [p.position[1], p.position[1] + p.size[1]], c.width, "right", 0));
  fronts.filter((p) => p.role === "door").forEach((p, i) => dims.push(...chain("x", [p.position[0], p.position[0] + p.size[0]], top, "above", i)));
  return { code: "ELV", title: "Elevation (front)", shapes, dimensions: dims, bounds: { min: [0, 0], max: [c.width, top] } };
}
