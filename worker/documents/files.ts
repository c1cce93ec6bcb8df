import { documentsOfRevision, findDocument } from "../db/drawings.ts";
import type { DocumentRow } from "../db/documents.ts";
import { findOrder } from "../db/orders.ts";
import { findQuote, quoteItemsOf } from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";
import { findInvoice } from "../db/invoices.ts";
import { findShipment } from "../db/shipments.ts";
import { findSpecification } from "../db/specifications.ts";
import { findTechnicalPackage } from "../db/technical-packages.ts";
import type { Tenant } from "../db/tenants.ts";
import { SYSTEM } from "../db/viewer.ts";
import { orderConfirmationPdf } from "../orders/confirmation.ts";
import { invoicePdf } from "../orders/invoice.ts";
import { qcReportPdf } from "../production/qc-report.ts";
import { specificationPdf } from "../products/specification-pdf.ts";
import { shipmentDocument } from "../orders/shipping-documents.ts";
import { itemViews } from "../quotes/item-views.ts";
import { renderQuotePdf } from "../quotes/pdf.ts";
import { presentQuote } from "../quotes/present.ts";

export interface DocumentFile {
  body: ReadableStream | Uint8Array;
  contentType: string;
  size: number;
  filename: string;
}

/** The title a person reads for a document. */
export function documentTitle(d: Pick<DocumentRow, "type" | "number" | "revision">): string {
  const n = d.number ?? "";
  switch (d.type) {
    case "quote":
      return `Quote ${n}`;
    case "order_confirmation":
      return `Order confirmation ${n}`.trim();
    case "drawing":
      return `Drawing ${n} revision ${d.revision}`;
    case "technical_package":
      return `Technical package of quote ${n}`;
    case "packing_list":
      return `Packing list ${n}`;
    case "delivery_note":
      return `Delivery note ${n}`;
    case "specification":
      return `Specification of quote ${n}`;
    case "qc_report":
      return `QC report ${n}`.trim();
    case "invoice":
      return `Invoice ${n}`;
  }
}

/** The source row's id, from the document's `{type}.{id}`. */
const sourceOf = (d: DocumentRow) => d.id.slice(d.type.length + 1);

const pdf = (bytes: Uint8Array, name: string): DocumentFile => ({
  body: bytes,
  contentType: "application/pdf",
  size: bytes.byteLength,
  filename: `${name}.pdf`,
});

async function stored(files: R2Bucket, doc: { r2_key: string; content_type: string; ext: string } | undefined, filename: string) {
  const object = doc && (await files.get(doc.r2_key));
  return object ? { body: object.body, contentType: doc.content_type, size: object.size, filename: `${filename}.${doc.ext}` } : undefined;
}

/**
 * The bytes of a document the caller has been found to see (findVisibleDocument):
 * the same writers and stored files the resource's own routes serve, so a
 * document reads the same wherever it is downloaded from. Undefined when its
 * file is gone from storage.
 */
export async function documentFile(scope: Scope, files: R2Bucket, tenant: Tenant, d: DocumentRow): Promise<DocumentFile | undefined> {
  const name = d.number ?? d.id;
  switch (d.type) {
    case "quote": {
      const quote = (await findQuote(scope, d.quote_id!, SYSTEM))!;
      const items = await quoteItemsOf(scope, quote.id);
      return pdf(await renderQuotePdf(files, tenant, presentQuote(quote, items), await itemViews(scope, files, items, quote.price_book_version)), name);
    }
    case "order_confirmation":
      return pdf(await orderConfirmationPdf(scope, files, tenant, (await findOrder(scope, d.order_id!))!), `${name}-confirmation`);
    case "packing_list":
    case "delivery_note": {
      const shipment = (await findShipment(scope, sourceOf(d)))!;
      const kind = d.type === "packing_list" ? "packing-list" : "delivery-note";
      return pdf(await shipmentDocument(scope, files, tenant, kind, shipment, (await findOrder(scope, shipment.order_id))!), `${name}-${kind}`);
    }
    case "drawing": {
      // The PDF when the drawing was issued as one; else the first format it was issued in.
      const revision = await documentsOfRevision(scope, "drawing", d.number!, d.revision!);
      const order = ["pdf", "svg", "dxf"];
      const best = revision.sort((a, b) => order.indexOf(a.ext) - order.indexOf(b.ext))[0];
      return stored(files, best, `${name}-${d.revision}`);
    }
    case "technical_package": {
      const row = await findTechnicalPackage(scope, d.quote_id!);
      const doc = row?.pdf_document_id ? await findDocument(scope, row.pdf_document_id) : undefined;
      return stored(files, doc, `${name}-technical-package`);
    }
    case "specification": {
      const spec = (await findSpecification(scope, sourceOf(d)))!;
      const quote = (await findQuote(scope, d.quote_id!, SYSTEM))!;
      const bytes = await specificationPdf(files, tenant, spec, quote);
      return bytes && pdf(bytes, `${name}-specification`);
    }
    case "qc_report":
      return pdf(await qcReportPdf(scope, files, tenant, (await findOrder(scope, d.order_id!))!), `${name}-qc-report`);
    case "invoice": {
      const invoice = (await findInvoice(scope, sourceOf(d)))!;
      const file = await invoicePdf(scope, files, tenant, (await findOrder(scope, invoice.order_id))!, invoice);
      return { ...file, contentType: "application/pdf", filename: `${invoice.number}.pdf` };
    }
  }
}
