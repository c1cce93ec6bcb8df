import { EngineError } from "../../engine/errors.ts";
import { getProductFamily, validateConfiguration } from "../../engine/products/index.ts";
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

/** Validates a configuration against the product's schema version and rules, then runs its engineering. */
export function engineer(product: Product, schema: Record<string, unknown>, config: unknown) {
  const family = getProductFamily(product.generator_key);
  const { valid, errors } = validateConfiguration(family, config, schema);
  if (!valid) {
    throw new EngineError("VALIDATION_ERROR", `This ${family.name} configuration is not valid`, 400, errors.map((e) => ({ ...e, field: fieldOf(e.field) })));
  }
  return family.engineering(config, familyParams(product)) as Record<string, unknown>;
}
