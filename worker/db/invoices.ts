import { eq, isNull, sql } from "drizzle-orm";
import { auditWhen, type AuditEntry } from "./audit.ts";
import { documentNumber } from "./numbers.ts";
import type { Order } from "./orders.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { invoices } from "./schema/index.ts";

export type Invoice = typeof invoices.$inferSelect;

/** Who issued an invoice, for its audit entry (`data`: what else to record, such as the shipment that issued it). */
export type IssuedBy = Pick<AuditEntry, "actor_type" | "actor_id" | "request_id" | "data">;

export const findInvoiceOfOrder = (scope: Scope, orderId: string) =>
  scope.db
    .select()
    .from(invoices)
    .where(ofTenant(scope, invoices, eq(invoices.order_id, orderId)))
    .get();

export const findInvoice = (scope: Scope, id: string) =>
  scope.db
    .select()
    .from(invoices)
    .where(ofTenant(scope, invoices, eq(invoices.id, id)))
    .get();

/**
 * The order's invoice, numbered INV-YYYY-NNNN in the batch that writes it:
 * the counter moves only when the order has none yet, and the insert is
 * refused the same way, so two issues at once make one invoice and no gap
 * (decision 2); its `invoice.issued` audit entry (`issued` says who and why)
 * is written in the same batch on the same condition. `created` says whether
 * this call made it.
 */
export async function insertInvoice(scope: Scope, order: Order, issuedBy: string | null, issued: IssuedBy, now: number) {
  const id = crypto.randomUUID();
  const none = sql`NOT EXISTS (SELECT 1 FROM ${invoices} WHERE ${ofTenant(scope, invoices, eq(invoices.order_id, order.id))})`;
  const { advance, number } = documentNumber(scope, "INV", new Date(now).getUTCFullYear(), none);
  await scope.db.batch([
    advance,
    auditWhen(scope, { ...issued, action: "invoice.issued", target_type: "order", target_id: order.id }, none, { invoice: number }),
    scope.db
      .insert(invoices)
      .select(sql`SELECT ${id}, ${scope.tenantId}, ${order.id}, ${number}, ${order.amount}, ${order.currency}, ${issuedBy}, ${now}, NULL WHERE ${none}`),
  ]);
  const invoice = (await findInvoiceOfOrder(scope, order.id))!;
  return { invoice, created: invoice.id === id };
}

/** Records where the invoice's PDF is kept; once, so a file is never swapped under a number. */
export const setInvoiceFile = (scope: Scope, id: string, r2Key: string) =>
  scope.db
    .update(invoices)
    .set({ r2_key: r2Key })
    .where(ofTenant(scope, invoices, eq(invoices.id, id), isNull(invoices.r2_key)));
