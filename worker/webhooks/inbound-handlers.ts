import { insertPartnerRecordStatement } from "../db/partner-records.ts";
import { effect, keyOf, type Effect, type HandlerContext } from "./handler-context.ts";
import type { InboundType } from "./inbound-events.ts";
import { portalAccessRequested, projectCreated } from "./partner-customers.ts";
import { drawingRevisionRequested } from "./partner-drawings.ts";
import { manufacturingOrderCreated, manufacturingQcCheckpoint, manufacturingStatusUpdated } from "./partner-manufacturing.ts";
import { quoteApproved, quoteRejected, quoteRequested, quoteUpdated } from "./partner-quotes.ts";
import { specificationRequested } from "./partner-specifications.ts";
import { checkoutCompleted } from "./stripe-events.ts";

/**
 * One small handler per event type. Each records what the partner told us,
 * keyed by the partner's own ids, so it can be linked to quotes, drawings and
 * manufacturing orders as those capabilities consume these records. Quote
 * events also act on the Fabquote quote they are linked to (partner-quotes.ts),
 * manufacturing events on our manufacturing orders (partner-manufacturing.ts);
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

  "drawing.revision_requested": drawingRevisionRequested,

  "specification.requested": specificationRequested,

  "manufacturing.order_created": manufacturingOrderCreated,
  "manufacturing.status_update": manufacturingStatusUpdated,
  "manufacturing.qc_checkpoint": manufacturingQcCheckpoint,

  "customer.project_created": projectCreated,

  "customer.portal_access_requested": portalAccessRequested,

  "checkout.session.completed": checkoutCompleted,
};
