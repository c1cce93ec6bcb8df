/**
 * The product registry: generator key → family. A tenant's product row names
 * its generator key; everything else (API, configurator, jobs) goes through
 * the family interface.
 */
import { EngineError } from "../errors.ts";
import { cabinetFamily } from "./cabinet/index.ts";
import { doorFamily } from "./door/index.ts";
import type { ProductFamily } from "./types.ts";

// Families differ in config and result types; callers narrow a config with validateConfiguration first.
// biome-ignore lint/suspicious/noExplicitAny: each family has its own config and result types
export type AnyProductFamily = ProductFamily<any, any, unknown>;

export const PRODUCT_FAMILIES: Readonly<Record<string, AnyProductFamily>> = {
  [doorFamily.key]: doorFamily,
  [cabinetFamily.key]: cabinetFamily,
};

export function getProductFamily(key: string): AnyProductFamily {
  const family = Object.hasOwn(PRODUCT_FAMILIES, key) ? PRODUCT_FAMILIES[key] : undefined;
  if (!family) {
    throw new EngineError("UNKNOWN_GENERATOR", `No product generator "${key}"`, 422, [
      { field: "/generator_key", message: `must be one of ${Object.keys(PRODUCT_FAMILIES).join(", ")}`, value: key },
    ]);
  }
  return family;
}

export { validateConfiguration, assertValidConfiguration, validateBySchema, completeConfiguration, type ConfigurationValidation } from "./configuration.ts";
export type { DefaultsResult } from "./defaults.ts";
export { checkProductSchema } from "./schema-check.ts";
export { parseProductParams } from "./params.ts";
export { geometryToGlb } from "./glb.ts";
export { doorFamily, doorEngineering, type DoorConfig, type DoorEngineering, type DoorTenantParams } from "./door/index.ts";
export { cabinetFamily, type CabinetConfig, type CabinetEngineering, type CabinetTenantParams } from "./cabinet/index.ts";
export type * from "./types.ts";
