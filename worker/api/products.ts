import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import type { Context } from "hono";
import { createRouter } from "./router.ts";
import type { TenantEnv } from "./context.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { withFieldPrefix } from "./field-prefix.ts";
import { IdParam, Name, iso } from "./schemas.ts";
import { canonicalJson } from "../../engine/products/canonical.ts";
import { checkProductSchema, getProductFamily, parseProductParams, PRODUCT_FAMILIES } from "../../engine/products/index.ts";
import { audit } from "../db/audit.ts";
import { currentPriceBook } from "../db/price-books.ts";
import { findProduct, insertProduct, listProducts, listProductSchemas, productSchema, updateProduct, type Product } from "../db/products.ts";
import type { Scope } from "../db/scope.ts";
import { can, principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { familyParams } from "../products/engineering.ts";
import { Product as ProductView, ProductSchemaVersion as SchemaVersion } from "./schemas/product.ts";

/** Checked against the product's generator in the handler (422 naming the field), since a PATCH does not say which generator it is for. */
const ProductParams = z.record(z.string(), z.unknown()).openapi({
  description:
    "The generator's parameters. Doors: `u_value_limit` (W/m²K) and `prices` (currency, profile_per_m, finish_per_m, glass_per_m2, items, labour); " +
    "cabinets: `prices` (currency, unit_prices, labour_per_cabinet). Money in integer minor units. Without `prices` the family's starter table applies.",
});

const JsonSchemaDoc = z.record(z.string(), z.unknown()).openapi({ description: "JSON Schema 2020-12" });

const productResponse = (description: string) => ({ description, content: { "application/json": { schema: envelope(ProductView) } } });

const CreateProduct = z
  .strictObject({
    name: Name,
    description: z.string().max(4000).optional(),
    generator_key: z.enum(Object.keys(PRODUCT_FAMILIES) as [string, ...string[]]),
    config_schema: JsonSchemaDoc.optional().openapi({ description: "Defaults to the generator's own schema" }),
    params: ProductParams.optional(),
  })
  .openapi("CreateProduct");

const PatchProduct = z
  .strictObject({
    name: Name.optional(),
    description: z.string().max(4000).nullable().optional(),
    config_schema: JsonSchemaDoc.optional(),
    params: ProductParams.nullable().optional(),
    active: z.boolean().optional(),
  })
  .openapi("PatchProduct");

/** A shop's parameters for a generator, validated; a price table must be in the currency the shop quotes in. */
async function checkParams(scope: Scope, generatorKey: string, params: Record<string, unknown>) {
  const parsed = withFieldPrefix("params", () => parseProductParams(getProductFamily(generatorKey).paramsSchema, params)) as { prices?: { currency: string } };
  const currency = parsed.prices && ((await currentPriceBook(scope))?.body as { currency?: string } | undefined)?.currency;
  if (parsed.prices && currency && parsed.prices.currency !== currency) {
    throw new ApiError("UNPROCESSABLE_ENTITY", `Prices must be in ${currency}, the currency this shop quotes in`, [
      { field: "params.prices.currency", message: `must be ${currency}, the price book's currency`, value: parsed.prices.currency },
    ]);
  }
  return parsed as Record<string, unknown>;
}

/** Who manages the catalogue sees inactive products too; everyone else (guests included) only the catalogue. */
const canManage = (c: Context<TenantEnv>) => {
  const p = c.get("principal");
  return !!p && can(p, "catalog:write");
};

async function present(c: Context<TenantEnv>, p: Product): Promise<ProductView> {
  const schema = await productSchema(scopeOf(c), p.id, p.schema_version);
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    generator_key: p.generator_key,
    family: getProductFamily(p.generator_key).name,
    schema_version: p.schema_version,
    config_schema: schema?.config_schema ?? null,
    /** What it is priced with: the shop's parameters over the family's starter table. */
    params: familyParams(p),
    active: p.active,
    created_at: iso(p.created_at),
    updated_at: iso(p.updated_at),
  };
}

const routes = {
  list: defineRoute({
    permission: "public",
    method: "get",
    path: "/",
    tags: ["Products"],
    summary: "Configurable products of the shop",
    responses: { 200: { description: "Products", content: { "application/json": { schema: envelope(z.array(ProductView)) } } }, ...errorResponses(404) },
  }),
  get: defineRoute({
    permission: "public",
    method: "get",
    path: "/{id}",
    tags: ["Products"],
    summary: "A product with its current configuration schema",
    request: { params: IdParam },
    responses: { 200: productResponse("Product"), ...errorResponses(404) },
  }),
  create: defineRoute({
    permission: "catalog:write",
    method: "post",
    path: "/",
    tags: ["Products"],
    summary: "Create a product from a generator (admin)",
    request: { body: { content: { "application/json": { schema: CreateProduct } }, required: true } },
    responses: { 201: productResponse("Created"), ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
  }),
  schemas: defineRoute({
    permission: "catalog:write",
    method: "get",
    path: "/{id}/schemas",
    tags: ["Products"],
    summary: "Every schema version of a product, newest first (saved configurations keep theirs)",
    request: { params: IdParam },
    responses: {
      200: { description: "Schema versions", content: { "application/json": { schema: envelope(z.array(SchemaVersion)) } } },
      ...errorResponses(401, 403, 404),
    },
  }),
  patch: defineRoute({
    permission: "catalog:write",
    method: "patch",
    path: "/{id}",
    tags: ["Products"],
    summary: "Edit a product; a new config_schema becomes a new schema version",
    request: { params: IdParam, body: { content: { "application/json": { schema: PatchProduct } }, required: true } },
    responses: { 200: productResponse("Updated"), ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
  }),
};

export const productsRouter = createRouter()
  .openapi(routes.list, async (c) => {
    const rows = await listProducts(scopeOf(c), !canManage(c));
    return ok(c, await Promise.all(rows.map((p) => present(c, p))));
  })
  .openapi(routes.get, async (c) => {
    const product = await findProduct(scopeOf(c), c.req.valid("param").id);
    if (!product || (!product.active && !canManage(c))) throw notFound("Product");
    return ok(c, await present(c, product));
  })
  .openapi(routes.create, async (c) => {
    const body = c.req.valid("json");
    const family = getProductFamily(body.generator_key);
    const config_schema = body.config_schema ?? family.schema;
    checkProductSchema(config_schema);
    const scope = scopeOf(c);
    const params = body.params ? await checkParams(scope, body.generator_key, body.params) : null;
    const id = await insertProduct(scope, { name: body.name, description: body.description ?? null, generator_key: body.generator_key, params, config_schema });
    const principal = principalOf(c);
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "product.created",
      target_type: "product",
      target_id: id,
      request_id: c.get("requestId"),
    });
    return ok(c, await present(c, (await findProduct(scope, id))!), 201);
  })
  .openapi(routes.schemas, async (c) => {
    const scope = scopeOf(c);
    const product = await findProduct(scope, c.req.valid("param").id);
    if (!product) throw notFound("Product");
    const versions = await listProductSchemas(scope, product.id);
    return ok(
      c,
      versions.map((v) => ({ version: v.version, created_at: iso(v.created_at), config_schema: v.config_schema })),
    );
  })
  .openapi(routes.patch, async (c) => {
    const scope = scopeOf(c);
    const product = await findProduct(scope, c.req.valid("param").id);
    if (!product) throw notFound("Product");
    const { config_schema, ...body } = c.req.valid("json");
    if (config_schema) checkProductSchema(config_schema);
    // Only a changed schema is a new version (an editor sends the schema back with every save).
    const current = config_schema && (await productSchema(scope, product.id, product.schema_version));
    const changed = config_schema && canonicalJson(config_schema) !== canonicalJson(current?.config_schema) ? config_schema : undefined;
    const params = body.params ? await checkParams(scope, product.generator_key, body.params) : body.params;
    await updateProduct(scope, product, { ...body, params, config_schema: changed });
    return ok(c, await present(c, (await findProduct(scope, product.id))!));
  });
