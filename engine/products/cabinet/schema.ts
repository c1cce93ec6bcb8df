import type { JsonSchema } from "../types.ts";

export interface CabinetConfig {
  width: number;
  /** Carcass height, without plinth. */
  height: number;
  depth: number;
  carcass_material: "melamine_white" | "melamine_grey" | "birch_plywood";
  board_thickness: 16 | 18;
  doors: 0 | 1 | 2;
  drawers: number;
  shelves: number;
  front_finish: "matt_lacquer" | "gloss_lacquer" | "oak_veneer";
  /** RAL colour of a lacquered front; absent for veneer. */
  front_color?: string;
  plinth_height: number;
  handles: "bar" | "knob" | "none";
}

export const CABINET_SCHEMA: JsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://fabquote.dev/schemas/kitchen-base-cabinet.json",
  title: "Kitchen base cabinet",
  type: "object",
  additionalProperties: false,
  required: ["width", "height", "depth", "carcass_material", "board_thickness", "doors", "drawers", "shelves", "front_finish", "plinth_height", "handles"],
  properties: {
    width: { type: "number", minimum: 300, maximum: 1200, title: "Width (mm)" },
    height: { type: "number", minimum: 500, maximum: 900, title: "Carcass height (mm)" },
    depth: { type: "number", minimum: 300, maximum: 650, title: "Depth (mm)" },
    carcass_material: { type: "string", enum: ["melamine_white", "melamine_grey", "birch_plywood"] },
    board_thickness: { type: "integer", enum: [16, 18] },
    doors: { type: "integer", enum: [0, 1, 2] },
    drawers: { type: "integer", minimum: 0, maximum: 4 },
    shelves: { type: "integer", minimum: 0, maximum: 3 },
    front_finish: { type: "string", enum: ["matt_lacquer", "gloss_lacquer", "oak_veneer"] },
    front_color: { type: "string", pattern: "^RAL [0-9]{4}$" },
    plinth_height: { type: "number", minimum: 100, maximum: 200 },
    handles: { type: "string", enum: ["bar", "knob", "none"] },
  },
  allOf: [
    {
      if: { properties: { front_finish: { enum: ["matt_lacquer", "gloss_lacquer"] } } },
      then: { required: ["front_color"] },
      else: { properties: { front_color: false } },
    },
  ],
};
