import type { DoorConfig } from "./schema.ts";

/** The seed's drawing-request example (seed 001): a double outward door with triple glazing. */
export const SEED_EXAMPLE_DOOR: DoorConfig = {
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
