import type { BatchItem } from "drizzle-orm/batch";
import {
  findPartnerRecord,
  insertPartnerRecordStatement,
  reviseStatement,
  updatePartnerRecordStatement,
  upsertRevisionStatement,
  type PartnerKey,
} from "../db/partner-records.ts";
import type { Scope } from "../db/scope.ts";
import type { InboundEvent } from "../db/webhook-events.ts";
import type { Env } from "../env.ts";
import type { InboundPayload, InboundType } from "./inbound-events.ts";
import { checkoutCompleted } from "./stripe-events.ts";

export interface HandlerContext<T extends InboundType> {
  scope: Scope;
  env: Env;
  event: InboundEvent;
  data: InboundPayload<T>;
}

/** What a handler wants written — in one batch with the event's exactly-once marker — and the outbox events to dispatch after. */
export interface Effect {
  statements: BatchItem<"sqlite">[];
  outboxEventIds: string[];
}

/** The thing an event refers to has not arrived yet (events out of order): retried with backoff. */
export class NotYetKnown extends Error {}

const effect = (...statements: BatchItem<"sqlite">[]): Effect => ({ statements, outboxEventIds: [] });

async function requireRecord(ctx: HandlerContext<InboundType>, kind: string, externalId: string) {
  const key: PartnerKey = { source: ctx.event.source, kind, external_id: externalId };
  const record = await findPartnerRecord(ctx.scope, key);
  if (!record) throw new NotYetKnown(`${kind} ${externalId} from ${ctx.event.source} is not known yet`);
  return { key, record };
}

const keyOf = (ctx: HandlerContext<InboundType>, kind: string, externalId: string): PartnerKey => ({ source: ctx.event.source, kind, external_id: externalId });

/**
 * One small handler per event type. Each records what the partner told us,
 * keyed by the partner's own ids, so it can be linked to quotes, drawings and
 * manufacturing orders as those capabilities consume these records.
 */
export const inboundHandlers: { [T in InboundType]: (ctx: HandlerContext<T>) => Promise<Effect> } = {
  "quote.requested": async (ctx) =>
    effect(insertPartnerRecordStatement(ctx.scope, keyOf(ctx, "quote", ctx.data.quote_id), "requested", { request: ctx.data })),

  "quote.updated": async (ctx) => {
    const { key, record } = await requireRecord(ctx, "quote", ctx.data.quote_id);
    return effect(reviseStatement(ctx.scope, key, ctx.data.revision_number, "updated", { ...record.data, last_update: ctx.data }));
  },

  "quote.approved": async (ctx) => {
    const { key, record } = await requireRecord(ctx, "quote", ctx.data.quote_id);
    return effect(updatePartnerRecordStatement(ctx.scope, key, { status: "approved", data: { ...record.data, approval: ctx.data } }));
  },

  "quote.rejected": async (ctx) => {
    const { key, record } = await requireRecord(ctx, "quote", ctx.data.quote_id);
    return effect(updatePartnerRecordStatement(ctx.scope, key, { status: "rejected", data: { ...record.data, rejection: ctx.data } }));
  },

  "drawing.requested": async (ctx) =>
    effect(insertPartnerRecordStatement(ctx.scope, keyOf(ctx, "drawing_request", ctx.data.request_id), "requested", { request: ctx.data })),

  "drawing.revision_requested": async (ctx) =>
    effect(upsertRevisionStatement(ctx.scope, keyOf(ctx, "drawing", ctx.data.drawing_id), "revision_requested", { last_revision_request: ctx.data })),

  "specification.requested": async (ctx) =>
    effect(insertPartnerRecordStatement(ctx.scope, keyOf(ctx, "specification_request", ctx.data.request_id), "requested", { request: ctx.data })),

  "manufacturing.order_created": async (ctx) =>
    effect(insertPartnerRecordStatement(ctx.scope, keyOf(ctx, "manufacturing_order", ctx.data.order_id), "created", { order: ctx.data })),

  "manufacturing.status_update": async (ctx) => {
    const { key, record } = await requireRecord(ctx, "manufacturing_order", ctx.data.order_id);
    return effect(updatePartnerRecordStatement(ctx.scope, key, { status: ctx.data.status, data: { ...record.data, last_status: ctx.data } }));
  },

  "manufacturing.qc_checkpoint": async (ctx) => {
    await requireRecord(ctx, "manufacturing_order", ctx.data.order_id);
    const key = keyOf(ctx, "qc_checkpoint", `${ctx.data.order_id}:${ctx.data.checkpoint_id}`);
    return effect(insertPartnerRecordStatement(ctx.scope, key, ctx.data.overall_status, { checkpoint: ctx.data }));
  },

  "customer.project_created": async (ctx) =>
    effect(insertPartnerRecordStatement(ctx.scope, keyOf(ctx, "project", ctx.data.project_id), "created", { project: ctx.data })),

  "customer.portal_access_requested": async (ctx) =>
    effect(insertPartnerRecordStatement(ctx.scope, keyOf(ctx, "portal_access", `${ctx.data.customer_id}:${ctx.data.email.toLowerCase()}`), "requested", { request: ctx.data })),

  "checkout.session.completed": checkoutCompleted,
};
