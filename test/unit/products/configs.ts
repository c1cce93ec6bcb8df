import type { CabinetConfig } from "../../../engine/products/index.ts";

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
