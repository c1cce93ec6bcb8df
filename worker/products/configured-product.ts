import { findConfiguration, findConfigurations, findProduct, findProducts, productSchema, schemasOfProducts } from "../db/products.ts";
import type { Scope } from "../db/scope.ts";
import { SYSTEM } from "../db/viewer.ts";

/** A saved configuration with its product and the schema version it was made with; undefined when any of them is gone. */
export async function loadConfigured(scope: Scope, configurationId: string) {
  const configuration = await findConfiguration(scope, configurationId, SYSTEM);
  const product = configuration && (await findProduct(scope, configuration.product_id));
  const schema = product && configuration && (await productSchema(scope, product.id, configuration.schema_version));
  return configuration && product && schema ? { configuration, product, schema } : undefined;
}

/** loadConfigured for many configurations at once (an order's lines): three queries, not three per line. Those gone are missing from the map. */
export async function loadConfiguredMany(scope: Scope, configurationIds: readonly string[]) {
  const configurations = await findConfigurations(scope, [...new Set(configurationIds)]);
  const productIds = [...new Set(configurations.map((c) => c.product_id))];
  const [products, schemas] = await Promise.all([findProducts(scope, productIds), schemasOfProducts(scope, productIds)]);
  const product = new Map(products.map((p) => [p.id, p]));
  const schema = new Map(schemas.map((s) => [`${s.product_id}:${s.version}`, s]));
  const loaded = new Map<string, NonNullable<Awaited<ReturnType<typeof loadConfigured>>>>();
  for (const configuration of configurations) {
    const p = product.get(configuration.product_id);
    const s = p && schema.get(`${p.id}:${configuration.schema_version}`);
    if (p && s) loaded.set(configuration.id, { configuration, product: p, schema: s });
  }
  return loaded;
}
