import type { Context } from "hono";
import type { TenantEnv } from "../api/context.ts";
import { ApiError } from "../api/errors.ts";
import { audit } from "../db/audit.ts";
import { findOrderOfQuote, findStripeAccount, setAgreedStatement, setCheckoutSession, type Agreed, type Order } from "../db/orders.ts";
import type { Checkout } from "../db/checkouts.ts";
import type { Quote } from "../db/quotes.ts";
import { isUniqueViolation } from "../db/scope.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { awaitingPaymentStatements, purchaseOrderStatements } from "../quotes/order.ts";
import { dispatchOutbox } from "../webhooks/outbox.ts";
import { decryptSecret } from "../webhooks/secrets.ts";
import { createCheckoutSession, stripeClient } from "../webhooks/stripe.ts";
import { presentOrder } from "./present.ts";
import { queueCuttingList } from "./queue-cutting-list.ts";

/**
 * Placing the order of an accepted quote, one way for every caller: the
 * purchase-order and Stripe Checkout routes of a quote, and a checkout's
 * confirmation (which adds what it `agreed` and charges its shipping in `amount`).
 */

const STRIPE_NOT_CONNECTED = "This shop does not take card payments yet; order on a purchase order";

/** Refuses card payment when the shop has not connected Stripe (field: where the caller chose it). */
export async function requireStripe(c: Context<TenantEnv>, field: string) {
  const account = await findStripeAccount(scopeOf(c));
  if (!account) throw new ApiError("CONFLICT", STRIPE_NOT_CONNECTED, [{ field, message: "is not configured" }]);
  return account;
}

/** Orders the quote on a purchase order (an order awaiting a card payment switches); answers the order. */
export async function orderOnPurchaseOrder(
  c: Context<TenantEnv>,
  quote: Quote,
  amount: number,
  poNumber: string,
  existing: Order | undefined,
  agreed?: Agreed,
) {
  const scope = scopeOf(c);
  const { orderId, eventId, statements } = purchaseOrderStatements(scope, quote, amount, poNumber, existing, agreed);
  let results: Awaited<ReturnType<typeof scope.db.batch>>;
  try {
    results = await scope.db.batch(statements);
  } catch (e) {
    if (isUniqueViolation(e)) throw new ApiError("CONFLICT", "This quote was ordered meanwhile", [{ field: "order", message: "exists" }]);
    throw e;
  }
  if (results.at(-1)!.meta.changes === 0)
    throw new ApiError("CONFLICT", "This quote was ordered meanwhile", [{ field: "order", message: "no longer awaits payment" }]);
  // The order is committed: a failure to queue its outbox rows or cutting list is the sweeps' to repair, not a 500.
  try {
    await dispatchOutbox(c.env, scope.tenantId, [eventId]);
  } catch (e) {
    console.error(JSON.stringify({ level: "error", event: "order.dispatch_failed", tenant_id: scope.tenantId, order_id: orderId, error: String(e) }));
  }
  try {
    await queueCuttingList(c.env, scope.tenantId, orderId);
  } catch (e) {
    console.error(JSON.stringify({ level: "error", event: "order.cutting_list_queue_failed", tenant_id: scope.tenantId, order_id: orderId, error: String(e) }));
  }
  const p = c.get("principal");
  await audit(scope, {
    actor_type: p?.kind ?? "guest",
    actor_id: p?.userId ?? null,
    action: "order.purchase_order",
    target_type: "order",
    target_id: orderId,
    data: { po_number: poNumber, ...(agreed ? { checkout_id: agreed.checkout_id, terms_version: agreed.terms_version } : {}) },
    request_id: c.get("requestId"),
  });
  return (await findOrderOfQuote(scope, quote.id))!;
}

/**
 * An order awaiting a card payment and its Stripe Checkout Session (Stripe's
 * idempotency key makes a repeated call for the same order and amount the same session).
 */
export async function payByCard(
  c: Context<TenantEnv>,
  quote: Quote,
  amount: number,
  existing: Order | undefined,
  returnTo: (orderId: string) => { success: string; cancel: string },
  agreed?: Agreed,
) {
  const scope = scopeOf(c);
  const account = await requireStripe(c, "payments.stripe");
  let order = existing;
  if (!order) {
    try {
      await scope.db.batch(awaitingPaymentStatements(scope, quote, amount, agreed));
    } catch (e) {
      if (!isUniqueViolation(e)) throw e; // a concurrent checkout made it
    }
    order = (await findOrderOfQuote(scope, quote.id))!;
  } else if (agreed && (order.amount !== amount || order.checkout_id !== agreed.checkout_id)) {
    await setAgreedStatement(scope, order.id, { ...agreed, amount });
    order = (await findOrderOfQuote(scope, quote.id))!;
  }
  if (order.status !== "awaiting_payment")
    throw new ApiError("CONFLICT", `This quote is already ordered (${order.status})`, [{ field: "order", message: order.status, value: order.id }]);
  const stripe = stripeClient(await decryptSecret(c.env, { tenantId: scope.tenantId, purpose: "stripe_secret_key" }, account.secret_key_enc));
  const urls = returnTo(order.id);
  let session: Awaited<ReturnType<typeof createCheckoutSession>>;
  try {
    session = await createCheckoutSession(
      stripe,
      {
        orderId: order.id,
        quoteId: quote.id,
        quoteNumber: quote.number,
        tenantId: scope.tenantId,
        amount: order.amount,
        currency: quote.currency,
        successUrl: urls.success,
        cancelUrl: urls.cancel,
        customerEmail: quote.contact_email,
      },
      `checkout:${order.id}:${order.amount}`,
    );
  } catch (error) {
    throw new ApiError("UNPROCESSABLE_ENTITY", "Stripe refused the Checkout Session", [
      { field: "payments.stripe", message: error instanceof Error ? error.message : String(error) },
    ]);
  }
  await setCheckoutSession(scope, order.id, session.id);
  return { order, session };
}

/** What a checkout agreed, as its order records it. */
export const agreedBy = (checkout: Checkout): Agreed => ({
  checkout_id: checkout.id,
  terms_version: checkout.terms_version,
  billing_address: checkout.billing_address,
  shipping_address: checkout.shipping_address,
  shipping: checkout.review.shipping,
});

/**
 * Orders an accepted quote as its checkout agreed: on the purchase order, or
 * awaiting the card payment at Stripe Checkout (whose URL it answers). A
 * checkout's confirmation and a company admin's approval of an order placed
 * for approval (decision 53) both place it here.
 */
export async function orderAsCheckedOut(c: Context<TenantEnv>, checkout: Checkout, quote: Quote, existing: Order | undefined) {
  const agreed = agreedBy(checkout);
  const amount = checkout.review.total;
  if (checkout.payment === "purchase_order") {
    return { ...presentOrder(await orderOnPurchaseOrder(c, quote, amount, checkout.po_number!, existing, agreed)), checkout_url: null };
  }
  const origin = new URL(c.req.url).origin;
  const { order, session } = await payByCard(
    c,
    quote,
    amount,
    existing,
    (orderId) => ({ success: `${origin}/orders/${orderId}?checkout=success`, cancel: `${origin}/quotes/${quote.id}?checkout=cancelled` }),
    agreed,
  );
  return { ...presentOrder(order), checkout_url: session.url ?? null };
}
