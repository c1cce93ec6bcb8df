import type { CabinetConfig, DoorConfig } from "../../../engine/products/index.ts";

/** The seed's drawing-request example: a double outward door with triple glazing. */
export const seedDoubleDoor: DoorConfig = {
  door_type: "double",
  opening_direction: "outward",
  frame_width: 1870,
  frame_height: 2235,
  glazing_type: "triple",
  glazing_thickness: 44,
  glazing_u_value: 0.6,
  threshold: "standard",
  finish: "powder_coating",
  color: "RAL 7016",
  hardware: { hinges: "heavy_duty", lock: "multipoint_5_point", handles: "lever_stainless_steel", closer: "overhead_size_4" },
};

/** A one-door base cabinet with a top drawer. */
export const baseCabinet: CabinetConfig = {
  width: 600,
  height: 720,
  depth: 560,
  carcass_material: "melamine_white",
  board_thickness: 18,
  doors: 1,
  drawers: 1,
  shelves: 1,
  front_finish: "matt_lacquer",
  front_color: "RAL 9010",
  plinth_height: 150,
  handles: "bar",
};
