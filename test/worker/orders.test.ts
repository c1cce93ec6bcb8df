import { describe, expect, it, vi } from "vitest";
import { Client, createTenant, data, expectError, registerCustomer } from "./helpers.ts";
import { binaryStl, boxTriangles } from "./fixtures.ts";
import { keyClient, userWithRole } from "./shop-fixture.ts";

type Order = { id: string; number: string | null; quote_id: string; status: string; amount: number };
type OrderWithItems = Order & {
  price_book_version: number;
  items: { position: number; model_id: string; quantity: number; unit_price: number; total: number; options: { process: string } }[];
};

/** A customer's part, quoted, sent, accepted and ordered on a purchase order. */
async function orderedQuote(t: Awaited<ReturnType<typeof createTenant>>, customer: Client, quantity = 2) {
  const res = await customer.fetch("/api/v1/models?filename=part.stl", { method: "POST", body: binaryStl(boxTriangles([40, 30, 20])) });
  const model = (await res.json<{ data: { id: string } }>()).data;
  await vi.waitFor(async () => expect((await data<{ status: string }>(customer.get(`/api/v1/models/${model.id}`))).status).toBe("analyzed"), {
    timeout: 15_000,
    interval: 100,
  });
  const quote = await data<{ id: string }>(
    customer.post("/api/v1/quotes", { items: [{ model_id: model.id, process: "fff", material: "pla", quantity }] }),
    201,
  );
  await vi.waitFor(async () => expect((await data<{ status: string }>(customer.get(`/api/v1/quotes/${quote.id}`))).status).toBe("priced"), {
    timeout: 15_000,
    interval: 100,
  });
  await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
  await data(customer.post(`/api/v1/quotes/${quote.id}/accept`));
  return data<Order>(customer.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: `PO-${quantity}` }), 201);
}

describe("orders", () => {
  it("are numbered ORD-YYYY-NNNN without gaps, and show their lines as the accepted quote froze them", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const first = await orderedQuote(t, client, 2);
    const second = await orderedQuote(t, client, 5);
    const year = new Date().getUTCFullYear();
    expect([first.number, second.number]).toEqual([`ORD-${year}-0001`, `ORD-${year}-0002`]);
    const order = await data<OrderWithItems>(client.get(`/api/v1/orders/${second.id}`));
    expect(order).toMatchObject({ number: `ORD-${year}-0002`, status: "purchase_order", quote_id: second.quote_id, price_book_version: 1 });
    expect(order.items).toHaveLength(1);
    expect(order.items[0]).toMatchObject({ position: 0, quantity: 5, options: { process: "fff" } });
    expect(order.items[0].total).toBe(order.items[0].unit_price * 5);
  });

  it("are listed for their company's members, all of them for the shop, newest first, page by page", async () => {
    const t = await createTenant();
    const alice = await registerCustomer(t.host, "Alice");
    const bob = await registerCustomer(t.host, "Bob");
    const a1 = await orderedQuote(t, alice.client);
    const a2 = await orderedQuote(t, alice.client, 3);
    const b1 = await orderedQuote(t, bob.client);
    expect((await data<Order[]>(alice.client.get("/api/v1/orders"))).map((o) => o.id)).toEqual([a2.id, a1.id]);
    expect((await data<Order[]>(bob.client.get("/api/v1/orders"))).map((o) => o.id)).toEqual([b1.id]);
    await expectError(bob.client.get(`/api/v1/orders/${a1.id}`), 404, "NOT_FOUND");
    const page1 = await t.owner.get("/api/v1/orders?limit=2");
    const body = await page1.json<{ data: Order[]; pagination: { next_cursor: string } }>();
    expect(body.data.map((o) => o.id)).toEqual([b1.id, a2.id]);
    const page2 = await data<Order[]>(t.owner.get(`/api/v1/orders?limit=2&cursor=${body.pagination.next_cursor}`));
    expect(page2.map((o) => o.id)).toEqual([a1.id]);
    // A guest with no orders sees none.
    expect(await data<Order[]>(new Client(t.host).get("/api/v1/orders"))).toEqual([]);
  });

  it("are cancelled by the shop only, once", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const order = await orderedQuote(t, client);
    await expectError(client.post(`/api/v1/orders/${order.id}/cancel`), 403, "FORBIDDEN");
    await expectError((await keyClient(t, ["quotes:read"])).fetch(`/api/v1/orders/${order.id}/cancel`, { method: "POST" }), 403, "FORBIDDEN");
    const cancelled = await data<Order>((await userWithRole(t, "staff")).fetch(`/api/v1/orders/${order.id}/cancel`, { method: "POST" }));
    expect(cancelled.status).toBe("cancelled");
    await expectError(t.owner.post(`/api/v1/orders/${order.id}/cancel`), 409, "CONFLICT", "status");
    expect((await data<Order>(client.get(`/api/v1/orders/${order.id}`))).status).toBe("cancelled");
  });
});
