import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import type { Context } from "hono";
import type { TenantEnv } from "./context.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, listEnvelope, ok, okList } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { IdParam, ListQuery, iso } from "./schemas.ts";
import { audit } from "../db/audit.ts";
import { SOURCE_SCHEMES, type StoredSecret } from "../db/schema/index.ts";
import { isUniqueViolation } from "../db/scope.ts";
import { deleteSource, findSource, insertSource, listSources, updateSource, type WebhookSource } from "../db/webhook-sources.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";
import { webhookInbox } from "../../durable-objects/stubs.ts";
import { encryptSecret, newWebhookSecret } from "../webhooks/secrets.ts";

const SourceName = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62})$/, "lowercase letters, digits and hyphens, at most 63")
  .openapi({ example: "nexus" });
/** Stripe's `whsec_…` (used as given), or a Standard Webhooks `whsec_<base64>`. */
const Secret = z.string().regex(/^whsec_[A-Za-z0-9+/=]{24,}$/, "must be whsec_ followed by at least 24 base64 characters");
const Tolerance = z.number().int().min(30).max(3600);

const WebhookSourceView = z
  .object({
    id: z.string(),
    name: z.string(),
    scheme: z.enum(SOURCE_SCHEMES),
    tolerance_seconds: z.number().int(),
    path: z.string().openapi({ description: "Where the partner posts, on the shop's host" }),
    secrets: z.array(z.object({ hint: z.string(), created_at: z.string() })).openapi({ description: "Active secrets, newest first (never their values)" }),
    created_at: z.string().nullable(),
    updated_at: z.string().nullable(),
  })
  .openapi("WebhookSource");
const WithSecret = WebhookSourceView.extend({ secret: z.string().openapi({ description: "Shown once; give it to the partner now." }) }).openapi(
  "WebhookSourceWithSecret",
);

const CreateSource = z
  .strictObject({
    name: SourceName,
    scheme: z.enum(SOURCE_SCHEMES).default("standard"),
    secret: Secret.optional().openapi({ description: "Required for stripe (the endpoint's signing secret); generated for standard when absent" }),
    tolerance_seconds: Tolerance.default(300),
  })
  .openapi("CreateWebhookSource");
const UpdateSource = z
  .strictObject({
    name: SourceName.optional(),
    tolerance_seconds: Tolerance.optional(),
    rotate_secret: z.boolean().optional().openapi({ description: "Add a new secret; the previous one keeps verifying until retired" }),
    secret: Secret.optional().openapi({ description: "The new secret when rotating a stripe source" }),
    retire_previous: z.boolean().optional().openapi({ description: "Drop every secret but the newest" }),
  })
  .openapi("UpdateWebhookSource");

/** A few characters of the ciphertext's id: enough to tell two secrets apart, nothing of the secret. */
const present = (s: WebhookSource) => ({
  id: s.id,
  name: s.name,
  scheme: s.scheme,
  tolerance_seconds: s.tolerance_seconds,
  path: `/webhooks/${s.name}`,
  secrets: s.secrets.map((x) => ({ hint: x.secret_enc.slice(-6), created_at: iso(x.created_at)! })),
  created_at: iso(s.created_at),
  updated_at: iso(s.updated_at),
});

const tags = ["Webhooks: sources"];
const sourceResponse = (description: string, schema: z.ZodType) => ({ description, content: { "application/json": { schema: envelope(schema) } } });

const routes = {
  create: defineRoute({
    permission: "webhooks:admin",
    method: "post",
    path: "/",
    tags,
    summary: "Register a partner that sends us webhooks (the secret is shown once)",
    request: { body: { content: { "application/json": { schema: CreateSource } }, required: true } },
    responses: { 201: sourceResponse("Created", WithSecret), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  list: defineRoute({
    permission: "webhooks:admin",
    method: "get",
    path: "/",
    tags,
    summary: "Partner sources",
    request: { query: ListQuery },
    responses: {
      200: { description: "Sources", content: { "application/json": { schema: listEnvelope(WebhookSourceView) } } },
      ...errorResponses(400, 401, 403, 404),
    },
  }),
  get: defineRoute({
    permission: "webhooks:admin",
    method: "get",
    path: "/{id}",
    tags,
    summary: "A partner source",
    request: { params: IdParam },
    responses: { 200: sourceResponse("Source", WebhookSourceView), ...errorResponses(401, 403, 404) },
  }),
  update: defineRoute({
    permission: "webhooks:admin",
    method: "patch",
    path: "/{id}",
    tags,
    summary: "Rename, change tolerance, rotate or retire secrets",
    request: { params: IdParam, body: { content: { "application/json": { schema: UpdateSource } }, required: true } },
    responses: {
      200: sourceResponse("Updated (with `secret` when rotated)", WithSecret.partial({ secret: true })),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  }),
  remove: defineRoute({
    permission: "webhooks:admin",
    method: "delete",
    path: "/{id}",
    tags,
    summary: "Stop accepting a partner's webhooks",
    request: { params: IdParam },
    responses: { 200: sourceResponse("Deleted", z.object({ id: z.string(), deleted: z.literal(true) })), ...errorResponses(401, 403, 404) },
  }),
};

const nameTaken = (name: string) => new ApiError("CONFLICT", `A source named ${name} exists`, [{ field: "name", message: "is taken", value: name }]);

function auditSource(c: Context<TenantEnv>, action: string, id: string) {
  const p = principalOf(c);
  return audit(scopeOf(c), { actor_type: p.kind, actor_id: p.userId, action, target_type: "webhook_source", target_id: id, request_id: c.get("requestId") });
}

/** The source's inbox keeps its secrets for a minute: a change reaches the next delivery at once. */
const forgetSource = (c: Context<TenantEnv>, name: string) => webhookInbox(c.env, scopeOf(c), name).forgetSource();

export const webhookSourcesRouter = createRouter()
  .openapi(routes.create, async (c) => {
    const body = c.req.valid("json");
    if (body.scheme === "stripe" && !body.secret)
      throw new ApiError("VALIDATION_ERROR", "A stripe source needs Stripe's signing secret", [{ field: "secret", message: "is required for scheme stripe" }]);
    const secret = body.secret ?? newWebhookSecret();
    const id = crypto.randomUUID();
    const secrets: StoredSecret[] = [
      { secret_enc: await encryptSecret(c.env, { tenantId: tenantOf(c).id, purpose: "webhook_source_secret" }, secret), created_at: Date.now() },
    ];
    try {
      await insertSource(scopeOf(c), { id, name: body.name, scheme: body.scheme, secrets, tolerance_seconds: body.tolerance_seconds });
    } catch (e) {
      if (isUniqueViolation(e)) throw nameTaken(body.name);
      throw e;
    }
    await forgetSource(c, body.name);
    await auditSource(c, "webhook_source.created", id);
    return ok(c, { ...present((await findSource(scopeOf(c), id))!), secret }, 201);
  })
  .openapi(routes.list, async (c) => {
    const { data, pagination } = await listSources(scopeOf(c), c.req.valid("query"));
    return okList(c, data.map(present), pagination);
  })
  .openapi(routes.get, async (c) => {
    const source = await findSource(scopeOf(c), c.req.valid("param").id);
    if (!source) throw notFound("Webhook source");
    return ok(c, present(source));
  })
  .openapi(routes.update, async (c) => {
    const scope = scopeOf(c);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const source = await findSource(scope, id);
    if (!source) throw notFound("Webhook source");
    if (body.secret && !body.rotate_secret)
      throw new ApiError("VALIDATION_ERROR", "A new secret is given only when rotating", [{ field: "secret", message: "needs rotate_secret: true" }]);
    if (body.rotate_secret && source.scheme === "stripe" && !body.secret)
      throw new ApiError("VALIDATION_ERROR", "Rotating a stripe source needs Stripe's new signing secret", [
        { field: "secret", message: "is required for scheme stripe" },
      ]);
    let secrets = source.secrets;
    let fresh: string | undefined;
    if (body.rotate_secret) {
      fresh = body.secret ?? newWebhookSecret();
      // At most two at once: the new one and the one partners still sign with.
      secrets = [
        { secret_enc: await encryptSecret(c.env, { tenantId: scope.tenantId, purpose: "webhook_source_secret" }, fresh), created_at: Date.now() },
        secrets[0],
      ];
    }
    if (body.retire_previous) secrets = secrets.slice(0, 1);
    try {
      await updateSource(scope, id, { name: body.name, tolerance_seconds: body.tolerance_seconds, secrets });
    } catch (e) {
      if (isUniqueViolation(e) && body.name) throw nameTaken(body.name);
      throw e;
    }
    await forgetSource(c, source.name);
    if (body.name && body.name !== source.name) await forgetSource(c, body.name);
    await auditSource(c, body.rotate_secret ? "webhook_source.rotated" : "webhook_source.updated", id);
    const view = present((await findSource(scope, id))!);
    return ok(c, fresh ? { ...view, secret: fresh } : view);
  })
  .openapi(routes.remove, async (c) => {
    const { id } = c.req.valid("param");
    const [deleted] = await deleteSource(scopeOf(c), id);
    if (!deleted) throw notFound("Webhook source");
    await forgetSource(c, deleted.name);
    await auditSource(c, "webhook_source.deleted", id);
    return ok(c, { id, deleted: true as const });
  });
