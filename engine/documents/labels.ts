import {
  concatTransformationMatrix,
  fill,
  PDFDocument,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
  PDFString,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingRgbColor,
  StandardFonts,
} from "pdf-lib";
import { INK, longDate, MUTED, safe } from "./pdf-writer.ts";
import { qrModules } from "./qr.ts";

/**
 * QR-coded labels (issue 13): one 100 × 50 mm page per label, the common
 * 4" × 2" thermal/shipping label that desktop label printers (Zebra,
 * Brother, Dymo 4XL) take, and what an A4 sheet of 2 × 5 sticky labels
 * holds. The QR code on the left encodes the item's staff page; on the
 * right the shop, the big human-readable id and what the item is.
 */
export interface Label {
  /** What the QR code encodes: the link that opens the item for a signed-in staff member. */
  url: string;
  /** The big id: LOT-2026-00012, MO-2026-0003, SHP-2026-0001. */
  id: string;
  /** Under the id, bold: "Package 2 of 3". */
  subtitle?: string;
  /** The facts, one per line, cut to the label's width. */
  lines: string[];
}

const MM = 72 / 25.4;
export const LABEL_SIZE: [number, number] = [100 * MM, 50 * MM];
const PAD = 3 * MM;
/** The QR symbol with its 4-module quiet zone fills the label's height less the padding. */
const QR_SIDE = LABEL_SIZE[1] - 2 * PAD;
const QUIET = 4;

/**
 * Draws the symbol as one filled path (vector, crisp at any printer's
 * resolution, no hairline seams between modules): a rectangle per horizontal
 * run of dark modules, in module units scaled onto the label. Raw operators,
 * as pdf-lib's drawRectangle per module cost ~50 ms a label.
 */
function drawQr(page: PDFPage, modules: boolean[][], x: number, y: number, side: number) {
  const n = modules.length;
  const cell = side / (n + 2 * QUIET);
  const runs: PDFOperator[] = [];
  modules.forEach((row, r) => {
    for (let c = 0; c < n; c++) {
      if (!row[c]) continue;
      let end = c;
      while (end + 1 < n && row[end + 1]) end++;
      runs.push(rectangle(c, n - 1 - r, end - c + 1, 1));
      c = end;
    }
  });
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(cell, 0, 0, cell, x + QUIET * cell, y + QUIET * cell),
    setFillingRgbColor(INK.red, INK.green, INK.blue),
    ...runs,
    fill(),
    popGraphicsState(),
  );
}

/** `text` at the largest size from `max` down to `min` that fits `width`; cut with an ellipsis when even `min` does not. */
function fitted(text: string, font: PDFFont, max: number, min: number, width: number): { text: string; size: number } {
  const t = safe(text);
  for (let size = max; size >= min; size -= 0.5) if (font.widthOfTextAtSize(t, size) <= width) return { text: t, size };
  let cut = t.length;
  while (cut > 1 && font.widthOfTextAtSize(`${t.slice(0, cut)}…`, min) > width) cut--;
  return { text: `${t.slice(0, cut)}…`, size: min };
}

/** A PDF of the labels, one per page, in order. */
export async function renderLabels(shop: string, labels: Label[], title: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${title} - ${shop}`);
  doc.setAuthor(shop);
  doc.setProducer("Fabquote");
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const textX = PAD + QR_SIDE + 2 * MM;
  const width = LABEL_SIZE[0] - textX - PAD;
  for (const label of labels) {
    const page = doc.addPage(LABEL_SIZE);
    drawQr(page, qrModules(label.url), PAD, PAD, QR_SIDE);
    // On screen the code is a link too: clicking it opens what scanning it would.
    const link = doc.context.obj({
      Type: "Annot",
      Subtype: "Link",
      Rect: [PAD, PAD, PAD + QR_SIDE, PAD + QR_SIDE],
      Border: [0, 0, 0],
      A: { Type: "Action", S: "URI", URI: PDFString.of(label.url) },
    });
    page.node.addAnnot(doc.context.register(link));
    let y = LABEL_SIZE[1] - PAD;
    const line = (text: string, f: PDFFont, max: number, min: number, colour = INK, gap = 2) => {
      const fit = fitted(text, f, max, min, width);
      y -= fit.size;
      page.drawText(fit.text, { x: textX, y, size: fit.size, font: f, color: colour });
      y -= gap;
    };
    line(shop, font, 7, 6, MUTED, 4);
    line(label.id, bold, 17, 9, INK, 3);
    if (label.subtitle) line(label.subtitle, bold, 11, 8, INK, 4);
    for (const fact of label.lines) {
      if (y - 8 < PAD) break;
      line(fact, font, 8, 6.5);
    }
  }
  return doc.save();
}

const quantity = (q: number, unit: string) => `${Number(q.toFixed(3))} ${unit}`;

export interface LotLabelInput {
  lot_number: string;
  material: string;
  quantity: number;
  unit: string;
  supplier: string | null;
  supplier_lot: string | null;
  received_at: string;
  expires_at: string | null;
}

export const lotLabel = (lot: LotLabelInput, url: string): Label => ({
  url,
  id: lot.lot_number,
  lines: [
    lot.material,
    quantity(lot.quantity, lot.unit),
    ...(lot.supplier ? [`Supplier: ${lot.supplier}${lot.supplier_lot ? `, lot ${lot.supplier_lot}` : ""}`] : []),
    `Received: ${longDate(lot.received_at)}`,
    ...(lot.expires_at ? [`Expires: ${longDate(lot.expires_at)}`] : []),
  ],
});

export interface ManufacturingOrderLabelInput {
  number: string;
  order_number: string | null;
  product: string;
  quantity: number;
  due_at: string;
}

export const manufacturingOrderLabel = (mo: ManufacturingOrderLabelInput, url: string): Label => ({
  url,
  id: mo.number,
  lines: [mo.product, `Quantity: ${mo.quantity}`, ...(mo.order_number ? [`Order: ${mo.order_number}`] : []), `Due: ${longDate(mo.due_at)}`],
});

export interface ShipmentLabelInput {
  number: string;
  order_number: string | null;
  customer: string;
  shipped_at: string;
  packages: { contents: { manufacturing_order_id: string; quantity: number }[]; length_mm: number; width_mm: number; height_mm: number; weight_kg: number }[];
}

/** One label per package, each its own code (the shipment's page, the package as its fragment); `numbers` names each MO a package holds. */
export const packageLabels = (shipment: ShipmentLabelInput, numbers: Map<string, string>, url: string): Label[] =>
  shipment.packages.map((p, i) => ({
    url: `${url}#package-${i + 1}`,
    id: shipment.number,
    subtitle: `Package ${i + 1} of ${shipment.packages.length}`,
    lines: [
      shipment.customer,
      ...(shipment.order_number ? [`Order: ${shipment.order_number}`] : []),
      `${p.length_mm} × ${p.width_mm} × ${p.height_mm} mm, ${p.weight_kg} kg`,
      `Holds: ${p.contents.map((c) => `${c.quantity} × ${numbers.get(c.manufacturing_order_id) ?? c.manufacturing_order_id}`).join(", ")}`,
      `Shipped: ${longDate(shipment.shipped_at)}`,
    ],
  }));
