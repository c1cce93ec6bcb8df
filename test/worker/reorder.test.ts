import { beforeAll, describe, expect, it, vi } from "vitest";
import { demoCatalog } from "../../engine/pricing/demo-catalog.ts";
import { binaryStl, boxTriangles } from "./fixtures.ts";
import { Client, createTenant, data, expectError, PASSWORD, registerCustomer, type TestTenant } from "./helpers.ts";

/** "Order again" (issue 14, decision 57): a past order's items as a new quote on today's price book, with what changed. */

type Item = { id: string; position: number; options: Record<string, unknown>; price: { total: number } | null };
type Change = { item_id: string; item: number; field: string; before: unknown; after: unknown; price_before: number | null; price_after: number | null };
type Quote = { id: string; number: string; status: string; price_book_version: string; title: string | null; items: Item[] };
type Reorder = Quote & { reordered_from: { order_id: string; quote_id: string }; changes: Change[] };

async function analyzedModel(c: Client, size: [number, number, number]) {
  const model = await data<{ id: string }>(c.fetch("/api/v1/models?filename=part.stl", { method: "POST", body: binaryStl(boxTriangles(size)) }), 202);
  await vi.waitFor(async () => expect((await data<{ status: string }>(c.get(`/api/v1/models/${model.id}`))).status).toBe("analyzed"), {
    timeout: 15_000,
    interval: 100,
  });
  return model;
}

async function member(t: TestTenant, admin: Client, role: string) {
  const invited = await data<{ invitation: { page_path: string } }>(
    admin.post("/api/v1/company/members", { email: `${role}-${crypto.randomUUID()}@example.test`, role }),
    201,
  );
  const client = new Client(t.host);
  await data(client.post("/api/v1/auth/set-password", { token: decodeURIComponent(invited.invitation.page_path.split("#token=")[1]), password: PASSWORD }));
  return client;
}

describe("order again", () => {
  let t: TestTenant;
  let customer: Awaited<ReturnType<typeof registerCustomer>>;
  let ordered: Quote;
  let orderId: string;

  beforeAll(async () => {
    t = await createTenant();
    customer = await registerCustomer(t.host);
    const [a, b] = [await analyzedModel(customer.client, [30, 20, 10]), await analyzedModel(customer.client, [15, 15, 15])];
    ordered = await data<Quote>(
      customer.client.post("/api/v1/quotes", {
        items: [
          { model_id: a.id, process: "fff", material: "pla", quantity: 2 },
          { model_id: b.id, process: "fff", material: "pla", quantity: 1 },
        ],
      }),
      201,
    );
    await data(t.owner.post(`/api/v1/quotes/${ordered.id}/send`));
    await data(customer.client.post(`/api/v1/quotes/${ordered.id}/accept`));
    orderId = (await data<{ id: string }>(customer.client.post(`/api/v1/quotes/${ordered.id}/purchase-order`, { po_number: "PO-1" }), 201)).id;
    // The shop's prices have gone up since.
    const dearer = { ...demoCatalog, margin: { ...demoCatalog.margin, target: Math.min(0.9, demoCatalog.margin.target + 0.2) } };
    await data(t.owner.post("/api/v1/price-books", { book: dearer }), 201);
  }, 60_000);

  it("makes a new quote with the same items priced on today's book, and lists each price that moved", async () => {
    const again = await data<Reorder>(customer.client.post(`/api/v1/orders/${orderId}/reorder`), 201);
    expect(again.id).not.toBe(ordered.id);
    expect(again.number).not.toBe(ordered.number);
    expect(again).toMatchObject({ status: "priced", price_book_version: "2", reordered_from: { order_id: orderId, quote_id: ordered.id } });
    expect(again.title).toMatch(/^Order again: ORD-\d{4}-\d{4}$/);
    expect(again.items.map((i) => i.options)).toEqual(ordered.items.map((i) => i.options));
    for (const [i, item] of again.items.entries()) expect(item.price!.total).toBeGreaterThan(ordered.items[i].price!.total);
    expect(again.changes).toEqual(
      again.items.map((item, i) => ({
        item_id: item.id,
        item: i + 1,
        field: "price",
        before: ordered.items[i].price!.total,
        after: item.price!.total,
        price_before: ordered.items[i].price!.total,
        price_after: item.price!.total,
      })),
    );
    // It is the customer's own quote, open to change, send and accept like any other; the order is untouched.
    const mine = await data<Quote[]>(customer.client.get("/api/v1/quotes"));
    expect(mine.map((q) => q.id)).toContain(again.id);
    expect((await data<{ status: string }>(customer.client.get(`/api/v1/quotes/${ordered.id}`))).status).toBe("accepted");
  });

  it("the shop may order again for the company: the same book gives the same prices, still differing from the order", async () => {
    const first = await data<Reorder>(customer.client.post(`/api/v1/orders/${orderId}/reorder`), 201);
    const second = await data<Reorder>(t.owner.post(`/api/v1/orders/${orderId}/reorder`), 201);
    expect(second.items.map((i) => i.price!.total)).toEqual(first.items.map((i) => i.price!.total));
    expect(second.changes.map((c) => c.field)).toEqual(["price", "price"]);
    // Made by the shop, it is still the company's: the customer sees it.
    expect((await data<Quote[]>(customer.client.get("/api/v1/quotes"))).map((q) => q.id)).toContain(second.id);
  });

  it("a company's user may order again; a viewer may not (403)", async () => {
    const user = await member(t, customer.client, "customer_user");
    await data(user.post(`/api/v1/orders/${orderId}/reorder`), 201);
    const viewer = await member(t, customer.client, "customer_viewer");
    await expectError(viewer.post(`/api/v1/orders/${orderId}/reorder`), 403, "FORBIDDEN");
  });

  it("another company's or another shop's order is 404, as an unknown one", async () => {
    const stranger = await registerCustomer(t.host, "Stranger");
    const theirs = await expectError(stranger.client.post(`/api/v1/orders/${orderId}/reorder`), 404, "NOT_FOUND");
    const unknown = await expectError(customer.client.post(`/api/v1/orders/${crypto.randomUUID()}/reorder`), 404, "NOT_FOUND");
    expect(theirs.error.message).toBe(unknown.error.message);
    const other = await createTenant();
    await expectError(other.owner.post(`/api/v1/orders/${orderId}/reorder`), 404, "NOT_FOUND");
    await expectError(new Client(t.host).post(`/api/v1/orders/${orderId}/reorder`), 401, "UNAUTHORIZED");
  });

  it("a choice the shop no longer offers is a 422 naming the item's field, and no quote is made", async () => {
    const model = await analyzedModel(customer.client, [12, 12, 12]);
    const petg = await data<Quote>(
      customer.client.post("/api/v1/quotes", { items: [{ model_id: model.id, process: "fff", material: "petg", quantity: 1 }] }),
      201,
    );
    await data(t.owner.post(`/api/v1/quotes/${petg.id}/send`));
    await data(customer.client.post(`/api/v1/quotes/${petg.id}/accept`));
    const order = await data<{ id: string }>(customer.client.post(`/api/v1/quotes/${petg.id}/purchase-order`, { po_number: "PO-2" }), 201);
    await data(t.owner.post("/api/v1/price-books", { book: withoutMaterial(demoCatalog, "petg") }), 201);
    const before = (await data<Quote[]>(customer.client.get("/api/v1/quotes?limit=100"))).length;
    const refused = await expectError(customer.client.post(`/api/v1/orders/${order.id}/reorder`), 422, "UNPROCESSABLE_ENTITY", "items.0.material");
    expect(refused.error.message).toMatch(/petg/i);
    expect(await data<Quote[]>(customer.client.get("/api/v1/quotes?limit=100"))).toHaveLength(before);
  });
});

/** A price book without one material: gone from the materials and from every list naming it. */
function withoutMaterial<T>(book: T, code: string): T {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.filter((x) => x !== code && !(x && typeof x === "object" && (x as { code?: string }).code === code)).map(strip);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)]));
    return v;
  };
  return strip(book) as T;
}
