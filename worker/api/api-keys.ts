import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, listEnvelope, ok, okList } from "./envelope.ts";
import { notFound } from "./errors.ts";
import { IdParam, ListQuery, Name, iso } from "./schemas.ts";
import { newApiKey } from "../auth/api-key-format.ts";
import { SCOPE_NAMES } from "../auth/permissions.ts";
import { sha256Hex } from "../auth/tokens.ts";
import { findApiKey, insertApiKey, listApiKeys, revokeApiKey, setApiKeyExpiry, setApiKeyTier } from "../db/api-keys.ts";
import { API_KEY_TIERS, type ApiKeyTier } from "../rate-limits/tiers.ts";
import { audit } from "../db/audit.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import type { Scope } from "../db/scope.ts";

const DAY = 24 * 3600 * 1000;
/** During rotation the old key stays valid this long, so deployments can switch over. */
const ROTATION_GRACE_MS = DAY;

const Tier = z.enum(API_KEY_TIERS, { error: `must be one of ${API_KEY_TIERS.join(", ")}` });

const ApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.string()),
    tier: z.enum(API_KEY_TIERS).openapi({
      description:
        "Rate-limit tier: standard 100/min, 5,000/h, 100,000/day, burst 20; premium 500/min, 20,000/h, 500,000/day, burst 50; internal 1,000/min, burst 100, no hourly or daily limit",
    }),
    expires_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
    last_used_at: z.string().nullable(),
    created_at: z.string().nullable(),
  })
  .openapi("ApiKey");
const ApiKeyWithSecret = ApiKey.extend({ key: z.string().openapi({ description: "Shown once; store it now." }) }).openapi("ApiKeyWithSecret");

const CreateApiKey = z
  .strictObject({
    name: Name,
    scopes: z.array(z.enum(SCOPE_NAMES)).min(1, "choose at least one scope"),
    expires_in_days: z.number().int().min(1).max(730).optional().openapi({ description: "No expiry when absent" }),
    tier: Tier.default("standard"),
  })
  .openapi("CreateApiKey");
const UpdateApiKey = z.strictObject({ tier: Tier }).openapi("UpdateApiKey");

type Row = Awaited<ReturnType<typeof findApiKey>> & {};
const present = (k: Row) => ({
  ...k,
  expires_at: iso(k.expires_at),
  revoked_at: iso(k.revoked_at),
  last_used_at: iso(k.last_used_at),
  created_at: iso(k.created_at),
});

const create = defineRoute({
  permission: "api_keys:manage",
  method: "post",
  path: "/",
  tags: ["API keys"],
  summary: "Create an API key (the secret is shown once)",
  request: { body: { content: { "application/json": { schema: CreateApiKey } }, required: true } },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: envelope(ApiKeyWithSecret) } } },
    ...errorResponses(400, 401, 403, 404, 413, 415),
  },
});
const list = defineRoute({
  permission: "api_keys:manage",
  method: "get",
  path: "/",
  tags: ["API keys"],
  summary: "List API keys (never their secrets), newest first",
  request: { query: ListQuery },
  responses: { 200: { description: "Keys", content: { "application/json": { schema: listEnvelope(ApiKey) } } }, ...errorResponses(400, 401, 403, 404) },
});
const update = defineRoute({
  permission: "api_keys:manage",
  method: "patch",
  path: "/{id}",
  tags: ["API keys"],
  summary: "Change an API key's rate-limit tier",
  request: { params: IdParam, body: { content: { "application/json": { schema: UpdateApiKey } }, required: true } },
  responses: {
    200: { description: "Changed", content: { "application/json": { schema: envelope(ApiKey) } } },
    ...errorResponses(400, 401, 403, 404, 413, 415),
  },
});
const revoke = defineRoute({
  permission: "api_keys:manage",
  method: "delete",
  path: "/{id}",
  tags: ["API keys"],
  summary: "Revoke an API key",
  request: { params: IdParam },
  responses: { 200: { description: "Revoked", content: { "application/json": { schema: envelope(ApiKey) } } }, ...errorResponses(401, 403, 404) },
});
const rotate = defineRoute({
  permission: "api_keys:manage",
  method: "post",
  path: "/{id}/rotate",
  tags: ["API keys"],
  summary: "Issue a successor key; the old one stays valid for 24 hours",
  request: { params: IdParam },
  responses: { 201: { description: "Successor", content: { "application/json": { schema: envelope(ApiKeyWithSecret) } } }, ...errorResponses(401, 403, 404) },
});

async function issue(scope: Scope, input: { name: string; scopes: string[]; tier: ApiKeyTier; expires_at: number | null; created_by: string | null }) {
  const { prefix, secret, key } = newApiKey();
  const id = crypto.randomUUID();
  await insertApiKey(scope, { id, prefix, key_hash: await sha256Hex(secret), ...input });
  const row = (await findApiKey(scope, id))!;
  return { ...present(row), key };
}

export const apiKeysRouter = createRouter()
  .openapi(create, async (c) => {
    const scope = scopeOf(c);
    const body = c.req.valid("json");
    const principal = principalOf(c);
    const created = await issue(scope, {
      name: body.name,
      scopes: body.scopes,
      tier: body.tier,
      expires_at: body.expires_in_days ? Date.now() + body.expires_in_days * DAY : null,
      created_by: principal.userId,
    });
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "api_key.created",
      target_type: "api_key",
      target_id: created.id,
      request_id: c.get("requestId"),
    });
    return ok(c, created, 201);
  })
  .openapi(list, async (c) => {
    const { data, pagination } = await listApiKeys(scopeOf(c), c.req.valid("query"));
    return okList(c, data.map(present), pagination);
  })
  .openapi(update, async (c) => {
    const scope = scopeOf(c);
    const { id } = c.req.valid("param");
    const { tier } = c.req.valid("json");
    const existing = await findApiKey(scope, id);
    if (!existing) throw notFound("API key");
    await setApiKeyTier(scope, id, tier);
    const principal = principalOf(c);
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "api_key.tier_changed",
      target_type: "api_key",
      target_id: id,
      data: { from: existing.tier, to: tier },
      request_id: c.get("requestId"),
    });
    return ok(c, present((await findApiKey(scope, id))!));
  })
  .openapi(revoke, async (c) => {
    const scope = scopeOf(c);
    const { id } = c.req.valid("param");
    const existing = await findApiKey(scope, id);
    if (!existing) throw notFound("API key");
    await revokeApiKey(scope, id, Date.now());
    const principal = principalOf(c);
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "api_key.revoked",
      target_type: "api_key",
      target_id: id,
      request_id: c.get("requestId"),
    });
    return ok(c, present((await findApiKey(scope, id))!));
  })
  .openapi(rotate, async (c) => {
    const scope = scopeOf(c);
    const { id } = c.req.valid("param");
    const old = await findApiKey(scope, id);
    if (!old || old.revoked_at) throw notFound("API key");
    const principal = principalOf(c);
    const successor = await issue(scope, { name: old.name, scopes: old.scopes, tier: old.tier, expires_at: old.expires_at, created_by: principal.userId });
    const graceEnd = Date.now() + ROTATION_GRACE_MS;
    if (!old.expires_at || old.expires_at > graceEnd) await setApiKeyExpiry(scope, id, graceEnd);
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "api_key.rotated",
      target_type: "api_key",
      target_id: id,
      data: { successor_id: successor.id },
      request_id: c.get("requestId"),
    });
    return ok(c, successor, 201);
  });
