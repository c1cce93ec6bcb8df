import { awaitsPayment, findOrder, markPaidStatement } from "../db/orders.ts";
import { queueCuttingList } from "../orders/queue-cutting-list.ts";
import { PermanentError } from "../queues/index.ts";
import type { Effect, HandlerContext } from "./handler-context.ts";
import { outboxStatements } from "./outbox.ts";

/**
 * Stripe's `checkout.session.completed`: the order is paid once, and
 * `order.created` and `payment.succeeded` go out with the same batch, and its
 * cutting list is queued once it has committed. A
 * session paid later (async methods) arrives as `payment_status: "unpaid"` and
 * changes nothing here.
 */
export async function checkoutCompleted(ctx: HandlerContext<"checkout.session.completed">): Promise<Effect> {
  const session = ctx.data;
  const orderId = session.metadata?.order_id ?? session.client_reference_id;
  if (!orderId) throw new PermanentError(`Checkout Session ${session.id} names no order`);
  const order = await findOrder(ctx.scope, orderId);
  if (!order) throw new PermanentError(`Checkout Session ${session.id} names unknown order ${orderId}`);
  if (order.status === "paid" || session.payment_status !== "paid") return { statements: [], outboxEventIds: [] };
  if (session.amount_total !== order.amount || session.currency?.toLowerCase() !== order.currency.toLowerCase()) {
    throw new PermanentError(`Checkout Session ${session.id} paid ${session.amount_total} ${session.currency}, the order is ${order.amount} ${order.currency}`);
  }
  const reference = typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? session.id);
  // An order switched to a purchase order meanwhile was announced then: paid now, but not created twice.
  const created = outboxStatements(
    ctx.scope,
    "order.created",
    { order_id: order.id, quote_id: order.quote_id, amount: order.amount, currency: order.currency, payment_method: "stripe", po_number: null },
    awaitsPayment(ctx.scope, order.id),
  );
  const paid = outboxStatements(ctx.scope, "payment.succeeded", {
    order_id: order.id,
    quote_id: order.quote_id,
    amount: order.amount,
    currency: order.currency,
    provider: "stripe",
    payment_reference: reference,
  });
  return {
    // order.created is written before the order leaves awaiting_payment, so its guard sees the state the event announces.
    statements: [...created.statements, markPaidStatement(ctx.scope, order.id, reference), ...paid.statements],
    outboxEventIds: [created.eventId, paid.eventId],
    after: () => queueCuttingList(ctx.env, ctx.scope.tenantId, order.id),
  };
}
