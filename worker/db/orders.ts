import { atHome } from "./shards.ts";
import type { BatchItem } from "drizzle-orm/batch";
import { and, eq, lt, ne, not, notInArray, or, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { documentNumber } from "./numbers.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { manufacturingOrders, orders, quotes, stripeAccounts, type CUTTING_LIST_STATES } from "./schema/index.ts";
import { visibleTo, type Viewer } from "./viewer.ts";

export type Order = typeof orders.$inferSelect;

export const findOrder = (scope: Scope, id: string) =>
  scope.db
    .select()
    .from(orders)
    .where(ofTenant(scope, orders, eq(orders.id, id)))
    .get();

/** An order by its id or its number (`ORD-2026-0001`), as partners may know either. */
export const findOrderByRef = (scope: Scope, ref: string) =>
  scope.db
    .select()
    .from(orders)
    .where(ofTenant(scope, orders, or(eq(orders.id, ref), eq(orders.number, ref))))
    .get();

export const findOrderOfQuote = (scope: Scope, quoteId: string) =>
  scope.db
    .select()
    .from(orders)
    .where(ofTenant(scope, orders, eq(orders.quote_id, quoteId)))
    .get();

/**
 * A new order and its number (ORD-YYYY-NNNN), as two statements for the caller's
 * batch: the per-tenant, per-year counter and the insert that reads it commit
 * together, so numbers are gapless (docs/decisions/0002-document-numbers.md).
 */
export const insertOrderStatements = (scope: Scope, row: Omit<typeof orders.$inferInsert, "tenant_id" | "number" | "created_at" | "updated_at">) => {
  const now = Date.now();
  const { advance, number } = documentNumber(scope, "ORD", new Date(now).getUTCFullYear());
  return [
    advance,
    scope.db.insert(orders).values({
      ...row,
      tenant_id: scope.tenantId,
      number,
      created_at: now,
      updated_at: now,
    }),
  ] as const;
};

/** Orders whose quote the viewer may see (a customer: its company's; staff: all), newest first. */
export function listOrders(scope: Scope, viewer: Viewer, page: PageRequest) {
  const { after, orderBy } = keyset(orders.created_at, orders.id, page);
  return scope.db
    .select({ order: orders })
    .from(orders)
    .innerJoin(quotes, and(eq(quotes.tenant_id, orders.tenant_id), eq(quotes.id, orders.quote_id)))
    .where(ofTenant(scope, orders, visibleTo(quotes, viewer), after))
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) =>
      pageOf(
        rows.map((r) => r.order),
        page.limit,
        (o) => [o.created_at, o.id],
      ),
    );
}

/** One order, if its quote is the viewer's to see. */
export const findVisibleOrder = (scope: Scope, id: string, viewer: Viewer) =>
  scope.db
    .select({ order: orders })
    .from(orders)
    .innerJoin(quotes, and(eq(quotes.tenant_id, orders.tenant_id), eq(quotes.id, orders.quote_id)))
    .where(ofTenant(scope, orders, eq(orders.id, id), visibleTo(quotes, viewer)))
    .get()
    .then((r) => r?.order);

/**
 * Cancels an order and its manufacturing orders in one batch, unless it is
 * cancelled already or one of its MOs has left "scheduled" (production has
 * started): false then, and nothing changed. `alongside` (the MOs' status
 * reports) runs in the same batch.
 */
export async function cancelOrder(scope: Scope, id: string, now: number, alongside: BatchItem<"sqlite">[]) {
  const started = sql`EXISTS (SELECT 1 FROM ${manufacturingOrders} WHERE ${ofTenant(scope, manufacturingOrders, eq(manufacturingOrders.order_id, id), ne(manufacturingOrders.status, "scheduled"))})`;
  const [cancelled] = await scope.db.batch([
    scope.db
      .update(orders)
      .set({
        status: "cancelled",
        cutting_list_state: sql`CASE WHEN ${orders.cutting_list_state} = 'pending' THEN 'none' ELSE ${orders.cutting_list_state} END`,
        updated_at: now,
      })
      .where(ofTenant(scope, orders, eq(orders.id, id), ne(orders.status, "cancelled"), not(started))),
    scope.db
      .update(manufacturingOrders)
      .set({ status: "cancelled", updated_at: now })
      .where(
        ofTenant(
          scope,
          manufacturingOrders,
          eq(manufacturingOrders.order_id, id),
          eq(manufacturingOrders.status, "scheduled"),
          sql`EXISTS (SELECT 1 FROM ${orders} WHERE ${ofTenant(scope, orders, eq(orders.id, id), eq(orders.status, "cancelled"))})`,
        ),
      ),
    ...alongside,
  ]);
  return cancelled.meta.changes > 0;
}

export const setCheckoutSession = (scope: Scope, id: string, sessionId: string) =>
  scope.db
    .update(orders)
    .set({ stripe_session_id: sessionId, updated_at: Date.now() })
    .where(ofTenant(scope, orders, eq(orders.id, id), eq(orders.status, "awaiting_payment")));

/** Holds while the order awaits its card payment: for a statement in the batch that changes that. */
export const awaitsPayment = (scope: Scope, id: string) =>
  sql`EXISTS (SELECT 1 FROM ${orders} WHERE ${ofTenant(scope, orders, eq(orders.id, id), eq(orders.status, "awaiting_payment"))})`;

/** What a checkout agreed, recorded on its order: the terms version, the addresses and the shipping. */
export type Agreed = Pick<Order, "checkout_id" | "terms_version" | "billing_address" | "shipping_address" | "shipping">;

/** Switches an unpaid Stripe order to a purchase order (with what a checkout agreed, and its amount, when it comes from one). */
export const toPurchaseOrderStatement = (scope: Scope, id: string, poNumber: string, agreed?: Agreed & { amount: number }) =>
  scope.db
    .update(orders)
    .set({ ...agreed, status: "purchase_order", payment_method: "purchase_order", po_number: poNumber, cutting_list_state: "pending", updated_at: Date.now() })
    .where(ofTenant(scope, orders, eq(orders.id, id), eq(orders.status, "awaiting_payment")));

/** An unpaid Stripe order takes a checkout's terms and amount (its shipping included) before it is paid. */
export const setAgreedStatement = (scope: Scope, id: string, agreed: Agreed & { amount: number }) =>
  scope.db
    .update(orders)
    .set({ ...agreed, updated_at: Date.now() })
    .where(ofTenant(scope, orders, eq(orders.id, id), eq(orders.status, "awaiting_payment")));

/** Marks an order paid; one already on a purchase order keeps its cutting list's state (built once); a cancelled one stays cancelled. */
export const markPaidStatement = (scope: Scope, id: string, paymentIntent: string | null) =>
  scope.db
    .update(orders)
    .set({
      status: "paid",
      stripe_payment_intent: paymentIntent,
      paid_at: Date.now(),
      cutting_list_state: sql`coalesce(${orders.cutting_list_state}, 'pending')`,
      updated_at: Date.now(),
    })
    .where(ofTenant(scope, orders, eq(orders.id, id), notInArray(orders.status, ["paid", "cancelled"])));

/** Settles a pending cutting list (ready, none or failed). */
export const settleCuttingListStatement = (scope: Scope, id: string, state: Exclude<(typeof CUTTING_LIST_STATES)[number], "pending">) =>
  scope.db
    .update(orders)
    .set({ cutting_list_state: state, updated_at: Date.now() })
    .where(ofTenant(scope, orders, eq(orders.id, id), eq(orders.cutting_list_state, "pending")));

/** Orders of every tenant whose cutting list was queued but never settled (the sweep); served by the partial index. */
export const strandedCuttingLists = (db: Db, olderThan: number, limit: number) =>
  db
    .select({ id: orders.id, tenant_id: orders.tenant_id })
    .from(orders)
    .where(and(eq(orders.cutting_list_state, "pending"), lt(orders.updated_at, olderThan), atHome(orders)))
    .limit(limit);

export const findStripeAccount = (scope: Scope) => scope.db.select().from(stripeAccounts).where(ofTenant(scope, stripeAccounts)).get();

export const upsertStripeAccount = (scope: Scope, secretKeyEnc: string) =>
  scope.db
    .insert(stripeAccounts)
    .values({ tenant_id: scope.tenantId, secret_key_enc: secretKeyEnc, updated_at: Date.now() })
    .onConflictDoUpdate({ target: stripeAccounts.tenant_id, set: { secret_key_enc: secretKeyEnc, updated_at: Date.now() } });

/** Forgets the shop's Stripe key; true when there was one. */
export const deleteStripeAccount = async (scope: Scope) =>
  (await scope.db.delete(stripeAccounts).where(ofTenant(scope, stripeAccounts)).returning({ tenant_id: stripeAccounts.tenant_id })).length > 0;
