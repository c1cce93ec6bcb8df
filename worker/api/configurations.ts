import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import type { Context } from "hono";
import type { Viewer } from "../db/viewer.ts";
import { createRouter } from "./router.ts";
import type { TenantEnv } from "./context.ts";
import { envelope, errorResponses, listEnvelope, ok, okList } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { Id, IdParam, ListQuery, iso } from "./schemas.ts";
import { viewerOf } from "./models.ts";
import { picture, pictureResponses } from "./pictures.ts";
import { configurationPicture } from "../products/picture.ts";
import { canonicalJson } from "../../engine/products/canonical.ts";
import { sha256Hex } from "../auth/tokens.ts";
import {
  deleteConfiguration,
  findConfiguration,
  findProduct,
  insertConfiguration,
  listConfigurations,
  productSchema,
  type Configuration,
  type Product,
} from "../db/products.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { engineer, prepareConfiguration } from "../products/engineering.ts";
import { blockEngineering } from "../../engine/pricing/blockers.ts";
import { Configuration as ConfigurationView } from "./schemas/configuration.ts";

const CreateConfiguration = z
  .strictObject({ product_id: Id, config: z.record(z.string(), z.unknown()), name: z.string().trim().max(200).optional() })
  .openapi("CreateConfiguration");

const response = (description: string) => ({ description, content: { "application/json": { schema: envelope(ConfigurationView) } } });

async function ownerViewer(c: Context<TenantEnv>, create = false): Promise<Viewer> {
  const viewer = await viewerOf(c, create);
  if (!viewer) throw new ApiError("UNAUTHORIZED", "Sign in to keep configurations");
  return viewer;
}

type ProductLookup = Map<string, Promise<{ product: Product; schema: Record<string, unknown> } | null>>;

/** A product and the schema version a configuration uses, read once per request however many configurations share them. */
function productOf(c: Context<TenantEnv>, conf: Configuration, lookup: ProductLookup) {
  const key = `${conf.product_id}:${conf.schema_version}`;
  let found = lookup.get(key);
  if (!found) {
    const scope = scopeOf(c);
    found = findProduct(scope, conf.product_id).then(async (product) => {
      const schema = product && (await productSchema(scope, product.id, conf.schema_version));
      return product && schema ? { product, schema: schema.config_schema } : null;
    });
    lookup.set(key, found);
  }
  return found;
}

/** A configuration with its engineering (U-value, BOM, price, cutting list…) computed from its own schema version. */
async function present(c: Context<TenantEnv>, conf: Configuration, lookup: ProductLookup = new Map()): Promise<ConfigurationView> {
  const found = await productOf(c, conf, lookup);
  return {
    id: conf.id,
    product_id: conf.product_id,
    product_name: found?.product.name ?? null,
    schema_version: conf.schema_version,
    name: conf.name,
    config: conf.config,
    config_hash: conf.config_hash,
    // Engine output, checked against ConfigurationEngineering by the workerd tests.
    engineering: found ? (blockEngineering(engineer(found.product, found.schema, conf.config)) as ConfigurationView["engineering"]) : null,
    created_at: iso(conf.created_at),
  };
}

/** The caller's configuration, or 404 for anyone else's (another tenant's looks exactly like none). */
export async function visibleConfiguration(c: Context<TenantEnv>, id: string) {
  const conf = await findConfiguration(scopeOf(c), id, await ownerViewer(c));
  if (!conf) throw notFound("Configuration");
  return conf;
}

const routes = {
  create: defineRoute({
    permission: "quotes:write",
    guest: true,
    method: "post",
    path: "/",
    tags: ["Configurations"],
    summary:
      "Save a product configuration: fields left out take the product's defaults (listed in defaults_applied), then the product's schema and rules validate it",
    request: { body: { content: { "application/json": { schema: CreateConfiguration } }, required: true } },
    responses: { 201: response("Saved"), ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
  }),
  list: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "get",
    path: "/",
    tags: ["Configurations"],
    summary: "The caller's saved configurations, newest first",
    request: { query: ListQuery },
    responses: {
      200: { description: "Configurations", content: { "application/json": { schema: listEnvelope(ConfigurationView) } } },
      ...errorResponses(400, 401, 404),
    },
  }),
  get: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "get",
    path: "/{id}",
    tags: ["Configurations"],
    summary: "A saved configuration with its engineering results",
    request: { params: IdParam },
    responses: { 200: response("Configuration"), ...errorResponses(401, 404) },
  }),
  thumbnail: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "get",
    path: "/{id}/thumbnail",
    tags: ["Configurations"],
    summary: "A 256 × 256 PNG picture of the configured product in its finish",
    request: { params: IdParam },
    responses: pictureResponses,
  }),
  remove: defineRoute({
    permission: "quotes:write",
    guest: true,
    method: "delete",
    path: "/{id}",
    tags: ["Configurations"],
    summary: "Delete a saved configuration",
    request: { params: IdParam },
    responses: {
      200: { description: "Deleted", content: { "application/json": { schema: envelope(z.object({ deleted: z.boolean() })) } } },
      ...errorResponses(401, 404),
    },
  }),
};

export const configurationsRouter = createRouter()
  .openapi(routes.create, async (c) => {
    const p = c.get("principal");
    const scope = scopeOf(c);
    const body = c.req.valid("json");
    const product = await findProduct(scope, body.product_id);
    if (!product?.active) throw new ApiError("NOT_FOUND", "Product not found", [{ field: "product_id", message: "not found", value: body.product_id }]);
    const schema = (await productSchema(scope, product.id, product.schema_version))!;
    // Stored whole: the defaults it took are part of what was configured, whatever the schema says later.
    const { config, defaults_applied } = prepareConfiguration(product, schema.config_schema, body.config);
    const viewer = await ownerViewer(c, true);
    const conf = await insertConfiguration(scope, {
      product_id: product.id,
      schema_version: product.schema_version,
      name: body.name ?? null,
      config,
      config_hash: await sha256Hex(canonicalJson(config)),
      owner_user_id: p?.userId ?? null,
      customer_id: viewer.kind === "customer" ? viewer.customerId : null,
      guest_session_hash: viewer.kind === "guest" ? viewer.sessionHash : null,
    });
    return ok(c, { ...(await present(c, conf as Configuration)), defaults_applied }, 201);
  })
  .openapi(routes.list, async (c) => {
    const { data, pagination } = await listConfigurations(scopeOf(c), await ownerViewer(c), c.req.valid("query"));
    const lookup: ProductLookup = new Map();
    return okList(c, await Promise.all(data.map((r) => present(c, r, lookup))), pagination);
  })
  .openapi(routes.get, async (c) => ok(c, await present(c, await visibleConfiguration(c, c.req.valid("param").id))))
  .openapi(routes.thumbnail, async (c) => {
    const conf = await visibleConfiguration(c, c.req.valid("param").id);
    const product = await findProduct(scopeOf(c), conf.product_id);
    const png = product && (await configurationPicture(c.env.FILES, product, conf));
    if (!png) throw notFound("Picture");
    return picture(c, png as Uint8Array<ArrayBuffer>);
  })
  .openapi(routes.remove, async (c) => {
    const conf = await visibleConfiguration(c, c.req.valid("param").id);
    await deleteConfiguration(scopeOf(c), conf.id);
    return ok(c, { deleted: true });
  });
