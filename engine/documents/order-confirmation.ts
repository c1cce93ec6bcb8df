import { PDFDocument, StandardFonts } from "pdf-lib";
import { INK, longDate, MARGIN, money, pageFooters, RIGHT, type Seller, sellerHeading, Writer } from "./pdf-writer.ts";

export interface ConfirmationAddress {
  name: string;
  company: string | null;
  line1: string;
  line2: string | null;
  postcode: string;
  city: string;
  country: string;
  phone: string | null;
}

export interface OrderConfirmationInput {
  shop: Seller;
  order: { number: string | null; created_at: string; quote_number: string; po_number: string | null; payment: "purchase_order" | "card"; paid: boolean };
  currency: string;
  lines: {
    label: string;
    description: string | null;
    quantity: number;
    unit_price: number;
    total: number;
    /** The shop's discount on the line: `total` is what is left of `list_total`. */
    discount?: { label: string; off: number; list_total: number } | null;
  }[];
  totals: {
    minimum_order_surcharge: number;
    /** The shop's discount on the whole quote, off items and top-up. */
    discount?: { label: string; off: number } | null;
    shipping: { name: string; price: number; weight_kg: number } | null;
    net_total: number;
    /** `inclusive`: the lines and shipping contain the tax (decision 75); absent on reviews stored before it, which were exclusive. */
    tax: { label: string; rate: number; amount: number; inclusive?: boolean };
    total: number;
  };
  delivery_date: string | null;
  billing_address: ConfirmationAddress | null;
  shipping_address: ConfirmationAddress | null;
  /** The version accepted at checkout and its text; null for orders placed without a checkout. */
  terms: { version: number; text: string } | null;
}

const COL_QTY = RIGHT - 190;
const COL_UNIT = RIGHT - 95;

const addressLines = (a: ConfirmationAddress) =>
  [a.company, a.name, a.line1, a.line2, `${a.postcode} ${a.city}`, a.country, a.phone ? `Phone ${a.phone}` : null].filter((l): l is string => !!l);

/**
 * The order confirmation (issue 15): everything that was agreed at checkout on
 * the shop's letterhead, ready to attach to an e-mail — the references, both
 * addresses, every line, shipping, tax and total, the delivery date and the
 * accepted version of the shop's terms in full.
 */
export async function renderOrderConfirmation(input: OrderConfirmationInput): Promise<Uint8Array> {
  const { shop, order } = input;
  const title = `Order confirmation ${order.number ?? ""}`.trim();
  const doc = await PDFDocument.create();
  doc.setTitle(`${title} - ${shop.legal_name}`);
  doc.setAuthor(shop.legal_name);
  doc.setProducer("Fabquote");
  const w = new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  await sellerHeading(w, shop, [{ text: title, size: 14, bold: true }]);

  const payment =
    order.payment === "purchase_order" ? `Purchase order ${order.po_number ?? ""}`.trim() : order.paid ? "Card (paid)" : "Card (awaiting payment)";
  const rows: [string, string][] = [
    ["Ordered", longDate(order.created_at)],
    ["Quote", order.quote_number],
    ["Payment", payment],
    ...(input.delivery_date ? ([["Delivery", longDate(input.delivery_date)]] as [string, string][]) : []),
  ];
  facts(w, rows);

  addressBlocks(w, [
    ["Invoice to", input.billing_address],
    ["Deliver to", input.shipping_address],
  ]);
  linesAndTotals(w, input);

  if (input.terms) {
    w.gap(14);
    w.need(40);
    w.paragraph({ text: `Terms accepted at checkout (version ${input.terms.version})`, size: 10, bold: true });
    w.gap(4);
    for (const paragraph of input.terms.text.split("\n")) {
      w.paragraph({ text: paragraph, size: 9 });
      w.gap(3);
    }
  }
  pageFooters(w, shop, title);
  return doc.save();
}

/** Addresses side by side under their headings (one left out when null). */
export function addressBlocks(w: Writer, blocks: [string, ConfirmationAddress | null][]) {
  const top = w.y;
  let bottom = w.y;
  blocks.forEach(([heading, address], i) => {
    if (!address) return;
    const x = MARGIN + i * 260;
    w.y = top;
    w.draw(heading, x, { size: 10, bold: true });
    w.y -= 14;
    for (const line of addressLines(address)) w.paragraph({ text: line, size: 10 }, x, 240);
    bottom = Math.min(bottom, w.y);
  });
  w.y = bottom - 12;
}

/** Every line with its quantity, unit price and total, then the top-up, shipping, net, tax and total: the confirmation's and the invoice's table. */
export function linesAndTotals(w: Writer, input: Pick<OrderConfirmationInput, "lines" | "totals" | "currency">) {
  const { currency, totals } = input;
  w.need(40);
  w.draw("Item", MARGIN, { size: 9, bold: true });
  w.draw("Qty", COL_QTY, { size: 9, bold: true }, "right");
  w.draw("Unit price", COL_UNIT, { size: 9, bold: true }, "right");
  w.draw("Total", RIGHT, { size: 9, bold: true }, "right");
  w.y -= 13;
  w.rule(INK);
  w.gap(6);
  for (const line of input.lines) {
    const top = w.y;
    w.paragraph({ text: line.description ? `${line.label}, ${line.description}` : line.label, size: 10 }, MARGIN, COL_QTY - MARGIN - 40);
    const after = w.y;
    w.y = top;
    w.draw(String(line.quantity), COL_QTY, { size: 10 }, "right");
    w.draw(money(line.unit_price, currency), COL_UNIT, { size: 10 }, "right");
    w.draw(money(line.total, currency), RIGHT, { size: 10 }, "right");
    if (line.discount) {
      w.y = Math.min(after, top - 13);
      w.draw(`${line.discount.label} off ${money(line.discount.list_total, currency)}`, COL_UNIT, { size: 9 }, "right");
      w.draw(money(-line.discount.off, currency), RIGHT, { size: 9 }, "right");
      w.y -= 13;
    } else w.y = after;
    w.gap(4);
    w.rule();
    w.gap(6);
  }

  const sums: [string, number, boolean?][] = [
    ...(totals.minimum_order_surcharge > 0 ? ([["Minimum order top-up", totals.minimum_order_surcharge]] as [string, number][]) : []),
    ...(totals.discount ? ([[totals.discount.label, -totals.discount.off]] as [string, number][]) : []),
    ...(totals.shipping ? ([[`Shipping: ${totals.shipping.name} (${totals.shipping.weight_kg} kg)`, totals.shipping.price]] as [string, number][]) : []),
    ...taxAndTotal(totals),
  ];
  w.need(sums.length * 15 + 10);
  for (const [label, amount, bold] of sums) {
    w.draw(label, COL_UNIT, { size: 10, bold }, "right");
    w.draw(money(amount, currency), RIGHT, { size: 10, bold }, "right");
    w.y -= 15;
  }
}

/** Exclusive: net, the tax on it, the total. Inclusive: the total, then the tax it contains, so the lines above add up to it. */
function taxAndTotal(totals: OrderConfirmationInput["totals"]): [string, number, boolean?][] {
  const tax = `${totals.tax.label} ${Math.round(totals.tax.rate * 1000) / 10} %`;
  return totals.tax.inclusive
    ? [
        ["Total", totals.total, true],
        [`incl. ${tax}`, totals.tax.amount],
      ]
    : [
        ["Net", totals.net_total],
        [tax, totals.tax.amount],
        ["Total", totals.total, true],
      ];
}

/** Label–value facts under the heading (dates, references, payment). */
export function facts(w: Writer, rows: [string, string][]) {
  for (const [label, value] of rows) {
    w.draw(`${label}:`, MARGIN, { size: 10, bold: true });
    w.draw(value, MARGIN + 70, { size: 10 });
    w.y -= 14;
  }
  w.gap(6);
}
