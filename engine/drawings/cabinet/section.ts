import { BACK_THICKNESS, cabinetPanels } from "../../products/cabinet/layout.ts";
import type { CabinetConfig } from "../../products/cabinet/schema.ts";
import { chain } from "../dimensions.ts";
import { hatch } from "../hatch.ts";
import type { DrawingView, ViewDimension, ViewShape } from "../model.ts";
import { rect } from "../model.ts";
import { SECTION_AT } from "./panels.ts";

/** Board hatch pitch, real mm (1 mm on paper at 1:10). */
const PITCH = 10;

/**
 * Section A–A across the cabinet, seen from the left, front on the right:
 * every panel the plane cuts (bottom, top rails, shelves, back, fronts, kick
 * board) drawn wide and hatched as board, the thin HDF back filled solid,
 * and the far side panel seen beyond the cut. Real mm: x from the back's
 * outer face towards the front, y up from the floor.
 */
export function cabinetSection(c: CabinetConfig): DrawingView {
  const panels = cabinetPanels(c);
  const shapes: ViewShape[] = [];
  const back = c.depth + BACK_THICKNESS;
  // Panel z (out of the front, carcass front at 0) → x from the back's outer face.
  const fromBack = (z: number) => z + back;
  const cutAt = SECTION_AT(c);
  const side = panels.find((p) => p.role === "side");
  if (side)
    shapes.push({
      layer: "OUTLINE",
      shape: rect(fromBack(side.position[2]), side.position[1], fromBack(side.position[2] + side.size[2]), side.position[1] + side.size[1]),
    });
  for (const p of panels) {
    if (p.role === "side" || cutAt < p.position[0] || cutAt > p.position[0] + p.size[0]) continue;
    const [x0, y0, x1, y1] = [fromBack(p.position[2]), p.position[1], fromBack(p.position[2] + p.size[2]), p.position[1] + p.size[1]];
    shapes.push({ layer: "OUTLINE", shape: rect(x0, y0, x1, y1) });
    // ISO 128-50: a section too thin to hatch is filled solid.
    if (Math.min(x1 - x0, y1 - y0) < 4) {
      shapes.push({
        layer: "HATCH",
        shape: {
          kind: "fill",
          points: [
            [x0, y0],
            [x1, y0],
            [x1, y1],
            [x0, y1],
          ],
        },
      });
    } else for (const s of hatch("board", x0, y0, x1, y1, PITCH)) shapes.push({ layer: "HATCH", shape: s });
  }
  const y0 = c.plinth_height;
  const top = y0 + c.height;
  const t = c.board_thickness;
  const front = Math.max(...panels.filter((p) => p.material === "front").map((p) => fromBack(p.position[2] + p.size[2])));
  const shelves = panels.filter((p) => p.role === "shelf").map((p) => p.position[1] + p.size[1]);
  const dims: ViewDimension[] = [
    ...chain("x", [0, BACK_THICKNESS, back, front], 0, "below", 0),
    ...chain("x", [0, front], 0, "below", 1),
    ...chain("y", [0, y0, top], 0, "left", 0),
    ...chain("y", [0, top], 0, "left", 1),
    // Clear heights inside: from the bottom's top face past each shelf to the top rails.
    ...chain("y", [y0 + t, ...shelves, top - t], front, "right", 0),
  ];
  return { code: "SEC", title: "Section A–A", shapes, dimensions: dims, bounds: { min: [0, 0], max: [front, top] } };
}
