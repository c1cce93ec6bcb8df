import { RAL_SRGB } from "../../engine/products/materials.ts";
import { completeConfiguration, getProductFamily, validateBySchema, type JsonSchema } from "../../engine/products/index.ts";
import { conform, type Config, type EnumOption, type Suggest } from "./schema-fields.ts";

/** `GET /api/v1/products/:id`, as the configurator uses it. */
export interface Product {
  id: string;
  name: string;
  description: string | null;
  generator_key: string;
  family: string;
  schema_version: number;
  config_schema: JsonSchema;
  /** What the server prices with (the shop's parameters over the family's starter table), so the live price equals the one it confirms. */
  params: Record<string, unknown>;
}

/**
 * A sensible first configuration per family (a single door; a one-door
 * cabinet with a top drawer). The door leaves its glazing gas and coating to
 * the product's defaults and its U_g to the make-up, as a buyer would.
 */
const STARTERS: Record<string, Config> = {
  "spw600e-door": {
    door_type: "single",
    opening_direction: "inward",
    frame_width: 1000,
    frame_height: 2100,
    glazing_type: "double",
    glazing_thickness: 28,
    spacer: "warm_edge",
    threshold: "standard",
    finish: "powder_coating",
    color: "RAL 7016",
    hardware: { hinges: "standard", lock: "multipoint_3_point", handles: "lever_stainless_steel", closer: "none" },
  },
  "kitchen-base-cabinet": {
    width: 600,
    height: 720,
    depth: 560,
    carcass_material: "melamine_white",
    board_thickness: 18,
    doors: 1,
    drawers: 1,
    shelves: 1,
    front_finish: "matt_lacquer",
    front_color: "RAL 9016",
    plinth_height: 150,
    handles: "bar",
  },
};

export const starterOf = (product: Product): Config => STARTERS[product.generator_key] ?? {};

/** The starter, fitted to this shop's schema (a shop may narrow ranges or choices). */
export const initialConfig = (product: Product): Config => conform(product.config_schema, starterOf(product), starterOf(product));

/** RAL codes the shop's previews know, offered for any `RAL 0000` field. */
export const suggestColours: Suggest = (pattern) =>
  pattern.includes("RAL") ? Object.keys(RAL_SRGB).map((code): EnumOption => ({ value: code, label: code })) : undefined;

export const ralSwatch = (code: string): string | undefined => RAL_SRGB[code.toUpperCase()];

export interface LiveResults {
  errors: { field: string; message: string }[];
  /** The family's engineering (door: thermal, BOM, cutting list, price…); null while the configuration is invalid. */
  engineering: Record<string, unknown> | null;
  /** The configuration with the product's defaults filled in: what the server saves and engineers. */
  complete: Config;
  /** Fields that took the product's default (`glazing_gas`, `hardware.lock`), as the server lists them. */
  defaults_applied: string[];
  /**
   * True when the schema accepts the configuration and only a product rule
   * refuses it (a single leaf too wide): its geometry can still be drawn.
   */
  drawable: boolean;
}

/** Validation and engineering in the browser, with the same engine code the server runs. */
export function evaluate(product: Product, config: Config): LiveResults {
  const family = getProductFamily(product.generator_key);
  const { config: complete, defaults_applied } = completeConfiguration(family, config, product.config_schema);
  const base = { complete, defaults_applied };
  const structural = validateBySchema(product.config_schema, complete);
  if (structural.length > 0) return { ...base, errors: structural, engineering: null, drawable: false };
  const rules = family.validate(complete);
  if (rules.length > 0) return { ...base, errors: rules, engineering: null, drawable: true };
  try {
    return { ...base, errors: [], engineering: family.engineering(complete, product.params) as Record<string, unknown>, drawable: true };
  } catch (e) {
    // A price table without a price for a chosen item: the server refuses it the same way.
    return {
      ...base,
      errors: [{ field: "/", message: e instanceof Error ? e.message : "These results could not be worked out." }],
      engineering: null,
      drawable: true,
    };
  }
}

/** `GET /api/v1/configurations/:id`. */
export interface SavedConfiguration {
  id: string;
  product_id: string;
  product_name: string | null;
  schema_version: number;
  name: string | null;
  config: Config;
  config_hash: string;
  engineering: Record<string, unknown> | null;
  created_at: string;
}
