import { beforeAll, describe, expect, it, vi } from "vitest";
import { binaryStl, boxTriangles, door } from "./fixtures.ts";
import { createTenant, data, expectError, registerCustomer, type TestTenant } from "./helpers.ts";
import { createSource, postEvent, rows, seedWebhookIds, waitForEvent } from "./webhook-helpers.ts";

/**
 * Two shops with data; every endpoint that takes an id is called on one shop
 * with the other shop's ids, and must answer 404 exactly as for an id that
 * does not exist. New endpoints that take ids join the table below.
 */
type Ids = { customer: string; apiKey: string; model: string; quote: string; product: string; configuration: string; job: string; upload: string; specification: string; order: string } & WebhookIds;
type WebhookIds = Awaited<ReturnType<typeof seedWebhookIds>>;
type Endpoint = { name: string; call: (t: TestTenant, ids: Ids) => Promise<Response> };

const ENDPOINTS: Endpoint[] = [
  { name: "GET /customers/:id", call: (t, ids) => t.owner.get(`/api/v1/customers/${ids.customer}`) },
  { name: "GET /models/:id", call: (t, ids) => t.owner.get(`/api/v1/models/${ids.model}`) },
  { name: "GET /models/:id/file", call: (t, ids) => t.owner.get(`/api/v1/models/${ids.model}/file`) },
  { name: "GET /models/:id/thumbnail", call: (t, ids) => t.owner.get(`/api/v1/models/${ids.model}/thumbnail`) },
  { name: "PUT /models/uploads/:id/parts/:n", call: (t, ids) => t.owner.fetch(`/api/v1/models/uploads/${ids.upload}/parts/1`, { method: "PUT", body: new Uint8Array(10) }) },
  { name: "POST /models/uploads/:id/complete", call: (t, ids) => t.owner.post(`/api/v1/models/uploads/${ids.upload}/complete`) },
  { name: "GET /quotes/:id", call: (t, ids) => t.owner.get(`/api/v1/quotes/${ids.quote}`) },
  { name: "GET /quotes/:id/pdf", call: (t, ids) => t.owner.get(`/api/v1/quotes/${ids.quote}/pdf`) },
  { name: "PATCH /quotes/:id", call: (t, ids) => t.owner.fetch(`/api/v1/quotes/${ids.quote}`, { method: "PATCH", json: { title: "x" } }) },
  { name: "POST /price (model_id)", call: (t, ids) => t.owner.post("/api/v1/price", { model_id: ids.model, process: "fff", material: "pla", quantity: 1 }) },
  { name: "POST /quotes (items.model_id)", call: (t, ids) => t.owner.post("/api/v1/quotes", { items: [{ model_id: ids.model, process: "fff", material: "pla", quantity: 1 }] }) },
  { name: "GET /products/:id", call: (t, ids) => t.owner.get(`/api/v1/products/${ids.product}`) },
  { name: "PATCH /products/:id", call: (t, ids) => t.owner.fetch(`/api/v1/products/${ids.product}`, { method: "PATCH", json: { name: "Renamed" } }) },
  { name: "GET /products/:id/schemas", call: (t, ids) => t.owner.get(`/api/v1/products/${ids.product}/schemas`) },
  { name: "POST /configurations (product_id)", call: (t, ids) => t.owner.post("/api/v1/configurations", { product_id: ids.product, config: door }) },
  { name: "GET /configurations/:id", call: (t, ids) => t.owner.get(`/api/v1/configurations/${ids.configuration}`) },
  { name: "GET /configurations/:id/thumbnail", call: (t, ids) => t.owner.get(`/api/v1/configurations/${ids.configuration}/thumbnail`) },
  { name: "POST /jobs (configuration_id)", call: (t, ids) => t.owner.post("/api/v1/jobs", { configuration_id: ids.configuration, kind: "glb" }) },
  { name: "GET /jobs/:id", call: (t, ids) => t.owner.get(`/api/v1/jobs/${ids.job}`) },
  { name: "GET /jobs/:id/result", call: (t, ids) => t.owner.get(`/api/v1/jobs/${ids.job}/result`) },
  { name: "POST /quotes/:id/revise", call: (t, ids) => t.owner.post(`/api/v1/quotes/${ids.quote}/revise`) },
  { name: "POST /quotes/:id/send", call: (t, ids) => t.owner.post(`/api/v1/quotes/${ids.quote}/send`) },
  { name: "POST /api-keys/:id/rotate", call: (t, ids) => t.owner.post(`/api/v1/api-keys/${ids.apiKey}/rotate`) },
  { name: "GET /webhooks/sources/:id", call: (t, ids) => t.owner.get(`/api/v1/webhooks/sources/${ids.webhookSource}`) },
  { name: "PATCH /webhooks/sources/:id", call: (t, ids) => t.owner.fetch(`/api/v1/webhooks/sources/${ids.webhookSource}`, { method: "PATCH", json: { tolerance_seconds: 600 } }) },
  { name: "GET /webhooks/endpoints/:id", call: (t, ids) => t.owner.get(`/api/v1/webhooks/endpoints/${ids.webhookEndpoint}`) },
  { name: "PATCH /webhooks/endpoints/:id", call: (t, ids) => t.owner.fetch(`/api/v1/webhooks/endpoints/${ids.webhookEndpoint}`, { method: "PATCH", json: { description: "x" } }) },
  { name: "POST /webhooks/endpoints/:id/test", call: (t, ids) => t.owner.post(`/api/v1/webhooks/endpoints/${ids.webhookEndpoint}/test`) },
  { name: "GET /webhooks/endpoints/:id/deliveries", call: (t, ids) => t.owner.get(`/api/v1/webhooks/endpoints/${ids.webhookEndpoint}/deliveries`) },
  { name: "GET /webhooks/events/:id", call: (t, ids) => t.owner.get(`/api/v1/webhooks/events/${ids.webhookEvent}`) },
  { name: "POST /webhooks/events/:id/replay", call: (t, ids) => t.owner.post(`/api/v1/webhooks/events/${ids.webhookEvent}/replay`) },
  { name: "POST /webhooks/dlq/:id/retry", call: (t, ids) => t.owner.post(`/api/v1/webhooks/dlq/${ids.deadLetter}/retry`) },
  { name: "POST /quotes/:id/checkout", call: (t, ids) => t.owner.post(`/api/v1/quotes/${ids.quote}/checkout`) },
  { name: "POST /quotes/:id/purchase-order", call: (t, ids) => t.owner.post(`/api/v1/quotes/${ids.quote}/purchase-order`, { po_number: "PO-1" }) },
  { name: "POST /quotes/:id/items", call: (t, ids) => t.owner.post(`/api/v1/quotes/${ids.quote}/items`, { configuration_id: ids.configuration, quantity: 1 }) },
  { name: "GET /quotes/:id/order", call: (t, ids) => t.owner.get(`/api/v1/quotes/${ids.quote}/order`) },
  { name: "GET /specifications/:id", call: (t, ids) => t.owner.get(`/api/v1/specifications/${ids.specification}`) },
  { name: "GET /orders/:id/cutting-list", call: (t, ids) => t.owner.get(`/api/v1/orders/${ids.order}/cutting-list`) },
  // Destructive calls last: the own-id pass runs in table order.
  { name: "POST /webhooks/dlq/:id/discard", call: (t, ids) => t.owner.post(`/api/v1/webhooks/dlq/${ids.deadLetter}/discard`, { note: "seeded" }) },
  { name: "DELETE /webhooks/endpoints/:id", call: (t, ids) => t.owner.delete(`/api/v1/webhooks/endpoints/${ids.webhookEndpoint}`) },
  { name: "DELETE /webhooks/sources/:id", call: (t, ids) => t.owner.delete(`/api/v1/webhooks/sources/${ids.webhookSource}`) },
  { name: "POST /jobs/:id/cancel", call: (t, ids) => t.owner.post(`/api/v1/jobs/${ids.job}/cancel`) },
  { name: "DELETE /models/uploads/:id", call: (t, ids) => t.owner.delete(`/api/v1/models/uploads/${ids.upload}`) },
  { name: "DELETE /configurations/:id", call: (t, ids) => t.owner.delete(`/api/v1/configurations/${ids.configuration}`) },
  { name: "DELETE /api-keys/:id", call: (t, ids) => t.owner.delete(`/api/v1/api-keys/${ids.apiKey}`) },
];

async function seed(t: TestTenant): Promise<Ids> {
  const { customerId } = await registerCustomer(t.host);
  const key = await data<{ id: string }>(t.owner.post("/api/v1/api-keys", { name: "k", scopes: ["quotes:read"] }), 201);
  const stl = binaryStl(boxTriangles([4, 5, 6]));
  const model = await data<{ id: string }>(t.owner.fetch("/api/v1/models?filename=x.stl", { method: "POST", body: stl }), 202);
  await vi.waitFor(async () => expect((await data<{ status: string }>(t.owner.get(`/api/v1/models/${model.id}`))).status).toBe("analyzed"), { timeout: 15_000, interval: 100 });
  const quote = await data<{ id: string }>(t.owner.post("/api/v1/quotes", { items: [{ model_id: model.id, process: "fff", material: "pla", quantity: 1 }] }), 201);
  const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
  const configuration = await data<{ id: string }>(t.owner.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
  const job = await data<{ id: string }>(t.owner.post("/api/v1/jobs", { configuration_id: configuration.id, kind: "glb" }), 202);
  await vi.waitFor(async () => expect((await data<{ status: string }>(t.owner.get(`/api/v1/jobs/${job.id}`))).status).toBe("COMPLETED"), { timeout: 15_000, interval: 100 });
  const upload = await data<{ id: string }>(t.owner.post("/api/v1/models/uploads?filename=big.stl", { size_bytes: 100 }), 201);
  return { customer: customerId, apiKey: key.id, model: model.id, quote: quote.id, product: product.id, configuration: configuration.id, job: job.id, upload: upload.id, ...(await seedProduction(t, configuration.id)), ...(await seedWebhookIds(t)) };
}

/** A partner's specification of the configuration, and an ordered door quote with its cutting list. */
async function seedProduction(t: TestTenant, configurationId: string) {
  const source = await createSource(t, { name: "mcp-sales" });
  const request = await data<{ event_id: string }>(postEvent(t, source.name, source.secret, { type: "specification.requested", data: { request_id: "SR-1", configuration_id: configurationId } }), 202);
  await waitForEvent(t, request.event_id, "processed");
  const [specification] = await rows<{ id: string }>("select id from specifications where tenant_id = ?", t.id);
  const quote = await data<{ id: string }>(t.owner.post("/api/v1/quotes", { items: [{ configuration_id: configurationId, quantity: 2 }] }), 201);
  await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
  await data(t.owner.post(`/api/v1/quotes/${quote.id}/accept`));
  const order = await data<{ id: string }>(t.owner.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-1" }), 201);
  await vi.waitFor(async () => expect((await t.owner.get(`/api/v1/orders/${order.id}/cutting-list`)).status).toBe(200), { timeout: 15_000, interval: 100 });
  return { specification: specification.id, order: order.id };
}

describe("cross-tenant isolation", () => {
  let a: TestTenant, b: TestTenant, idsA: Ids, idsB: Ids;
  beforeAll(async () => {
    [a, b] = [await createTenant(), await createTenant()];
    [idsA, idsB] = [await seed(a), await seed(b)];
    // An id missing from the seed would make a 404 prove nothing.
    for (const ids of [idsA, idsB]) expect(Object.values(ids).every((id) => typeof id === "string" && id.length > 0)).toBe(true);
  }, 60_000);

  it.each(ENDPOINTS)("$name: another shop's id is 404, like an unknown id", async ({ call }) => {
    const foreign = await expectError(call(a, idsB), 404, "NOT_FOUND");
    const random = () => crypto.randomUUID();
    const unknown = await expectError(call(a, Object.fromEntries(Object.keys(idsB).map((k) => [k, random()])) as Ids), 404, "NOT_FOUND");
    expect(foreign.error.message).toBe(unknown.error.message);
  });

  it.each(ENDPOINTS)("$name: the owner's own ids are found", async ({ call }) => {
    const res = await call(b, idsB);
    expect(res.status, await res.clone().text()).not.toBe(404);
    expect(res.status).toBeLessThan(500);
  });

  it("lists never show another shop's rows", async () => {
    const customers = await data<{ id: string }[]>(a.owner.get("/api/v1/customers"));
    expect(customers.map((c) => c.id)).toContain(idsA.customer);
    expect(customers.map((c) => c.id)).not.toContain(idsB.customer);
    const keys = await data<{ id: string }[]>(a.owner.get("/api/v1/api-keys"));
    expect(keys.map((k) => k.id)).not.toContain(idsB.apiKey);
    const models = await data<{ id: string }[]>(a.owner.get("/api/v1/models"));
    expect(models.map((m) => m.id)).toEqual([idsA.model]);
    const users = await data<{ email: string }[]>(a.owner.get("/api/v1/users"));
    expect(users.map((u) => u.email)).not.toContain(b.ownerEmail);
  });
});
