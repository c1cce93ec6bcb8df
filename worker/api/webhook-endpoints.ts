import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import type { Context } from "hono";
import type { TenantEnv } from "./context.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, listEnvelope, ok, okList } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { IdParam, ListQuery, iso } from "./schemas.ts";
import { audit } from "../db/audit.ts";
import { listAttempts, testEventStatements } from "../db/outbox.ts";
import { deleteEndpoint, findEndpoint, insertEndpoint, listEndpoints, updateEndpoint, type WebhookEndpoint } from "../db/webhook-endpoints.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";
import { componentName, isSensitive, OUTBOUND_TYPES, outboundEvents } from "../webhooks/outbound-events.ts";
import { dispatchOutbox } from "../webhooks/outbox.ts";
import { encryptSecret, newWebhookSecret } from "../webhooks/secrets.ts";
import { allowedHosts, checkDestination } from "../webhooks/ssrf.ts";
import { endpointBreaker } from "../../durable-objects/stubs.ts";

const EventType = z.enum([...OUTBOUND_TYPES, "*"]).openapi({
  description: `An outbound event type, or * for all but those that carry a secret (${OUTBOUND_TYPES.filter(isSensitive).join(", ")}), which must be named`,
});

const EndpointView = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    event_types: z.array(z.string()),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable(),
    breaker: z.object({ state: z.enum(["closed", "open", "half_open"]), consecutive_failures: z.number().int(), opened_at: z.string().nullable() }).optional(),
    created_at: z.string().nullable(),
    updated_at: z.string().nullable(),
  })
  .openapi("WebhookEndpoint");
const WithSecret = EndpointView.extend({ secret: z.string().openapi({ description: "Shown once: verify our signatures with it" }) }).openapi(
  "WebhookEndpointWithSecret",
);

const CreateEndpoint = z
  .strictObject({
    url: z.string().max(2048),
    event_types: z
      .array(EventType)
      .min(1, "subscribe to at least one event type")
      .max(OUTBOUND_TYPES.length + 1),
    description: z.string().trim().max(500).optional(),
    enabled: z.boolean().default(true),
  })
  .openapi("CreateWebhookEndpoint");
const UpdateEndpoint = z
  .strictObject({
    url: z.string().max(2048).optional(),
    event_types: z
      .array(EventType)
      .min(1, "subscribe to at least one event type")
      .max(OUTBOUND_TYPES.length + 1)
      .optional(),
    description: z.string().trim().max(500).nullable().optional(),
    enabled: z.boolean().optional(),
    rotate_secret: z.boolean().optional(),
  })
  .openapi("UpdateWebhookEndpoint");

const Attempt = z
  .object({
    id: z.string(),
    delivery_id: z.string(),
    event_id: z.string(),
    event_type: z.string(),
    attempt: z.number().int(),
    status_code: z.number().int().nullable(),
    latency_ms: z.number().int(),
    response_snippet: z.string().nullable().openapi({ description: "First 2 KB of the answer" }),
    error: z.string().nullable(),
    delivery_status: z.string(),
    created_at: z.string().nullable(),
  })
  .openapi("WebhookDeliveryAttempt");

const present = (e: WebhookEndpoint) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  event_types: e.event_types,
  enabled: e.enabled,
  disabled_reason: e.disabled_reason,
  created_at: iso(e.created_at),
  updated_at: iso(e.updated_at),
});

const tags = ["Webhooks: endpoints"];
const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });

const routes = {
  create: defineRoute({
    permission: "webhooks:admin",
    method: "post",
    path: "/",
    tags,
    summary: "Add a partner endpoint (the signing secret is shown once)",
    request: { body: { content: { "application/json": { schema: CreateEndpoint } }, required: true } },
    responses: { 201: { description: "Created", ...json(envelope(WithSecret)) }, ...errorResponses(400, 401, 403, 404) },
  }),
  list: defineRoute({
    permission: "webhooks:admin",
    method: "get",
    path: "/",
    tags,
    summary: "Partner endpoints",
    request: { query: ListQuery },
    responses: { 200: { description: "Endpoints", ...json(listEnvelope(EndpointView)) }, ...errorResponses(400, 401, 403, 404) },
  }),
  get: defineRoute({
    permission: "webhooks:admin",
    method: "get",
    path: "/{id}",
    tags,
    summary: "An endpoint and its circuit breaker",
    request: { params: IdParam },
    responses: { 200: { description: "Endpoint", ...json(envelope(EndpointView)) }, ...errorResponses(401, 403, 404) },
  }),
  update: defineRoute({
    permission: "webhooks:admin",
    method: "patch",
    path: "/{id}",
    tags,
    summary: "Change, enable, disable or rotate the secret of an endpoint",
    request: { params: IdParam, body: { content: { "application/json": { schema: UpdateEndpoint } }, required: true } },
    responses: {
      200: { description: "Updated (with `secret` when rotated)", ...json(envelope(WithSecret.partial({ secret: true }))) },
      ...errorResponses(400, 401, 403, 404),
    },
  }),
  remove: defineRoute({
    permission: "webhooks:admin",
    method: "delete",
    path: "/{id}",
    tags,
    summary: "Remove an endpoint",
    request: { params: IdParam },
    responses: { 200: { description: "Deleted", ...json(envelope(z.object({ id: z.string(), deleted: z.literal(true) }))) }, ...errorResponses(401, 403, 404) },
  }),
  test: defineRoute({
    permission: "webhooks:admin",
    method: "post",
    path: "/{id}/test",
    tags,
    summary: "Send a signed `webhook.test` event to the endpoint",
    request: { params: IdParam },
    responses: {
      202: { description: "Queued", ...json(envelope(z.object({ event_id: z.string(), delivery_id: z.string() }))) },
      ...errorResponses(401, 403, 404, 409),
    },
  }),
  deliveries: defineRoute({
    permission: "webhooks:admin",
    method: "get",
    path: "/{id}/deliveries",
    tags,
    summary: "The endpoint's delivery log: every attempt, newest first",
    request: { params: IdParam, query: ListQuery },
    responses: { 200: { description: "Attempts", ...json(listEnvelope(Attempt)) }, ...errorResponses(400, 401, 403, 404) },
  }),
};

function checkUrl(c: Context<TenantEnv>, url: string) {
  const destination = checkDestination(url, allowedHosts(c.env));
  if (!destination.ok) throw new ApiError("VALIDATION_ERROR", "The endpoint URL is not allowed", [{ field: "url", message: destination.reason, value: url }]);
  return destination.url.toString();
}

function auditEndpoint(c: Context<TenantEnv>, action: string, id: string) {
  const p = principalOf(c);
  return audit(scopeOf(c), { actor_type: p.kind, actor_id: p.userId, action, target_type: "webhook_endpoint", target_id: id, request_id: c.get("requestId") });
}

async function found(c: Context<TenantEnv>, id: string) {
  const endpoint = await findEndpoint(scopeOf(c), id);
  if (!endpoint) throw notFound("Webhook endpoint");
  return endpoint;
}

export const webhookEndpointsRouter = createRouter()
  .openapi(routes.create, async (c) => {
    const body = c.req.valid("json");
    const url = checkUrl(c, body.url);
    const secret = newWebhookSecret();
    const id = crypto.randomUUID();
    await insertEndpoint(scopeOf(c), {
      id,
      url,
      description: body.description ?? null,
      event_types: [...new Set(body.event_types)],
      enabled: body.enabled,
      secret_enc: await encryptSecret(c.env, { tenantId: tenantOf(c).id, purpose: "webhook_endpoint_secret" }, secret),
    });
    await auditEndpoint(c, "webhook_endpoint.created", id);
    return ok(c, { ...present(await found(c, id)), secret }, 201);
  })
  .openapi(routes.list, async (c) => {
    const { data, pagination } = await listEndpoints(scopeOf(c), c.req.valid("query"));
    return okList(c, data.map(present), pagination);
  })
  .openapi(routes.get, async (c) => {
    const endpoint = await found(c, c.req.valid("param").id);
    const breaker = await endpointBreaker(c.env, scopeOf(c), endpoint.id).status();
    return ok(c, { ...present(endpoint), breaker: { ...breaker, opened_at: iso(breaker.opened_at) } });
  })
  .openapi(routes.update, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const endpoint = await found(c, id);
    const secret = body.rotate_secret ? newWebhookSecret() : undefined;
    const enabling = body.enabled === true && !endpoint.enabled;
    await updateEndpoint(scopeOf(c), id, {
      url: body.url === undefined ? undefined : checkUrl(c, body.url),
      event_types: body.event_types ? [...new Set(body.event_types)] : undefined,
      description: body.description,
      enabled: body.enabled,
      disabled_reason: body.enabled === undefined ? undefined : body.enabled ? null : "disabled by the shop",
      secret_enc: secret ? await encryptSecret(c.env, { tenantId: tenantOf(c).id, purpose: "webhook_endpoint_secret" }, secret) : undefined,
    });
    // Re-enabled or moved: the partner has presumably fixed what tripped the breaker.
    if (enabling || body.url !== undefined) await endpointBreaker(c.env, scopeOf(c), id).reset();
    await auditEndpoint(c, secret ? "webhook_endpoint.rotated" : "webhook_endpoint.updated", id);
    const view = present(await found(c, id));
    return ok(c, secret ? { ...view, secret } : view);
  })
  .openapi(routes.remove, async (c) => {
    const { id } = c.req.valid("param");
    const [deleted] = await deleteEndpoint(scopeOf(c), id);
    if (!deleted) throw notFound("Webhook endpoint");
    await auditEndpoint(c, "webhook_endpoint.deleted", id);
    return ok(c, { id, deleted: true as const });
  })
  .openapi(routes.test, async (c) => {
    const scope = scopeOf(c);
    const endpoint = await found(c, c.req.valid("param").id);
    if (!endpoint.enabled) throw new ApiError("CONFLICT", "The endpoint is disabled; enable it first", [{ field: "enabled", message: "is false" }]);
    const { eventId, deliveryId, statements } = testEventStatements(scope, endpoint.id, Date.now());
    await scope.db.batch(statements);
    await dispatchOutbox(c.env, scope.tenantId, [eventId]);
    return ok(c, { event_id: eventId, delivery_id: deliveryId }, 202);
  })
  .openapi(routes.deliveries, async (c) => {
    const endpoint = await found(c, c.req.valid("param").id);
    const { data: rows, pagination } = await listAttempts(scopeOf(c), endpoint.id, c.req.valid("query"));
    const data = rows.map((r) => ({
      id: r.attempt.id,
      delivery_id: r.attempt.delivery_id,
      event_id: r.event_id,
      event_type: r.event_type,
      attempt: r.attempt.attempt,
      status_code: r.attempt.status_code,
      latency_ms: r.attempt.latency_ms,
      response_snippet: r.attempt.response_snippet,
      error: r.attempt.error,
      delivery_status: r.delivery_status,
      created_at: iso(r.attempt.created_at),
    }));
    return okList(c, data, pagination);
  });

// What partners receive: each outbound event's `data`, as an OpenAPI component.
for (const type of OUTBOUND_TYPES) {
  const spec = outboundEvents[type];
  const sensitive = isSensitive(type) ? "; it carries a secret, so only endpoints subscribed to it by name receive it, never those on *" : "";
  webhookEndpointsRouter.openAPIRegistry.register(
    componentName(type),
    spec.schema.openapi({ description: `\`data\` of \`${type}\` (priority ${spec.priority}); the body is { type, timestamp, data }${sensitive}` }),
  );
}
