import { describe, expect, it, vi } from "vitest";
import { type Client, createTenant, data, expectError, registerCustomer, tenantDb } from "./helpers.ts";
import { binaryStl, boxTriangles, door } from "./fixtures.ts";
import { demoCatalog } from "../../engine/pricing/demo-catalog.ts";

type Change = { item_id: string; item: number; field: string; before: unknown; after: unknown; price_before: number | null; price_after: number | null };
type Quote = {
  id: string;
  status: string;
  revision: number;
  price_book_version: string;
  items: { id: string; configuration_id?: string | null; options: Record<string, unknown>; price: { total: number } | null }[];
  changes: Change[];
};

async function analyzedModel(c: Client, size: [number, number, number]) {
  const res = await c.fetch("/api/v1/models?filename=part.stl", { method: "POST", body: binaryStl(boxTriangles(size)) });
  const model = (await res.json<{ data: { id: string } }>()).data;
  await vi.waitFor(async () => expect((await data<{ status: string }>(c.get(`/api/v1/models/${model.id}`))).status).toBe("analyzed"), {
    timeout: 15_000,
    interval: 100,
  });
  return model;
}

async function customerQuote() {
  const t = await createTenant();
  const customer = await registerCustomer(t.host);
  const [a, b] = [await analyzedModel(customer.client, [30, 20, 10]), await analyzedModel(customer.client, [15, 15, 15])];
  const quote = await data<Quote>(
    customer.client.post("/api/v1/quotes", {
      items: [
        { model_id: a.id, process: "fff", material: "pla", quantity: 2 },
        { model_id: b.id, process: "fff", material: "pla", quantity: 1 },
      ],
    }),
    201,
  );
  return { t, customer, quote, models: [a, b] };
}

type LeadTimed = Quote["items"][number] & { price: { total: number; lead_time: { code: string; days: number } } | null };

const revise = (c: Client, id: string, body: unknown) => c.post(`/api/v1/quotes/${id}/revise`, body);

describe("editing a quote as a new revision", () => {
  it("changes a quantity, a material and a finish, removes and adds items; the changes list says what differs with both prices", async () => {
    const { customer, quote, models } = await customerQuote();
    const [first, second] = quote.items;
    const revised = await data<Quote>(
      revise(customer.client, quote.id, {
        changes: [{ item_id: first.id, quantity: 10, material: "petg", finish: "sanded" }],
        remove: [second.id],
        add: [{ model_id: models[1].id, process: "fff", material: "pla", quantity: 4 }],
      }),
    );
    expect(revised).toMatchObject({ revision: 2, status: "priced" });
    expect(revised.items[0]).toMatchObject({ id: first.id, options: { quantity: 10, material: "petg", finish: "sanded" } });
    expect(revised.items).toHaveLength(2);
    const full = await data<Quote>(customer.client.get(`/api/v1/quotes/${quote.id}`));
    const after = full.items[0].price!.total;
    expect(after).not.toBe(first.price!.total);
    const of = (field: string) => full.changes.find((c) => c.item_id === first.id && c.field === field);
    expect(of("quantity")).toEqual({
      item_id: first.id,
      item: 1,
      field: "quantity",
      before: 2,
      after: 10,
      price_before: first.price!.total,
      price_after: after,
    });
    expect(of("material")).toMatchObject({ before: "pla", after: "petg" });
    expect(of("finish")).toMatchObject({ before: null, after: "sanded" });
    expect(full.changes.filter((c) => c.field === "item").map((c) => [c.after, c.price_before === null])).toEqual([
      ["added", true],
      ["removed", false],
    ]);
    // A revision without edits reprices the same items: nothing differs but what the book says.
    const again = await data<Quote>(revise(customer.client, quote.id, {}));
    expect(again.revision).toBe(3);
    expect((await data<Quote>(customer.client.get(`/api/v1/quotes/${quote.id}`))).changes).toEqual([]);
  });

  it("changes a lead time: the changes list names it with both prices, and the item is priced and dated for the new lead time", async () => {
    const { customer, quote } = await customerQuote();
    const [first, second] = quote.items as LeadTimed[];
    expect(first.price!.lead_time).toMatchObject({ code: "standard", days: 5 });
    const express = await data<Quote>(revise(customer.client, quote.id, { changes: [{ item_id: first.id, lead_time: "express" }] }));
    expect(express).toMatchObject({ revision: 2, status: "priced" });
    const full = await data<Quote>(customer.client.get(`/api/v1/quotes/${quote.id}`));
    const [fast, same] = full.items as LeadTimed[];
    expect(fast.options.lead_time).toBe("express");
    expect(fast.price!.lead_time).toMatchObject({ code: "express", days: 2 });
    expect(fast.price!.total).toBeGreaterThan(first.price!.total);
    expect(same.price).toEqual(second.price);
    expect(full.changes).toEqual([
      { item_id: first.id, item: 1, field: "lead_time", before: null, after: "express", price_before: first.price!.total, price_after: fast.price!.total },
    ]);

    await data<Quote>(revise(customer.client, quote.id, { changes: [{ item_id: first.id, lead_time: "economy" }] }));
    const slow = await data<Quote>(customer.client.get(`/api/v1/quotes/${quote.id}`));
    const economy = slow.items[0] as LeadTimed;
    expect(economy.price!.lead_time).toMatchObject({ code: "economy", days: 10 });
    expect(economy.price!.total).toBeLessThan(first.price!.total);
    expect(slow.changes).toEqual([expect.objectContaining({ field: "lead_time", before: "express", after: "economy", price_after: economy.price!.total })]);
  });

  it("refuses what cannot be made with a 422 naming the field, and changes nothing", async () => {
    const { customer, quote } = await customerQuote();
    const id = quote.items[0].id;
    await expectError(
      revise(customer.client, quote.id, { changes: [{ item_id: id, finish: "as-machined" }] }),
      422,
      "UNPROCESSABLE_ENTITY",
      "changes.0.finish",
    );
    await expectError(
      revise(customer.client, quote.id, { changes: [{ item_id: id, material: "unobtainium" }] }),
      422,
      "UNPROCESSABLE_ENTITY",
      "changes.0.material",
    );
    await expectError(
      revise(customer.client, quote.id, { changes: [{ item_id: crypto.randomUUID(), quantity: 3 }] }),
      422,
      "UNPROCESSABLE_ENTITY",
      "changes.0.item_id",
    );
    await expectError(revise(customer.client, quote.id, { remove: quote.items.map((i) => i.id) }), 422, "UNPROCESSABLE_ENTITY", "remove");
    await expectError(revise(customer.client, quote.id, { changes: [{ item_id: id, quantity: 0 }] }), 400, "VALIDATION_ERROR", "changes.0.quantity");
    await expectError(
      revise(customer.client, quote.id, { add: [{ model_id: crypto.randomUUID(), process: "fff", material: "pla", quantity: 1 }] }),
      404,
      "NOT_FOUND",
      "add.0.model_id",
    );
    const same = await data<Quote>(customer.client.get(`/api/v1/quotes/${quote.id}`));
    expect(same.revision).toBe(1);
    expect(same.items.map((i) => i.options.quantity)).toEqual([2, 1]);
  });

  it("redesigns a configured product: another saved configuration takes the item's place, priced anew, and the change names both", async () => {
    const t = await createTenant();
    const customer = await registerCustomer(t.host);
    const other = await registerCustomer(t.host, "Another Company");
    const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
    const design = (config: unknown, c = customer.client) => data<{ id: string }>(c.post("/api/v1/configurations", { product_id: product.id, config }), 201);
    const narrow = await design(door);
    const wide = await design({ ...door, frame_width: 1080 });
    const theirs = await design(door, other.client);
    const model = await analyzedModel(customer.client, [30, 20, 10]);
    const quote = await data<Quote>(
      customer.client.post("/api/v1/quotes", {
        items: [
          { configuration_id: narrow.id, quantity: 2 },
          { model_id: model.id, process: "fff", material: "pla", quantity: 1 },
        ],
      }),
      201,
    );
    const [configured, part] = quote.items;
    // Another company's design, and a part given a configuration, are refused at the field; nothing changes.
    await expectError(
      revise(customer.client, quote.id, { changes: [{ item_id: configured.id, configuration_id: theirs.id }] }),
      404,
      "NOT_FOUND",
      "changes.0.configuration_id",
    );
    await expectError(
      revise(customer.client, quote.id, { changes: [{ item_id: part.id, configuration_id: wide.id }] }),
      422,
      "UNPROCESSABLE_ENTITY",
      "changes.0.configuration_id",
    );
    expect((await data<Quote>(customer.client.get(`/api/v1/quotes/${quote.id}`))).revision).toBe(1);

    const revised = await data<Quote>(revise(customer.client, quote.id, { changes: [{ item_id: configured.id, configuration_id: wide.id }] }));
    expect(revised.revision).toBe(2);
    expect(revised.items[0]).toMatchObject({ id: configured.id, configuration_id: wide.id, options: { quantity: 2 } });
    const full = await data<Quote>(customer.client.get(`/api/v1/quotes/${quote.id}`));
    const wider = full.items[0].price!.total;
    expect(wider).toBeGreaterThan(configured.price!.total);
    expect(full.changes).toEqual([
      { item_id: configured.id, item: 1, field: "configuration", before: narrow.id, after: wide.id, price_before: configured.price!.total, price_after: wider },
    ]);
  });

  it("an accepted quote is final (409); another company or shop gets 404", async () => {
    const { t, customer, quote } = await customerQuote();
    const stranger = await registerCustomer(t.host, "Stranger");
    await expectError(revise(stranger.client, quote.id, { changes: [{ item_id: quote.items[0].id, quantity: 3 }] }), 404, "NOT_FOUND");
    const other = await createTenant();
    await expectError(revise(other.owner, quote.id, {}), 404, "NOT_FOUND");
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
    await data(customer.client.post(`/api/v1/quotes/${quote.id}/accept`));
    await expectError(revise(customer.client, quote.id, { changes: [{ item_id: quote.items[0].id, quantity: 3 }] }), 409, "CONFLICT", "status");
  });

  it("requotes an expired quote at today's price book, showing the new prices", async () => {
    const { t, customer, quote } = await customerQuote();
    await (await tenantDb(t.id))
      .prepare("update quotes set valid_until = ? where id = ?")
      .bind(Date.now() - 1000, quote.id)
      .run();
    expect((await data<Quote>(customer.client.get(`/api/v1/quotes/${quote.id}`))).status).toBe("expired");
    const dearer = { ...demoCatalog, margin: { ...demoCatalog.margin, target: Math.min(0.9, demoCatalog.margin.target + 0.2) } };
    await data(t.owner.post("/api/v1/price-books", { book: dearer }), 201);
    const requoted = await data<Quote>(revise(customer.client, quote.id, { reason: "Requote at today's prices" }));
    expect(requoted).toMatchObject({ revision: 2, status: "priced", price_book_version: "2" });
    expect(requoted.items[0].price!.total).toBeGreaterThan(quote.items[0].price!.total);
    const full = await data<Quote>(customer.client.get(`/api/v1/quotes/${quote.id}`));
    // Same choices: the prices are what changed, item by item.
    expect(full.changes).toEqual(
      full.items.map((item, i) => ({
        item_id: item.id,
        item: i + 1,
        field: "price",
        before: quote.items[i].price!.total,
        after: item.price!.total,
        price_before: quote.items[i].price!.total,
        price_after: item.price!.total,
      })),
    );
  });
});
