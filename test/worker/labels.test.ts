import { PDFDict, PDFDocument, PDFName, PDFString } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { type Client, createTenant, data, expectError } from "./helpers.ts";
import { completeProduction, placedDoorOrder, userWithRole } from "./shop-fixture.ts";

/** The PDF's pages as 100 × 50 mm labels, each with the link its QR code encodes (the code and the link are drawn from one URL). */
async function labelsOf(who: Pick<Client, "fetch">, path: string, filename: string) {
  const res = await who.fetch(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/pdf");
  expect(res.headers.get("content-disposition")).toBe(`inline; filename="${filename}"`);
  const doc = await PDFDocument.load(await res.arrayBuffer());
  return doc.getPages().map((page) => {
    expect(page.getSize().width).toBeCloseTo(283.46, 1);
    expect(page.getSize().height).toBeCloseTo(141.73, 1);
    const [annot] = page.node.Annots()?.asArray() ?? [];
    const action = page.node.context.lookup(annot, PDFDict).lookup(PDFName.of("A"), PDFDict);
    return action.lookup(PDFName.of("URI"), PDFString).decodeText();
  });
}

describe("QR labels", () => {
  it("print for a lot, a manufacturing order and each package of a shipment, linking to the item's staff page on the shop's host", async () => {
    const t = await createTenant();
    const { order, mo, client } = await placedDoorOrder(t, 2);
    const lot = await data<{ lot_number: string }>(
      t.owner.post("/api/v1/lots", { material: "Frame profile", supplier: "Alu AG", supplier_lot: "S-1", quantity: 60, unit: "m" }),
      201,
    );
    await completeProduction(t, mo.id);
    const box = { length_mm: 2400, width_mm: 1100, height_mm: 200, weight_kg: 95 };
    const packages = [1, 2].map(() => ({ ...box, contents: [{ manufacturing_order_id: mo.id, quantity: 1 }] }));
    const shipment = await data<{ id: string; number: string }>(
      t.owner.post(`/api/v1/orders/${order.id}/shipments`, { carrier: "DHL Freight", packages }),
      201,
    );
    const staff = await userWithRole(t, "staff");

    expect(await labelsOf(staff, `/api/v1/lots/${lot.lot_number}/label`, `${lot.lot_number}-label.pdf`)).toEqual([
      `https://${t.host}/production/lots/${lot.lot_number}`,
    ]);
    expect(await labelsOf(t.owner, `/api/v1/manufacturing-orders/${mo.id}/label`, `${mo.number}-label.pdf`)).toEqual([`https://${t.host}/production/${mo.id}`]);
    expect(await labelsOf(staff, `/api/v1/shipments/${shipment.id}/labels`, `${shipment.number}-labels.pdf`)).toEqual(
      [1, 2].map((n) => `https://${t.host}/production/shipments/${shipment.id}#package-${n}`),
    );

    // Labels are the workshop's: the buyer of this very order is refused, another shop's ids are not found.
    for (const path of [`/api/v1/lots/${lot.lot_number}/label`, `/api/v1/manufacturing-orders/${mo.id}/label`, `/api/v1/shipments/${shipment.id}/labels`]) {
      await expectError(client.fetch(path), 403, "FORBIDDEN");
      await expectError((await createTenant()).owner.fetch(path), 404, "NOT_FOUND");
    }
    await expectError(t.owner.fetch("/api/v1/lots/LOT-1999-00001/label"), 404, "NOT_FOUND");
    await expectError(t.owner.fetch("/api/v1/manufacturing-orders/nope/label"), 404, "NOT_FOUND");
    await expectError(t.owner.fetch("/api/v1/shipments/nope/labels"), 404, "NOT_FOUND");
  });
});
