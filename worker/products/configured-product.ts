import { findConfiguration, findProduct, productSchema } from "../db/products.ts";
import type { Scope } from "../db/scope.ts";
import { SYSTEM } from "../db/viewer.ts";

/** A saved configuration with its product and the schema version it was made with; undefined when any of them is gone. */
export async function loadConfigured(scope: Scope, configurationId: string) {
  const configuration = await findConfiguration(scope, configurationId, SYSTEM);
  const product = configuration && (await findProduct(scope, configuration.product_id));
  const schema = product && configuration && (await productSchema(scope, product.id, configuration.schema_version));
  return configuration && product && schema ? { configuration, product, schema } : undefined;
}
