import { EngineError } from "../../engine/errors.ts";
import { completeConfiguration, getProductFamily, validateConfiguration } from "../../engine/products/index.ts";
import type { Product } from "../db/products.ts";

/**
 * The parameters a product is engineered and priced with: what the shop set,
 * on top of the family's starter parameters (its starter price table).
 */
export function familyParams(product: Pick<Product, "generator_key" | "params">): Record<string, unknown> {
  return { ...(getProductFamily(product.generator_key).starterParams as Record<string, unknown>), ...product.params };
}

/** JSON pointer `/hardware/closer` → the API's field path `config.hardware.closer`. */
const fieldOf = (pointer: string) => ["config", ...pointer.split("/").filter(Boolean)].join(".");

/**
 * Completes a configuration with the product's defaults (from the schema
 * version it is made with), validates it against that schema and the
 * family's rules, then runs its engineering.
 */
export function prepareConfiguration(product: Product, schema: Record<string, unknown>, given: unknown) {
  const family = getProductFamily(product.generator_key);
  const { config, defaults_applied } = completeConfiguration(family, given, schema);
  const { valid, errors } = validateConfiguration(family, config, schema);
  if (!valid) {
    throw new EngineError(
      "VALIDATION_ERROR",
      `This ${family.name} configuration is not valid`,
      400,
      errors.map((e) => ({ ...e, field: fieldOf(e.field) })),
    );
  }
  return { config, defaults_applied, engineering: family.engineering(config, familyParams(product)) as Record<string, unknown> };
}

/** The engineering of a configuration (completed with its product's defaults, validated). */
export const engineer = (product: Product, schema: Record<string, unknown>, config: unknown) => prepareConfiguration(product, schema, config).engineering;
