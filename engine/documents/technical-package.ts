/**
 * The technical package of a quote: one PDF/A-2b (cover, per configured item
 * its datasheet followed by its drawing sheets, the bill of materials, lead
 * time and terms) and a ZIP of the sheets' DXFs. One library (pdf-lib), one
 * font (the drawings' lettering, embedded as a subset, as PDF/A requires of
 * every font), and the drawing sheets drawn by the drawings' own PDF writer.
 */
import { strToU8, zipSync } from "fflate";
import { PDFDocument } from "pdf-lib";
import type { DrawingSheet } from "../drawings/model.ts";
import { sheetToDxf } from "../drawings/writers/dxf.ts";
import { addSheetPage, embedLettering, savePdfA } from "../drawings/writers/pdf.ts";
import type { Datasheet } from "./datasheet.ts";
import { datasheetSections } from "./datasheet-sections.ts";
import { INK, longDate, MARGIN, MUTED, type Run, Writer } from "./pdf-writer.ts";

export interface PackageItem {
  position: number;
  datasheet: Datasheet;
  sheets: DrawingSheet[];
}

export interface BomRow {
  code: string;
  description: string;
  quantity: number;
  unit: string;
}

export interface TechnicalPackageInput {
  legal_name: string;
  quote_number: string;
  revision: number;
  project_reference: string | null;
  /** YYYY-MM-DD: printed, and the PDF's dates, so the same input gives the same bytes. */
  date: string;
  items: PackageItem[];
  /** The bill of materials of the whole quote (quantities × units). */
  bom: BomRow[];
  lead_time_days: number | null;
  terms: string;
}

const fmt = (x: number) => String(Math.round(x * 1000) / 1000);

export async function renderTechnicalPackage(input: TechnicalPackageInput, assets: { font: Uint8Array }): Promise<{ pdf: Uint8Array; zip: Uint8Array }> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await embedLettering(doc, assets.font);
  const used: string[] = [];
  const w = new Writer(doc, font, font);
  const say = (run: Run, x?: number, width?: number) => {
    used.push(run.text);
    w.paragraph(run, x, width);
  };
  const pair = (label: string, value: string) => {
    used.push(label, value);
    w.need(13);
    w.draw(label, MARGIN, { size: 9, colour: MUTED });
    w.draw(value, MARGIN + 170, { size: 9 });
    w.y -= 13;
  };
  const heading = (text: string) => {
    w.gap(8);
    w.need(40);
    say({ text, size: 12, colour: INK });
    w.rule();
    w.gap(4);
  };

  // Cover.
  w.gap(120);
  say({ text: input.legal_name, size: 22 });
  w.gap(16);
  say({ text: "Technical package", size: 16 });
  say({ text: `Quote ${input.quote_number}${input.revision > 1 ? `, revision ${input.revision}` : ""}`, size: 13 });
  if (input.project_reference) say({ text: `Project: ${input.project_reference}`, size: 13 });
  say({ text: longDate(input.date), size: 11, colour: MUTED });
  w.gap(24);
  for (const item of input.items) say({ text: `${item.position}. ${item.datasheet.title} × ${item.datasheet.quantity}`, size: 10 });

  for (const item of input.items) {
    const d = item.datasheet;
    w.newPage();
    say({ text: `Item ${item.position}: ${d.title}`, size: 15 });
    datasheetSections(d, { say, pair, heading });
    for (const sheet of item.sheets) used.push(...addSheetPage(doc, font, sheet).map((t) => t.text));
    // The writer continues on a fresh A4 page after the sheets.
    if (item.sheets.length) w.newPage();
  }

  if (!input.items.length || input.items.at(-1)!.sheets.length === 0) w.newPage();
  say({ text: "Bill of materials", size: 15 });
  w.gap(4);
  for (const b of input.bom) pair(b.code, `${fmt(b.quantity)} ${b.unit}  ${b.description}`);
  heading("Lead time");
  say({ text: input.lead_time_days === null ? "Agreed on order." : `${input.lead_time_days} working days from order.`, size: 10 });
  heading("Terms");
  for (const p of input.terms.split("\n")) say({ text: p, size: 9 });

  const pdf = await savePdfA(doc, font, used.join(""), {
    title: `Technical package ${input.quote_number} rev. ${input.revision}`,
    author: input.legal_name,
    subject: input.project_reference ?? `Quote ${input.quote_number}`,
    date: input.date,
    language: "en",
    id: `${input.legal_name}|${input.quote_number}|${input.revision}|package`,
  });
  // mtime fixed: the same sheets give the same ZIP.
  const mtime = new Date(`${input.date}T00:00:00Z`);
  const dxfs = Object.fromEntries(
    input.items.flatMap((i) => i.sheets.map((s) => [`${s.title_block.drawing_number}.dxf`, [strToU8(sheetToDxf(s)), { mtime }] as const])),
  );
  return { pdf, zip: zipSync(dxfs as Parameters<typeof zipSync>[0], { level: 6 }) };
}
