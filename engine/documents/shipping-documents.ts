import { PDFDocument, StandardFonts } from "pdf-lib";
import { INK, longDate, MARGIN, MUTED, pageFooters, RIGHT, RULE, type Seller, sellerHeading, Writer } from "./pdf-writer.ts";

export type ShippingDocumentKind = "packing-list" | "delivery-note";

export interface ShippingDocumentInput {
  shop: Seller;
  shipment: {
    number: string;
    carrier: string;
    tracking_number: string | null;
    shipped_at: string;
    packages: { contents: { manufacturing_order_id: string; quantity: number }[]; length_mm: number; width_mm: number; height_mm: number; weight_kg: number }[];
  };
  order: { number: string | null; po_number: string | null };
  customer: { name: string; address: string[] };
  /** Each manufacturing order shipped: its number, what it makes, and how many of it this shipment carries. */
  /** `serials`: the units of the MO this shipment carries, in order (packages take them in package order). */
  lines: { manufacturing_order_id: string; number: string; description: string; quantity: number; serials: string[] }[];
}

const TITLES: Record<ShippingDocumentKind, string> = { "packing-list": "Packing list", "delivery-note": "Delivery note" };
const COL_QTY = RIGHT;

/**
 * The papers that travel with a shipment (issue 13): the packing list says
 * what is in each package; the delivery note lists what was delivered and
 * has the box the receiver signs. Both on the shop's letterhead with the
 * order's and the customer's references.
 */
export async function renderShippingDocument(kind: ShippingDocumentKind, input: ShippingDocumentInput): Promise<Uint8Array> {
  const { shop, shipment, order } = input;
  const title = `${TITLES[kind]} ${shipment.number}`;
  const doc = await PDFDocument.create();
  doc.setTitle(`${title} - ${shop.legal_name}`);
  doc.setAuthor(shop.legal_name);
  doc.setProducer("Fabquote");
  const w = new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  await sellerHeading(w, shop, [{ text: title, size: 14, bold: true }]);

  const facts: [string, string][] = [
    ["Order", order.number ?? "-"],
    ...(order.po_number ? ([["Your PO", order.po_number]] as [string, string][]) : []),
    ["Shipped", longDate(shipment.shipped_at)],
    ["Carrier", shipment.tracking_number ? `${shipment.carrier}, tracking ${shipment.tracking_number}` : shipment.carrier],
    ["Packages", String(shipment.packages.length)],
  ];
  const top = w.y;
  for (const [label, value] of facts) {
    w.draw(`${label}:`, MARGIN, { size: 10, bold: true });
    w.draw(value, MARGIN + 70, { size: 10 });
    w.y -= 14;
  }
  const factsBottom = w.y;
  w.y = top;
  w.draw("Deliver to", RIGHT - 200, { size: 10, bold: true });
  w.y -= 14;
  for (const line of [input.customer.name, ...input.customer.address]) w.paragraph({ text: line, size: 10 }, RIGHT - 200, 200);
  w.y = Math.min(w.y, factsBottom) - 12;

  const table = (heading: string, rows: { text: string; quantity: number }[]) => {
    w.need(40);
    w.draw(heading, MARGIN, { size: 9, bold: true });
    w.draw("Qty", COL_QTY, { size: 9, bold: true }, "right");
    w.y -= 13;
    w.rule(INK);
    w.gap(6);
    for (const row of rows) {
      w.paragraph({ text: row.text, size: 10 }, MARGIN, COL_QTY - MARGIN - 50);
      w.y += 13;
      w.draw(String(row.quantity), COL_QTY, { size: 10 }, "right");
      w.y -= 13;
      w.gap(4);
      w.rule();
      w.gap(6);
    }
  };
  const described = new Map(input.lines.map((l) => [l.manufacturing_order_id, l]));
  // Each package takes the next serials of its MO.
  const unpacked = new Map(input.lines.map((l) => [l.manufacturing_order_id, [...l.serials]]));
  const item = (moId: string, serials: string[]) => {
    const line = described.get(moId);
    const text = line ? `${line.description} (${line.number})` : moId;
    return serials.length > 0 ? `${text}. Serial ${serials.length === 1 ? "number" : "numbers"}: ${serials.join(", ")}` : text;
  };
  if (kind === "packing-list") {
    shipment.packages.forEach((p, i) => {
      w.paragraph({
        text: `Package ${i + 1} of ${shipment.packages.length}: ${p.length_mm} × ${p.width_mm} × ${p.height_mm} mm, ${p.weight_kg} kg`,
        size: 10,
        bold: true,
      });
      w.gap(4);
      table(
        "Contents",
        p.contents.map((c) => ({
          text: item(c.manufacturing_order_id, unpacked.get(c.manufacturing_order_id)?.splice(0, c.quantity) ?? []),
          quantity: c.quantity,
        })),
      );
      w.gap(6);
    });
  } else {
    table(
      "Delivered",
      input.lines.map((l) => ({ text: item(l.manufacturing_order_id, l.serials), quantity: l.quantity })),
    );
    w.gap(16);
    w.need(110);
    w.paragraph({ text: "Received in good order", size: 10, bold: true });
    w.gap(6);
    const boxTop = w.y;
    for (const [i, label] of ["Name", "Date", "Signature"].entries()) {
      const x = MARGIN + i * ((RIGHT - MARGIN) / 3);
      w.page.drawRectangle({ x, y: boxTop - 60, width: (RIGHT - MARGIN) / 3 - 8, height: 60, borderColor: RULE, borderWidth: 0.8 });
      w.y = boxTop - 4;
      w.draw(label, x + 6, { size: 8, colour: MUTED });
    }
    w.y = boxTop - 70;
  }
  pageFooters(w, shop, title);
  return doc.save();
}
