import { renderInvoice } from "../../engine/documents/invoice.ts";
import { insertInvoice, setInvoiceFile, type Invoice, type IssuedBy } from "../db/invoices.ts";
import type { Order } from "../db/orders.ts";
import type { Scope } from "../db/scope.ts";
import type { Tenant } from "../db/tenants.ts";
import { documentKey } from "../storage/keys.ts";
import { orderDocumentInput } from "./confirmation.ts";

export const DEFAULT_PAYMENT_DUE_DAYS = 30;
export const paymentDueDays = (tenant: Tenant) => tenant.settings.payment_due_days ?? DEFAULT_PAYMENT_DUE_DAYS;

/** Orders that can be invoiced: placed for good (paid by card, or on a purchase order), not cancelled, approved if they needed it. */
export const INVOICEABLE = ["paid", "purchase_order"] as const;
export const isInvoiceable = (order: Order) => (INVOICEABLE as readonly string[]).includes(order.status);

/**
 * The order's invoice, issued now (numbered and audited in one batch) unless it has one (then that one,
 * unchanged: one invoice per order), with its PDF drawn and kept now: an invoice states the shop's
 * details as they are when it is issued, not when it is first downloaded.
 */
export async function issueInvoice(scope: Scope, files: R2Bucket, tenant: Tenant, order: Order, issuedBy: string | null, issued: IssuedBy) {
  const { invoice, created } = await insertInvoice(scope, order, issuedBy, issued, Date.now());
  if (!invoice.r2_key) await invoicePdf(scope, files, tenant, order, invoice);
  return { invoice, created };
}

/**
 * The invoice's PDF as kept in R2; rendered and kept first when it is not
 * there yet (a request that died between numbering and storing). Rendering is
 * deterministic — dates from the invoice, figures from the order's
 * confirmation source — so a second render writes the same document.
 */
export async function invoicePdf(scope: Scope, files: R2Bucket, tenant: Tenant, order: Order, invoice: Invoice) {
  const kept = invoice.r2_key ? await files.get(invoice.r2_key) : null;
  if (kept) return { body: kept.body as ReadableStream | Uint8Array, size: kept.size };
  const input = await orderDocumentInput(scope, files, tenant, order);
  const issuedAt = new Date(invoice.issued_at).toISOString();
  const bytes = await renderInvoice({
    ...input,
    invoice: { number: invoice.number, issued_at: issuedAt },
    order: { ...input.order, paid_at: order.paid_at === null ? null : new Date(order.paid_at).toISOString() },
    due_days: paymentDueDays(tenant),
  });
  const key = invoice.r2_key ?? documentKey(tenant.id, "invoice", invoice.number, "1", "pdf");
  await files.put(key, bytes, { httpMetadata: { contentType: "application/pdf" } });
  await setInvoiceFile(scope, invoice.id, key);
  return { body: bytes as ReadableStream | Uint8Array, size: bytes.byteLength };
}

/**
 * The invoice a shipment issues (decision 70: goods leaving are the tax point
 * a shop invoices at), unless the order has one. Never fails the shipment: a
 * failure is logged, and staff issue the invoice with POST /orders/{id}/invoice.
 */
export async function invoiceOnShipment(scope: Scope, files: R2Bucket, tenant: Tenant, order: Order, issued: IssuedBy) {
  if (!isInvoiceable(order)) return;
  try {
    await issueInvoice(scope, files, tenant, order, null, issued);
  } catch (error) {
    console.error(JSON.stringify({ level: "error", event: "invoice.issue_failed", tenant_id: scope.tenantId, order_id: order.id, error: String(error) }));
  }
}
