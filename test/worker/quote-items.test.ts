import { describe, expect, it, vi } from "vitest";
import { binaryStl, boxTriangles, door } from "./fixtures.ts";
import { Client, createTenant, data, expectError, registerCustomer, tenantDb } from "./helpers.ts";

type Quote = {
  id: string;
  number: string;
  status: string;
  items: { id: string; position: number; model_id: string | null; configuration_id: string | null; status: string }[];
};

async function analyzedModel(c: Client) {
  // 202 while it is analysed; 200 when the shop already has these bytes analysed.
  const res = await c.fetch("/api/v1/models?filename=part.stl", { method: "POST", body: binaryStl(boxTriangles([40, 30, 20])) });
  expect([200, 202]).toContain(res.status);
  const model = (await res.json<{ data: { id: string } }>()).data;
  await vi.waitFor(async () => expect((await data<{ status: string }>(c.get(`/api/v1/models/${model.id}`))).status).toBe("analyzed"), {
    timeout: 15_000,
    interval: 100,
  });
  return model.id;
}

async function settled(c: Client, id: string) {
  let quote!: Quote;
  await vi.waitFor(
    async () => {
      quote = await data<Quote>(c.get(`/api/v1/quotes/${id}`));
      expect(quote.status).toBe("priced");
    },
    { timeout: 15_000, interval: 100 },
  );
  return quote;
}

/** A shop with a door product, and a customer with a part quote from the instant page and a saved door. */
async function customerWithPartQuote() {
  const t = await createTenant();
  const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "SPW600e door", generator_key: "spw600e-door" }), 201);
  const customer = await registerCustomer(t.host);
  const modelId = await analyzedModel(customer.client);
  const quote = await data<Quote>(
    customer.client.post("/api/v1/quotes", { items: [{ model_id: modelId, process: "fff", material: "pla", quantity: 2 }] }),
    201,
  );
  const configuration = await data<{ id: string }>(customer.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
  return { t, product, customer, modelId, quote, configuration };
}

describe("POST /api/v1/quotes/{id}/items", () => {
  it("adds a configured door to the customer's open part quote: one quote, both lines, re-priced", async () => {
    const { customer, modelId, quote, configuration } = await customerWithPartQuote();
    await settled(customer.client, quote.id);
    const added = await data<Quote>(customer.client.post(`/api/v1/quotes/${quote.id}/items`, { configuration_id: configuration.id, quantity: 3 }), 201);
    expect(added.number).toBe(quote.number);
    expect(added.items.map((i) => [i.position, i.model_id, i.configuration_id])).toEqual([
      [0, modelId, null],
      [1, null, configuration.id],
    ]);
    const priced = await settled(customer.client, quote.id);
    expect(priced.items.map((i) => i.status)).toEqual(["priced", "priced"]);
    // And a part after it, the other way round.
    const more = await data<Quote>(
      customer.client.post(`/api/v1/quotes/${quote.id}/items`, { model_id: modelId, process: "fff", material: "petg", quantity: 1 }),
      201,
    );
    expect(more.items.map((i) => i.position)).toEqual([0, 1, 2]);
  });

  it("a quote that is no longer open is a 409 naming its status, and gains nothing", async () => {
    const { t, customer, quote, configuration } = await customerWithPartQuote();
    await settled(customer.client, quote.id);
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
    const body = await expectError(
      customer.client.post(`/api/v1/quotes/${quote.id}/items`, { configuration_id: configuration.id, quantity: 1 }),
      409,
      "CONFLICT",
      "status",
    );
    expect(body.error.message).toContain(quote.number);
    expect((await data<Quote>(customer.client.get(`/api/v1/quotes/${quote.id}`))).items).toHaveLength(1);
  });

  it("bad items are refused by field; another customer's configuration or part is 404", async () => {
    const { t, customer, quote, configuration } = await customerWithPartQuote();
    await expectError(
      customer.client.post(`/api/v1/quotes/${quote.id}/items`, { configuration_id: configuration.id, quantity: 0 }),
      400,
      "VALIDATION_ERROR",
      "quantity",
    );
    await expectError(
      customer.client.post(`/api/v1/quotes/${quote.id}/items`, { configuration_id: configuration.id, quantity: 1, lead_time: "yesterday" }),
      422,
      "UNPROCESSABLE_ENTITY",
      "lead_time",
    );
    const other = await registerCustomer(t.host, "Other");
    const theirs = await analyzedModel(other.client);
    await expectError(
      customer.client.post(`/api/v1/quotes/${quote.id}/items`, { model_id: theirs, process: "fff", material: "pla", quantity: 1 }),
      404,
      "NOT_FOUND",
      "model_id",
    );
    expect((await data<Quote>(customer.client.get(`/api/v1/quotes/${quote.id}`))).items).toHaveLength(1);
  });

  it("another customer's quote and another shop's quote are 404; a viewer of the company may not add (403)", async () => {
    const { t, customer, quote, configuration } = await customerWithPartQuote();
    const other = await registerCustomer(t.host, "Other");
    await expectError(other.client.post(`/api/v1/quotes/${quote.id}/items`, { configuration_id: configuration.id, quantity: 1 }), 404, "NOT_FOUND");
    const elsewhere = await createTenant();
    await expectError(elsewhere.owner.post(`/api/v1/quotes/${quote.id}/items`, { configuration_id: configuration.id, quantity: 1 }), 404, "NOT_FOUND");
    const viewer = await registerCustomer(t.host, "Viewer");
    await (await tenantDb(t.id))
      .prepare("update users set role = 'customer_viewer', customer_id = ? where id = ?")
      .bind(customer.customerId, viewer.userId)
      .run();
    expect((await data<Quote>(viewer.client.get(`/api/v1/quotes/${quote.id}`))).id).toBe(quote.id);
    await expectError(viewer.client.post(`/api/v1/quotes/${quote.id}/items`, { configuration_id: configuration.id, quantity: 1 }), 403, "FORBIDDEN", "role");
    await expectError(new Client(t.host).post(`/api/v1/quotes/${quote.id}/items`, { configuration_id: configuration.id, quantity: 1 }), 401, "UNAUTHORIZED");
    expect((await data<Quote>(customer.client.get(`/api/v1/quotes/${quote.id}`))).items).toHaveLength(1);
  });
});
