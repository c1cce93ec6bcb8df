import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { asJson, envelope, errorResponses, listEnvelope, ok, okList } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { IdParam, ListQuery, iso } from "./schemas.ts";
import { audit } from "../db/audit.ts";
import { deliveryStatusCounts } from "../db/outbox.ts";
import { INBOUND_STATUSES } from "../db/schema/index.ts";
import { deadLetterCounts } from "../db/webhook-dead-letters.ts";
import { findInboundEvent, inboundStatusCounts, listInboundEvents, type InboundEvent } from "../db/webhook-events.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { replayInbound } from "../webhooks/replay.ts";

const EventView = z
  .object({
    id: z.string(),
    source: z.string(),
    external_id: z.string().openapi({ description: "The partner's event id" }),
    type: z.string(),
    status: z.enum(INBOUND_STATUSES),
    attempts: z.number().int(),
    last_error: z.string().nullable(),
    received_at: z.string().nullable(),
    processed_at: z.string().nullable(),
  })
  .openapi("WebhookEvent");
const EventDetail = EventView.extend({ payload: z.unknown() }).openapi("WebhookEventDetail");
const EventsQuery = ListQuery.extend({
  status: z.enum(INBOUND_STATUSES).optional(),
  type: z.string().max(100).optional(),
});
const Counts = z.record(z.string(), z.number().int());
const Stats = z
  .object({
    inbound: z.object({ by_status: Counts, by_type: z.record(z.string(), Counts) }),
    outbound: z.object({ deliveries_by_status: Counts }),
    dead_letters: z.object({ inbound: Counts, outbound: Counts }),
  })
  .openapi("WebhookStats");

const present = (e: InboundEvent) => ({
  id: e.id,
  source: e.source,
  external_id: e.external_id,
  type: e.type,
  status: e.status,
  attempts: e.attempts,
  last_error: e.last_error,
  received_at: iso(e.received_at),
  processed_at: iso(e.processed_at),
});

const tags = ["Webhooks: inbound events"];

const routes = {
  list: defineRoute({
    permission: "webhooks:admin",
    method: "get",
    path: "/events",
    tags,
    summary: "Inbound events, newest first",
    request: { query: EventsQuery },
    responses: { 200: { description: "Events", content: { "application/json": { schema: listEnvelope(EventView) } } }, ...errorResponses(400, 401, 403, 404) },
  }),
  get: defineRoute({
    permission: "webhooks:admin",
    method: "get",
    path: "/events/{id}",
    tags,
    summary: "An inbound event with its payload",
    request: { params: IdParam },
    responses: { 200: { description: "Event", content: { "application/json": { schema: envelope(EventDetail) } } }, ...errorResponses(401, 403, 404) },
  }),
  replay: defineRoute({
    permission: "webhooks:admin",
    method: "post",
    path: "/events/{id}/replay",
    tags,
    summary: "Process a failed, dead-lettered or discarded event again",
    request: { params: IdParam },
    responses: { 202: { description: "Queued", content: { "application/json": { schema: envelope(EventView) } } }, ...errorResponses(401, 403, 404, 409) },
  }),
  stats: defineRoute({
    permission: "webhooks:admin",
    method: "get",
    path: "/stats",
    tags: ["Webhooks: inbound events"],
    summary: "Counts of inbound events, deliveries and dead letters",
    responses: { 200: { description: "Stats", content: { "application/json": { schema: envelope(Stats) } } }, ...errorResponses(401, 403, 404) },
  }),
};

export const webhookEventsRouter = createRouter()
  .openapi(routes.list, async (c) => {
    const { limit, cursor, status, type } = c.req.valid("query");
    const { data, pagination } = await listInboundEvents(scopeOf(c), { limit, cursor }, { status, type });
    return okList(c, data.map(present), pagination);
  })
  .openapi(routes.get, async (c) => {
    const event = await findInboundEvent(scopeOf(c), c.req.valid("param").id);
    if (!event) throw notFound("Webhook event");
    return ok(c, { ...present(event), payload: asJson(event.payload) });
  })
  .openapi(routes.replay, async (c) => {
    const scope = scopeOf(c);
    const { id } = c.req.valid("param");
    const event = await findInboundEvent(scope, id);
    if (!event) throw notFound("Webhook event");
    if (!(await replayInbound(c.env, scope, id))) {
      throw new ApiError("CONFLICT", `Only failed, dead or discarded events are replayed; this one is ${event.status}`, [
        { field: "status", message: "is not replayable", value: event.status },
      ]);
    }
    const p = principalOf(c);
    await audit(scope, {
      actor_type: p.kind,
      actor_id: p.userId,
      action: "webhook_event.replayed",
      target_type: "webhook_event",
      target_id: id,
      request_id: c.get("requestId"),
    });
    return ok(c, present((await findInboundEvent(scope, id))!), 202);
  })
  .openapi(routes.stats, async (c) => {
    const scope = scopeOf(c);
    const [inbound, deliveries, letters] = await Promise.all([inboundStatusCounts(scope), deliveryStatusCounts(scope), deadLetterCounts(scope)]);
    const byStatus: Record<string, number> = {};
    const byType: Record<string, Record<string, number>> = {};
    for (const r of inbound) {
      byStatus[r.status] = (byStatus[r.status] ?? 0) + r.count;
      byType[r.type] = { ...byType[r.type], [r.status]: r.count };
    }
    const dead = { inbound: {} as Record<string, number>, outbound: {} as Record<string, number> };
    for (const r of letters) dead[r.direction][r.status] = r.count;
    return ok(c, {
      inbound: { by_status: byStatus, by_type: byType },
      outbound: { deliveries_by_status: Object.fromEntries(deliveries.map((r) => [r.status, r.count])) },
      dead_letters: dead,
    });
  });
