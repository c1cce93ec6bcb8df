import { and, desc, eq, lt, ne, not, notInArray, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import type { Scope } from "./scope.ts";
import { manufacturingOrders, orders, quotes, sequences, stripeAccounts, type CUTTING_LIST_STATES } from "./schema/index.ts";
import { visibleTo, type Viewer } from "./viewer.ts";

export type Order = typeof orders.$inferSelect;

export const findOrder = ({ db, tenantId }: Scope, id: string) =>
  db.select().from(orders).where(and(eq(orders.tenant_id, tenantId), eq(orders.id, id))).get();

export const findOrderOfQuote = ({ db, tenantId }: Scope, quoteId: string) =>
  db.select().from(orders).where(and(eq(orders.tenant_id, tenantId), eq(orders.quote_id, quoteId))).get();

/**
 * A new order and its number (ORD-YYYY-NNNN), as two statements for the caller's
 * batch: the per-tenant, per-year counter and the insert that reads it commit
 * together, so numbers are gapless (docs/decisions/0002-document-numbers.md).
 */
export const insertOrderStatements = ({ db, tenantId }: Scope, row: Omit<typeof orders.$inferInsert, "tenant_id" | "number" | "created_at" | "updated_at">) => {
  const now = Date.now();
  const year = new Date(now).getUTCFullYear();
  const name = `ORD-${year}`;
  return [
    db
      .insert(sequences)
      .values({ tenant_id: tenantId, name, value: 1 })
      .onConflictDoUpdate({ target: [sequences.tenant_id, sequences.name], set: { value: sql`${sequences.value} + 1` } }),
    db.insert(orders).values({
      ...row,
      tenant_id: tenantId,
      number: sql`(SELECT printf('ORD-%d-%04d', ${year}, value) FROM ${sequences} WHERE tenant_id = ${tenantId} AND name = ${name})`,
      created_at: now,
      updated_at: now,
    }),
  ] as const;
};

/** Orders whose quote the viewer may see (a customer: its company's; staff: all), newest first. */
export function listOrders({ db, tenantId }: Scope, viewer: Viewer, page: { limit: number; cursor?: string }) {
  // The cursor is the last order of the previous page: everything older (ties broken by id).
  const after = page.cursor === undefined ? undefined : sql`(${orders.created_at}, ${orders.id}) < (SELECT created_at, id FROM ${orders} WHERE tenant_id = ${tenantId} AND id = ${page.cursor})`;
  return db
    .select({ order: orders })
    .from(orders)
    .innerJoin(quotes, and(eq(quotes.tenant_id, orders.tenant_id), eq(quotes.id, orders.quote_id)))
    .where(and(eq(orders.tenant_id, tenantId), visibleTo(quotes, viewer), after))
    .orderBy(desc(orders.created_at), desc(orders.id))
    .limit(page.limit + 1)
    .then((rows) => rows.map((r) => r.order));
}

/** One order, if its quote is the viewer's to see. */
export const findVisibleOrder = ({ db, tenantId }: Scope, id: string, viewer: Viewer) =>
  db
    .select({ order: orders })
    .from(orders)
    .innerJoin(quotes, and(eq(quotes.tenant_id, orders.tenant_id), eq(quotes.id, orders.quote_id)))
    .where(and(eq(orders.tenant_id, tenantId), eq(orders.id, id), visibleTo(quotes, viewer)))
    .get()
    .then((r) => r?.order);

/**
 * Cancels an order and its manufacturing orders in one batch, unless it is
 * cancelled already or one of its MOs has left "scheduled" (production has
 * started): false then, and nothing changed.
 */
export async function cancelOrder({ db, tenantId }: Scope, id: string, now = Date.now()) {
  const started = sql`EXISTS (SELECT 1 FROM ${manufacturingOrders} WHERE ${and(eq(manufacturingOrders.tenant_id, tenantId), eq(manufacturingOrders.order_id, id), ne(manufacturingOrders.status, "scheduled"))})`;
  const [cancelled] = await db.batch([
    db
      .update(orders)
      .set({ status: "cancelled", cutting_list_state: sql`CASE WHEN ${orders.cutting_list_state} = 'pending' THEN 'none' ELSE ${orders.cutting_list_state} END`, updated_at: now })
      .where(and(eq(orders.tenant_id, tenantId), eq(orders.id, id), ne(orders.status, "cancelled"), not(started))),
    db
      .update(manufacturingOrders)
      .set({ status: "cancelled", updated_at: now })
      .where(and(eq(manufacturingOrders.tenant_id, tenantId), eq(manufacturingOrders.order_id, id), eq(manufacturingOrders.status, "scheduled"), sql`EXISTS (SELECT 1 FROM ${orders} WHERE ${and(eq(orders.tenant_id, tenantId), eq(orders.id, id), eq(orders.status, "cancelled"))})`)),
  ]);
  return cancelled.meta.changes > 0;
}

export const setCheckoutSession = ({ db, tenantId }: Scope, id: string, sessionId: string) =>
  db
    .update(orders)
    .set({ stripe_session_id: sessionId, updated_at: Date.now() })
    .where(and(eq(orders.tenant_id, tenantId), eq(orders.id, id), eq(orders.status, "awaiting_payment")));

/** Holds while the order awaits its card payment: for a statement in the batch that changes that. */
export const awaitsPayment = ({ tenantId }: Scope, id: string) =>
  sql`EXISTS (SELECT 1 FROM ${orders} WHERE ${and(eq(orders.tenant_id, tenantId), eq(orders.id, id), eq(orders.status, "awaiting_payment"))})`;

/** Switches an unpaid Stripe order to a purchase order. */
export const toPurchaseOrderStatement = ({ db, tenantId }: Scope, id: string, poNumber: string) =>
  db
    .update(orders)
    .set({ status: "purchase_order", payment_method: "purchase_order", po_number: poNumber, cutting_list_state: "pending", updated_at: Date.now() })
    .where(and(eq(orders.tenant_id, tenantId), eq(orders.id, id), eq(orders.status, "awaiting_payment")));

/** Marks an order paid; one already on a purchase order keeps its cutting list's state (built once); a cancelled one stays cancelled. */
export const markPaidStatement = ({ db, tenantId }: Scope, id: string, paymentIntent: string | null) =>
  db
    .update(orders)
    .set({ status: "paid", stripe_payment_intent: paymentIntent, paid_at: Date.now(), cutting_list_state: sql`coalesce(${orders.cutting_list_state}, 'pending')`, updated_at: Date.now() })
    .where(and(eq(orders.tenant_id, tenantId), eq(orders.id, id), notInArray(orders.status, ["paid", "cancelled"])));

/** Settles a pending cutting list (ready, none or failed). */
export const settleCuttingListStatement = ({ db, tenantId }: Scope, id: string, state: Exclude<(typeof CUTTING_LIST_STATES)[number], "pending">) =>
  db
    .update(orders)
    .set({ cutting_list_state: state, updated_at: Date.now() })
    .where(and(eq(orders.tenant_id, tenantId), eq(orders.id, id), eq(orders.cutting_list_state, "pending")));

/** Orders of every tenant whose cutting list was queued but never settled (the sweep); served by the partial index. */
export const strandedCuttingLists = (db: Db, olderThan: number, limit: number) =>
  db
    .select({ id: orders.id, tenant_id: orders.tenant_id })
    .from(orders)
    .where(and(eq(orders.cutting_list_state, "pending"), lt(orders.updated_at, olderThan)))
    .limit(limit);

export const findStripeAccount = ({ db, tenantId }: Scope) => db.select().from(stripeAccounts).where(eq(stripeAccounts.tenant_id, tenantId)).get();

export const upsertStripeAccount = ({ db, tenantId }: Scope, secretKeyEnc: string) =>
  db
    .insert(stripeAccounts)
    .values({ tenant_id: tenantId, secret_key_enc: secretKeyEnc, updated_at: Date.now() })
    .onConflictDoUpdate({ target: stripeAccounts.tenant_id, set: { secret_key_enc: secretKeyEnc, updated_at: Date.now() } });
