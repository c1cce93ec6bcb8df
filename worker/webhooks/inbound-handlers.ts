import { insertPartnerRecordStatement, updatePartnerRecordStatement, upsertRevisionStatement } from "../db/partner-records.ts";
import { effect, keyOf, requireRecord, type Effect, type HandlerContext } from "./handler-context.ts";
import type { InboundType } from "./inbound-events.ts";
import { portalAccessRequested } from "./partner-customers.ts";
import { quoteApproved, quoteRejected, quoteRequested, quoteUpdated } from "./partner-quotes.ts";
import { specificationRequested } from "./partner-specifications.ts";
import { checkoutCompleted } from "./stripe-events.ts";

/**
 * One small handler per event type. Each records what the partner told us,
 * keyed by the partner's own ids, so it can be linked to quotes, drawings and
 * manufacturing orders as those capabilities consume these records. Quote
 * events also act on the Fabquote quote they are linked to (partner-quotes.ts);
 * specification and portal-access requests are answered (partner-specifications.ts,
 * partner-customers.ts).
 */
export const inboundHandlers: { [T in InboundType]: (ctx: HandlerContext<T>) => Promise<Effect> } = {
  "quote.requested": quoteRequested,
  "quote.updated": quoteUpdated,
  "quote.approved": quoteApproved,
  "quote.rejected": quoteRejected,

  "drawing.requested": async (ctx) =>
    effect(insertPartnerRecordStatement(ctx.scope, keyOf(ctx, "drawing_request", ctx.data.request_id), "requested", { request: ctx.data })),

  "drawing.revision_requested": async (ctx) =>
    effect(upsertRevisionStatement(ctx.scope, keyOf(ctx, "drawing", ctx.data.drawing_id), "revision_requested", { last_revision_request: ctx.data })),

  "specification.requested": specificationRequested,

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

  "customer.portal_access_requested": portalAccessRequested,

  "checkout.session.completed": checkoutCompleted,
};
