import { and, eq, sql } from "drizzle-orm";
import type { Principal } from "../auth/principal.ts";
import { ApiError } from "../api/errors.ts";
import type { Checkout } from "../db/checkouts.ts";
import { findCustomer } from "../db/customers.ts";
import { findOrderOfQuote, insertOrderStatements, type Order } from "../db/orders.ts";
import type { Quote } from "../db/quotes.ts";
import { checkouts, orders } from "../db/schema/index.ts";
import { isUniqueViolation, ofTenant, type Scope } from "../db/scope.ts";
import { agreedBy } from "./place.ts";

/**
 * Order approval (decision 53): a company that wants it has its users'
 * orders placed "for approval" — status `awaiting_approval`, with what the
 * checkout agreed but no payment, MOs or outbound `order.created` — until
 * one of its customer_admins approves (the order is then placed exactly as
 * the checkout would have: orderAsCheckedOut) or rejects it (cancelled, with
 * the reason). A rejected order is resubmitted by whoever placed it (or
 * reopened by whoever may approve it), with what changed: it awaits approval
 * again (decision 66).
 */

/** A company user (not its admin, not the shop) of a company that approves its orders. */
export async function needsOrderApproval(scope: Scope, principal: Principal) {
  if (principal.role !== "customer_user" || !principal.customerId) return false;
  return (await findCustomer(scope, principal.customerId))?.order_approval_required === true;
}

/** Refuses the routes that order without a checkout to a user whose company approves orders: they would skip the approval. */
export async function refuseUnapproved(scope: Scope, principal: Principal | null) {
  if (principal && (await needsOrderApproval(scope, principal)))
    throw new ApiError("CONFLICT", "Your company approves orders before they are placed: check out to place this order for your admin's approval", [
      { field: "order", message: "needs your company's approval" },
    ]);
}

/** The quote's order, placed for approval as the checkout agreed (an unpaid card order of the quote becomes it). */
export async function placeForApproval(scope: Scope, quote: Quote, checkout: Checkout, placedBy: string): Promise<Order> {
  const row = {
    ...agreedBy(checkout),
    status: "awaiting_approval" as const,
    payment_method: checkout.payment === "card" ? ("stripe" as const) : ("purchase_order" as const),
    amount: checkout.review.total,
    currency: quote.currency,
    po_number: checkout.payment === "purchase_order" ? checkout.po_number : null,
    placed_by: placedBy,
  };
  const existing = await findOrderOfQuote(scope, quote.id);
  try {
    if (existing)
      await scope.db
        .update(orders)
        .set({ ...row, updated_at: Date.now() })
        .where(ofTenant(scope, orders, eq(orders.id, existing.id), eq(orders.status, "awaiting_payment")));
    else await scope.db.batch(insertOrderStatements(scope, { ...row, id: crypto.randomUUID(), quote_id: quote.id }));
  } catch (e) {
    if (!isUniqueViolation(e)) throw e; // a confirmation running at the same time placed it
  }
  return (await findOrderOfQuote(scope, quote.id))!;
}

/** 409 naming the order's state, for a decision it cannot take. */
export const notAwaitingApproval = (order: Order, action: string) =>
  new ApiError("CONFLICT", `Order ${order.number ?? order.id} is ${order.status.replace(/_/g, " ")}; only an order awaiting approval can be ${action}`, [
    { field: "status", message: `is ${order.status}`, value: order.status },
  ]);

/**
 * The admin's decision, taken only while the order still awaits it: approved,
 * it becomes an order awaiting payment (orderAsCheckedOut then places it);
 * rejected, it is cancelled with the reason. False when it no longer awaited approval.
 */
export async function decideOrder(scope: Scope, order: Order, decision: "approved" | "rejected", by: string, reason: string | null) {
  const now = Date.now();
  const { meta } = await scope.db
    .update(orders)
    .set({
      status: decision === "approved" ? "awaiting_payment" : "cancelled",
      approval_decision: decision,
      approval_decided_by: by,
      approval_decided_at: now,
      approval_reason: reason,
      updated_at: now,
    })
    .where(and(ofTenant(scope, orders, eq(orders.id, order.id), eq(orders.status, "awaiting_approval"))))
    .run();
  return meta.changes > 0;
}

/** A rejected order: cancelled by its admin's decision (not by the shop), so it can await approval again. */
export const isRejected = (order: Order) => order.status === "cancelled" && order.approval_decision === "rejected";

/**
 * Back to awaiting approval, the decision cleared (the audit log keeps it),
 * with a purchase-order number amended on the order and on its checkout (the
 * approval places the order from the checkout). One batch, each statement
 * taking effect only while the order is still rejected; false when it no
 * longer was (resubmitted or reopened at the same time).
 */
export async function resubmitOrder(scope: Scope, order: Order, poNumber: string | undefined) {
  const now = Date.now();
  const stillRejected = and(ofTenant(scope, orders, eq(orders.id, order.id), eq(orders.status, "cancelled"), eq(orders.approval_decision, "rejected")));
  const reopen = scope.db
    .update(orders)
    .set({
      status: "awaiting_approval",
      approval_decision: null,
      approval_decided_by: null,
      approval_decided_at: null,
      approval_reason: null,
      ...(poNumber === undefined ? {} : { po_number: poNumber }),
      updated_at: now,
    })
    .where(stillRejected);
  if (poNumber === undefined || !order.checkout_id) return (await reopen.run()).meta.changes > 0;
  const amendCheckout = scope.db
    .update(checkouts)
    .set({ po_number: poNumber })
    .where(
      ofTenant(
        scope,
        checkouts,
        eq(checkouts.id, order.checkout_id),
        // Plain names: the order row is read inside the checkout's update.
        sql`exists (select 1 from orders o where o.tenant_id = ${scope.tenantId} and o.id = ${order.id} and o.status = 'cancelled' and o.approval_decision = 'rejected')`,
      ),
    );
  const [, reopened] = await scope.db.batch([amendCheckout, reopen]);
  return reopened.meta.changes > 0;
}
