import { describe, expect, it } from "vitest";
import { createTenant, data, expectError } from "./helpers.ts";
import { completeProduction, type Mo, placedDoorOrder, shipmentOf, userWithRole } from "./shop-fixture.ts";

type Shipment = {
  id: string;
  number: string;
  status: string;
  lines: { manufacturing_order_number: string; quantity: number }[];
  delivered_at: string | null;
  received_by: string | null;
  tracking_number: string | null;
};
const year = new Date().getUTCFullYear();

describe("shipments", () => {
  it("send finished work in parts; the MO is shipped when every unit is on its way and delivered when every unit has arrived", async () => {
    const t = await createTenant();
    const { order, mo, client } = await placedDoorOrder(t, 3);
    const moNow = async () => (await data<Mo>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}`))).status;
    const send = (quantity: number) => t.owner.post(`/api/v1/orders/${order.id}/shipments`, shipmentOf(mo.id, quantity));

    await expectError(send(1), 409, "CONFLICT", "packages");
    await completeProduction(t, mo.id);
    expect(await moNow()).toBe("ready");

    const first = await data<Shipment>(send(2), 201);
    expect(first).toMatchObject({
      number: `SHP-${year}-0001`,
      status: "shipped",
      tracking_number: "JD0146",
      lines: [{ manufacturing_order_number: mo.number, quantity: 2 }],
    });
    expect(await moNow()).toBe("ready");
    await expectError(send(2), 422, "UNPROCESSABLE_ENTITY", "packages");
    const second = await data<Shipment>(send(1), 201);
    expect(second.number).toBe(`SHP-${year}-0002`);
    expect(await moNow()).toBe("shipped");

    const deliver = (s: Shipment) => t.owner.post(`/api/v1/shipments/${s.id}/deliver`, { received_by: "Site manager" });
    expect(await data<Shipment>(deliver(first))).toMatchObject({ status: "delivered", received_by: "Site manager" });
    expect(await moNow()).toBe("shipped");
    await data(deliver(second));
    expect(await moNow()).toBe("delivered");
    await expectError(deliver(second), 409, "CONFLICT", "status");

    // The buyer follows it: their order's shipments and the timeline.
    expect((await data<Shipment[]>(client.get(`/api/v1/orders/${order.id}/shipments`))).map((s) => s.status)).toEqual(["delivered", "delivered"]);
    const timeline = await data<{ event: string; summary: string }[]>(client.get(`/api/v1/orders/${order.id}/timeline`));
    expect(timeline.filter((e) => e.event.startsWith("shipment.")).map((e) => e.summary)).toEqual([
      `Shipment SHP-${year}-0001 sent with DHL Freight`,
      `Shipment SHP-${year}-0002 sent with DHL Freight`,
      `Shipment SHP-${year}-0001 delivered`,
      `Shipment SHP-${year}-0002 delivered`,
    ]);
  });

  it("refuse what is not a shipment of this order, naming the field, and write nothing", async () => {
    const t = await createTenant();
    const { order, mo } = await placedDoorOrder(t, 1);
    const other = await placedDoorOrder(t, 1);
    await completeProduction(t, mo.id);
    const post = (body: unknown) => t.owner.post(`/api/v1/orders/${order.id}/shipments`, body);
    const good = shipmentOf(mo.id, 1);
    await expectError(post({ ...good, packages: [{ ...good.packages[0], weight_kg: 0 }] }), 400, "VALIDATION_ERROR", "packages.0.weight_kg");
    await expectError(post({ ...good, tracking_url: "http://track.example/1" }), 400, "VALIDATION_ERROR", "tracking_url");
    await expectError(post({ ...good, packages: [] }), 400, "VALIDATION_ERROR", "packages");
    await expectError(post(shipmentOf(other.mo.id, 1)), 404, "NOT_FOUND", "packages");
    await expectError(post(shipmentOf(mo.id, 2)), 422, "UNPROCESSABLE_ENTITY", "packages");
    expect(await data<Shipment[]>(t.owner.get(`/api/v1/orders/${order.id}/shipments`))).toEqual([]);
    // Nothing was numbered either.
    expect((await data<Shipment>(post(good), 201)).number).toBe(`SHP-${year}-0001`);
  });

  it("are the shop's to send; a buyer sees only their own company's", async () => {
    const t = await createTenant();
    const { order, mo, client } = await placedDoorOrder(t, 1);
    await completeProduction(t, mo.id);
    await expectError(client.post(`/api/v1/orders/${order.id}/shipments`, shipmentOf(mo.id, 1)), 403, "FORBIDDEN");
    const shipment = await data<Shipment>(t.owner.post(`/api/v1/orders/${order.id}/shipments`, shipmentOf(mo.id, 1)), 201);
    await expectError(client.post(`/api/v1/shipments/${shipment.id}/deliver`, { received_by: "Me" }), 403, "FORBIDDEN");
    const stranger = await userWithRole(t, "customer_admin");
    await expectError(stranger.fetch(`/api/v1/orders/${order.id}/shipments`), 404, "NOT_FOUND");
    // The papers: the shop's and the buyer's to download, nobody else's.
    for (const [who, kind] of [
      [t.owner, "packing-list"],
      [client, "delivery-note"],
    ] as const) {
      const res = await who.fetch(`/api/v1/shipments/${shipment.id}/documents/${kind}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      expect(new TextDecoder().decode((await res.arrayBuffer()).slice(0, 5))).toBe("%PDF-");
    }
    await expectError(stranger.fetch(`/api/v1/shipments/${shipment.id}/documents/delivery-note`), 404, "NOT_FOUND");
    // The shipment itself: the shop's and the buyer's to read, nobody else's.
    expect(await data<Shipment>(t.owner.get(`/api/v1/shipments/${shipment.id}`))).toEqual(shipment);
    expect(await data<Shipment>(client.get(`/api/v1/shipments/${shipment.id}`))).toEqual(shipment);
    await expectError(stranger.fetch(`/api/v1/shipments/${shipment.id}`), 404, "NOT_FOUND");
    await expectError(t.owner.fetch(`/api/v1/shipments/${shipment.id}/documents/invoice`), 400, "VALIDATION_ERROR", "kind");
  });
});
