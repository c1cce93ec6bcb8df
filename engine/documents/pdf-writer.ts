import { rgb, type PDFDocument, type PDFFont, type PDFPage, type RGB } from "pdf-lib";

/**
 * What the customer-facing PDFs share (quotes, packing lists, delivery
 * notes): A4 with one margin, the standard fonts' character set, money and
 * dates spelt one way, and a writer that flows text down pages.
 */
export const A4: [number, number] = [595.28, 841.89];
export const MARGIN = 44;
export const RIGHT = A4[0] - MARGIN;
export const INK = rgb(0.1, 0.1, 0.12);
export const MUTED = rgb(0.42, 0.42, 0.45);
export const RULE = rgb(0.82, 0.83, 0.86);
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The standard PDF fonts speak WinAnsi: keep what it has, spell out the rest. */
export const safe = (s: string) =>
  s
    .replace(/≤/g, "<=")
    .replace(/≥/g, ">=")
    .replace(/−/g, "-")
    .replace(/μ/g, "µ") // Greek mu, as a micrometre is often typed: WinAnsi has the micro sign
    .replace(/\u202f|\u2009/g, " ")
    .replace(/[^\x20-\x7e\xa0-\xff€–—•‘’“”…]/g, "?");

export function money(minor: number, currency: string): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const units = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  // A no-break space keeps the currency on the amount's line when text wraps.
  return `${sign}${currency}\u00a0${units}.${String(abs % 100).padStart(2, "0")}`;
}

/** "2026-12-05T…" → "5 December 2026" (one spelling, whatever the reader's locale). */
export function longDate(iso: string | null): string {
  const m = iso && /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : "-";
}

export const hexColour = (hex: string) => {
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

export interface Run {
  text: string;
  size: number;
  bold?: boolean;
  colour?: RGB;
}

/** A paginating writer: blocks flow down the page and continue on a new one. */
export class Writer {
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

/** The seller as its documents name it: its legal identity is what makes a quote binding. */
export interface Seller {
  /** The storefront's name, in the heading. */
  name: string;
  /** The registered company name; the storefront's name when the shop has not set one. */
  legal_name: string;
  address: string[];
  vat_id: string | null;
  primary_color: string;
  /** The shop's logo (PNG or JPEG bytes), drawn above its name; absent or null without one. */
  logo?: { bytes: Uint8Array; type: "image/png" | "image/jpeg" } | null;
}

/** The logo's box in the heading, in points: as tall as two lines of the name, never wider than the left column. */
const LOGO_BOX = { width: 160, height: 40 };

/** The heading of a document: the shop (its logo, when it has one) and the document's title on the left, its legal identity on the right. */
export async function sellerHeading(w: Writer, shop: Seller, titles: Run[]) {
  const top = w.y;
  if (shop.logo) {
    const image = shop.logo.type === "image/png" ? await w.doc.embedPng(shop.logo.bytes) : await w.doc.embedJpg(shop.logo.bytes);
    const { width, height } = image.scaleToFit(LOGO_BOX.width, LOGO_BOX.height);
    w.page.drawImage(image, { x: MARGIN, y: w.y - height, width, height });
    w.y -= height + 8;
  }
  w.paragraph({ text: shop.name, size: 18, bold: true, colour: hexColour(shop.primary_color) }, MARGIN, 260);
  for (const title of titles) w.paragraph(title, MARGIN, 260);
  const leftBottom = w.y;
  w.y = top;
  for (const [i, line] of [shop.legal_name, ...shop.address, ...(shop.vat_id ? [`VAT ID: ${shop.vat_id}`] : [])].entries()) {
    w.draw(line, RIGHT, { size: i === 0 ? 10 : 9, bold: i === 0 }, "right");
    w.y -= i === 0 ? 13 : 12;
  }
  w.y = Math.min(w.y, leftBottom) - 10;
}

/** The brand stripe and a footer on every page, once the page count is known: the seller on the left, `label` and the page on the right. */
export function pageFooters(w: Writer, shop: Seller, label: string) {
  const footer = [shop.legal_name, ...shop.address, shop.vat_id ? `VAT ID ${shop.vat_id}` : null].filter(Boolean).join(" · ");
  const font = w.font;
  w.pages.forEach((page, i) => {
    page.drawRectangle({ x: 0, y: A4[1] - 6, width: A4[0], height: 6, color: hexColour(shop.primary_color) });
    const right = safe(`${label} · page ${i + 1} of ${w.pages.length}`);
    page.drawText(right, { x: RIGHT - font.widthOfTextAtSize(right, 7.5), y: 22, size: 7.5, font, color: MUTED });
    const left = wrap(footer, font, 7.5, RIGHT - MARGIN - font.widthOfTextAtSize(right, 7.5) - 16)[0];
    page.drawText(left, { x: MARGIN, y: 22, size: 7.5, font, color: MUTED });
  });
}
