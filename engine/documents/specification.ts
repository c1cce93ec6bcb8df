import { PDFDocument, StandardFonts } from "pdf-lib";
import type { Datasheet } from "./datasheet.ts";
import { datasheetSections } from "./datasheet-sections.ts";
import { facts } from "./order-confirmation.ts";
import { INK, longDate, MARGIN, MUTED, pageFooters, type Run, type Seller, sellerHeading, Writer } from "./pdf-writer.ts";

export interface SpecificationPdfInput {
  shop: Seller;
  quote: { number: string; revision: number };
  generated_at: string;
  items: { name: string; quantity: number; datasheet: Datasheet | null }[];
}

/**
 * A specification as its company reads it (issue 14, decision 70): each
 * configured item's datasheet, the same sections the technical package
 * prints. The shop's production records in the specification (bill of
 * materials, cutting list, QC checklist) stay in the shop.
 */
export async function renderSpecificationPdf(input: SpecificationPdfInput): Promise<Uint8Array> {
  const { shop, quote } = input;
  const title = `Specification of quote ${quote.number}`;
  const doc = await PDFDocument.create();
  doc.setTitle(`${title} - ${shop.legal_name}`);
  doc.setAuthor(shop.legal_name);
  doc.setProducer("Fabquote");
  const w = new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  await sellerHeading(w, shop, [{ text: title, size: 14, bold: true }]);
  facts(w, [
    ["Quote", quote.revision > 1 ? `${quote.number}, revision ${quote.revision}` : quote.number],
    ["Issued", longDate(input.generated_at)],
  ]);
  const pen = {
    say: (run: Run) => w.paragraph(run),
    pair: (label: string, value: string) => {
      w.need(13);
      w.draw(label, MARGIN, { size: 9, colour: MUTED });
      w.paragraph({ text: value, size: 9 }, MARGIN + 170, 300);
    },
    heading: (text: string) => {
      w.gap(6);
      w.need(40);
      w.paragraph({ text, size: 11, bold: true, colour: INK });
      w.rule();
      w.gap(4);
    },
  };
  input.items.forEach((item, i) => {
    w.gap(10);
    w.need(80);
    w.paragraph({ text: `Item ${i + 1}: ${item.datasheet?.title ?? item.name}`, size: 13, bold: true });
    if (item.datasheet) datasheetSections(item.datasheet, pen);
    else w.paragraph({ text: `Quantity ${item.quantity}. Its datasheet was not recorded with this specification.`, size: 9, colour: MUTED });
  });
  pageFooters(w, shop, title);
  return doc.save();
}
