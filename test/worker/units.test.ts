import { describe, expect, it } from "vitest";
import { createTenant, data, expectError } from "./helpers.ts";
import { pdfText } from "./pdf-text.ts";
import { completeProduction, placedDoorOrder, shipmentOf } from "./shop-fixture.ts";

type Node = { lot_number: string; quantity: number | null; consumed_by?: { manufacturing_order: { number: string; unit_serials: string[] } }[] };

describe("unit serial numbers", () => {
  it("each unit of an MO gets one when the MO is ready, and traces back to the lots it was made from", async () => {
    const t = await createTenant();
    const { order, mo } = await placedDoorOrder(t, 3);
    const lot = await data<{ lot_number: string }>(
      t.owner.post("/api/v1/lots", { material: "Glass unit 4-16-4", supplier: "Glas AG", supplier_lot: "G-9", quantity: 10, unit: "pcs" }),
      201,
    );
    await data(t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/consumptions`, { lot_number: lot.lot_number, quantity: 3 }), 201);
    // Not made yet: no serials.
    expect((await data<{ unit_serials: string[] }>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}`))).unit_serials).toEqual([]);
    const forwardBefore = await data<{ lot: Node }>(t.owner.get(`/api/v1/lots/${lot.lot_number}/forward-trace`));
    expect(forwardBefore.lot.consumed_by![0].manufacturing_order.unit_serials).toEqual([]);

    await completeProduction(t, mo.id);
    const serials = [`${mo.number}-01`, `${mo.number}-02`, `${mo.number}-03`];
    const done = await data<{ status: string; unit_serials: string[] }>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}`));
    expect(done).toMatchObject({ status: "ready", unit_serials: serials });

    const back = await data<{
      unit: { serial: string; sequence: number };
      order: { id: string; number: string };
      manufacturing_order: { number: string };
      lots: Node[];
    }>(t.owner.get(`/api/v1/units/${serials[1]}/backward-trace`));
    expect(back).toMatchObject({
      unit: { serial: serials[1], sequence: 2 },
      order: { id: order.id, number: order.number },
      manufacturing_order: { number: mo.number },
      lots: [{ lot_number: lot.lot_number, quantity: 3 }],
    });
    const forward = await data<{ lot: Node }>(t.owner.get(`/api/v1/lots/${lot.lot_number}/forward-trace`));
    expect(forward.lot.consumed_by![0].manufacturing_order.unit_serials).toEqual(serials);

    // The EPCIS export names the units as the outputs of the MO's transformation.
    const doc = await (await t.owner.get("/api/v1/traceability/epcis")).json<{ epcisBody: { eventList: Record<string, unknown>[] } }>();
    const made = doc.epcisBody.eventList.find((e) => e.bizStep === "commissioning" && Array.isArray(e.outputEPCList));
    expect(made).toMatchObject({ type: "TransformationEvent", transformationID: expect.stringMatching(new RegExp(`/id/mo/${mo.number}$`)) });
    expect((made!.outputEPCList as string[]).map((u) => decodeURIComponent(u.split("/id/unit/")[1]))).toEqual(serials);

    await expectError(t.owner.get(`/api/v1/units/${mo.number}-04/backward-trace`), 404, "NOT_FOUND");

    // Units leave in serial order: each shipment's papers name the serials it carries.
    const papers = async (count: number) => {
      const shipment = await data<{ id: string }>(t.owner.post(`/api/v1/orders/${order.id}/shipments`, shipmentOf(mo.id, count)), 201);
      const pdf = new Uint8Array(await (await t.owner.get(`/api/v1/shipments/${shipment.id}/documents/delivery-note`)).arrayBuffer());
      return (await pdfText(pdf)).replace(/\s+/g, " ");
    };
    const first = await papers(2);
    expect(first).toContain(`Serial numbers: ${serials[0]}, ${serials[1]}`);
    const second = await papers(1);
    expect(second).toContain(`Serial number: ${serials[2]}`);
    expect(second).not.toContain(serials[0]);
  });
});
