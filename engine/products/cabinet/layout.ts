import type { CabinetConfig } from "./schema.ts";

/**
 * Panels of the cabinet with their cut sizes, mm. Construction: sides stand
 * on the floor of the carcass height; bottom and two top rails fit between
 * the sides; a 3 mm HDF back is pinned on; shelves sit on pins 20 mm back from
 * the front; overlay fronts with 3 mm gaps; a kick board on adjustable legs.
 */
export const FRONT_GAP = 3;
export const TOP_DRAWER_FRONT = 140;
export const BACK_THICKNESS = 3;
export const RAIL_WIDTH = 100;

export type PanelRole = "side" | "bottom" | "top_rail" | "back" | "shelf" | "door" | "drawer_front" | "plinth";

export interface Panel {
  role: PanelRole;
  label: string;
  /** Along the grain. */
  length: number;
  width: number;
  thickness: number;
  material: "carcass" | "front" | "back";
  /** Edge-banded length, mm. */
  edge_band: number;
  /** Where it sits: min corner and size (x width, y up from the floor, z out of the front). */
  position: [number, number, number];
  size: [number, number, number];
}

export function cabinetPanels(c: CabinetConfig): Panel[] {
  const t = c.board_thickness;
  const inner = c.width - 2 * t;
  const y0 = c.plinth_height;
  const panels: Panel[] = [];
  const add = (p: Panel) => panels.push(p);
  for (const [i, x] of [0, c.width - t].entries()) {
    add({
      role: "side",
      label: `Side ${i + 1}`,
      length: c.height,
      width: c.depth,
      thickness: t,
      material: "carcass",
      edge_band: c.height,
      position: [x, y0, -c.depth],
      size: [t, c.height, c.depth],
    });
  }
  add({
    role: "bottom",
    label: "Bottom",
    length: inner,
    width: c.depth,
    thickness: t,
    material: "carcass",
    edge_band: inner,
    position: [t, y0, -c.depth],
    size: [inner, t, c.depth],
  });
  add({
    role: "top_rail",
    label: "Top rail front",
    length: inner,
    width: RAIL_WIDTH,
    thickness: t,
    material: "carcass",
    edge_band: inner,
    position: [t, y0 + c.height - t, -RAIL_WIDTH],
    size: [inner, t, RAIL_WIDTH],
  });
  add({
    role: "top_rail",
    label: "Top rail back",
    length: inner,
    width: RAIL_WIDTH,
    thickness: t,
    material: "carcass",
    edge_band: 0,
    position: [t, y0 + c.height - t, -c.depth],
    size: [inner, t, RAIL_WIDTH],
  });
  add({
    role: "back",
    label: "Back",
    length: c.height,
    width: c.width,
    thickness: BACK_THICKNESS,
    material: "back",
    edge_band: 0,
    position: [0, y0, -c.depth - BACK_THICKNESS],
    size: [c.width, c.height, BACK_THICKNESS],
  });
  const shelfDepth = c.depth - 20;
  const space = c.height - 2 * t;
  for (let s = 0; s < c.shelves; s++) {
    const y = y0 + t + ((s + 1) * space) / (c.shelves + 1);
    add({
      role: "shelf",
      label: `Shelf ${s + 1}`,
      length: inner - 2,
      width: shelfDepth,
      thickness: t,
      material: "carcass",
      edge_band: inner - 2,
      position: [t + 1, y, -c.depth],
      size: [inner - 2, t, shelfDepth],
    });
  }

  // Fronts: with doors, at most one drawer on top; without, the drawers share the height.
  const frontT = t;
  const drawerHeights =
    c.doors > 0 ? new Array(c.drawers).fill(TOP_DRAWER_FRONT) : new Array(c.drawers).fill((c.height - FRONT_GAP * c.drawers) / Math.max(1, c.drawers));
  let top = y0 + c.height;
  for (const [d, h] of drawerHeights.entries()) {
    const w = c.width - FRONT_GAP;
    top -= FRONT_GAP / 2;
    add({
      role: "drawer_front",
      label: `Drawer front ${d + 1}`,
      length: w,
      width: h,
      thickness: frontT,
      material: "front",
      edge_band: 2 * (w + h),
      position: [FRONT_GAP / 2, top - h, 0],
      size: [w, h, frontT],
    });
    top -= h + FRONT_GAP / 2;
  }
  if (c.doors > 0) {
    // Half a gap above the door and half below it.
    const h = top - y0 - FRONT_GAP;
    const w = (c.width - FRONT_GAP * c.doors) / c.doors;
    for (let d = 0; d < c.doors; d++) {
      add({
        role: "door",
        label: `Door ${d + 1}`,
        length: h,
        width: w,
        thickness: frontT,
        material: "front",
        edge_band: 2 * (w + h),
        position: [FRONT_GAP / 2 + d * (w + FRONT_GAP), y0 + FRONT_GAP / 2, 0],
        size: [w, h, frontT],
      });
    }
  }
  add({
    role: "plinth",
    label: "Kick board",
    length: c.width,
    width: c.plinth_height - 5,
    thickness: 16,
    material: "front",
    edge_band: c.width,
    position: [0, 0, -60],
    size: [c.width, c.plinth_height - 5, 16],
  });
  return panels;
}

/** Hinges per door: a third above 900 mm door height. */
export const hingesPerDoor = (doorHeight: number) => (doorHeight > 900 ? 3 : 2);

/** A handle on a front, mm: its centre on the front face and its length across the front (a knob is 20 mm). */
export interface Handle {
  x: number;
  y: number;
  /** The front's face, z. */
  z: number;
  length: number;
  /** How far it stands off the front. */
  projection: number;
}

/** Handles on every door and drawer front: bars across, 80 mm below a door's top edge, in a drawer front's middle. */
export function cabinetHandles(c: CabinetConfig, panels: Panel[] = cabinetPanels(c)): Handle[] {
  if (c.handles === "none") return [];
  return panels
    .filter((p) => p.role === "door" || p.role === "drawer_front")
    .map((p) => ({
      x: p.position[0] + p.size[0] / 2,
      y: p.role === "door" ? p.position[1] + p.size[1] - 80 : p.position[1] + p.size[1] / 2,
      z: p.position[2] + p.size[2],
      length: c.handles === "bar" ? Math.min(160, p.size[0] * 0.6) : 20,
      projection: 30,
    }));
}
