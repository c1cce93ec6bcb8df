import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import type { Context } from "hono";
import type { TenantEnv } from "./context.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, listEnvelope, ok, okList } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { IdParam, ListQuery, iso } from "./schemas.ts";
import { audit } from "../db/audit.ts";
import { DLQ_STATUSES } from "../db/schema/index.ts";
import { findDeadLetter, listDeadLetters, resolveDeadLetters, type WebhookDeadLetter } from "../db/webhook-dead-letters.ts";
import { updateInboundEventStatement } from "../db/webhook-events.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { retryDeadLetter } from "../webhooks/replay.ts";

const DeadLetterView = z
  .object({
    id: z.string(),
    direction: z.enum(["inbound", "outbound"]),
    ref_id: z.string().openapi({ description: "The inbound event, or the outbound delivery" }),
    event_type: z.string(),
    failure_reason: z.string(),
    attempts: z.number().int(),
    resolution_status: z.enum(DLQ_STATUSES),
    resolution_note: z.string().nullable(),
    resolved_at: z.string().nullable(),
    created_at: z.string().nullable(),
  })
  .openapi("WebhookDeadLetter");
const DlqQuery = ListQuery.extend({
  status: z.enum(DLQ_STATUSES).optional(),
  type: z.string().max(100).optional(),
});
const BulkRetry = z.strictObject({ event_type: z.string().min(1).max(100) }).openapi("RetryDeadLettersByType");
const Discard = z.strictObject({ note: z.string().trim().min(1, "say why").max(1000) }).openapi("DiscardDeadLetter");

const present = (d: WebhookDeadLetter) => ({
  id: d.id,
  direction: d.direction,
  ref_id: d.ref_id,
  event_type: d.event_type,
  failure_reason: d.failure_reason,
  attempts: d.attempts,
  resolution_status: d.resolution_status,
  resolution_note: d.resolution_note,
  resolved_at: iso(d.resolved_at),
  created_at: iso(d.created_at),
});

/** Each retry is a handful of D1 queries; a Worker invocation may make 1,000. */
const BULK_LIMIT = 100;

const tags = ["Webhooks: dead letters"];
const one = (description: string) => ({ description, content: { "application/json": { schema: envelope(DeadLetterView) } } });

const routes = {
  list: defineRoute({
    permission: "webhooks:admin",
    method: "get",
    path: "/",
    tags,
    summary: "Inbound events and outbound deliveries that ran out of attempts",
    request: { query: DlqQuery },
    responses: {
      200: { description: "Dead letters", content: { "application/json": { schema: listEnvelope(DeadLetterView) } } },
      ...errorResponses(400, 401, 403, 404),
    },
  }),
  retry: defineRoute({
    permission: "webhooks:admin",
    method: "post",
    path: "/{id}/retry",
    tags,
    summary: "Try a dead letter again from attempt one",
    request: { params: IdParam },
    responses: { 202: one("Queued"), ...errorResponses(401, 403, 404, 409) },
  }),
  retryByType: defineRoute({
    permission: "webhooks:admin",
    method: "post",
    path: "/retry",
    tags,
    summary: "Retry pending dead letters of one event type (up to 100 per call; `has_more` says call again)",
    request: { body: { content: { "application/json": { schema: BulkRetry } }, required: true } },
    responses: {
      202: { description: "Queued", content: { "application/json": { schema: envelope(z.object({ retried: z.number().int(), has_more: z.boolean() })) } } },
      ...errorResponses(400, 401, 403, 404),
    },
  }),
  discard: defineRoute({
    permission: "webhooks:admin",
    method: "post",
    path: "/{id}/discard",
    tags,
    summary: "Give up on a dead letter, with a note",
    request: { params: IdParam, body: { content: { "application/json": { schema: Discard } }, required: true } },
    responses: { 200: one("Discarded"), ...errorResponses(400, 401, 403, 404, 409) },
  }),
};

const notPending = (d: WebhookDeadLetter) =>
  new ApiError("CONFLICT", `This dead letter is already ${d.resolution_status}`, [
    { field: "resolution_status", message: "is not pending", value: d.resolution_status },
  ]);

function auditLetter(c: Context<TenantEnv>, action: string, id: string, data?: Record<string, unknown>) {
  const p = principalOf(c);
  return audit(scopeOf(c), {
    actor_type: p.kind,
    actor_id: p.userId,
    action,
    target_type: "webhook_dead_letter",
    target_id: id,
    data,
    request_id: c.get("requestId"),
  });
}

export const webhookDlqRouter = createRouter()
  .openapi(routes.list, async (c) => {
    const { limit, cursor, status, type } = c.req.valid("query");
    const { data, pagination } = await listDeadLetters(scopeOf(c), { limit, cursor }, { status, type });
    return okList(c, data.map(present), pagination);
  })
  .openapi(routes.retry, async (c) => {
    const scope = scopeOf(c);
    const { id } = c.req.valid("param");
    const letter = await findDeadLetter(scope, id);
    if (!letter) throw notFound("Dead letter");
    if (letter.resolution_status !== "pending" || !(await retryDeadLetter(c.env, scope, letter))) throw notPending(letter);
    await auditLetter(c, "webhook_dead_letter.retried", id);
    return ok(c, present((await findDeadLetter(scope, id))!), 202);
  })
  .openapi(routes.retryByType, async (c) => {
    const scope = scopeOf(c);
    const { event_type } = c.req.valid("json");
    const pending = await listDeadLetters(scope, { limit: BULK_LIMIT }, { status: "pending", type: event_type });
    let retried = 0;
    for (const letter of pending.data) if (await retryDeadLetter(c.env, scope, letter)) retried++;
    const p = principalOf(c);
    await audit(scope, {
      actor_type: p.kind,
      actor_id: p.userId,
      action: "webhook_dead_letter.bulk_retried",
      target_type: "webhook_dead_letter",
      data: { event_type, retried },
      request_id: c.get("requestId"),
    });
    return ok(c, { retried, has_more: pending.pagination.has_next }, 202);
  })
  .openapi(routes.discard, async (c) => {
    const scope = scopeOf(c);
    const { id } = c.req.valid("param");
    const letter = await findDeadLetter(scope, id);
    if (!letter) throw notFound("Dead letter");
    const { note } = c.req.valid("json");
    const [moved] = await resolveDeadLetters(scope, { id }, "discarded", note);
    if (!moved) throw notPending(letter);
    if (letter.direction === "inbound") await updateInboundEventStatement(scope, letter.ref_id, { status: "discarded", last_error: `discarded: ${note}` });
    await auditLetter(c, "webhook_dead_letter.discarded", id, { note });
    return ok(c, present(moved));
  });
