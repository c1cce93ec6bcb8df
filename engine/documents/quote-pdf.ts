import { PDFDocument, StandardFonts, rgb, type PDFImage } from "pdf-lib";
import { A4, INK, longDate, MARGIN, money, MUTED, pageFooters, RIGHT, RULE, type Run, type Seller, sellerHeading, Writer, wrap } from "./pdf-writer.ts";
import { percent, unitPriceNote, type DescribedField } from "./describe.ts";

export interface QuotePdfItem {
  position: number;
  /** The part's file name or the configured product's name, never cut short. */
  label: string;
  /** Process, material, thickness or infill and finish in the shop's words ("FFF print, PLA, 20 % infill, as printed"). */
  description: string | null;
  /** A configured product field by field (type, sizes, glazing, finish and colour, hardware, U-value). */
  details: DescribedField[];
  /** A PNG picture of the part or product, drawn beside its line. */
  picture: Uint8Array | null;
  status: string;
  quantity: number;
  price: {
    process: string;
    /** Null for an item that cannot be made as it is (engine/pricing/blockers.ts): the shop quotes it by hand. */
    unit_price: number | null;
    total: number | null;
    quantity: number;
    lead_time?: { label: string; days: number };
    /** Read for the unit price's explanation (setup share, discount); the lines themselves are not printed. */
    breakdown: { code: string; label: string; amount: number }[];
    dfm: { severity: string; message: string }[];
    /** Set by the shop by hand (engine/pricing/manual.ts), with its note to the customer. */
    manual?: { customer_note: string | null };
    /** The shop's discount on the line (engine/pricing/discount.ts): `total` is `list_total` less `off`. */
    discount?: { label: string; off: number; list_total: number; customer_note: string | null };
  } | null;
  size_mm: number[] | null;
}

/** What the quote PDF shows; the API's quote view carries all of it. */
export interface QuotePdfInput {
  shop: Seller;
  quote: {
    number: string;
    revision: number;
    status: string;
    currency: string;
    created_at: string | null;
    valid_until: string | null;
    title: string | null;
    contact_email: string | null;
    price_book_version: string;
    review_required: boolean;
    totals: {
      items_total?: number;
      minimum_order_surcharge?: number;
      discount?: { label: string; off: number; customer_note: string | null } | null;
      net_total?: number;
      tax?: { label: string; rate?: number; amount: number; inclusive: boolean };
      gross_total?: number;
      lead_time_days?: number;
    } | null;
    items: QuotePdfItem[];
  };
  terms: string;
}

const PICTURE = 60;

const COLS = { picture: MARGIN, text: MARGIN + PICTURE + 10, qty: 392, unit: 470, total: RIGHT };
const TEXT_WIDTH = COLS.qty - 30 - COLS.text;

/**
 * The customer-facing quote: the seller's legal identity, each line described
 * in full with its picture, why its unit price is what it is, totals with the
 * VAT rate, the validity date and the terms. No cost lines: the shop's costs
 * and margin are not the customer's business, the unit price note says what
 * a buyer needs (the setup's share and the discount).
 */
export async function renderQuotePdf(input: QuotePdfInput): Promise<Uint8Array> {
  const { shop, quote } = input;
  const cur = quote.currency;
  const m = (minor: number) => money(minor, cur);
  const doc = await PDFDocument.create();
  doc.setTitle(`Quote ${quote.number} - ${shop.legal_name}`);
  doc.setAuthor(shop.legal_name);
  doc.setProducer("Fabquote");
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const w = new Writer(doc, font, bold);

  await sellerHeading(w, shop, [
    { text: `Quote ${quote.number}`, size: 14, bold: true },
    ...(quote.revision > 1 ? [{ text: `Revision ${quote.revision}`, size: 10, colour: MUTED }] : []),
  ]);

  const facts: [string, string][] = [
    ["Date", longDate(quote.created_at)],
    ["Valid until", longDate(quote.valid_until)],
  ];
  if (quote.contact_email) facts.push(["For", quote.contact_email]);
  if (quote.title) facts.push(["Reference", quote.title]);
  for (const [label, value] of facts) {
    w.draw(`${label}:`, MARGIN, { size: 10, bold: true });
    w.draw(value, MARGIN + 70, { size: 10 });
    w.y -= 14;
  }
  if (quote.review_required) w.paragraph({ text: "The shop reviews this quote before it can be accepted.", size: 10, colour: rgb(0.6, 0.35, 0) });
  w.gap(10);

  const header = () => {
    w.draw("Item", COLS.picture, { size: 9, bold: true });
    w.draw("Qty", COLS.qty, { size: 9, bold: true }, "right");
    w.draw("Unit price", COLS.unit, { size: 9, bold: true }, "right");
    w.draw("Total", COLS.total, { size: 9, bold: true }, "right");
    w.y -= 13;
    w.rule(INK);
    w.gap(6);
  };
  header();

  for (const item of quote.items) {
    const lines = itemLines(item, m);
    const picture = item.picture ? await doc.embedPng(item.picture) : null;
    const textHeight = lines.reduce((h, l) => h + wrap(l.text, w.fontOf(l), l.size, TEXT_WIDTH).length * (l.size + 3), 0);
    const pageBefore = w.page;
    w.need(Math.min(Math.max(textHeight, picture ? PICTURE : 0) + 8, A4[1] - 2 * MARGIN - 60));
    if (w.page !== pageBefore) header();
    drawItem(w, item, lines, picture, m);
  }

  w.gap(6);
  const t = quote.totals;
  w.need(110);
  if (t) {
    const line = (label: string, v: number | undefined, strong = false) => {
      if (v === undefined) return;
      w.draw(label, COLS.qty - 60, { size: 10, bold: strong });
      w.draw(m(v), COLS.total, { size: 10, bold: strong }, "right");
      w.y -= 15;
    };
    line("Items", t.items_total);
    if (t.minimum_order_surcharge) line("Minimum order surcharge", t.minimum_order_surcharge);
    if (t.discount) line(`${t.discount.label}${t.discount.customer_note ? ` (${t.discount.customer_note})` : ""}`, -t.discount.off);
    const taxLabel = t.tax && `${t.tax.label}${t.tax.rate !== undefined ? ` ${percent(t.tax.rate)}` : ""}`;
    if (t.tax?.inclusive) {
      // The prices contain the tax (decision 75): the lines add up to the total, and the tax in it is stated under it.
      line("Total", t.gross_total, true);
      line(`incl. ${taxLabel}`, t.tax.amount);
    } else {
      line("Net total", t.net_total, true);
      if (t.tax) line(taxLabel!, t.tax.amount);
      line(`Total${t.tax ? ` incl. ${t.tax.label}` : ""}`, t.gross_total, true);
    }
    if (t.lead_time_days !== undefined)
      w.paragraph({ text: `Lead time: ${t.lead_time_days} working days from order.`, size: 9, colour: MUTED }, COLS.qty - 60, RIGHT - COLS.qty + 60);
  } else {
    w.paragraph({ text: "Totals follow once every item is priced.", size: 10 });
  }
  w.gap(10);
  w.paragraph({ text: `This quote is valid until ${longDate(quote.valid_until)}.`, size: 10, bold: true });
  w.gap(8);
  w.paragraph({ text: "Terms", size: 10, bold: true });
  for (const para of input.terms.split("\n")) w.paragraph({ text: para, size: 8.5 });

  pageFooters(w, shop, `Quote ${quote.number} rev. ${quote.revision}`);
  return doc.save();
}

/** The text of one item, top to bottom: name, description, configured fields, size, lead time, price note, findings. */
function itemLines(item: QuotePdfItem, m: (minor: number) => string): Run[] {
  const p = item.price;
  const lines: Run[] = [{ text: `${item.position + 1}. ${item.label}`, size: 10, bold: true }];
  if (item.description) lines.push({ text: item.description, size: 9 });
  for (const f of item.details) lines.push({ text: `${f.label}: ${f.value}`, size: 8.5 });
  if (item.size_mm) lines.push({ text: `Size: ${item.size_mm.map((v) => (Math.round(v * 10) / 10).toString()).join(" × ")} mm`, size: 8.5, colour: MUTED });
  if (p?.lead_time) lines.push({ text: `Lead time: ${p.lead_time.label}, ${p.lead_time.days} working days`, size: 8.5, colour: MUTED });
  const note = p && p.unit_price !== null && unitPriceNote({ ...p, unit_price: p.unit_price, process: p.process as never, breakdown: p.breakdown as never }, m);
  if (note) lines.push({ text: note, size: 8.5, colour: MUTED });
  if (p && p.unit_price === null)
    lines.push({ text: "Manual quote: this item cannot be made as it is; the shop checks it and prices it by hand.", size: 8.5, colour: rgb(0.6, 0.35, 0) });
  if (p?.manual) lines.push({ text: `Price set by the shop${p.manual.customer_note ? `: ${p.manual.customer_note}` : "."}`, size: 8.5 });
  if (p?.discount)
    lines.push({
      text: `${p.discount.label}: ${m(-p.discount.off)} off ${m(p.discount.list_total)}${p.discount.customer_note ? ` (${p.discount.customer_note})` : ""}`,
      size: 8.5,
      bold: true,
    });
  for (const f of p?.dfm ?? []) {
    // A finding the shop priced by hand has been checked by it: no longer the buyer's to fix.
    const label = f.severity === "error" ? (p?.manual ? "Checked by the shop" : "Must fix") : f.severity === "warning" ? "Check" : "Note";
    lines.push({ text: `${label}: ${f.message}`, size: 8.5, colour: f.severity === "error" && !p?.manual ? rgb(0.75, 0.1, 0.1) : rgb(0.5, 0.4, 0) });
  }
  if (!p)
    lines.push({
      text: item.status === "error" ? "Not priced: the shop will quote this item by hand." : "Being priced by the shop.",
      size: 8.5,
      colour: rgb(0.6, 0.35, 0),
    });
  return lines;
}

function drawItem(w: Writer, item: QuotePdfItem, lines: Run[], picture: PDFImage | null, m: (minor: number) => string) {
  const page = w.page,
    top = w.y;
  if (picture) page.drawImage(picture, { x: COLS.picture, y: top - PICTURE, width: PICTURE, height: PICTURE });
  else page.drawRectangle({ x: COLS.picture, y: top - PICTURE, width: PICTURE, height: PICTURE, borderColor: RULE, borderWidth: 0.6 });
  const p = item.price;
  w.draw(String(item.quantity), COLS.qty, { size: 10 }, "right");
  w.draw(p?.unit_price != null ? m(p.unit_price) : p ? "Manual quote" : "-", COLS.unit, { size: 10 }, "right");
  w.draw(p?.total != null ? m(p.total) : "-", COLS.total, { size: 10, bold: true }, "right");
  for (const line of lines) w.paragraph(line, COLS.text, TEXT_WIDTH);
  // The next item starts below the picture, unless this one ran onto a new page.
  if (w.page === page) w.y = Math.min(w.y, top - PICTURE);
  w.gap(8);
  w.rule();
  w.gap(8);
}
