import { beforeAll, describe, expect, it, vi } from "vitest";
import { type Client, createTenant, data, expectError, registerCustomer, type TestTenant, tenantDb, tenantRows } from "./helpers.ts";
import { binaryStl, boxTriangles } from "./fixtures.ts";
import { keyClient, userWithRole } from "./shop-fixture.ts";

type Price = {
  unit_price: number | null;
  total: number | null;
  lead_time: { days: number; code: string } | null;
  blocked: boolean;
  manual?: { by: string; customer_note: string | null };
};
type Item = { id: string; status: string; blocked: boolean; blockers: unknown[]; price: Price | null };
type Quote = {
  id: string;
  number: string;
  status: string;
  review_required: boolean;
  review_reasons: { code: string; item_index?: number }[];
  totals: { net_total: number; orderable: boolean } | null;
  items: Item[];
  customer: { name: string | null; email: string | null; company: string | null };
  released?: boolean;
  warnings?: { code: string; field: string; message: string }[];
};

async function analyzedModel(c: Client, bytes: Uint8Array<ArrayBuffer>) {
  const model = await data<{ id: string }>(c.fetch("/api/v1/models?filename=part.stl", { method: "POST", body: bytes }), 202);
  await vi.waitFor(async () => expect((await data<{ status: string }>(c.get(`/api/v1/models/${model.id}`))).status).toBe("analyzed"), {
    timeout: 15_000,
    interval: 100,
  });
  return model.id;
}

/** 1,095 mm long: larger than any FFF printer, so blocked. */
const oversize = () => binaryStl(boxTriangles([1095, 60, 40]));
const small = () => binaryStl(boxTriangles([40, 30, 20]));
const fff = (model_id: string) => ({ model_id, process: "fff", material: "pla", quantity: 2 });
const path = (q: Quote, item: Item) => `/api/v1/quotes/${q.id}/items/${item.id}/manual-price`;
/** Far above what any test part costs. */
const HIGH = { unit_price: 123_450, lead_time_days: 12, reason: "Printed in two halves and bonded", customer_note: "We print it in two halves and bond them." };

describe("manual prices", () => {
  let t: TestTenant, customer: Awaited<ReturnType<typeof registerCustomer>>, staff: Client, good: string, bad: string;
  beforeAll(async () => {
    t = await createTenant();
    customer = await registerCustomer(t.host, "Ada Buyer");
    staff = await userWithRole(t, "staff");
    good = await analyzedModel(customer.client, small());
    bad = await analyzedModel(customer.client, oversize());
  }, 60_000);

  const heldQuote = async (items = [fff(good), fff(bad)]) => {
    const q = await data<Quote>(customer.client.post("/api/v1/quotes", { items }), 201);
    expect(q).toMatchObject({ status: "priced", review_required: true, totals: null });
    return q;
  };

  it("staff price a blocked item by hand: the quote is released and told, the customer sees the shop's price and can accept", async () => {
    const q = await heldQuote();
    // A quote with an unpriced blocked item can be neither sent nor accepted; the refusal names the item.
    await expectError(staff.post(`/api/v1/quotes/${q.id}/send`), 422, "UNPROCESSABLE_ENTITY", "items[1]");
    await expectError(customer.client.post(`/api/v1/quotes/${q.id}/accept`), 422, "UNPROCESSABLE_ENTITY", "items[1]");

    const priced = await data<Quote>(staff.post(path(q, q.items[1]), HIGH));
    expect(priced.released).toBe(true);
    expect(priced.warnings).toEqual([]);
    expect(priced.status).toBe("sent");
    expect(priced.review_required).toBe(false);
    expect(priced.items[1]).toMatchObject({ status: "priced", blocked: false, blockers: [] });
    expect(priced.items[1].price).toMatchObject({
      unit_price: 123_450,
      total: 246_900,
      lead_time: { days: 12, code: "manual" },
      manual: { by: "shop", customer_note: HIGH.customer_note },
    });
    expect(priced.totals!.net_total).toBe(priced.items[0].price!.total! + 246_900);
    // The customer is told: the release sends the quote, and its buyer gets the quote.sent notification.
    await vi.waitFor(
      async () =>
        expect(await tenantRows(t, "select user_id, path from notifications where tenant_id = ? and type = 'quote.sent'", t.id)).toContainEqual({
          user_id: customer.userId,
          path: `/quotes/${q.id}`,
        }),
      { timeout: 15_000, interval: 100 },
    );

    const seen = await customer.client.get(`/api/v1/quotes/${q.id}`);
    const text = await seen.clone().text();
    expect(text).not.toContain(HIGH.reason);
    const mine = ((await seen.json()) as { data: Quote }).data;
    expect(mine.items[1]).toMatchObject({ blocked: false, price: { total: 246_900, manual: { customer_note: HIGH.customer_note } } });
    expect(mine.status).toBe("sent");

    // Recorded in the audit log (with the reason), and partners hear the quote is priced now it has a total.
    const audited = await (await tenantDb(t.id))
      .prepare(
        "select action, actor_type, data from audit_log where tenant_id = ? and target_id = ? and action in ('quote.item_priced_manually', 'quote.sent') order by action",
      )
      .bind(t.id, q.id)
      .all<{ action: string; actor_type: string; data: string }>();
    expect(audited.results.map((r) => r.action)).toEqual(["quote.item_priced_manually", "quote.sent"]);
    expect(JSON.parse(audited.results[0].data)).toMatchObject({
      item_id: q.items[1].id,
      unit_price: 123_450,
      lead_time_days: 12,
      reason: HIGH.reason,
      below_cost: false,
      was: "review",
    });
    const events = await (await tenantDb(t.id))
      .prepare("select payload from outbound_events where tenant_id = ? and type = 'quote.priced'")
      .bind(t.id)
      .all<{ payload: string }>();
    expect(events.results.map((e) => JSON.parse(e.payload).quote_id)).toContain(q.id);

    expect((await data<Quote>(customer.client.post(`/api/v1/quotes/${q.id}/accept`))).status).toBe("accepted");
    // Decided: no more prices by hand.
    await expectError(staff.post(path(q, q.items[0]), HIGH), 409, "CONFLICT", "status");
  });

  it("below cost: 403 for staff and for an owner's API key; an owner may, with a warning; exactly at cost staff may, with a warning", async () => {
    const one = { ...fff(bad), quantity: 1 };
    const q = await heldQuote([one]);
    const below = await expectError(staff.post(path(q, q.items[0]), { ...HIGH, unit_price: 1 }), 403, "FORBIDDEN", "unit_price");
    expect(below.error.message).toMatch(/below what item 1 costs the shop/);
    const key = await keyClient(t, ["quotes:write"]);
    await expectError(key.fetch(path(q, q.items[0]), { method: "POST", json: { ...HIGH, unit_price: 1 } }), 403, "FORBIDDEN", "unit_price");
    // Nothing was written by the refusals.
    expect((await data<Quote>(customer.client.get(`/api/v1/quotes/${q.id}`))).items[0]).toMatchObject({ status: "review", blocked: true });

    const owned = await data<Quote>(t.owner.post(path(q, q.items[0]), { ...HIGH, unit_price: 1 }));
    expect(owned.warnings).toEqual([expect.objectContaining({ code: "AT_OR_BELOW_COST", field: "unit_price" })]);
    expect(owned.items[0].price).toMatchObject({ unit_price: 1, total: 1 });
    const [row] = (
      await (
        await tenantDb(t.id)
      )
        .prepare("select data from audit_log where tenant_id = ? and target_id = ? and action = 'quote.item_priced_manually'")
        .bind(t.id, q.id)
        .all<{ data: string }>()
    ).results;
    const { cost, below_cost } = JSON.parse(row.data) as { cost: number; below_cost: boolean };
    expect(below_cost).toBe(true);
    expect(cost).toBeGreaterThan(1);

    // The same part again: one unit, so the line's cost is the unit price at cost.
    const q2 = await heldQuote([one]);
    await expectError(staff.post(path(q2, q2.items[0]), { ...HIGH, unit_price: cost - 1 }), 403, "FORBIDDEN", "unit_price");
    const atCost = await data<Quote>(staff.post(path(q2, q2.items[0]), { ...HIGH, unit_price: cost }));
    expect(atCost.items[0].price!.total).toBe(cost);
    expect(atCost.warnings).toEqual([expect.objectContaining({ code: "AT_OR_BELOW_COST", message: expect.stringMatching(/sold at what it costs/) })]);
    const above = await heldQuote([one]);
    expect((await data<Quote>(staff.post(path(above, above.items[0]), { ...HIGH, unit_price: cost + 1 }))).warnings).toEqual([]);
  });

  it("bad input is a 400 naming the field; customers may not price; unknown or foreign items are 404; a second blocked item keeps the quote held", async () => {
    const q = await heldQuote([fff(bad), fff(bad)]);
    await expectError(staff.post(path(q, q.items[0]), { ...HIGH, unit_price: 12.5 }), 400, "VALIDATION_ERROR", "unit_price");
    await expectError(staff.post(path(q, q.items[0]), { ...HIGH, unit_price: -1 }), 400, "VALIDATION_ERROR", "unit_price");
    await expectError(staff.post(path(q, q.items[0]), { ...HIGH, lead_time_days: 0 }), 400, "VALIDATION_ERROR", "lead_time_days");
    await expectError(staff.post(path(q, q.items[0]), { ...HIGH, reason: "  " }), 400, "VALIDATION_ERROR", "reason");
    await expectError(customer.client.post(path(q, q.items[0]), HIGH), 403, "FORBIDDEN");
    await expectError(staff.post(`/api/v1/quotes/${q.id}/items/${crypto.randomUUID()}/manual-price`, HIGH), 404, "NOT_FOUND", "itemId");
    const other = await heldQuote([fff(bad)]);
    await expectError(staff.post(`/api/v1/quotes/${q.id}/items/${other.items[0].id}/manual-price`, HIGH), 404, "NOT_FOUND", "itemId");

    const first = await data<Quote>(staff.post(path(q, q.items[0]), HIGH));
    expect(first).toMatchObject({ status: "priced", released: false, review_required: true, totals: null });
    expect(first.review_reasons).toEqual([expect.objectContaining({ code: "ITEM_BLOCKED", item_index: 1 })]);
    // Adding a part re-prices the quote: the manual price stays.
    const added = await data<Quote>(customer.client.post(`/api/v1/quotes/${q.id}/items`, fff(good)), 201);
    expect(added.items[0].price).toMatchObject({ unit_price: HIGH.unit_price, manual: { by: "shop" } });
    const second = await data<Quote>(staff.post(path(q, q.items[1]), { ...HIGH, customer_note: undefined }));
    expect(second).toMatchObject({ status: "sent", released: true, review_required: false });
    expect(second.items[1].price!.manual).toMatchObject({ customer_note: null });
  });

  it("another shop's quote or item is 404, as an unknown one", async () => {
    const q = await heldQuote([fff(bad)]);
    const other = await createTenant();
    await expectError(other.owner.post(path(q, q.items[0]), HIGH), 404, "NOT_FOUND");
    const theirs = await data<Quote>(other.owner.post("/api/v1/quotes", { items: [{ ...fff(await analyzedModel(other.owner, oversize())) }] }), 201);
    await expectError(t.owner.post(`/api/v1/quotes/${q.id}/items/${theirs.items[0].id}/manual-price`, HIGH), 404, "NOT_FOUND", "itemId");
    expect((await data<Quote>(t.owner.get(`/api/v1/quotes/${q.id}`))).items[0].blocked).toBe(true);
  });
});

describe("the quote inbox: review queue, search and filters", () => {
  it("needs_review=true lists held quotes oldest first; q finds by number, e-mail, name and company; each row names its customer", async () => {
    const t = await createTenant();
    const ada = await registerCustomer(t.host, "Ada Buyer");
    const bob = await registerCustomer(t.host, "Bob Other");
    await (await tenantDb(t.id)).prepare("update customers set name = 'Acme Fabrication' where id = ?").bind(ada.customerId).run();
    const held1 = await data<Quote>(ada.client.post("/api/v1/quotes", { items: [fff(await analyzedModel(ada.client, oversize()))] }), 201);
    const fine = await data<Quote>(ada.client.post("/api/v1/quotes", { items: [fff(await analyzedModel(ada.client, small()))] }), 201);
    const held2 = await data<Quote>(bob.client.post("/api/v1/quotes", { items: [fff(await analyzedModel(bob.client, oversize()))] }), 201);
    expect(fine.review_required).toBe(false);

    const queue = await data<Quote[]>(t.owner.get("/api/v1/quotes?needs_review=true"));
    expect(queue.map((q) => q.id)).toEqual([held1.id, held2.id]);
    expect(queue[0].customer).toEqual({ name: "Ada Buyer", email: ada.email, company: "Acme Fabrication" });
    expect((await data<Quote[]>(t.owner.get("/api/v1/quotes?needs_review=false"))).map((q) => q.id)).toEqual([fine.id]);

    const ids = async (query: string) => (await data<Quote[]>(t.owner.get(`/api/v1/quotes?${query}`))).map((q) => q.id).sort();
    expect(await ids("q=acme")).toEqual([held1.id, fine.id].sort());
    expect(await ids(`q=${encodeURIComponent(bob.email)}`)).toEqual([held2.id]);
    expect(await ids("q=bob%20oth")).toEqual([held2.id]);
    expect(await ids(`q=${held2.number}`)).toEqual([held2.id]);
    expect(await ids("q=%25")).toEqual([]);
    expect(await ids("q=acme&needs_review=true")).toEqual([held1.id]);
    expect(await ids("status=priced&needs_review=true&q=bob")).toEqual([held2.id]);

    // Pricing by hand takes a quote out of the queue.
    const released = await data<Quote>(t.owner.post(`/api/v1/quotes/${held1.id}/items/${held1.items[0].id}/manual-price`, HIGH));
    expect(released.status).toBe("sent");
    expect((await data<Quote[]>(t.owner.get("/api/v1/quotes?needs_review=true"))).map((q) => q.id)).toEqual([held2.id]);

    // A customer's list stays their company's, search or not.
    expect((await data<Quote[]>(ada.client.get("/api/v1/quotes?q=bob"))).map((q) => q.id)).toEqual([]);
    await expectError(t.owner.get("/api/v1/quotes?needs_review=maybe"), 400, "VALIDATION_ERROR", "needs_review");
  });
});
