import { PDFDocument, StandardFonts } from "pdf-lib";
import type { CheckResult, OverallStatus } from "../production/qc.ts";
import { facts } from "./order-confirmation.ts";
import { INK, longDate, MARGIN, MUTED, pageFooters, RIGHT, type Seller, sellerHeading, Writer } from "./pdf-writer.ts";

export interface QcReportInput {
  shop: Seller;
  order: { number: string | null; quote_number: string };
  /** When the report was drawn: it states the records as they stood then. */
  generated_at: string;
  manufacturing_orders: {
    number: string;
    label: string;
    quantity: number;
    checkpoints: {
      stage: string;
      inspector_name: string;
      recorded_at: string;
      overall_status: OverallStatus;
      photos: number;
      checks: Pick<CheckResult, "description" | "status" | "measurement" | "tolerance" | "out_of_tolerance" | "notes">[];
    }[];
  }[];
}

const STATUS: Record<OverallStatus, string> = { pass: "Pass", conditional_pass: "Conditional pass", fail: "Fail" };
const COL_MEASURED = RIGHT - 180;
const COL_TOLERANCE = RIGHT - 90;

/** "2026-12-05T14:03:…" → "5 December 2026, 14:03 UTC". */
const when = (iso: string) => `${longDate(iso)}, ${iso.slice(11, 16)} UTC`;

/**
 * An order's QC report (issue 14, decision 70): per manufacturing order, every
 * checkpoint recorded on it — stage, result, inspector and time, photos taken —
 * and each check with its measurement against its tolerance and the
 * inspector's note.
 */
export async function renderQcReport(input: QcReportInput): Promise<Uint8Array> {
  const { shop, order } = input;
  const title = `QC report ${order.number ?? order.quote_number}`;
  const doc = await PDFDocument.create();
  doc.setTitle(`${title} - ${shop.legal_name}`);
  doc.setAuthor(shop.legal_name);
  doc.setProducer("Fabquote");
  const w = new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  await sellerHeading(w, shop, [{ text: title, size: 14, bold: true }]);
  facts(w, [
    ["Order", order.number ?? "-"],
    ["Quote", order.quote_number],
    ["As of", when(input.generated_at)],
  ]);

  for (const mo of input.manufacturing_orders) {
    w.gap(6);
    w.need(60);
    w.paragraph({ text: `${mo.number}: ${mo.label} (${mo.quantity})`, size: 12, bold: true });
    w.rule(INK);
    w.gap(6);
    for (const cp of mo.checkpoints) {
      w.need(50);
      w.paragraph({ text: `${cp.stage}: ${STATUS[cp.overall_status]}`, size: 10, bold: true });
      const photos = cp.photos === 1 ? "1 photo" : `${cp.photos} photos`;
      w.paragraph({ text: `Inspected by ${cp.inspector_name}, ${when(cp.recorded_at)}; ${photos}`, size: 9, colour: MUTED });
      w.gap(3);
      w.draw("Check", MARGIN, { size: 8, bold: true });
      w.draw("Measured", COL_MEASURED, { size: 8, bold: true }, "right");
      w.draw("Tolerance", COL_TOLERANCE, { size: 8, bold: true }, "right");
      w.draw("Result", RIGHT, { size: 8, bold: true }, "right");
      w.y -= 11;
      for (const check of cp.checks) {
        const top = w.y;
        w.paragraph({ text: check.description, size: 9 }, MARGIN, COL_MEASURED - MARGIN - 60);
        if (check.notes) w.paragraph({ text: `Note: ${check.notes}`, size: 8, colour: MUTED }, MARGIN + 8, COL_MEASURED - MARGIN - 68);
        const after = w.y;
        w.y = top;
        w.draw(check.measurement ?? "-", COL_MEASURED, { size: 9 }, "right");
        w.draw(check.tolerance ?? "-", COL_TOLERANCE, { size: 9 }, "right");
        const result = check.status === "pass" ? "Pass" : check.out_of_tolerance ? "Fail (out of tolerance)" : "Fail";
        w.draw(result, RIGHT, { size: 9, bold: check.status === "fail" }, "right");
        w.y = after;
        w.gap(3);
      }
      w.gap(4);
      w.rule();
      w.gap(6);
    }
  }
  pageFooters(w, shop, title);
  return doc.save();
}
