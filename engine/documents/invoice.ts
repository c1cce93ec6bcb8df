import { PDFDocument, StandardFonts } from "pdf-lib";
import { addressBlocks, facts, linesAndTotals, type OrderConfirmationInput } from "./order-confirmation.ts";
import { longDate, pageFooters, sellerHeading, Writer } from "./pdf-writer.ts";

export interface InvoiceInput extends Pick<OrderConfirmationInput, "shop" | "currency" | "lines" | "totals" | "billing_address" | "shipping_address"> {
  invoice: { number: string; issued_at: string };
  order: OrderConfirmationInput["order"] & { paid_at: string | null };
  /** Days given to pay a purchase order's invoice; a card payment is settled already. */
  due_days: number;
}

/** The invoice's due date: `due_days` after it was issued (the day itself when 0). */
export const dueDate = (issuedAt: string, dueDays: number) => new Date(Date.parse(issuedAt) + dueDays * 86_400_000).toISOString();

/**
 * An order's invoice (issue 14, decision 70): the shop's legal identity and
 * VAT ID, the invoice number and date, the order and purchase-order
 * references, the customer's billing address and delivery address, every line
 * with shipping, tax and total exactly as the order confirmation states them,
 * and how to pay.
 */
export async function renderInvoice(input: InvoiceInput): Promise<Uint8Array> {
  const { shop, invoice, order } = input;
  const title = `Invoice ${invoice.number}`;
  const doc = await PDFDocument.create();
  doc.setTitle(`${title} - ${shop.legal_name}`);
  doc.setAuthor(shop.legal_name);
  doc.setProducer("Fabquote");
  // Dated by the invoice, not the render: the same invoice rendered twice is the same file.
  doc.setCreationDate(new Date(invoice.issued_at));
  doc.setModificationDate(new Date(invoice.issued_at));
  const w = new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  await sellerHeading(w, shop, [{ text: title, size: 14, bold: true }]);

  const rows: [string, string][] = [
    ["Invoice date", longDate(invoice.issued_at)],
    ["Order", `${order.number ?? ""} of ${longDate(order.created_at)}`.trim()],
    ["Quote", order.quote_number],
  ];
  if (order.po_number) rows.push(["Your PO", order.po_number]);
  facts(w, rows);

  addressBlocks(w, [
    ["Bill to", input.billing_address],
    ["Delivered to", input.shipping_address],
  ]);
  linesAndTotals(w, input);

  w.gap(14);
  w.need(40);
  w.paragraph({ text: "Payment", size: 10, bold: true });
  w.gap(2);
  const quoteThese = `Please quote ${invoice.number}${order.po_number ? ` and your purchase order ${order.po_number}` : ""}.`;
  const terms = order.paid
    ? `Paid by card${order.paid_at ? ` on ${longDate(order.paid_at)}` : ""}. Nothing is due.`
    : input.due_days === 0
      ? `Payment is due on receipt of this invoice. ${quoteThese}`
      : `Payment is due within ${input.due_days} days, by ${longDate(dueDate(invoice.issued_at, input.due_days))}. ${quoteThese}`;
  w.paragraph({ text: terms, size: 10 });
  pageFooters(w, shop, title);
  return doc.save();
}
