import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";

/** What the quote PDF shows; the API's quote view carries all of it. */
export interface QuotePdfInput {
  shop: { name: string; primary_color: string };
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
    totals: { items_total?: number; minimum_order_surcharge?: number; net_total?: number; tax?: { label: string; amount: number; inclusive: boolean }; gross_total?: number; lead_time_days?: number } | null;
    items: {
      position: number;
      /** The part's file name or the configured product's name. */
      label: string;
      /** A PNG picture of the part or product, drawn beside its line. */
      picture: Uint8Array | null;
      status: string;
      options: Record<string, unknown>;
      price: { unit_price: number | null; total: number | null; quantity: number; lead_time?: { label: string; days: number }; breakdown: { label: string; amount: number }[]; dfm: { severity: string; message: string }[] } | null;
      size_mm: [number, number, number] | [number, number] | null;
    }[];
  };
  terms: string;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const PICTURE = 64;

/** Standard PDF fonts speak WinAnsi only: replace what they cannot draw. */
const safe = (s: string) =>
  s
    .replace(/[≤]/g, "<=")
    .replace(/[≥]/g, ">=")
    .replace(/[²]/g, "2")
    .replace(/[³]/g, "3")
    .replace(/[×]/g, "x")
    .replace(/[–—]/g, "-")
    .replace(/[^\x20-\x7e\xa0-\xff€]/g, "?");

export function money(minor: number, currency: string): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const units = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${currency} ${units}.${String(abs % 100).padStart(2, "0")}`;
}

const hexColour = (hex: string) => {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? rgb(parseInt(m[1], 16) / 255, parseInt(m[2], 16) / 255, parseInt(m[3], 16) / 255) : rgb(0.12, 0.43, 0.92);
};

/** A paginating writer: lines flow down the page and continue on a new one. */
class Writer {
  page!: PDFPage;
  y = 0;
  readonly doc: PDFDocument;
  readonly font: PDFFont;
  readonly bold: PDFFont;
  readonly footer: string;
  constructor(doc: PDFDocument, font: PDFFont, bold: PDFFont, footer: string) {
    this.doc = doc;
    this.font = font;
    this.bold = bold;
    this.footer = footer;
    this.newPage();
  }
  newPage() {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
    this.page.drawText(safe(this.footer), { x: MARGIN, y: 24, size: 8, font: this.font, color: rgb(0.45, 0.45, 0.45) });
  }
  need(height: number) {
    if (this.y - height < MARGIN) this.newPage();
  }
  text(s: string, opts: { size?: number; bold?: boolean; x?: number; colour?: ReturnType<typeof rgb> } = {}) {
    const size = opts.size ?? 10;
    this.need(size + 4);
    this.page.drawText(safe(s), { x: opts.x ?? MARGIN, y: this.y - size, size, font: opts.bold ? this.bold : this.font, color: opts.colour ?? rgb(0.1, 0.1, 0.12) });
    this.y -= size + 4;
  }
  row(cells: [string, number, "left" | "right"][], size = 9, bold = false) {
    this.need(size + 4);
    const f = bold ? this.bold : this.font;
    for (const [s, x, align] of cells) {
      const t = safe(s);
      const w = align === "right" ? f.widthOfTextAtSize(t, size) : 0;
      this.page.drawText(t, { x: x - w, y: this.y - size, size, font: f, color: rgb(0.1, 0.1, 0.12) });
    }
    this.y -= size + 5;
  }
  gap(h = 8) {
    this.y -= h;
  }
}

/** The customer-facing quote: items, their breakdowns and DFM notes, totals, validity and terms. */
export async function renderQuotePdf(input: QuotePdfInput): Promise<Uint8Array> {
  const { shop, quote } = input;
  const doc = await PDFDocument.create();
  doc.setTitle(`${quote.number} — ${shop.name}`);
  doc.setProducer("Fabquote");
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const w = new Writer(doc, font, bold, `${shop.name} · Quote ${quote.number} rev. ${quote.revision} · price book v${quote.price_book_version}`);
  const brand = hexColour(shop.primary_color);
  w.page.drawRectangle({ x: 0, y: A4[1] - 8, width: A4[0], height: 8, color: brand });

  w.text(shop.name, { size: 18, bold: true, colour: brand });
  w.text(`Quote ${quote.number}  (revision ${quote.revision})`, { size: 14, bold: true });
  if (quote.title) w.text(quote.title, { size: 11 });
  w.text(`Date: ${quote.created_at?.slice(0, 10) ?? "-"}    Valid until: ${quote.valid_until?.slice(0, 10) ?? "-"}    Status: ${quote.status}`);
  if (quote.contact_email) w.text(`For: ${quote.contact_email}`);
  if (quote.review_required) w.text("This quote is being reviewed by the shop before it can be accepted.", { colour: rgb(0.6, 0.35, 0) });
  w.gap();

  const cols = { part: MARGIN, spec: MARGIN + 170, qty: 400, unit: 470, total: A4[0] - MARGIN };
  w.row([["Part", cols.part, "left"], ["Process / material", cols.spec, "left"], ["Qty", cols.qty, "right"], ["Unit", cols.unit, "right"], ["Total", cols.total, "right"]], 9, true);
  for (const item of quote.items) {
    const o = item.options;
    const spec = [o.process, o.material, o.finish].filter(Boolean).join(" / ");
    const p = item.price;
    const picture = item.picture ? await doc.embedPng(item.picture) : null;
    if (picture) w.need(PICTURE + 4);
    const page = w.page, top = w.y;
    if (picture) page.drawImage(picture, { x: cols.part, y: top - PICTURE, width: PICTURE, height: PICTURE });
    // Beside a picture the part's name starts after it and is cut shorter.
    const partX = picture ? cols.part + PICTURE + 6 : cols.part;
    w.row([
      [`${item.position + 1}. ${item.label}`.slice(0, picture ? 22 : 34), partX, "left"],
      [String(spec).slice(0, 40), cols.spec, "left"],
      [String(o.quantity), cols.qty, "right"],
      // A blocked item (engine/pricing/blockers.ts) has a null price: the shop quotes it by hand.
      [p?.unit_price != null ? money(p.unit_price, quote.currency) : p ? "Manual quote" : item.status, cols.unit, "right"],
      [p?.total != null ? money(p.total, quote.currency) : "-", cols.total, "right"],
    ]);
    if (item.size_mm) w.text(`Size: ${item.size_mm.map((v) => v.toFixed(1)).join(" x ")} mm`, { size: 8, x: partX + 12 });
    if (p?.lead_time) w.text(`Lead time: ${p.lead_time.label} (${p.lead_time.days} days)`, { size: 8, x: partX + 12 });
    for (const line of p?.breakdown ?? []) w.row([[line.label, cols.spec, "left"], [money(line.amount, quote.currency), cols.unit, "right"]], 8);
    for (const f of p?.dfm ?? []) w.text(`${f.severity.toUpperCase()}: ${f.message}`, { size: 8, x: partX + 12, colour: f.severity === "error" ? rgb(0.75, 0.1, 0.1) : rgb(0.5, 0.4, 0) });
    // The next line starts below the picture, unless the item already ran onto a new page.
    if (picture && w.page === page) w.y = Math.min(w.y, top - PICTURE - 4);
    w.gap(4);
  }
  w.gap();
  const t = quote.totals;
  if (t) {
    const line = (label: string, v: number | undefined, b = false) => v !== undefined && w.row([[label, cols.qty, "left"], [money(v, quote.currency), cols.total, "right"]], 10, b);
    line("Items", t.items_total);
    if (t.minimum_order_surcharge) line("Minimum order surcharge", t.minimum_order_surcharge);
    line("Net total", t.net_total, true);
    if (t.tax) line(`${t.tax.label}${t.tax.inclusive ? " (included)" : ""}`, t.tax.amount);
    line("Total", t.gross_total, true);
    if (t.lead_time_days !== undefined) w.text(`Lead time: ${t.lead_time_days} working days from order.`, { x: cols.qty });
  } else {
    w.text("Totals follow once every part is priced.");
  }
  w.gap(16);
  w.text("Terms", { bold: true });
  for (const para of input.terms.split("\n")) w.text(para, { size: 8 });
  return doc.save();
}
