import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import {
  DEFAULT_SHIPPING_METHODS,
  parseShippingMethods,
  quoteShipping,
  shippingMethodSchema,
  startingPrice,
  type ShippingMethod,
} from "../../engine/shipping/methods.ts";
import { audit } from "../db/audit.ts";
import { patchTenantSettings, type Tenant } from "../db/tenants.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";

const ShippingOption = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(["pickup", "flat", "weight"]),
    price: z.number().int().nullable().openapi({ description: "Minor units; null when the method cannot take this consignment" }),
    days: z.number().int().nullable().openapi({ description: "Working days in transit (0: ready to collect)" }),
    price_is_from: z.boolean().openapi({ description: "True when the price depends on the destination and weight, which were not given" }),
    unavailable_reason: z.string().nullable(),
  })
  .openapi("ShippingOption");

const Destination = z.object({
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be a two-letter country code (ISO 3166-1)")
    .optional(),
  weight_kg: z.coerce.number().min(0).max(100_000).optional(),
});

/**
 * The engine's schema, cloned before naming it: the engine's instance may be built before
 * @hono/zod-openapi extends zod (the app imports it too, into an earlier chunk), so it has no `.openapi`.
 */
const ShippingMethodDoc = shippingMethodSchema.clone().openapi("ShippingMethod");

const ShopShippingMethods = z
  .object({
    currency: z.string().openapi({ description: "The currency of every price" }),
    customised: z.boolean().openapi({ description: "False while the shop offers the default (collection only) without having set its own" }),
    methods: z.array(ShippingMethodDoc),
  })
  .openapi("ShopShippingMethods");

const methodsOf = (tenant: Tenant): ShippingMethod[] => tenant.settings.shipping_methods ?? DEFAULT_SHIPPING_METHODS;

const routes = {
  list: defineRoute({
    permission: "public",
    method: "get",
    path: "/",
    tags: ["Shop"],
    summary: "How the shop's customers can get their parts, priced for a destination and weight when given",
    request: { query: Destination },
    responses: { 200: { description: "Methods", content: { "application/json": { schema: envelope(z.array(ShippingOption)) } } }, ...errorResponses(400, 404) },
  }),
  current: defineRoute({
    permission: "settings:write",
    method: "get",
    path: "/",
    tags: ["Shop"],
    summary: "The shop's shipping methods as set (money in minor units of the shop's currency), for editing",
    responses: {
      200: { description: "The methods", content: { "application/json": { schema: envelope(ShopShippingMethods) } } },
      ...errorResponses(401, 403, 404),
    },
  }),
  replace: defineRoute({
    permission: "settings:write",
    method: "put",
    path: "/",
    tags: ["Shop"],
    summary: "Set the shop's shipping methods: pickup, a flat rate, or by weight per destination zone",
    request: {
      body: { content: { "application/json": { schema: z.strictObject({ methods: z.array(z.unknown()) }).openapi("ShippingMethods") } }, required: true },
    },
    responses: {
      200: {
        description: "The methods as stored",
        content: { "application/json": { schema: envelope(z.array(ShippingMethodDoc)) } },
      },
      ...errorResponses(400, 401, 403, 404, 413, 415),
    },
  }),
};

export const shippingRouter = createRouter().openapi(routes.list, (c) => {
  const { country, weight_kg } = c.req.valid("query");
  const known = country !== undefined || weight_kg !== undefined;
  return ok(
    c,
    methodsOf(tenantOf(c)).map((m) => {
      const base = { code: m.code, name: m.name, kind: m.kind };
      if (!known) return { ...base, ...startingPrice(m), price_is_from: m.kind === "weight", unavailable_reason: null };
      const q = quoteShipping(m, country ?? null, weight_kg ?? 0);
      return q.ok
        ? { ...base, price: q.price, days: q.days, price_is_from: false, unavailable_reason: null }
        : { ...base, price: null, days: null, price_is_from: false, unavailable_reason: q.reason };
    }),
  );
});

export const tenantShippingMethodsRouter = createRouter()
  .openapi(routes.current, (c) => {
    const tenant = tenantOf(c);
    return ok(c, { currency: tenant.currency, customised: !!tenant.settings.shipping_methods?.length, methods: methodsOf(tenant) });
  })
  .openapi(routes.replace, async (c) => {
    const methods = parseShippingMethods(c.req.valid("json").methods);
    const scope = scopeOf(c);
    await patchTenantSettings(scope, { shipping_methods: methods });
    const principal = principalOf(c);
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "tenant.shipping_methods_changed",
      target_type: "tenant",
      target_id: scope.tenantId,
      data: { codes: methods.map((m) => m.code) },
      request_id: c.get("requestId"),
    });
    return ok(c, methods);
  });
