import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFImage, type PDFPage, type RGB } from "pdf-lib";
import { percent, unitPriceNote, type DescribedField } from "./describe.ts";

/** The seller as the quote names it: its legal identity is what makes the quote binding. */
export interface QuoteSeller {
  /** The storefront's name, in the heading. */
  name: string;
  /** The registered company name; the storefront's name when the shop has not set one. */
  legal_name: string;
  address: string[];
  vat_id: string | null;
  primary_color: string;
}

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
  } | null;
  size_mm: number[] | null;
}

/** What the quote PDF shows; the API's quote view carries all of it. */
export interface QuotePdfInput {
  shop: QuoteSeller;
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
    totals: { items_total?: number; minimum_order_surcharge?: number; net_total?: number; tax?: { label: string; rate?: number; amount: number; inclusive: boolean }; gross_total?: number; lead_time_days?: number } | null;
    items: QuotePdfItem[];
  };
  terms: string;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 44;
const RIGHT = A4[0] - MARGIN;
const PICTURE = 60;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.42, 0.42, 0.45);
const RULE = rgb(0.82, 0.83, 0.86);
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The standard PDF fonts speak WinAnsi: keep what it has, spell out the rest. */
const safe = (s: string) =>
  s
    .replace(/≤/g, "<=")
    .replace(/≥/g, ">=")
    .replace(/−/g, "-")
    .replace(/\u202f|\u2009/g, " ")
    .replace(/[^\x20-\x7e\xa0-\xff€–—•‘’“”…]/g, "?");

export function money(minor: number, currency: string): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const units = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  // A no-break space keeps the currency on the amount's line when text wraps.
  return `${sign}${currency}\u00a0${units}.${String(abs % 100).padStart(2, "0")}`;
}

/** "2026-12-05T…" → "5 December 2026" (one spelling, whatever the reader's locale). */
export function longDate(iso: string | null): string {
  const m = iso && /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : "-";
}

const hexColour = (hex: string) => {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? rgb(parseInt(m[1], 16) / 255, parseInt(m[2], 16) / 255, parseInt(m[3], 16) / 255) : rgb(0.12, 0.43, 0.92);
};

/**
 * Breaks text into lines no wider than `width`. A word longer than a line (a
 * long file name) continues the line it starts on and is split, after a `-`,
 * `_` or `.` where one falls near the end of the line.
 */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  for (const paragraph of safe(text).split("\n")) {
    let line = "";
    for (const word of paragraph.split(/[ \t]+/).filter(Boolean)) {
      let rest = line ? ` ${word}` : word;
      if (fits(line + rest)) {
        line += rest;
        continue;
      }
      if (fits(word)) {
        lines.push(line);
        line = word;
        continue;
      }
      while (!fits(line + rest)) {
        let cut = rest.length - 1;
        while (cut > 1 && !fits(line + rest.slice(0, cut))) cut--;
        const soft = Math.max(rest.lastIndexOf("-", cut - 1), rest.lastIndexOf("_", cut - 1), rest.lastIndexOf(".", cut - 1));
        if (soft >= cut * 0.6) cut = soft + 1;
        lines.push((line + rest.slice(0, cut)).trimEnd());
        line = "";
        rest = rest.slice(cut).trimStart();
      }
      line += rest;
    }
    lines.push(line);
  }
  return lines;
}

interface Run {
  text: string;
  size: number;
  bold?: boolean;
  colour?: RGB;
}

/** A paginating writer: blocks flow down the page and continue on a new one. */
class Writer {
  page!: PDFPage;
  y = 0;
  readonly pages: PDFPage[] = [];
  readonly doc: PDFDocument;
  readonly font: PDFFont;
  readonly bold: PDFFont;
  constructor(doc: PDFDocument, font: PDFFont, bold: PDFFont) {
    this.doc = doc;
    this.font = font;
    this.bold = bold;
    this.newPage();
  }
  newPage() {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    this.y = A4[1] - MARGIN;
  }
  /** Starts a new page unless `height` still fits on this one. */
  need(height: number) {
    if (this.y - height < MARGIN + 16) this.newPage();
  }
  fontOf(run: Pick<Run, "bold">) {
    return run.bold ? this.bold : this.font;
  }
  /** Wrapped lines of `run` within [x, x + width], each moving down a line. */
  paragraph(run: Run, x = MARGIN, width = RIGHT - MARGIN) {
    for (const line of wrap(run.text, this.fontOf(run), run.size, width)) {
      this.need(run.size + 3);
      this.draw(line, x, run);
      this.y -= run.size + 3;
    }
  }
  draw(text: string, x: number, run: Omit<Run, "text">, align: "left" | "right" = "left") {
    const f = this.fontOf(run);
    const t = safe(text);
    const w = align === "right" ? f.widthOfTextAtSize(t, run.size) : 0;
    this.page.drawText(t, { x: x - w, y: this.y - run.size, size: run.size, font: f, color: run.colour ?? INK });
  }
  rule(colour = RULE) {
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: RIGHT, y: this.y }, thickness: 0.6, color: colour });
  }
  gap(h = 8) {
    this.y -= h;
  }
}

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
  const brand = hexColour(shop.primary_color);

  // Heading: the shop on the left, its legal identity on the right.
  const top = w.y;
  w.paragraph({ text: shop.name, size: 18, bold: true, colour: brand }, MARGIN, 260);
  w.paragraph({ text: `Quote ${quote.number}`, size: 14, bold: true }, MARGIN, 260);
  if (quote.revision > 1) w.paragraph({ text: `Revision ${quote.revision}`, size: 10, colour: MUTED }, MARGIN, 260);
  const leftBottom = w.y;
  w.y = top;
  for (const [i, line] of [shop.legal_name, ...shop.address, ...(shop.vat_id ? [`VAT ID: ${shop.vat_id}`] : [])].entries()) {
    w.draw(line, RIGHT, { size: i === 0 ? 10 : 9, bold: i === 0 }, "right");
    w.y -= i === 0 ? 13 : 12;
  }
  w.y = Math.min(w.y, leftBottom) - 10;

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
    line("Net total", t.net_total, true);
    if (t.tax) line(`${t.tax.label}${t.tax.rate !== undefined ? ` ${percent(t.tax.rate)}` : ""}${t.tax.inclusive ? " (included)" : ""}`, t.tax.amount);
    line(`Total${t.tax && !t.tax.inclusive ? ` incl. ${t.tax.label}` : ""}`, t.gross_total, true);
    if (t.lead_time_days !== undefined) w.paragraph({ text: `Lead time: ${t.lead_time_days} working days from order.`, size: 9, colour: MUTED }, COLS.qty - 60, RIGHT - COLS.qty + 60);
  } else {
    w.paragraph({ text: "Totals follow once every item is priced.", size: 10 });
  }
  w.gap(10);
  w.paragraph({ text: `This quote is valid until ${longDate(quote.valid_until)}.`, size: 10, bold: true });
  w.gap(8);
  w.paragraph({ text: "Terms", size: 10, bold: true });
  for (const para of input.terms.split("\n")) w.paragraph({ text: para, size: 8.5 });

  // Footer on every page, once the page count is known.
  const footer = [shop.legal_name, ...shop.address, shop.vat_id ? `VAT ID ${shop.vat_id}` : null].filter(Boolean).join(" · ");
  w.pages.forEach((page, i) => {
    page.drawRectangle({ x: 0, y: A4[1] - 6, width: A4[0], height: 6, color: brand });
    const right = safe(`Quote ${quote.number} rev. ${quote.revision} · page ${i + 1} of ${w.pages.length}`);
    page.drawText(right, { x: RIGHT - font.widthOfTextAtSize(right, 7.5), y: 22, size: 7.5, font, color: MUTED });
    const left = wrap(footer, font, 7.5, RIGHT - MARGIN - font.widthOfTextAtSize(right, 7.5) - 16)[0];
    page.drawText(left, { x: MARGIN, y: 22, size: 7.5, font, color: MUTED });
  });
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
  if (p && p.unit_price === null) lines.push({ text: "Manual quote: this item cannot be made as it is; the shop checks it and prices it by hand.", size: 8.5, colour: rgb(0.6, 0.35, 0) });
  if (p?.manual) lines.push({ text: `Price set by the shop${p.manual.customer_note ? `: ${p.manual.customer_note}` : "."}`, size: 8.5 });
  for (const f of p?.dfm ?? []) {
    // A finding the shop priced by hand has been checked by it: no longer the buyer's to fix.
    const label = f.severity === "error" ? (p?.manual ? "Checked by the shop" : "Must fix") : f.severity === "warning" ? "Check" : "Note";
    lines.push({ text: `${label}: ${f.message}`, size: 8.5, colour: f.severity === "error" && !p?.manual ? rgb(0.75, 0.1, 0.1) : rgb(0.5, 0.4, 0) });
  }
  if (!p) lines.push({ text: item.status === "error" ? "Not priced: the shop will quote this item by hand." : "Being priced by the shop.", size: 8.5, colour: rgb(0.6, 0.35, 0) });
  return lines;
}

function drawItem(w: Writer, item: QuotePdfItem, lines: Run[], picture: PDFImage | null, m: (minor: number) => string) {
  const page = w.page, top = w.y;
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
