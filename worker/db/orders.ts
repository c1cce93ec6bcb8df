import { and, eq, lt, ne, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import type { Scope } from "./scope.ts";
import { orders, stripeAccounts, type CUTTING_LIST_STATES } from "./schema/index.ts";

export type Order = typeof orders.$inferSelect;

export const findOrder = ({ db, tenantId }: Scope, id: string) =>
  db.select().from(orders).where(and(eq(orders.tenant_id, tenantId), eq(orders.id, id))).get();

export const findOrderOfQuote = ({ db, tenantId }: Scope, quoteId: string) =>
  db.select().from(orders).where(and(eq(orders.tenant_id, tenantId), eq(orders.quote_id, quoteId))).get();

export const insertOrderStatement = ({ db, tenantId }: Scope, row: Omit<typeof orders.$inferInsert, "tenant_id" | "created_at" | "updated_at">) => {
  const now = Date.now();
  return db.insert(orders).values({ ...row, tenant_id: tenantId, created_at: now, updated_at: now });
};

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

/** Marks an order paid; one already on a purchase order keeps its cutting list's state (built once). */
export const markPaidStatement = ({ db, tenantId }: Scope, id: string, paymentIntent: string | null) =>
  db
    .update(orders)
    .set({ status: "paid", stripe_payment_intent: paymentIntent, paid_at: Date.now(), cutting_list_state: sql`coalesce(${orders.cutting_list_state}, 'pending')`, updated_at: Date.now() })
    .where(and(eq(orders.tenant_id, tenantId), eq(orders.id, id), ne(orders.status, "paid")));

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
