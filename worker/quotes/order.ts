import type { BatchItem } from "drizzle-orm/batch";
import { awaitsPayment, insertOrderStatements, toPurchaseOrderStatement, type Agreed, type Order } from "../db/orders.ts";
import type { Quote } from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";
import { outboxStatements } from "../webhooks/outbox.ts";

/** What an accepted quote costs to order (its gross total in minor units), or null when it has no payable total. */
export function payableAmount(quote: Quote): number | null {
  const amount = (quote.totals as { gross_total?: unknown } | null)?.gross_total;
  return typeof amount === "number" && Number.isInteger(amount) && amount > 0 ? amount : null;
}

/**
 * Orders an accepted quote on a purchase order, as statements for one batch
 * with its `order.created` (transactional outbox). An order still awaiting a
 * card payment switches to the purchase order; the last statement is that
 * switch (or the new order), which changes nothing if the order was paid
 * meanwhile. Its cutting list is pending: queue it once the batch has
 * committed (queueCuttingList). A checkout's order records what it `agreed`.
 */
export function purchaseOrderStatements(scope: Scope, quote: Quote, amount: number, poNumber: string, existing: Order | undefined, agreed?: Agreed) {
  const orderId = existing?.id ?? crypto.randomUUID();
  // The switch is guarded on the order still awaiting payment (a card payment may win the race), and so is its
  // announcement: the outbox rows come first in the batch, checking the state the switch will find.
  const notice = outboxStatements(
    scope,
    "order.created",
    { order_id: orderId, quote_id: quote.id, amount, currency: quote.currency, payment_method: "purchase_order", po_number: poNumber },
    existing ? awaitsPayment(scope, existing.id) : undefined,
  );
  const change: readonly BatchItem<"sqlite">[] = existing
    ? [toPurchaseOrderStatement(scope, existing.id, poNumber, agreed && { ...agreed, amount })]
    : insertOrderStatements(scope, {
        ...agreed,
        id: orderId,
        quote_id: quote.id,
        status: "purchase_order",
        payment_method: "purchase_order",
        amount,
        currency: quote.currency,
        po_number: poNumber,
        cutting_list_state: "pending",
      });
  const statements: [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] = [...notice.statements, ...change] as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]];
  return { orderId, eventId: notice.eventId, statements };
}

/** An order waiting for card payment (Stripe Checkout); `order.created` goes out when it is paid. */
export const awaitingPaymentStatements = (scope: Scope, quote: Quote, amount: number, agreed?: Agreed) =>
  insertOrderStatements(scope, {
    ...agreed,
    id: crypto.randomUUID(),
    quote_id: quote.id,
    status: "awaiting_payment",
    payment_method: "stripe",
    amount,
    currency: quote.currency,
  });
