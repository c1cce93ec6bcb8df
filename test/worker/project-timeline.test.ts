import { describe, expect, it, vi } from "vitest";
import { door } from "./fixtures.ts";
import { createTenant, data, packageSettled, registerCustomer } from "./helpers.ts";
import { completeProduction, orderMo, shipmentOf, userWithRole } from "./shop-fixture.ts";

/** The project page's timeline (issue 14 "Projects"): what happened to its quotes, drawings and orders, in order. */

type Entry = { at: string; event: string; subject: { type: string; id: string; number: string | null }; summary: string };
type Project = { id: string; timeline: Entry[] };

describe("a project's timeline", () => {
  it("tells quote sent → accepted → drawing issued → rejected → B issued → approved → order placed → production → shipped, to each who sees the project", async () => {
    const t = await createTenant();
    const buyer = await registerCustomer(t.host, "Ada Admin");
    const viewer = await userWithRole(t, "customer_viewer", buyer.customerId);
    const viewerId = (await data<{ user: { id: string } }>(viewer.get("/api/v1/me"))).user.id;
    const project = await data<{ id: string }>(buyer.client.post("/api/v1/projects", { name: "Riverside", member_ids: [viewerId] }), 201);
    const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
    const configuration = await data<{ id: string }>(buyer.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    const quote = await data<{ id: string; number: string }>(
      buyer.client.post("/api/v1/quotes", { items: [{ configuration_id: configuration.id, quantity: 1 }], project_id: project.id }),
      201,
    );
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
    await packageSettled(t.owner, quote.id);
    await data(buyer.client.post(`/api/v1/quotes/${quote.id}/accept`));

    const request = await data<{ tracking_url: string }>(
      t.owner.post("/api/v1/drawings/requests", { quote_id: quote.id, drawing_types: ["plan"], formats: ["pdf"] }),
      201,
    );
    await vi.waitFor(async () => expect((await data<{ status: string }>(t.owner.get(request.tracking_url))).status).toBe("completed"), {
      timeout: 20_000,
      interval: 100,
    });
    const [drawing] = await data<{ id: string; drawing_number: string }[]>(buyer.client.get(`/api/v1/drawings?quote_id=${quote.id}`));
    await data(buyer.client.post(`/api/v1/drawings/${drawing.id}/approvals`, { decision: "rejected", comments: "Sill 20 mm lower" }), 201);
    await data(buyer.client.post(`/api/v1/drawings/${drawing.id}/approvals`, { decision: "approved" }), 201);

    const order = await data<{ id: string; number: string }>(buyer.client.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-TL" }), 201);
    const mo = await orderMo(t, order.id);
    await completeProduction(t, mo.id);
    await data(t.owner.post(`/api/v1/orders/${order.id}/shipments`, shipmentOf(mo.id, 1)), 201);

    // Up to the order, nothing else happened: the whole head is exact. From there on, production writes many
    // entries (operations, QC); the moments named must come in this order among them.
    const head = [
      "project.created",
      "quote.sent",
      "quote.accepted",
      "drawing.issued",
      "drawing.rejected",
      "drawing.issued",
      "drawing.approved",
      "order.placed",
    ];
    const after = ["order.placed", "manufacturing_order.created", "manufacturing_order.operation_start", "qc_checkpoint.recorded", "shipment.shipped"];
    for (const who of [buyer.client, viewer, t.owner]) {
      const { timeline } = await data<Project>(who.get(`/api/v1/projects/${project.id}`));
      const events = timeline.map((e) => e.event);
      expect(events.slice(0, head.length)).toEqual(head);
      const walked: string[] = [];
      let from = events.indexOf("order.placed");
      for (const event of after) {
        const i = events.indexOf(event, from);
        if (i < 0) break;
        walked.push(event);
        from = i + 1;
      }
      expect(walked).toEqual(after);
      expect(timeline.map((e) => e.at)).toEqual([...timeline.map((e) => e.at)].sort());
      const drawingEvents = timeline.filter((e) => e.subject.type === "drawing").map((e) => e.summary);
      expect(drawingEvents).toEqual([
        `Drawing ${drawing.drawing_number} revision A issued`,
        `Drawing ${drawing.drawing_number} revision A rejected: Sill 20 mm lower`,
        `Drawing ${drawing.drawing_number} revision B issued`,
        `Drawing ${drawing.drawing_number} revision B approved`,
      ]);
      expect(timeline.find((e) => e.event === "drawing.approved")?.subject).toEqual({ type: "drawing", id: drawing.id, number: drawing.drawing_number });
    }
  }, 120_000);
});
