import type { JsonSchema } from "../types.ts";
import type { GlazingCoating, GlazingGas } from "./glazing.ts";
import { CLOSER_MAX_LEAF_WIDTH, DOOR_SYSTEM, frameWidthRange } from "./profiles.ts";

/** Anodised shades offered (Qualanod colour classes). */
export const ANODISED_COLOURS = ["natural", "champagne", "light_bronze", "dark_bronze", "black"] as const;

export interface DoorHardware {
  hinges: "standard" | "heavy_duty" | "concealed";
  /** Defaults to the rule (3 above 2100 mm leaf height, else 2); fewer is an error. */
  hinges_per_leaf?: number;
  lock: "multipoint_3_point" | "multipoint_5_point";
  handles: "lever_stainless_steel" | "lever_satin_aluminium" | "pull_handle_stainless_steel";
  closer: "none" | keyof typeof CLOSER_MAX_LEAF_WIDTH;
}

export interface DoorConfig {
  door_type: "single" | "double";
  opening_direction: "inward" | "outward";
  frame_width: number;
  frame_height: number;
  glazing_type: "double" | "triple";
  glazing_thickness: number;
  /** Cavity fill; with the coating it selects U_g from the product's table. */
  glazing_gas?: GlazingGas;
  glazing_coating?: GlazingCoating;
  /** The customer's own U_g (a supplier's certified figure), overriding the table. */
  glazing_u_value?: number;
  spacer?: "aluminium" | "warm_edge";
  threshold: "standard" | "low";
  finish: "powder_coating" | "anodised" | "mill";
  /** "RAL 7016" for powder coating, an anodised shade for anodised, absent for mill. */
  color?: string;
  hardware: DoorHardware;
}

export const DOOR_SCHEMA: JsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://fabquote.dev/schemas/spw600e-door.json",
  title: "SPW600e door",
  type: "object",
  additionalProperties: false,
  required: ["door_type", "opening_direction", "frame_width", "frame_height", "glazing_type", "glazing_thickness", "threshold", "finish", "hardware"],
  properties: {
    door_type: { type: "string", enum: ["single", "double"], title: "Door type" },
    opening_direction: { type: "string", enum: ["inward", "outward"], default: "inward", title: "Opening" },
    frame_width: {
      type: "number",
      minimum: DOOR_SYSTEM.frame_width.min,
      maximum: DOOR_SYSTEM.frame_width.max,
      title: "Frame width (mm)",
    },
    frame_height: {
      type: "number",
      minimum: DOOR_SYSTEM.frame_height.min,
      maximum: DOOR_SYSTEM.frame_height.max,
      title: "Frame height (mm)",
    },
    glazing_type: { type: "string", enum: ["double", "triple"], default: "double", title: "Glazing" },
    glazing_thickness: {
      type: "number",
      minimum: DOOR_SYSTEM.glazing_thickness.min,
      maximum: DOOR_SYSTEM.glazing_thickness.max,
      title: "Glazing unit thickness (mm)",
    },
    glazing_gas: { type: "string", enum: ["air", "argon", "krypton"], default: "argon", title: "Cavity gas" },
    glazing_coating: { type: "string", enum: ["none", "low_e"], default: "low_e", title: "Glass coating (low-e)" },
    glazing_u_value: {
      type: "number",
      exclusiveMinimum: 0,
      maximum: 6,
      title: "Glazing U_g (W/m²K), only to override the value for the make-up",
    },
    spacer: { type: "string", enum: ["aluminium", "warm_edge"], default: "warm_edge", title: "Spacer bar" },
    threshold: { type: "string", enum: ["standard", "low"], default: "standard", title: "Threshold (standard 25 mm HA176P, low = DDA)" },
    finish: { type: "string", enum: ["powder_coating", "anodised", "mill"], default: "powder_coating", title: "Finish" },
    color: { type: "string", title: "Colour" },
    hardware: {
      type: "object",
      additionalProperties: false,
      required: ["hinges", "lock", "handles", "closer"],
      properties: {
        hinges: { type: "string", enum: ["standard", "heavy_duty", "concealed"], default: "standard" },
        hinges_per_leaf: { type: "integer", minimum: 2, maximum: 4 },
        lock: { type: "string", enum: ["multipoint_3_point", "multipoint_5_point"], default: "multipoint_3_point" },
        handles: { type: "string", enum: ["lever_stainless_steel", "lever_satin_aluminium", "pull_handle_stainless_steel"], default: "lever_stainless_steel" },
        closer: { type: "string", enum: ["none", ...Object.keys(CLOSER_MAX_LEAF_WIDTH)], default: "none" },
      },
    },
  },
  // The colour a finish takes is a structural rule, so the schema carries it (and the UI can show it).
  // Defaults that depend on another field sit in the branch of that field's value.
  allOf: [
    {
      if: { properties: { finish: { const: "powder_coating" } } },
      then: { required: ["color"], properties: { color: { pattern: "^RAL [0-9]{4}$", default: "RAL 9016" } } },
    },
    {
      if: { properties: { finish: { const: "anodised" } } },
      then: { required: ["color"], properties: { color: { enum: [...ANODISED_COLOURS], default: "natural" } } },
    },
    // Each door type has its own frame widths (leaf limits), so the form's range follows the type.
    {
      if: { properties: { door_type: { const: "single" } }, required: ["door_type"] },
      then: { properties: { frame_width: { minimum: frameWidthRange("single").min, maximum: frameWidthRange("single").max } } },
      else: { properties: { frame_width: { minimum: frameWidthRange("double").min, maximum: frameWidthRange("double").max } } },
    },
    {
      if: { properties: { glazing_type: { const: "triple" } }, required: ["glazing_type"] },
      then: { properties: { glazing_thickness: { default: 44 } } },
      else: { properties: { glazing_thickness: { default: 28 } } },
    },
    { if: { properties: { finish: { const: "mill" } } }, then: { properties: { color: false } } },
  ],
};
