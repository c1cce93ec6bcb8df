import { EngineError } from "../../engine/errors.ts";
import { EXAMPLE_DOOR_PRICES } from "../../engine/products/door/pricing.ts";
import { getProductFamily, validateConfiguration } from "../../engine/products/index.ts";
import type { Product } from "../db/products.ts";

/**
 * The family's tenant parameters for a product: the shop's overrides on top of
 * the starter price table (doors) that every new shop begins with.
 */
export function familyParams(product: Product): Record<string, unknown> {
  const overrides = product.params ?? {};
  return product.generator_key === "spw600e-door" ? { prices: EXAMPLE_DOOR_PRICES, ...overrides } : { ...overrides };
}

/** JSON pointer `/hardware/closer` → the API's field path `config.hardware.closer`. */
const fieldOf = (pointer: string) => ["config", ...pointer.split("/").filter(Boolean)].join(".");

/** Validates a configuration against the product's schema version and rules, then runs its engineering. */
export function engineer(product: Product, schema: Record<string, unknown>, config: unknown) {
  const family = getProductFamily(product.generator_key);
  const { valid, errors } = validateConfiguration(family, config, schema);
  if (!valid) {
    throw new EngineError("VALIDATION_ERROR", `This ${family.name} configuration is not valid`, 400, errors.map((e) => ({ ...e, field: fieldOf(e.field) })));
  }
  return family.engineering(config, familyParams(product) as never) as Record<string, unknown>;
}
